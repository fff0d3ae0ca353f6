"""The authorization matrix: each role against each endpoint, allowed and refused."""

from __future__ import annotations

import pytest

ROLES = ["admin", "coordinator", "brovary", "poltava", "jena", "kalmar"]


@pytest.fixture
def made(flow):
    """A Brovary request, a Jena pledge, an allocation and a dispatched shipment."""
    request = flow.request(quantity=4)
    pledge = flow.pledge(quantity=4)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    spare = flow.allocate(request["id"], pledge["id"], 1)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    return {
        "request": request,
        "pledge": pledge,
        "spare": spare,
        "shipment": flow.get(f"/api/v1/shipments/{shipment['id']}"),
    }


def _status(flow, method: str, path: str, who: str | None, body=None) -> int:
    headers = flow.world.h(who) if who else {}
    return flow.client.request(method, path, json=body, headers=headers).status_code


def test_anonymous_gets_401_everywhere(flow, made):
    for method, path in [
        ("GET", "/api/v1/requests"),
        ("POST", "/api/v1/requests"),
        ("GET", "/api/v1/pledges"),
        ("POST", "/api/v1/allocations"),
        ("GET", f"/api/v1/shipments/{made['shipment']['id']}"),
        ("GET", "/api/v1/organizations"),
        ("GET", "/api/v1/audit"),
    ]:
        assert _status(flow, method, path, None, {}) == 401, (method, path)


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 201),
        ("coordinator", 201),
        ("brovary", 201),
        ("poltava", 403),
        ("jena", 403),
        ("kalmar", 403),
    ],
)
def test_filing_a_request_for_brovary(flow, world, who, expected):
    body = {
        "category": "food",
        "item": "Консерви",
        "quantity": 10,
        "unit": "box",
        "destination": "Бровари",
        "community_id": world.orgs["Brovary"],
    }
    assert _status(flow, "POST", "/api/v1/requests", who, body) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 201),
        ("coordinator", 201),
        ("jena", 201),
        ("kalmar", 403),
        ("brovary", 403),
        ("poltava", 403),
    ],
)
def test_pledging_for_jena(flow, world, who, expected):
    body = {
        "category": "food",
        "item": "Konserven",
        "quantity": 10,
        "unit": "box",
        "origin": "Jena",
        "partner_id": world.orgs["Jena"],
    }
    assert _status(flow, "POST", "/api/v1/pledges", who, body) == expected


@pytest.mark.parametrize("who", ROLES)
def test_everyone_signed_in_reads_requests_and_pledges(flow, made, who):
    assert _status(flow, "GET", f"/api/v1/requests/{made['request']['id']}", who) == 200
    assert _status(flow, "GET", f"/api/v1/pledges/{made['pledge']['id']}", who) == 200
    assert _status(flow, "GET", "/api/v1/requests", who) == 200


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("brovary", 200),
        ("poltava", 403),
        ("jena", 403),
        ("kalmar", 403),
    ],
)
def test_editing_brovary_request(flow, made, who, expected):
    request = flow.request(quantity=1)
    path = f"/api/v1/requests/{request['id']}"
    assert _status(flow, "PATCH", path, who, {"priority": "low"}) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("jena", 200),
        ("kalmar", 403),
        ("brovary", 403),
    ],
)
def test_withdrawing_jena_pledge(flow, who, expected):
    pledge = flow.pledge(quantity=1)
    assert _status(flow, "POST", f"/api/v1/pledges/{pledge['id']}/withdraw", who) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 201),
        ("coordinator", 201),
        ("brovary", 403),
        ("jena", 403),
    ],
)
def test_allocating(flow, made, who, expected):
    body = {"request_id": made["request"]["id"], "pledge_id": made["pledge"]["id"], "quantity": 1}
    assert _status(flow, "POST", "/api/v1/allocations", who, body) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("coordinator", 204),
        ("brovary", 403),
        ("jena", 403),
    ],
)
def test_removing_an_allocation(flow, made, who, expected):
    path = f"/api/v1/allocations/{made['spare']['id']}"
    assert _status(flow, "DELETE", path, who) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 201),
        ("coordinator", 201),
        ("brovary", 403),
        ("jena", 403),
    ],
)
def test_planning_a_shipment(flow, made, who, expected):
    body = {"allocation_ids": [made["spare"]["id"]]}
    assert _status(flow, "POST", "/api/v1/shipments", who, body) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("brovary", 200),
        ("jena", 200),
        ("poltava", 404),
        ("kalmar", 404),
    ],
)
def test_reading_a_shipment(flow, made, who, expected):
    assert _status(flow, "GET", f"/api/v1/shipments/{made['shipment']['id']}", who) == expected
    listed = flow.client.get("/api/v1/shipments", headers=flow.world.h(who)).json()
    assert (listed["total"] == 1) == (expected == 200)


@pytest.mark.parametrize(
    "who,expected",
    [
        ("coordinator", 201),
        ("jena", 201),
        ("brovary", 403),
        ("kalmar", 404),
        ("poltava", 404),
    ],
)
def test_posting_a_transit_event(flow, made, who, expected):
    path = f"/api/v1/shipments/{made['shipment']['id']}/events"
    assert (
        _status(flow, "POST", path, who, {"status": "in_transit", "location": "Lviv"}) == expected
    )


def test_only_coordinators_declare_a_shipment_lost(flow, made):
    path = f"/api/v1/shipments/{made['shipment']['id']}/events"
    assert _status(flow, "POST", path, "jena", {"status": "lost"}) == 403
    assert _status(flow, "POST", path, "coordinator", {"status": "lost"}) == 201


@pytest.mark.parametrize(
    "who,expected",
    [
        ("brovary", 201),
        ("coordinator", 201),
        ("jena", 403),
        ("poltava", 404),
    ],
)
def test_signing_the_receipt(flow, made, who, expected):
    shipment = made["shipment"]
    lines = [
        {"line_id": x["id"], "quantity_received": x["quantity"], "condition": "good"}
        for x in shipment["lines"]
    ]
    body = {"received_by": "Ihor Kovalenko", "lines": lines}
    path = f"/api/v1/shipments/{shipment['id']}/receipt"
    response = flow.client.post(path, json=body, headers=flow.world.h(who))
    assert response.status_code == expected
    if expected == 201:
        receipt_id = response.json()["id"]
        for reader, code in [("brovary", 200), ("jena", 200), ("poltava", 404), ("kalmar", 404)]:
            assert _status(flow, "GET", f"/api/v1/receipts/{receipt_id}", reader) == code


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 201),
        ("coordinator", 201),
        ("brovary", 403),
        ("jena", 403),
    ],
)
def test_creating_organizations(flow, who, expected):
    body = {"name": f"Lidingö stad ({who})", "kind": "partner", "country": "SE", "place": "Lidingö"}
    assert _status(flow, "POST", "/api/v1/organizations", who, body) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("brovary", 403),
        ("jena", 403),
    ],
)
def test_partnerships_and_audit_are_for_coordinators(flow, who, expected):
    assert _status(flow, "GET", "/api/v1/partnerships", who) == expected
    assert _status(flow, "GET", "/api/v1/audit", who) == expected


def test_unknown_ids_are_404(flow, made):
    for path in (
        "/api/v1/requests/999999",
        "/api/v1/pledges/999999",
        "/api/v1/shipments/999999",
        "/api/v1/receipts/999999",
        "/api/v1/organizations/999999",
    ):
        response = flow.client.get(path, headers=flow.world.h("coordinator"))
        assert response.status_code == 404 and "does not exist" in response.json()["detail"]
