"""Languages: Ukrainian first, then the partners' languages."""

from __future__ import annotations

SUPPORTED = ("uk", "en", "de", "sv")
DEFAULT = "uk"


def pick_language(explicit: str | None, accept_language: str | None) -> str:
    """An explicit choice if supported, else the browser's best supported one, else Ukrainian."""
    if explicit:
        code = explicit.strip().lower().split("-")[0]
        if code in SUPPORTED:
            return code
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in SUPPORTED:
            return code
    return DEFAULT
