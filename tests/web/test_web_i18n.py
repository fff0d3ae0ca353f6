"""Every language is complete: every string the pages and views can show has a translation
in Ukrainian, German and Swedish (English is the msgids), in every catalogue file."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tracker.i18n import LOCALE_DIR, pick_language, translations

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "tr": None,
    "N_": None,
    "Np_": (1, 2),
}
METHODS = [("tracker/**.py", "python"), ("tracker/templates/**.html", "jinja2")]
TRANSLATED = ("uk", "de", "sv")


def _msgids() -> set[str]:
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=METHODS,
        options_map={"tracker/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords=KEYWORDS,
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def _catalogue_file(path: Path, lang: str) -> dict[str, tuple[str, ...]]:
    """msgid (the singular for plurals) → its non-empty translations, from one .po file."""
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    found: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found[key] = tuple(s for s in strings if s)
        if len(found[key]) != len(strings):
            found[key] = ()  # one empty plural form is as bad as none
    return found


def _catalogue(lang: str) -> dict[str, tuple[str, ...]]:
    merged: dict[str, tuple[str, ...]] = {}
    for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        for key, strings in _catalogue_file(path, lang).items():
            if strings or key not in merged:
                merged[key] = strings
    return merged


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_page_string_has_a_translation(lang):
    catalogue = _catalogue(lang)
    missing = sorted(m for m in _msgids() if not catalogue.get(m))
    assert missing == []


def test_every_page_string_has_a_ukrainian_translation():
    uk = translations("uk")
    missing = sorted(m for m in _msgids() if uk.gettext(m) == m)
    assert missing == []


def _uk_catalogue_files() -> list[str]:
    return sorted(p.name for p in (LOCALE_DIR / "uk" / "LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("lang", ["de", "sv"])
@pytest.mark.parametrize("name", _uk_catalogue_files())
def test_every_ukrainian_catalogue_has_its_twin(lang, name):
    """Each area's catalogue exists in every language, with every msgid translated."""
    twin = LOCALE_DIR / lang / "LC_MESSAGES" / name
    assert twin.is_file(), f"{lang}/LC_MESSAGES/{name} is missing"
    uk = _catalogue_file(LOCALE_DIR / "uk" / "LC_MESSAGES" / name, "uk")
    theirs = _catalogue_file(twin, lang)
    missing = sorted(key for key in uk if not theirs.get(key))
    assert missing == []


def test_extraction_finds_the_layout_strings():
    assert {"Sign in", "Requests", "This field is required."} <= _msgids()


def test_language_choice():
    assert pick_language(None, "de-DE,de;q=0.9,uk;q=0.8", ("uk", "en")) == "uk"
    assert pick_language(None, "en-GB,en;q=0.9") == "en"
    assert pick_language("sv", None) == "sv"
    assert pick_language(None, None) == "uk"


@pytest.mark.parametrize(
    ("lang", "expected"), [("de", "Anmelden"), ("sv", "Logga in"), ("uk", "Увійти")]
)
def test_the_catalogues_load(lang, expected):
    assert translations(lang).gettext("Sign in") == expected
