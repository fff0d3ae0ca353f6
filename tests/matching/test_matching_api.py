"""Suggestions and the plan through the API, on both databases, with the seed world."""

from __future__ import annotations

from datetime import date

from tests.helpers import Flow


def test_twin_city_ranks_first_even_when_farther(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=3)  # Brovary, twinned with Jena and Erlangen
    kalmar = flow.pledge(
        who="kalmar",
        quantity=3,
        origin="Kalmar",
        item="Elverk 30 kW",
        currency="SEK",
        value_amount="60000",
    )
    jena = flow.pledge(quantity=3)
    heater = flow.pledge(quantity=3, category="heating", item="Heizlüfter")
    page = flow.get(f"/api/v1/requests/{request['id']}/suggestions", who="jena")
    ids = [s["pledge_id"] for s in page["items"]]
    assert ids == [jena["id"], kalmar["id"]]  # the heater never matches a generator request
    best = page["items"][0]
    assert "twin" in best["reason"] and best["quantity_available"] == 3
    assert 1340 < best["distance_km"] < 1370
    assert page["items"][0]["score"] > page["items"][1]["score"]
    assert heater["id"] not in ids
    assert (
        flow.client.get(
            f"/api/v1/requests/{request['id']}/suggestions", headers=world.h("brovary")
        ).status_code
        == 403
    )


def test_plan_serves_critical_twin_first_and_applies(client, world):
    flow = Flow(client, world)
    brovary = flow.request(quantity=3, priority="critical")
    poltava = flow.request(who="poltava", quantity=3, priority="low", destination="Полтава")
    jena = flow.pledge(quantity=3)
    preview = flow.ok(
        client.post("/api/v1/matching/plan", json={"apply": False}, headers=world.h("coordinator"))
    )
    assert preview["applied"] is False
    assert [(a["request_id"], a["pledge_id"], a["quantity"]) for a in preview["allocations"]] == [
        (brovary["id"], jena["id"], 3)
    ]
    assert preview["fulfilled_quantity"] == 3
    assert flow.get(f"/api/v1/requests/{brovary['id']}")["quantity_allocated"] == 0

    applied = flow.ok(
        client.post("/api/v1/matching/plan", json={"apply": True}, headers=world.h("coordinator"))
    )
    assert applied["applied"] is True and applied["fulfilled_quantity"] == 3
    assert flow.get(f"/api/v1/requests/{brovary['id']}")["status"] == "pledged"
    assert flow.get(f"/api/v1/requests/{poltava['id']}")["status"] == "open"
    assert flow.get(f"/api/v1/pledges/{jena['id']}")["status"] == "allocated"
    again = flow.ok(
        client.post("/api/v1/matching/plan", json={"apply": True}, headers=world.h("coordinator"))
    )
    assert again["allocations"] == []
    assert client.post("/api/v1/matching/plan", json={}, headers=world.h("jena")).status_code == 403


def test_stale_plan_never_over_allocates(client, world, session):
    from tracker.auth.models import User
    from tracker.matching import service

    flow = Flow(client, world)
    request = flow.request(quantity=4)
    pledge = flow.pledge(quantity=4)
    proposal = service.make_plan(session, date.today())
    assert sum(a.quantity for a in proposal.allocations) == 4
    flow.allocate(request["id"], pledge["id"], 3)  # someone else, meanwhile
    actor = session.get(User, world.users["coordinator"])
    session.commit()
    outcome = service.apply_plan(session, proposal, actor)
    assert [q for _, q in outcome.applied] == [1]
    assert outcome.skipped and "only 1 of 4" in outcome.skipped[0][1]
    after = flow.get(f"/api/v1/requests/{request['id']}")
    assert after["quantity_allocated"] == 4
