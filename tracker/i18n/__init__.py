"""Languages: Ukrainian first, then the partners' languages.

Pages are written in English msgids and translated with gettext catalogues (Babel). The
catalogues are `.po` files under `locale/<lang>/LC_MESSAGES/`, one per area of the app
(`common.po`, `requests.po`, …); they are compiled in memory when first needed, so no
generated `.mo` file is kept in the repository.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

SUPPORTED = ("uk", "en", "de", "sv")
PAGE_LANGUAGES = SUPPORTED
DEFAULT = "uk"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGE_NAMES = {"uk": "Українська", "en": "English", "de": "Deutsch", "sv": "Svenska"}


def pick_language(
    explicit: str | None, accept_language: str | None, supported: tuple[str, ...] = SUPPORTED
) -> str:
    """An explicit choice if supported, else the browser's best supported one, else Ukrainian."""
    if explicit:
        code = explicit.strip().lower().split("-")[0]
        if code in supported:
            return code
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in supported:
            return code
    return DEFAULT


@lru_cache
def translations(lang: str) -> NullTranslations:
    """Every catalogue of `lang`, merged; English (the msgids) needs none."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    if lang == "en" or not folder.is_dir():
        return NullTranslations()
    merged: Translations | None = None
    for po_file in sorted(folder.glob("*.po")):
        with po_file.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        loaded = Translations(fp=buffer)
        if merged is None:
            merged = loaded
        else:
            merged.merge(loaded)
    return merged or NullTranslations()


def gettext_for(lang: str) -> Callable[[str], str]:
    return translations(lang).gettext


def Np_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - gettext's marker style
    """Marks a singular/plural msgid pair for extraction; translated when shown."""
    return singular, plural


# A quantity with its unit, in words that agree with the number ("1 box", "2 boxes";
# Ukrainian "1 ящик", "2 ящики", "5 ящиків").
UNIT_FORMS: dict[str, tuple[str, str]] = {
    "pcs": Np_("%(num)s pc", "%(num)s pcs"),
    "kg": Np_("%(num)s kg", "%(num)s kg"),
    "t": Np_("%(num)s t", "%(num)s t"),
    "l": Np_("%(num)s l", "%(num)s l"),
    "m3": Np_("%(num)s m³", "%(num)s m³"),
    "box": Np_("%(num)s box", "%(num)s boxes"),
    "pallet": Np_("%(num)s pallet", "%(num)s pallets"),
    "set": Np_("%(num)s set", "%(num)s sets"),
}


def plural_count(value: int | float | Decimal) -> int:
    """The count the plural rules see: a whole number as is; a fraction takes the form of
    "2" ("2,5 кілограма", "2.5 boxes"), as each of the four languages does."""
    if value == int(value):
        return abs(int(value))
    return 2


def plural(lang: str, singular: str, plural_: str, n: int | float | Decimal, **params: Any) -> str:
    """ngettext through the catalogue's plural rule; `%(num)s` is the number in the locale's
    form, other params are filled in as given."""
    text = translations(lang).ngettext(singular, plural_, plural_count(n))
    return text % ({"num": number(n, lang)} | params)


def quantity(value: int | float | Decimal | None, unit: str | None, lang: str) -> str:
    """`quantity(5, "box", "de")` → "5 Kartons"; an unknown unit code is shown as stored."""
    if value is None:
        return "—"
    forms = UNIT_FORMS.get(unit or "")
    if forms is None:
        return f"{number(value, lang)} {unit or ''}".strip()
    return plural(lang, *forms, value)


def number(value: int | float | Decimal | None, lang: str) -> str:
    if value is None:
        return "—"
    return format_decimal(value, locale=Locale.parse(lang))


# Dates and times: one style per locale everywhere ("4 груд. 2026 р.", "04.12.2026",
# "4 dec. 2026", "4 Dec 2026" — British English, not the US month-first form).
FORMAT_LOCALES = {"uk": "uk_UA", "en": "en_GB", "de": "de_DE", "sv": "sv_SE"}
DEFAULT_TIMEZONE = "Europe/Kyiv"


@lru_cache
def format_locale(lang: str) -> Locale:
    return Locale.parse(FORMAT_LOCALES.get(lang, lang))


@lru_cache
def zone(name: str | None) -> ZoneInfo:
    """The IANA zone `name`, or Kyiv's when it is missing or unknown."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def local_time(value: datetime | str, tz: str | None = None) -> datetime:
    """A stored time (UTC; naive means UTC) in the reader's zone."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone(tz))


def day(value: date | datetime | None, lang: str, tz: str | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = local_time(value, tz).date()
    return format_date(value, format="medium", locale=format_locale(lang))


def moment(value: datetime | str | None, lang: str, tz: str | None = None) -> str:
    """Date, time and the zone's abbreviation in the reader's zone: "4 груд. 2026 р., 16:35 EET"."""
    if value is None or value == "":
        return "—"
    local = local_time(value, tz)
    locale = format_locale(lang)
    shown = format_date(local, format="medium", locale=locale)
    return f"{shown}, {format_time(local, format='short', locale=locale)} {local.tzname()}"


# Numbers as people type them: "18 500,50", "18500,5", "18.500,50", "18,500.50".
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']")
_NUMBER = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*")


def normalize_number(text: str) -> str:
    """A typed number in the form Python reads ("18 500,50" → "18500.50"); text that is not
    a number comes back unchanged so that validation can refuse it.

    Spaces of every kind (ordinary, no-break, thin) and apostrophes group digits. With both
    "," and ".", the last one is the decimal mark; a lone comma is a decimal comma; several
    of the same mark group thousands ("1.234.567"); a lone dot is a decimal point."""
    compact = _SPACES.sub("", text.strip())
    if not _NUMBER.fullmatch(compact):
        return text
    if "," in compact and "." in compact:
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        compact = compact.replace(group_mark, "").replace(decimal_mark, ".")
    elif compact.count(",") > 1 or compact.count(".") > 1:
        compact = compact.replace(",", "").replace(".", "")
    else:
        compact = compact.replace(",", ".")
    return compact


def parse_number(text: str) -> Decimal | None:
    """`normalize_number`, read as a Decimal (None when it is not a number)."""
    try:
        return Decimal(normalize_number(text))
    except InvalidOperation:
        return None
