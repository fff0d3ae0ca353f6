"""Local conventions: plurals through each language's plural rule, numbers and times."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker import i18n

PLURALS = {
    "uk": ["1 запит", "2 запити", "5 запитів", "21 запит"],
    "en": ["1 request", "2 requests", "5 requests", "21 requests"],
    "de": ["1 Anfrage", "2 Anfragen", "5 Anfragen", "21 Anfragen"],
    "sv": ["1 förfrågan", "2 förfrågningar", "5 förfrågningar", "21 förfrågningar"],
}
BOXES = {
    "uk": ["1 ящик", "2 ящики", "5 ящиків", "21 ящик"],
    "en": ["1 box", "2 boxes", "5 boxes", "21 boxes"],
    "de": ["1 Karton", "2 Kartons", "5 Kartons", "21 Kartons"],
    "sv": ["1 låda", "2 lådor", "5 lådor", "21 lådor"],
}
DAYS = {
    "uk": ["1 день", "2 дні", "5 днів", "21 день"],
    "en": ["1 day", "2 days", "5 days", "21 days"],
    "de": ["1 Tag", "2 Tage", "5 Tage", "21 Tage"],
    "sv": ["1 dag", "2 dagar", "5 dagar", "21 dagar"],
}


@pytest.mark.parametrize("lang", ["uk", "en", "de", "sv"])
def test_plural_forms_for_1_2_5_21(lang):
    counts = [1, 2, 5, 21]
    assert [i18n.plural(lang, "%(num)s request", "%(num)s requests", n) for n in counts] == (
        PLURALS[lang]
    )
    assert [i18n.quantity(n, "box", lang) for n in counts] == BOXES[lang]
    assert [i18n.plural(lang, "%(num)s day", "%(num)s days", n) for n in counts] == DAYS[lang]


def test_a_quantity_uses_the_locales_number_form():
    assert i18n.quantity(18500, "kg", "uk") == "18\xa0500 кг"
    assert i18n.quantity(18500, "pcs", "de") == "18.500 Stk."
    assert i18n.quantity(1, "pcs", "en") == "1 pc"
    assert i18n.quantity(Decimal("2.5"), "pallet", "uk") == "2,5 палети"
    assert i18n.quantity(3, "barrels", "en") == "3 barrels"
    assert i18n.quantity(None, "kg", "en") == "—"
