"""One generator's path from Brovary's request to the signed receipt, on both databases."""

from __future__ import annotations

import hashlib


def test_generator_from_jena_reaches_brovary(flow, world):
    request = flow.request(quantity=5)
    assert request["status"] == "open"
    assert request["community_id"] == world.orgs["Brovary"]
    assert abs(request["latitude"] - 50.51) < 0.1 and abs(request["longitude"] - 30.79) < 0.1

    pledge = flow.pledge(quantity=8)
    assert pledge["status"] == "offered"
    assert pledge["partner_id"] == world.orgs["Jena"]
    assert abs(pledge["latitude"] - 50.93) < 0.1

    allocation = flow.allocate(request["id"], pledge["id"], 5)
    assert flow.get(f"/api/v1/requests/{request['id']}")["status"] == "pledged"
    pledge_now = flow.get(f"/api/v1/pledges/{pledge['id']}")
    assert (pledge_now["status"], pledge_now["quantity_allocated"]) == ("offered", 5)
    assert pledge_now["quantity_available"] == 3

    shipment = flow.ship([allocation["id"]], declaration_code="UA-HUM-2026-000123")
    assert shipment["status"] == "planned"
    assert shipment["allowed_moves"] == ["dispatched", "cancelled"]
    assert [(x["item"], x["quantity"], x["unit"]) for x in shipment["lines"]] == [
        ("Stromgenerator 100 kVA", 5, "pcs")
    ]
    assert shipment["lines"][0]["value_amount"] == "7812.50"

    moved = flow.move(shipment["id"], "dispatched", "Jena", who="jena", note="Loaded at depot")
    assert moved["status"] == "dispatched"
    assert 1340 < moved["distance_remaining_km"] < 1370  # Jena–Brovary, geodesic
    flow.move(shipment["id"], "in_transit", "Krakovets", who="jena")
    flow.move(shipment["id"], "at_customs", "Shehyni", who="jena")
    arrived = flow.move(shipment["id"], "arrived", "Бровари")
    assert arrived["distance_remaining_km"] < 10
    assert flow.get(f"/api/v1/requests/{request['id']}")["quantity_shipped"] == 5

    receipt = flow.receive(arrived)
    assert receipt["code"].startswith("RCPT-") and len(receipt["code"]) == 14
    assert receipt["verify_url"].endswith(f"/verify/{receipt['code']}")
    assert receipt["partner_names"] == ["Jena"]

    final = flow.get(f"/api/v1/shipments/{shipment['id']}", who="brovary")
    assert final["status"] == "delivered"
    assert final["receipt_id"] == receipt["id"]
    statuses = [e["status"] for e in final["events"]]
    assert statuses == ["planned", "dispatched", "in_transit", "at_customs", "arrived", "delivered"]
    shehyni = final["events"][3]
    assert abs(shehyni["latitude"] - 49.80) < 0.1 and abs(shehyni["longitude"] - 22.97) < 0.2

    done = flow.get(f"/api/v1/requests/{request['id']}", who="jena")
    assert (done["status"], done["quantity_delivered"]) == ("fulfilled", 5)


def test_receipt_hash_covers_its_content(flow, session):
    from tracker.receipts.models import Receipt

    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    receipt = flow.receive(flow.get(f"/api/v1/shipments/{shipment['id']}"))

    stored = session.get(Receipt, receipt["id"])
    assert hashlib.sha256(stored.content.encode()).hexdigest() == receipt["sha256"]
    assert "Ihor Kovalenko" in stored.content
    tampered = stored.content.replace('"received":2', '"received":3')
    assert tampered != stored.content
    assert hashlib.sha256(tampered.encode()).hexdigest() != receipt["sha256"]


def test_damaged_goods_are_a_discrepancy_and_reopen_the_request(flow):
    request = flow.request(quantity=4, category="medical_equipment", item="Ultraschallgerät")
    pledge = flow.pledge(quantity=4, category="medical_equipment", item="Ultraschallgerät")
    allocation = flow.allocate(request["id"], pledge["id"], 4)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Erlangen")
    shipment = flow.get(f"/api/v1/shipments/{shipment['id']}")
    line_id = shipment["lines"][0]["id"]
    flow.receive(shipment, {line_id: (3, "damaged")})

    after = flow.get(f"/api/v1/requests/{request['id']}")
    assert after["quantity_delivered"] == 0
    assert after["quantity_damaged"] == 3
    assert after["quantity_missing"] == 1
    assert after["status"] == "open"
    assert after["quantity_allocated"] == 0
    # The partner's goods left: the pledge stays allocated.
    assert flow.get(f"/api/v1/pledges/{pledge['id']}")["quantity_allocated"] == 4


def test_partly_received_shipment_counts_only_good_items(flow):
    request = flow.request(quantity=10, category="heating", item="Обігрівач", unit="pcs")
    pledge = flow.pledge(quantity=10, category="heating", item="Heizlüfter")
    allocation = flow.allocate(request["id"], pledge["id"], 10)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    shipment = flow.get(f"/api/v1/shipments/{shipment['id']}")
    flow.receive(shipment, {shipment["lines"][0]["id"]: (8, "good")})
    after = flow.get(f"/api/v1/requests/{request['id']}")
    assert (after["quantity_delivered"], after["quantity_missing"], after["status"]) == (
        8,
        2,
        "open",
    )
    assert after["quantity_allocated"] == 8


def test_lost_shipment_hands_quantities_back(flow):
    request = flow.request(quantity=3)
    pledge = flow.pledge(quantity=3)
    allocation = flow.allocate(request["id"], pledge["id"], 3)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "lost", "Rava-Ruska", note="Truck hit by a drone strike")

    after_request = flow.get(f"/api/v1/requests/{request['id']}")
    assert (after_request["status"], after_request["quantity_allocated"]) == ("open", 0)
    assert after_request["quantity_shipped"] == 0
    after_pledge = flow.get(f"/api/v1/pledges/{pledge['id']}")
    assert (after_pledge["status"], after_pledge["quantity_available"]) == ("offered", 3)
    # Matched again: a new allocation succeeds.
    flow.allocate(request["id"], pledge["id"], 3)


def test_cancelled_planned_shipment_hands_quantities_back(flow):
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "cancelled", note="Truck not available")
    assert flow.get(f"/api/v1/requests/{request['id']}")["quantity_allocated"] == 0
    assert flow.get(f"/api/v1/pledges/{pledge['id']}")["status"] == "offered"


def test_unknown_place_keeps_the_record_with_a_flag(flow):
    request = flow.request(destination="Вулиця Незнайома 12, склад №3")
    assert request["latitude"] is None and request["location_found"] is False
    explicit = flow.request(destination="Склад біля станції", latitude=50.5, longitude=30.8)
    assert (explicit["latitude"], explicit["longitude"]) == (50.5, 30.8)
    assert explicit["location_found"] is True


def test_edit_only_while_nothing_is_allocated(flow):
    request = flow.request(quantity=5)
    edited = flow.ok(
        flow.client.patch(
            f"/api/v1/requests/{request['id']}",
            json={"quantity": 6, "priority": "high"},
            headers=flow.world.h("brovary"),
        )
    )
    assert (edited["quantity"], edited["priority"]) == (6, "high")
    pledge = flow.pledge(quantity=6)
    flow.allocate(request["id"], pledge["id"], 1)
    refused = flow.client.patch(
        f"/api/v1/requests/{request['id']}", json={"quantity": 7}, headers=flow.world.h("brovary")
    )
    assert refused.status_code == 409
    assert flow.get(f"/api/v1/requests/{request['id']}")["quantity"] == 6


def test_cancel_request_releases_unshipped_allocations(flow):
    request = flow.request(quantity=5)
    pledge = flow.pledge(quantity=5)
    flow.allocate(request["id"], pledge["id"], 5)
    cancelled = flow.ok(
        flow.client.post(
            f"/api/v1/requests/{request['id']}/cancel", headers=flow.world.h("brovary")
        )
    )
    assert (cancelled["status"], cancelled["quantity_allocated"]) == ("cancelled", 0)
    assert flow.get(f"/api/v1/pledges/{pledge['id']}")["quantity_available"] == 5


def test_withdraw_takes_back_only_the_unallocated_part(flow):
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=5)
    flow.allocate(request["id"], pledge["id"], 2)
    withdrawn = flow.ok(
        flow.client.post(f"/api/v1/pledges/{pledge['id']}/withdraw", headers=flow.world.h("jena"))
    )
    assert (withdrawn["quantity_withdrawn"], withdrawn["quantity_allocated"]) == (3, 2)
    assert withdrawn["status"] == "allocated"
    assert withdrawn["quantity_available"] == 0
    again = flow.client.post(
        f"/api/v1/pledges/{pledge['id']}/withdraw", headers=flow.world.h("jena")
    )
    assert again.status_code == 409


def test_audit_trail_records_who_changed_what(flow, world):
    request = flow.request(quantity=5)
    flow.client.patch(
        f"/api/v1/requests/{request['id']}", json={"quantity": 7}, headers=world.h("brovary")
    )
    trail = flow.get(f"/api/v1/audit?entity=request&id={request['id']}")
    assert trail["total"] == 2
    update, create = trail["items"]
    assert create["action"] == "create" and create["actor_email"] == "hospital@brovary-rada.gov.ua"
    assert update["before"] == {"quantity": 5} | {
        k: v for k, v in update["before"].items() if k != "quantity"
    }
    assert update["before"]["quantity"] == 5 and update["after"]["quantity"] == 7
    assert flow.client.get("/api/v1/audit", headers=world.h("brovary")).status_code == 403


def test_lists_filter_and_paginate(flow):
    for i in range(3):
        flow.request(quantity=i + 1, category="generator")
    flow.request(quantity=1, category="clothing", item="Зимові куртки", unit="box", priority="low")
    page = flow.get("/api/v1/requests?category=generator&limit=2&offset=0")
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = flow.get("/api/v1/requests?category=generator&limit=2&offset=2")
    assert len(rest["items"]) == 1 and rest["total"] == 3
    # Past the end no row carries the total: it is still reported.
    assert flow.get("/api/v1/requests?category=generator&offset=7") == {"items": [], "total": 3}
    assert flow.get("/api/v1/requests?category=heating") == {"items": [], "total": 0}
    found = flow.get("/api/v1/requests?q=куртки")
    assert [r["item"] for r in found["items"]] == ["Зимові куртки"]
    assert flow.get("/api/v1/requests?priority=low")["total"] == 1
    assert flow.get("/api/v1/requests?status=open")["total"] == 4
    assert (
        flow.client.get(
            "/api/v1/requests?limit=501", headers=flow.world.h("coordinator")
        ).status_code
        == 422
    )


def test_list_pages_follow_each_other_newest_first(flow):
    """Pages cut one order (newest first, then highest id): no item twice, none skipped."""
    for i in range(5):
        flow.request(quantity=i + 1, item=f"Генератор {i + 1}")
    flow.request(category="heating", item="Обігрівач", unit="pcs")
    for query in ("", "&category=generator", "&q=генератор", "&status=open&q=генератор"):
        whole = flow.get(f"/api/v1/requests?limit=50{query}")["items"]
        paged = [
            item
            for offset in (0, 2, 4)
            for item in flow.get(f"/api/v1/requests?limit=2&offset={offset}{query}")["items"]
        ]
        assert [r["id"] for r in paged] == [r["id"] for r in whole]
        newest_first = sorted(whole, key=lambda r: (r["created_at"], r["id"]), reverse=True)
        assert whole == newest_first
    assert len(whole) == 5


def test_list_items_are_the_records_as_read_one_by_one(flow):
    """Lists are built from rows, not from the read models: every field must still agree."""
    request = flow.request(quantity=4, needed_by="2026-12-20")
    flow.request(destination="Nowhere-at-all-7", category="heating", item="Обігрівач")
    pledge = flow.pledge(quantity=9, value_amount="12500.50")
    flow.pledge(who="kalmar", origin="Kalmar", currency="SEK", value_amount=None, category="food")
    flow.allocate(request["id"], pledge["id"], 3)
    flow.ok(
        flow.client.post(f"/api/v1/pledges/{pledge['id']}/withdraw", headers=flow.world.h("jena"))
    )
    for kind in ("requests", "pledges"):
        page = flow.get(f"/api/v1/{kind}")
        assert page["total"] == 2
        for item in page["items"]:
            assert item == flow.get(f"/api/v1/{kind}/{item['id']}")
    assert flow.get("/api/v1/pledges?offset=9") == {"items": [], "total": 2}
    listed = {p["id"]: p for p in flow.get("/api/v1/pledges")["items"]}
    assert listed[pledge["id"]]["quantity_available"] == 0
    assert listed[pledge["id"]]["value_amount"] == "12500.50"
    unlocated = [r for r in flow.get("/api/v1/requests")["items"] if not r["location_found"]]
    assert [r["destination"] for r in unlocated] == ["Nowhere-at-all-7"]


def test_search_folds_case_in_ukrainian_and_swedish(flow):
    flow.request(item="Бинти стерильні", category="medical_supplies", unit="box")
    flow.pledge(
        who="kalmar",
        item="Förbandsmaterial ÅÄÖ",
        category="medical_supplies",
        unit="box",
        origin="Kalmar",
        currency="SEK",
        value_amount="100",
    )
    assert [r["item"] for r in flow.get("/api/v1/requests?q=бинти")["items"]] == ["Бинти стерильні"]
    assert flow.get("/api/v1/pledges?q=förband")["total"] == 1
    assert flow.get("/api/v1/pledges?q=åäö")["total"] == 1
