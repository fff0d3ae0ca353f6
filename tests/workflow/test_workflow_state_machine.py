"""Every shipment status × every target: only the contract's moves pass, the rest are 409."""

from __future__ import annotations

import pytest

from tracker.shipments.states import EVENT_MOVES, can_move
from tracker.vocab import ShipmentStatus as S

ALLOWED = {
    S.planned: {S.dispatched, S.cancelled},
    S.dispatched: {S.in_transit, S.at_customs, S.arrived, S.lost, S.returned},
    S.in_transit: {S.in_transit, S.at_customs, S.arrived, S.lost, S.returned},
    S.at_customs: {S.in_transit, S.arrived, S.lost, S.returned},
    S.arrived: set(),
    S.delivered: set(),
    S.cancelled: set(),
    S.lost: set(),
    S.returned: set(),
}
# How to bring a fresh shipment to each status through the API.
PATHS = {
    S.planned: [],
    S.dispatched: [S.dispatched],
    S.in_transit: [S.dispatched, S.in_transit],
    S.at_customs: [S.dispatched, S.at_customs],
    S.arrived: [S.dispatched, S.arrived],
    S.cancelled: [S.cancelled],
    S.lost: [S.dispatched, S.lost],
    S.returned: [S.dispatched, S.returned],
}


def test_table_matches_the_contract():
    assert {k: set(v) for k, v in EVENT_MOVES.items()} == ALLOWED
    for current in S:
        for target in S:
            assert can_move(current, target) == (target in ALLOWED[current])


def _shipment_in(flow, status: S) -> dict:
    request = flow.request(quantity=1)
    pledge = flow.pledge(quantity=1)
    allocation = flow.allocate(request["id"], pledge["id"], 1)
    shipment = flow.ship([allocation["id"]])
    if status == S.delivered:
        flow.move(shipment["id"], "dispatched", "Jena")
        flow.receive(flow.get(f"/api/v1/shipments/{shipment['id']}"))
    for step in PATHS.get(status, []):
        flow.move(shipment["id"], step.value, "Jena")
    return flow.get(f"/api/v1/shipments/{shipment['id']}")


@pytest.mark.parametrize("current", list(S), ids=lambda s: s.value)
def test_every_move_from(flow, current):
    """One shipment per target, so each attempt starts from `current`."""
    for target in S:
        shipment = _shipment_in(flow, current)
        assert shipment["status"] == current.value
        response = flow.client.post(
            f"/api/v1/shipments/{shipment['id']}/events",
            json={"status": target.value, "location": "Lviv"},
            headers=flow.world.h("coordinator"),
        )
        if target in ALLOWED[current]:
            assert response.status_code == 201, (current, target, response.text)
            assert response.json()["status"] == target.value
        else:
            assert response.status_code == 409, (current, target, response.text)
            after = flow.get(f"/api/v1/shipments/{shipment['id']}")
            assert after["status"] == current.value
            assert len(after["events"]) == len(shipment["events"])


def test_receipt_only_after_dispatch_and_only_once(flow):
    planned = _shipment_in(flow, S.planned)
    refused = flow.receive(planned, expect=409)
    assert "not been dispatched" in refused["detail"]
    delivered = _shipment_in(flow, S.delivered)
    again = flow.receive(delivered, expect=409)
    assert "already been received" in again["detail"]
    for status in (S.cancelled, S.lost, S.returned):
        flow.receive(_shipment_in(flow, status), expect=409)
