"""Pledge pages: the list and its filters, pledging through the form, withdraw, history."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from tests.helpers import Flow, pledge_form, sign_in
from tests.helpers import csrf_of as _csrf
from tracker.pledges.models import Pledge

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def english(client):  # type: ignore[no-untyped-def]
    """Pages default to Ukrainian; these tests read the English page unless they ask."""
    client.headers["Accept-Language"] = "en"


def test_list_filters_in_place(client, world):
    flow = Flow(client, world)
    flow.pledge(item="Stromgenerator 100 kVA")
    flow.pledge(who="kalmar", category="heating", item="Värmefläktar", origin="Kalmar")
    sign_in(client, "olena@auc.org.ua", "/pledges")
    page = client.get("/pledges")
    assert "<html" in page.text and 'name="partner_id"' in page.text
    assert "Stromgenerator 100 kVA" in page.text and "Värmefläktar" in page.text
    fragment = client.get("/pledges?category=heating", headers=HX)
    assert "<html" not in fragment.text and 'id="results"' in fragment.text
    assert "Värmefläktar" in fragment.text and "Stromgenerator" not in fragment.text
    by_partner = client.get(f"/pledges?partner_id={world.orgs['Jena']}")
    assert "Stromgenerator 100 kVA" in by_partner.text and "Värmefläktar" not in by_partner.text


def test_partner_pledges_through_the_form(client, world, session):
    sign_in(client, "ukraine-hilfe@jena.de", "/pledges/new")
    page = client.get("/pledges/new")
    assert page.status_code == 200 and 'name="partner_id"' not in page.text
    assert "From Jena" in page.text and 'hx-get="/places/hint?field=origin"' in page.text
    response = client.post(
        "/pledges/new", data=pledge_form(csrf_token=_csrf(page.text)), follow_redirects=False
    )
    assert response.status_code == 303
    assert re.fullmatch(r"/pledges/\d+", response.headers["location"])
    detail = client.get(response.headers["location"])
    assert "Stromgenerator 60 kVA" in detail.text and "Jena" in detail.text
    assert "location not found" not in detail.text
    stored = session.exec(select(Pledge)).one()
    assert stored.partner_id == world.orgs["Jena"] and stored.currency == "EUR"


def test_bad_pledge_is_refused_beside_the_fields(client, world, session):
    sign_in(client, "ukraine-hilfe@jena.de", "/pledges/new")
    token = _csrf(client.get("/pledges/new").text)
    response = client.post(
        "/pledges/new", data=pledge_form(quantity="0", currency="XX1", csrf_token=token)
    )
    assert response.status_code == 422
    assert 'id="quantity-error"' in response.text and 'id="currency-error"' in response.text
    no_currency = client.post("/pledges/new", data=pledge_form(currency="", csrf_token=token))
    assert no_currency.status_code == 422 and 'id="currency-error"' in no_currency.text
    assert session.exec(select(Pledge)).all() == []


def test_pledge_for_a_request_is_prefilled(client, world, session):
    request = Flow(client, world).request(quantity=5)
    sign_in(client, "ukraine-hilfe@jena.de", f"/requests/{request['id']}")
    detail = client.get(f"/requests/{request['id']}")
    assert f'href="/pledges/new?request_id={request["id"]}"' in detail.text
    page = client.get(f"/pledges/new?request_id={request['id']}")
    assert f'name="request_id" type="number" value="{request["id"]}"' in page.text
    assert '<option value="generator" selected>' in page.text and "For the request" in page.text
    response = client.post(
        "/pledges/new",
        data=pledge_form(request_id=str(request["id"]), csrf_token=_csrf(page.text)),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert session.exec(select(Pledge)).one().request_id == request["id"]


def test_community_may_not_pledge(client, world):
    sign_in(client, "hospital@brovary-rada.gov.ua", "/pledges")
    assert "Make a pledge" not in client.get("/pledges").text
    assert client.get("/pledges/new").status_code == 403


def test_coordinator_pledges_for_kalmar(client, world, session):
    sign_in(client, "olena@auc.org.ua", "/pledges/new")
    page = client.get("/pledges/new")
    assert ">Kalmar kommun</option>" in page.text
    response = client.post(
        "/pledges/new",
        data=pledge_form(
            origin="Kalmar",
            currency="SEK",
            partner_id=str(world.orgs["Kalmar kommun"]),
            csrf_token=_csrf(page.text),
        ),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert session.exec(select(Pledge)).one().partner_id == world.orgs["Kalmar kommun"]


def test_withdraw_leaves_the_allocated_part(client, world, session):
    flow = Flow(client, world)
    request = flow.request(quantity=3)
    pledge = flow.pledge(quantity=5)
    flow.allocate(request["id"], pledge["id"], 3)
    sign_in(client, "ukraine-hilfe@jena.de", f"/pledges/{pledge['id']}")
    detail = client.get(f"/pledges/{pledge['id']}")
    assert f'href="/pledges/{pledge["id"]}/edit"' not in detail.text
    assert "can no longer be edited" in detail.text
    confirm = client.get(f"/pledges/{pledge['id']}/withdraw")
    assert "2 of 5" in confirm.text and "stay promised" in confirm.text
    response = client.post(
        f"/pledges/{pledge['id']}/withdraw",
        data={"csrf_token": _csrf(confirm.text)},
        follow_redirects=True,
    )
    assert response.status_code == 200
    stored = session.get(Pledge, pledge["id"])
    session.refresh(stored)
    assert stored.quantity_withdrawn == 2 and stored.quantity_allocated == 3
    assert f'href="/pledges/{pledge["id"]}/withdraw"' not in response.text
    again = client.post(
        f"/pledges/{pledge['id']}/withdraw", data={"csrf_token": _csrf(confirm.text)}
    )
    assert again.status_code == 409 and "Nothing of this pledge is left" in again.text


def test_edit_a_pledge_while_nothing_is_allocated(client, world, session):
    pledge = Flow(client, world).pledge(quantity=5)
    sign_in(client, "ukraine-hilfe@jena.de", f"/pledges/{pledge['id']}")
    page = client.get(f"/pledges/{pledge['id']}/edit")
    assert 'value="Stromgenerator 100 kVA"' in page.text
    response = client.post(
        f"/pledges/{pledge['id']}/edit",
        data=pledge_form(quantity="6", csrf_token=_csrf(page.text)),
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert session.get(Pledge, pledge["id"]).quantity == 6
    sign_in(client, "partnerschaft@erlangen.de", f"/pledges/{pledge['id']}")
    assert client.get(f"/pledges/{pledge['id']}/edit").status_code == 403


def test_audit_trail_for_coordinators_not_partners(client, world):
    flow = Flow(client, world)
    pledge = flow.pledge(quantity=5)
    sign_in(client, "ukraine-hilfe@jena.de", f"/pledges/{pledge['id']}")
    page = client.get(f"/pledges/{pledge['id']}/withdraw")
    client.post(f"/pledges/{pledge['id']}/withdraw", data={"csrf_token": _csrf(page.text)})
    partner_view = client.get(f"/pledges/{pledge['id']}")
    assert 'id="audit"' not in partner_view.text

    client.post("/logout", data={"csrf_token": _csrf(partner_view.text)})
    sign_in(client, "olena@auc.org.ua", f"/pledges/{pledge['id']}")
    page = client.get(f"/pledges/{pledge['id']}")
    assert 'id="audit"' in page.text
    assert "ukraine-hilfe@jena.de" in page.text and "withdrawn" in page.text
    assert "Withdrawn: 0 → 5" in page.text and "Status: offered → withdrawn" in page.text
    assert "quantity_withdrawn" not in page.text  # the history is in words


def test_ukrainian_pledge_page(client, world):
    Flow(client, world).pledge()
    sign_in(client, "ukraine-hilfe@jena.de", "/pledges")
    page = client.get("/pledges", headers={"Accept-Language": "uk"})
    assert "<h1>Пропозиції</h1>" in page.text and "Генератори" in page.text
