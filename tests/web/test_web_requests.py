"""Request pages: the list and its filters, filing through the form, the detail, edit, cancel."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from tests.helpers import Flow, request_form, sign_in
from tests.helpers import csrf_of as _csrf
from tracker.requests.models import AidRequest

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def english(client):  # type: ignore[no-untyped-def]
    """Pages default to Ukrainian; these tests read the English page unless they ask."""
    client.headers["Accept-Language"] = "en"


def _field_error(html: str, field: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', html)
    assert match, f"no message beside {field}"
    return match.group(1)


def test_list_shows_the_requests_and_filters_in_place(client, world):
    flow = Flow(client, world)
    flow.request(item="Генератор для водоканалу")
    flow.request(category="heating", item="Обігрівачі для школи", quantity=20)
    flow.request(
        who="poltava",
        category="medical_supplies",
        item="Бинти",
        unit="box",
        destination="Nowhere-that-exists-qq",
    )
    sign_in(client, "olena@auc.org.ua", "/requests")

    page = client.get("/requests")
    assert page.status_code == 200 and "<html" in page.text
    assert "Генератор для водоканалу" in page.text and "Обігрівачі для школи" in page.text
    assert "Бинти" in page.text and "location not found" in page.text
    assert 'hx-push-url="true"' in page.text and 'name="community_id"' in page.text

    fragment = client.get("/requests?category=heating", headers=HX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'id="results"' in fragment.text
    assert "Обігрівачі для школи" in fragment.text
    assert "Генератор для водоканалу" not in fragment.text
    assert "Vary" in fragment.headers and "HX-Request" in fragment.headers["Vary"]

    poltava = client.get(f"/requests?community_id={world.orgs['Poltava']}&q=инти", headers=HX)
    assert "Бинти" in poltava.text and "Генератор" not in poltava.text


def test_filtered_list_is_bookmarkable(client, world):
    flow = Flow(client, world)
    flow.request(item="Генератор для лікарні")
    flow.request(category="vehicle", item="Шкільний автобус", quantity=1)
    sign_in(client, "ukraine-hilfe@jena.de", "/requests?category=generator")
    page = client.get("/requests?category=generator")
    assert "<html" in page.text
    assert "Генератор для лікарні" in page.text and "Шкільний автобус" not in page.text
    assert '<option value="generator" selected>' in page.text
    # Nonsense in a bookmark shows everything rather than an error.
    assert "Шкільний автобус" in client.get("/requests?category=spaceship&offset=x").text


def test_pagination_keeps_the_filters(client, world, session):
    for n in range(53):
        session.add(
            AidRequest(
                community_id=world.orgs["Brovary"],
                category="food",
                item=f"Консерви {n}",
                quantity=1,
                unit="box",
                destination="Бровари",
            )
        )
    session.commit()
    sign_in(client, "olena@auc.org.ua", "/requests")
    page = client.get("/requests?category=food")
    assert "1–50 of 53" in page.text
    assert 'href="/requests?category=food&amp;offset=50"' in page.text
    second = client.get("/requests?category=food&offset=50")
    assert "51–53 of 53" in second.text
    assert 'href="/requests?category=food"' in second.text


def test_community_files_a_request_through_the_form(client, world, session):
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    page = client.get("/requests/new")
    assert page.status_code == 200
    assert 'name="community_id"' not in page.text and "For Brovary" in page.text
    response = client.post(
        "/requests/new", data=request_form(csrf_token=_csrf(page.text)), follow_redirects=False
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/requests/\d+", location)
    detail = client.get(location)
    assert "Генератор 30 кВт для котельні" in detail.text
    assert "Brovary" in detail.text and "location not found" not in detail.text
    stored = session.exec(select(AidRequest)).one()
    assert stored.community_id == world.orgs["Brovary"] and stored.quantity == 2


def test_quantity_zero_is_refused_beside_the_field_and_nothing_is_saved(client, world, session):
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    token = _csrf(client.get("/requests/new").text)
    response = client.post("/requests/new", data=request_form(quantity="0", csrf_token=token))
    assert response.status_code == 422
    assert _field_error(response.text, "quantity") == "Must be greater than 0."
    assert 'value="Генератор 30 кВт для котельні"' in response.text  # values kept
    assert '<option value="high" selected>' in response.text
    assert session.exec(select(AidRequest)).all() == []


def test_form_post_needs_csrf(client, world, session):
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    response = client.post("/requests/new", data=request_form())
    assert response.status_code == 403
    assert session.exec(select(AidRequest)).all() == []


def test_partner_may_not_file_requests(client, world):
    sign_in(client, "ukraine-hilfe@jena.de", "/requests")
    assert "File a request" not in client.get("/requests").text
    response = client.get("/requests/new")
    assert response.status_code == 403 and "<html" in response.text


def test_coordinator_files_for_poltava(client, world, session):
    sign_in(client, "olena@auc.org.ua", "/requests/new")
    page = client.get("/requests/new")
    assert 'name="community_id"' in page.text and ">Poltava</option>" in page.text
    token = _csrf(page.text)
    missing = client.post(
        "/requests/new", data=request_form(destination="Полтава", csrf_token=token)
    )
    assert missing.status_code == 422 and "community" in missing.text
    response = client.post(
        "/requests/new",
        data=request_form(
            destination="Полтава", community_id=str(world.orgs["Poltava"]), csrf_token=token
        ),
        follow_redirects=False,
    )
    assert response.status_code == 303
    stored = session.exec(select(AidRequest)).one()
    assert stored.community_id == world.orgs["Poltava"]
    assert stored.admin1 == "Poltava Oblast"


def test_edit_until_something_is_allocated(client, world, session):
    flow = Flow(client, world)
    request = flow.request(quantity=5)
    sign_in(client, "hospital@brovary-rada.gov.ua", f"/requests/{request['id']}")
    page = client.get(f"/requests/{request['id']}/edit")
    assert 'value="5"' in page.text
    response = client.post(
        f"/requests/{request['id']}/edit",
        data=request_form(quantity="7", csrf_token=_csrf(page.text)),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert session.get(AidRequest, request["id"]).quantity == 7

    pledge = flow.pledge(quantity=3)
    flow.allocate(request["id"], pledge["id"], 3)
    detail = client.get(f"/requests/{request['id']}")
    assert f'href="/requests/{request["id"]}/edit"' not in detail.text
    assert "can no longer be edited" in detail.text
    blocked = client.get(f"/requests/{request['id']}/edit")
    assert "can no longer be edited" in blocked.text
    assert f'action="/requests/{request["id"]}/edit"' not in blocked.text
    refused = client.post(
        f"/requests/{request['id']}/edit",
        data=request_form(quantity="9", csrf_token=_csrf(page.text)),
    )
    assert refused.status_code == 409 and "can no longer be edited" in refused.text
    session.expire_all()
    assert session.get(AidRequest, request["id"]).quantity == 7


def test_cancel_hands_allocations_back(client, world, session):
    flow = Flow(client, world)
    request = flow.request(quantity=5)
    pledge = flow.pledge(quantity=5)
    flow.allocate(request["id"], pledge["id"], 2)
    sign_in(client, "hospital@brovary-rada.gov.ua", f"/requests/{request['id']}")
    detail = client.get(f"/requests/{request['id']}")
    assert "Stromgenerator 100 kVA" in detail.text and "Jena" in detail.text
    confirm = client.get(f"/requests/{request['id']}/cancel")
    assert confirm.status_code == 200 and "go back to their pledges" in confirm.text
    response = client.post(
        f"/requests/{request['id']}/cancel",
        data={"csrf_token": _csrf(confirm.text)},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Status: cancelled" in response.text
    assert "handed back" in response.text
    assert flow.get(f"/api/v1/pledges/{pledge['id']}")["quantity_allocated"] == 0
    again = client.post(
        f"/requests/{request['id']}/cancel", data={"csrf_token": _csrf(confirm.text)}
    )
    assert again.status_code == 409


def test_others_may_not_cancel(client, world):
    request = Flow(client, world).request()
    sign_in(client, "needs@poltava.gov.ua", f"/requests/{request['id']}")
    detail = client.get(f"/requests/{request['id']}")
    assert "Cancel this request" not in detail.text
    assert client.get(f"/requests/{request['id']}/cancel").status_code == 403


def test_detail_shows_shipments_and_the_audit_trail_to_coordinators(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=5)
    pledge = flow.pledge(quantity=5)
    allocation = flow.allocate(request["id"], pledge["id"], 5)
    shipment = flow.ship([allocation["id"]])
    sign_in(client, "olena@auc.org.ua", f"/requests/{request['id']}")
    page = client.get(f"/requests/{request['id']}")
    assert f'href="/shipments/{shipment["id"]}"' in page.text and shipment["reference"] in page.text
    assert f'href="/matching?request_id={request["id"]}"' not in page.text  # fully allocated
    assert 'id="audit"' in page.text and "hospital@brovary-rada.gov.ua" in page.text

    client.post("/logout", data={"csrf_token": _csrf(page.text)})
    sign_in(client, "ukraine-hilfe@jena.de", f"/requests/{request['id']}")
    partner_view = client.get(f"/requests/{request['id']}")
    assert partner_view.status_code == 200 and 'id="audit"' not in partner_view.text
    assert shipment["reference"] in partner_view.text  # Jena sends it


def test_find_pledges_link_for_coordinators(client, world):
    request = Flow(client, world).request()
    sign_in(client, "olena@auc.org.ua", f"/requests/{request['id']}")
    page = client.get(f"/requests/{request['id']}")
    assert f'href="/matching?request_id={request["id"]}"' in page.text


def test_ukrainian_page(client, world):
    Flow(client, world).request()
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests")
    page = client.get("/requests", headers={"Accept-Language": "uk"})
    assert '<html lang="uk">' in page.text
    assert "<h1>Запити</h1>" in page.text and "Генератори" in page.text
    assert "критичний" in page.text or "критична" in page.text
    form = client.get("/requests/new", headers={"Accept-Language": "uk"})
    assert "Подати запит" in form.text


def test_place_hint(client, world):
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    found = client.get("/places/hint?field=destination&destination=Бровари", headers=HX)
    assert found.status_code == 200 and "<html" not in found.text
    assert "Brovary, Kyiv Oblast, UA ✓" in found.text
    missing = client.get("/places/hint", params={"field": "destination", "destination": "Qzxwv"})
    assert "Place not found" in missing.text
    origin = client.get("/places/hint", params={"field": "origin", "origin": "Jena"})
    assert "Jena" in origin.text and "✓" in origin.text
    page = client.get("/requests/new")
    assert 'hx-get="/places/hint?field=destination"' in page.text
