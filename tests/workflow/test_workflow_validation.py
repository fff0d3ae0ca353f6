"""Bad input gets a clear message naming the field, and changes nothing."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "field,value",
    [
        ("quantity", 0),
        ("quantity", -3),
        ("quantity", "five"),
        ("category", "weapons"),
        ("unit", "gallons"),
        ("priority", "urgent"),
        ("needed_by", "next week"),
        ("item", ""),
        ("destination", ""),
    ],
)
def test_invalid_request_fields_are_422_and_named(flow, field, value):
    body = {
        "category": "generator",
        "item": "Генератор",
        "quantity": 2,
        "unit": "pcs",
        "destination": "Бровари",
        field: value,
    }
    response = flow.client.post("/api/v1/requests", json=body, headers=flow.world.h("brovary"))
    assert response.status_code == 422
    assert ["body", field] in [e["loc"][:2] for e in response.json()["detail"]]
    assert flow.get("/api/v1/requests")["total"] == 0


def test_pledge_currency_must_be_iso_4217(flow):
    body = {
        "category": "heating",
        "item": "Heizlüfter",
        "quantity": 2,
        "unit": "pcs",
        "origin": "Jena",
        "value_amount": "100",
        "currency": "EURO",
    }
    response = flow.client.post("/api/v1/pledges", json=body, headers=flow.world.h("jena"))
    assert response.status_code == 422
    no_currency = body | {"currency": None}
    response = flow.client.post("/api/v1/pledges", json=no_currency, headers=flow.world.h("jena"))
    assert response.status_code == 422 and "currency" in response.json()["detail"]


def test_category_or_unit_mismatch_is_422(flow):
    request = flow.request(quantity=2)
    heater = flow.pledge(quantity=2, category="heating", item="Heizlüfter")
    refused = flow.allocate(request["id"], heater["id"], 1, expect=422)
    assert "generator" in refused["detail"] and "heating" in refused["detail"]
    in_kg = flow.pledge(quantity=2, unit="kg")
    flow.allocate(request["id"], in_kg["id"], 1, expect=422)


def test_over_allocation_is_409_and_says_how_much_is_left(flow):
    request = flow.request(quantity=3)
    pledge = flow.pledge(quantity=10)
    refused = flow.allocate(request["id"], pledge["id"], 4, expect=409)
    assert "needs only 3" in refused["detail"]
    small = flow.pledge(quantity=1)
    refused = flow.allocate(request["id"], small["id"], 2, expect=409)
    assert "only 1 pcs left" in refused["detail"]
    assert flow.get(f"/api/v1/requests/{request['id']}")["quantity_allocated"] == 0


def test_shipment_goes_to_one_community(flow, world):
    brovary = flow.request(quantity=1)
    poltava = flow.request(who="poltava", quantity=1, destination="Полтава")
    pledge = flow.pledge(quantity=2)
    a = flow.allocate(brovary["id"], pledge["id"], 1)
    b = flow.allocate(poltava["id"], pledge["id"], 1)
    refused = flow.ship([a["id"], b["id"]], expect=422)
    assert "one community" in refused["detail"]
    flow.ship([a["id"]])
    again = flow.ship([a["id"]], expect=409)
    assert "not yet shipped" in again["detail"]


def test_shipped_allocation_cannot_be_removed(flow):
    request = flow.request(quantity=1)
    pledge = flow.pledge(quantity=1)
    allocation = flow.allocate(request["id"], pledge["id"], 1)
    flow.ship([allocation["id"]])
    response = flow.client.delete(
        f"/api/v1/allocations/{allocation['id']}", headers=flow.world.h("coordinator")
    )
    assert response.status_code == 409


def test_receipt_cannot_exceed_what_was_shipped(flow):
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    shipment = flow.get(f"/api/v1/shipments/{shipment['id']}")
    refused = flow.receive(shipment, {shipment["lines"][0]["id"]: (3, "good")}, expect=409)
    assert "only 2 pcs were shipped" in refused["detail"]
    assert flow.get(f"/api/v1/shipments/{shipment['id']}")["status"] == "dispatched"


def test_a_pledge_aimed_at_a_request_must_fit_it(flow):
    request = flow.request(quantity=2)
    refused = flow.pledge(request_id=request["id"], category="heating", expect=422)
    assert "asks for generator" in refused["detail"]
    assert flow.pledge(request_id=request["id"])["request_id"] == request["id"]


def test_malformed_json_is_422_not_500(flow):
    response = flow.client.post(
        "/api/v1/requests",
        content=b"{not json",
        headers=flow.world.h("brovary") | {"Content-Type": "application/json"},
    )
    assert response.status_code == 422
