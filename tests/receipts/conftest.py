"""A delivered shipment (Jena → Brovary, signed) for the document and verification tests."""

from __future__ import annotations

import pytest

from tests.helpers import Flow


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)


@pytest.fixture
def delivered(flow):
    request = flow.request(quantity=2, item="Генератор 100 кВт для водоканалу")
    pledge = flow.pledge(quantity=2, item="Stromgenerator 100 kVA", value_amount="25000.00")
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship(
        [allocation["id"]], declaration_code="UA-HUM-2026-004211", vehicle="MAN TGX AB-1234"
    )
    flow.move(shipment["id"], "dispatched", "Jena", who="jena")
    shipment = flow.get(f"/api/v1/shipments/{shipment['id']}")
    receipt = flow.receive(shipment, {shipment["lines"][0]["id"]: (2, "good")})
    return {"shipment": shipment, "receipt": receipt}
