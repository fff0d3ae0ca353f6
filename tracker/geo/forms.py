"""The place field of forms: "which one?" when a typed name fits several places.

With htmx the candidates appear under the field as you type (radio buttons named `katottg`,
rendered by the server); without JavaScript the form comes back once with the same question.
Choosing "none of these" (`katottg=typed`) saves the place as typed, flagged for checking.
"""

from __future__ import annotations

from typing import Any

from tracker.errors import N_, Invalid
from tracker.geo import service as geo

AS_TYPED = "typed"


def place_choices(
    text: str,
    katottg: str = "",
    prefer_country: str = "UA",
    near: tuple[float, float] | None = None,
) -> geo.Resolved | None:
    """The candidates when `text` fits several places equally and none was chosen; `near`
    (the filing organization's point) settles it for a clearly nearest namesake."""
    if katottg or len((text or "").strip()) < 2:
        return None
    found = geo.resolve(text, limit=10, prefer_country=prefer_country, near=near)
    return found if found.ambiguous else None


def take_choice(values: dict[str, Any]) -> bool:
    """Read the "save as typed" choice out of submitted form values (True when made)."""
    if values.get("katottg") == AS_TYPED:
        values["katottg"] = ""
        return True
    return False


def ask_which(
    text: str,
    katottg: str | None,
    as_typed: bool,
    field: str,
    near: tuple[float, float] | None = None,
) -> None:
    """Refuse (beside `field`) a typed place that fits several when none was chosen."""
    if not as_typed and place_choices(text, katottg or "", near=near):
        raise Invalid(
            N_("Several places have this name: choose one below, or save it as typed."), field
        )
