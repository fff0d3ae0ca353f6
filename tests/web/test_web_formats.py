"""Local conventions: plurals through each language's plural rule, numbers and times."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
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


# Numbers as typed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["18 500,50", "18500,5", "18\u202f500,50", "18\u00a0500,50", "18.500,50", "18500.5"]
)
def test_typed_numbers_parse_to_the_same_value(typed):
    assert i18n.parse_number(typed) == Decimal("18500.5")


def test_what_is_not_a_number_is_left_for_validation_to_refuse():
    assert i18n.normalize_number("abc") == "abc"
    assert i18n.parse_number("12 kg") is None
    assert i18n.normalize_number("1.234.567") == "1234567"


def test_a_form_accepts_a_decimal_comma_and_spaces(client, world, session):
    from sqlmodel import select

    from tests.helpers import csrf_of as _csrf
    from tests.helpers import pledge_form as _form
    from tests.helpers import sign_in
    from tracker.pledges.models import Pledge

    sign_in(client, "ukraine-hilfe@jena.de", "/pledges/new")
    token = _csrf(client.get("/pledges/new").text)
    response = client.post(
        "/pledges/new",
        data=_form(value_amount="18 500,50", quantity="1\u202f200", csrf_token=token),
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    stored = session.exec(select(Pledge)).one()
    assert stored.value_amount == Decimal("18500.50") and stored.quantity == 1200


# Times in the reader's zone -----------------------------------------------------------------


def test_kyiv_time_across_the_daylight_saving_change():
    """Kyiv moves from EET (UTC+2) to EEST (UTC+3) at 01:00 UTC on 29 March 2026."""
    before = datetime(2026, 3, 29, 0, 30)  # stored naive = UTC
    after = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert i18n.moment(before, "uk") == "29 бер. 2026\u202fр., 02:30 EET"
    assert i18n.moment(after, "uk") == "29 бер. 2026\u202fр., 04:30 EEST"
    autumn = datetime(2026, 10, 25, 1, 30)  # back to EET at 01:00 UTC on 25 October
    assert i18n.moment(autumn, "en") == "25 Oct 2026, 03:30 EET"


def test_one_date_style_per_locale_and_the_readers_zone():
    when = datetime(2026, 12, 4, 14, 35, 57, 664103)
    assert i18n.moment(when, "de") == "04.12.2026, 16:35 EET"
    assert i18n.moment(when, "sv", "Europe/Stockholm") == "4 dec. 2026, 15:35 CET"
    assert i18n.moment("2026-12-04T14:35:57.664103", "en") == "4 Dec 2026, 16:35 EET"
    assert i18n.moment(when, "en", "Not/AZone") == "4 Dec 2026, 16:35 EET"
    late = datetime(2026, 12, 4, 23, 30)  # already the 5th in Kyiv
    assert i18n.day(late, "en") == "5 Dec 2026"
    assert i18n.day(date(2026, 12, 4), "en") == "4 Dec 2026"


def test_pages_read_the_users_zone_through_one_function():
    from types import SimpleNamespace

    from tracker.web.render import user_timezone

    assert user_timezone(None) == "Europe/Kyiv"
    assert user_timezone(SimpleNamespace()) == "Europe/Kyiv"
    assert user_timezone(SimpleNamespace(timezone="Europe/Berlin")) == "Europe/Berlin"
    assert user_timezone(SimpleNamespace(timezone="Mars/Olympus")) == "Europe/Kyiv"


def test_a_page_shows_kyiv_time_with_its_abbreviation(client, world):
    from tests.helpers import Flow, sign_in

    flow = Flow(client, world)
    request = flow.request(quantity=2)
    sign_in(client, "olena@auc.org.ua", "/")
    page = client.get(f"/requests/{request['id']}", headers={"Accept-Language": "en"}).text
    assert re.search(r"<dd>\d{1,2} \w{3} 20\d\d, \d\d:\d\d EES?T</dd>", page)
    assert " UTC" not in page
