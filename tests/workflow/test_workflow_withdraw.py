"""A withdrawn pledge never loses units: allocated + withdrawn + available = quantity, also
after the allocations it still had are handed back (units handed back count as withdrawn)."""

from __future__ import annotations

import pytest


def _balance(pledge: dict) -> int:
    return (
        pledge["quantity_allocated"] + pledge["quantity_withdrawn"] + pledge["quantity_available"]
    )


def _withdraw(flow, pledge_id: int) -> dict:  # type: ignore[no-untyped-def]
    response = flow.client.post(
        f"/api/v1/pledges/{pledge_id}/withdraw", headers=flow.world.h("jena")
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("hand_back", ["delete", "cancel_request", "cancel_shipment"])
def test_units_handed_back_to_a_withdrawn_pledge_count_as_withdrawn(flow, hand_back):
    request = flow.request(quantity=4)
    pledge = flow.pledge(quantity=10)
    allocation = flow.allocate(request["id"], pledge["id"], 4)
    shipment = flow.ship([allocation["id"]]) if hand_back == "cancel_shipment" else None
    withdrawn = _withdraw(flow, pledge["id"])
    assert (withdrawn["quantity_allocated"], withdrawn["quantity_withdrawn"]) == (4, 6)
    assert _balance(withdrawn) == 10
    coordinator = flow.world.h("coordinator")
    if hand_back == "delete":
        response = flow.client.delete(
            f"/api/v1/allocations/{allocation['id']}", headers=coordinator
        )
        assert response.status_code == 204, response.text
    elif hand_back == "cancel_request":
        response = flow.client.post(
            f"/api/v1/requests/{request['id']}/cancel", headers=flow.world.h("brovary")
        )
        assert response.status_code == 200, response.text
    else:
        flow.move(shipment["id"], "cancelled")
    after = flow.get(f"/api/v1/pledges/{pledge['id']}")
    assert after["status"] == "withdrawn"
    assert after["quantity_allocated"] == 0
    assert after["quantity_withdrawn"] == 10
    assert after["quantity_available"] == 0
    assert _balance(after) == after["quantity"] == 10
    # Nothing of it can be allocated again.
    other = flow.request(quantity=2)
    flow.allocate(other["id"], pledge["id"], 1, expect=409)


def test_a_pledge_not_withdrawn_offers_handed_back_units_again(flow):
    request = flow.request(quantity=4)
    pledge = flow.pledge(quantity=10)
    allocation = flow.allocate(request["id"], pledge["id"], 4)
    response = flow.client.delete(
        f"/api/v1/allocations/{allocation['id']}", headers=flow.world.h("coordinator")
    )
    assert response.status_code == 204
    after = flow.get(f"/api/v1/pledges/{pledge['id']}")
    assert after["status"] == "offered"
    assert (after["quantity_allocated"], after["quantity_withdrawn"]) == (0, 0)
    assert after["quantity_available"] == 10
