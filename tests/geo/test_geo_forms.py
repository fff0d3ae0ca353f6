"""The place field asks "which one?" when a name fits several places: as you type (htmx) and,
without JavaScript, by showing the form once more with the candidates."""

from __future__ import annotations

import re

from sqlmodel import select

from tests.helpers import csrf_of as _csrf
from tests.helpers import request_form as _form
from tests.helpers import sign_in
from tracker.requests.models import AidRequest

EN = {"Accept-Language": "en"}


def _choices(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="radio" name="katottg" value="([^"]+)"> ([^<]+)<', html))


def test_hint_offers_candidates_with_raion_and_oblast(client, world) -> None:
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    hint = client.get("/places/hint?field=destination&destination=Петрівка", headers=EN).text
    choices = _choices(hint)
    assert len(choices) == 11 and choices.pop("typed") == "None of these: save as typed"
    assert all(re.fullmatch(r"UA\d{17}", code) for code in choices)
    assert all(" р-н, " in shown and shown.endswith(" обл.") for shown in choices.values())
    one = client.get("/places/hint?field=destination&destination=Бровари", headers=EN).text
    shown = "Brovary, Kyiv Oblast, UA ✓ <small>Бровари — Броварський р-н, Київська обл.</small>"
    assert shown in one


def test_hint_escapes_what_was_typed(client, world) -> None:
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    typed = "<img src=x onerror=alert(1)>"
    hint = client.get("/places/hint", params={"field": "destination", "destination": typed}).text
    assert "<img" not in hint


def test_without_js_the_form_asks_which_one_then_saves_the_choice(client, world, session) -> None:
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    token = _csrf(client.get("/requests/new", headers=EN).text)
    asked = client.post(
        "/requests/new", data=_form(destination="Петрівка", csrf_token=token), headers=EN
    )
    assert asked.status_code == 422 and session.exec(select(AidRequest)).first() is None
    assert "Several places have this name" in asked.text
    choices = _choices(asked.text)
    code, shown = next((c, s) for c, s in choices.items() if c != "typed")
    saved = client.post(
        "/requests/new",
        data=_form(destination="Петрівка", katottg=code, csrf_token=_csrf(asked.text)),
        follow_redirects=False,
        headers=EN,
    )
    assert saved.status_code == 303, saved.text
    session.rollback()  # end the read that saw no row yet
    stored = session.exec(select(AidRequest)).one()
    assert (stored.katottg, stored.destination) == (code, "Петрівка")
    assert stored.raion and f"{stored.raion} р-н" in shown and stored.latitude is not None


def test_none_of_these_saves_as_typed_and_flagged(client, world, session) -> None:
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    token = _csrf(client.get("/requests/new", headers=EN).text)
    saved = client.post(
        "/requests/new",
        data=_form(destination="Петрівка", katottg="typed", csrf_token=token),
        follow_redirects=False,
        headers=EN,
    )
    assert saved.status_code == 303
    stored = session.exec(select(AidRequest)).one()
    assert stored.latitude is None and stored.katottg is None


def test_shipment_move_asks_which_place_then_stores_its_code(client, world) -> None:
    from tests.helpers import EMAILS, Flow
    from tests.helpers import shipment_of as _shipment

    flow = Flow(client, world)
    shipment = _shipment(flow)
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["jena"], path)
    page = client.get(path, headers=EN).text
    assert 'hx-get="/places/hint?field=location"' in page
    token = _csrf(page)
    move = {"status": "dispatched", "location": "Андріївка", "csrf_token": token}
    asked = client.post(f"{path}/events", data=move, headers=EN)
    assert asked.status_code == 422 and "Several places have this name" in asked.text
    code = next(c for c in _choices(asked.text) if c != "typed")
    done = client.post(f"{path}/events", data=move | {"katottg": code}, follow_redirects=False)
    assert done.status_code == 303
    event = flow.get(f"/api/v1/shipments/{shipment['id']}")["events"][-1]
    assert (event["location"], event["katottg"]) == ("Андріївка", code)


def test_map_picker_point_is_stored_with_point_precision(client, world, session) -> None:
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    page = client.get("/requests/new", headers=EN).text
    assert 'data-place-picker="destination"' in page and 'name="latitude"' in page
    assert "/static/js/place-picker.js" in page
    saved = client.post(
        "/requests/new",
        data=_form(
            destination="Андріївка, біля ставка",
            latitude="50.61234",
            longitude="30.12345",
            csrf_token=_csrf(page),
        ),
        follow_redirects=False,
        headers=EN,
    )
    assert saved.status_code == 303, saved.text
    stored = session.exec(select(AidRequest)).one()
    assert (stored.latitude, stored.longitude, stored.precision) == (50.61234, 30.12345, "point")


def test_the_filing_community_settles_a_namesake(client, world, session) -> None:
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    hint = client.get("/places/hint?field=destination&destination=Княжичі", headers=EN).text
    assert "Kniazhychi, Kyiv Oblast, UA ✓" in hint and "Броварський р-н" in hint
    flow_request = client.post(
        "/api/v1/requests",
        json=_form(destination="Княжичі", quantity=2),
        headers=world.h("brovary"),
    )
    assert flow_request.json()["raion"] == "Броварський"
    from tracker.geo import service as geo

    assert geo.resolve("Княжичі").best is None  # without the community: which one?
