"""Helpers shared by test modules: the API workflow driver (`Flow`), signing in with the
browser and reading CSRF tokens. Test modules import them from here, never from each other."""

from __future__ import annotations

import re
from typing import Any

from tests.conftest import PASSWORD


class Flow:
    def __init__(self, client, world) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.world = world

    def ok(self, response, status: int = 200) -> Any:  # type: ignore[no-untyped-def]
        assert response.status_code == status, response.text
        return response.json()

    def request(self, who: str = "brovary", expect: int = 201, **fields: Any) -> Any:
        body = {
            "category": "generator",
            "item": "Генератор 100 кВт для водоканалу",
            "quantity": 5,
            "unit": "pcs",
            "priority": "critical",
            "needed_by": "2026-12-20",
            "destination": "Бровари",
            "justification": "Water pumping station runs on batteries during power cuts",
        } | fields
        response = self.client.post("/api/v1/requests", json=body, headers=self.world.h(who))
        return self.ok(response, expect)

    def pledge(self, who: str = "jena", expect: int = 201, **fields: Any) -> Any:
        body = {
            "category": "generator",
            "item": "Stromgenerator 100 kVA",
            "quantity": 5,
            "unit": "pcs",
            "origin": "Jena",
            "available_from": "2026-12-01",
            "value_amount": "12500.00",
            "currency": "EUR",
        } | fields
        response = self.client.post("/api/v1/pledges", json=body, headers=self.world.h(who))
        return self.ok(response, expect)

    def allocate(self, request_id: int, pledge_id: int, quantity: int, expect: int = 201) -> Any:
        response = self.client.post(
            "/api/v1/allocations",
            json={"request_id": request_id, "pledge_id": pledge_id, "quantity": quantity},
            headers=self.world.h("coordinator"),
        )
        return self.ok(response, expect)

    def ship(self, allocation_ids: list[int], expect: int = 201, **fields: Any) -> Any:
        response = self.client.post(
            "/api/v1/shipments",
            json={"allocation_ids": allocation_ids, "carrier": "Jenaer Nahverkehr"} | fields,
            headers=self.world.h("coordinator"),
        )
        return self.ok(response, expect)

    def move(
        self,
        shipment_id: int,
        status: str,
        location: str = "",
        who: str = "coordinator",
        expect: int = 201,
        note: str = "",
    ) -> Any:
        response = self.client.post(
            f"/api/v1/shipments/{shipment_id}/events",
            json={"status": status, "location": location, "note": note},
            headers=self.world.h(who),
        )
        return self.ok(response, expect)

    def receive(
        self,
        shipment: dict,
        quantities: dict[int, tuple[int, str]] | None = None,
        who: str = "brovary",
        expect: int = 201,
    ) -> Any:
        lines = []
        for line in shipment["lines"]:
            qty, condition = (quantities or {}).get(line["id"], (line["quantity"], "good"))
            lines.append({"line_id": line["id"], "quantity_received": qty, "condition": condition})
        response = self.client.post(
            f"/api/v1/shipments/{shipment['id']}/receipt",
            json={
                "received_by": "Ihor Kovalenko",
                "received_role": "Hospital director",
                "lines": lines,
            },
            headers=self.world.h(who),
        )
        return self.ok(response, expect)

    def get(self, path: str, who: str = "coordinator", expect: int = 200) -> Any:
        return self.ok(self.client.get(path, headers=self.world.h(who)), expect)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def sign_in(client, email: str, next_path: str = "/") -> None:
    page = client.get(f"/login?next={next_path}")
    response = client.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "next": next_path,
            "csrf_token": csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == next_path


def page_csrf(client) -> str:
    """The body of any page carries the token for htmx (hx-headers on <body>)."""
    html = client.get("/verify/RCPT-2345-6789").text
    match = re.search(r'"X-CSRF-Token": "([^"]+)"', html)
    assert match
    return match.group(1)


def request_form(**fields: object) -> dict[str, object]:
    """A request form as a Brovary clerk fills it in (page or JSON)."""
    return {
        "category": "generator",
        "item": "Генератор 30 кВт для котельні",
        "quantity": "2",
        "unit": "pcs",
        "priority": "high",
        "needed_by": "2026-12-20",
        "destination": "Бровари",
        "justification": "The boiler house stops during power cuts",
    } | fields


def pledge_form(**fields: object) -> dict[str, object]:
    """A pledge form as Jena's staff fill it in."""
    return {
        "category": "generator",
        "item": "Stromgenerator 60 kVA",
        "quantity": "4",
        "unit": "pcs",
        "origin": "Jena",
        "available_from": "2026-12-01",
        "value_amount": "8000.00",
        "currency": "EUR",
    } | fields


EMAILS = {
    "coordinator": "olena@auc.org.ua",
    "brovary": "hospital@brovary-rada.gov.ua",
    "jena": "ukraine-hilfe@jena.de",
    "kalmar": "poltava@kalmar.se",
}


def shipment_of(flow: Flow, quantity: int = 2) -> dict:
    """A shipment of `quantity` generators from Jena to Brovary, planned by the coordinator."""
    request = flow.request(quantity=quantity)
    pledge = flow.pledge(quantity=quantity)
    allocation = flow.allocate(request["id"], pledge["id"], quantity)
    return flow.ship([allocation["id"]])


# Templates may not carry code or styles the CSP refuses (used by the header and API-doc tests).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I)
