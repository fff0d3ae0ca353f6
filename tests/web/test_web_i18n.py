"""Ukrainian is complete: every string the pages and views can show has a translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from tracker.i18n import pick_language, translations

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "tr": None, "N_": None}
METHODS = [("tracker/**.py", "python"), ("templates/**.html", "jinja2")]


def _msgids() -> set[str]:
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=METHODS,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords=KEYWORDS,
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def test_every_page_string_has_a_ukrainian_translation():
    uk = translations("uk")
    missing = sorted(m for m in _msgids() if uk.gettext(m) == m)
    assert missing == []


def test_extraction_finds_the_layout_strings():
    assert {"Sign in", "Requests", "This field is required."} <= _msgids()


def test_language_choice():
    assert pick_language(None, "de-DE,de;q=0.9,uk;q=0.8", ("uk", "en")) == "uk"
    assert pick_language(None, "en-GB,en;q=0.9") == "en"
    assert pick_language("sv", None) == "sv"
    assert pick_language(None, None) == "uk"
