"""Text as people mean it: NUL bytes and control characters are refused (422), line breaks in
single-line fields too, and whitespace-only text does not pass for text."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from tests.helpers import Flow, sign_in
from tests.helpers import csrf_of as _csrf
from tracker.requests.models import AidRequest


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)


def _error(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    return response.json()["detail"][0]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"item": "Генератор\x00"}, "item"),
        ({"destination": "Бров\x00ари"}, "destination"),
        ({"justification": "so\x00me"}, "justification"),
        ({"item": "Генератор\r\nX-Evil: 1"}, "item"),
    ],
)
def test_control_characters_in_a_request_are_refused(flow, session, fields, field):
    error = _error(
        flow.client.post(
            "/api/v1/requests", json=_request(**fields), headers=flow.world.h("brovary")
        )
    )
    assert error["loc"] == ["body", field]
    assert error["type"] == "control_characters"
    assert session.exec(select(AidRequest)).all() == []


def _request(**fields: object) -> dict[str, object]:
    return {
        "category": "generator",
        "item": "Генератор 30 кВт",
        "quantity": 2,
        "unit": "pcs",
        "destination": "Бровари",
    } | fields


def test_whitespace_only_text_is_not_text(flow, session):
    error = _error(
        flow.client.post(
            "/api/v1/requests", json=_request(item="     "), headers=flow.world.h("brovary")
        )
    )
    assert error["loc"] == ["body", "item"] and error["type"] == "string_too_short"
    created = flow.request(item="  Ковдри  ", justification="  Зима\nблизько  ")
    assert created["item"] == "Ковдри" and created["justification"] == "Зима\nблизько"
    patched = flow.client.patch(
        f"/api/v1/requests/{created['id']}", json={"item": "   "}, headers=flow.world.h("brovary")
    )
    assert patched.status_code == 422
    assert flow.get(f"/api/v1/requests/{created['id']}")["item"] == "Ковдри"
    assert _error(
        flow.client.post(
            "/api/v1/pledges",
            json={
                "category": "generator",
                "item": "\t \u00a0",
                "quantity": 1,
                "unit": "pcs",
                "origin": "Jena",
            },
            headers=flow.world.h("jena"),
        )
    )["loc"] == ["body", "item"]


def test_shipment_texts(flow):
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    for fields in ({"reference": "ШІП\r\n001"}, {"carrier": "DHL\x00"}, {"seal_numbers": "1\n2"}):
        refused = flow.ship([allocation["id"]], expect=422, **fields)
        assert refused["detail"][0]["type"] == "control_characters"
    shipment = flow.ship([allocation["id"]], reference="  ШІП-001  ")
    assert shipment["reference"] == "ШІП-001"
    # Notes may have several lines, never a NUL.
    flow.move(shipment["id"], "dispatched", "Jena", note="Line one\nline two")
    refused = flow.move(shipment["id"], "in_transit", "Dresden", note="a\x00b", expect=422)
    assert refused["detail"][0]["loc"] == ["body", "note"]
    refused = flow.move(shipment["id"], "in_transit", "Dres\nden", expect=422)
    assert refused["detail"][0]["loc"] == ["body", "location"]


def test_organization_names(client, world):
    response = client.post(
        "/api/v1/organizations",
        json={"name": "Bad\x00Name", "kind": "partner", "country": "DE", "place": "Jena"},
        headers=world.h("admin"),
    )
    assert _error(response)["loc"] == ["body", "name"]


def test_forms_refuse_control_characters_beside_the_field(client, world, session):
    sign_in(client, "hospital@brovary-rada.gov.ua", "/requests/new")
    token = _csrf(client.get("/requests/new").text)
    form = {
        "category": "generator",
        "item": "Генератор\x00",
        "quantity": "2",
        "unit": "pcs",
        "priority": "high",
        "destination": "Бровари",
        "csrf_token": token,
    }
    response = client.post("/requests/new", data=form, headers={"Accept-Language": "uk"})
    assert response.status_code == 422
    message = re.search(r'id="item-error">([^<]*)<', response.text).group(1)
    assert message == "Приберіть із тексту керівні символи (байти NUL, розриви рядків)."
    assert session.exec(select(AidRequest)).all() == []
