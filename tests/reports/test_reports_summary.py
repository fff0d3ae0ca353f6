"""The figures a coordinator checks, on a small world made by hand, and their SVG chart."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from sqlalchemy import update

from tracker.reports.charts import bar_chart_svg, open_needs_chart
from tracker.reports.summary import Summary
from tracker.requests.models import AidRequest
from tracker.shipments.models import Shipment

SVG = "{http://www.w3.org/2000/svg}"


def _world(flow, session) -> dict:  # type: ignore[no-untyped-def]
    # Brovary's generators: pledged by Jena, shipped and delivered in full.
    generators = flow.request(quantity=5)
    jena = flow.pledge(quantity=5, value_amount="12500.00", currency="EUR")
    allocation = flow.allocate(generators["id"], jena["id"], 5)
    delivered = flow.ship([allocation["id"]])
    flow.move(delivered["id"], "dispatched", location="Jena")
    flow.receive(delivered)
    # Brovary still needs an ultrasound scanner; Poltava winter jackets.
    scanner = flow.request(category="medical_equipment", item="Апарат УЗД", quantity=2)
    flow.request(
        who="poltava", category="clothing", item="Куртки", quantity=100, destination="Полтава"
    )
    # Poltava's flour: 4 t of 10 on the road from Kalmar, late and silent for 10 days.
    flour = flow.request(
        who="poltava",
        category="food",
        item="Борошно",
        quantity=10,
        unit="t",
        destination="Полтава",
        needed_by="2025-01-31",
    )
    kalmar = flow.pledge(
        who="kalmar",
        category="food",
        item="Mjöl",
        quantity=10,
        unit="t",
        origin="Kalmar",
        value_amount="2000.00",
        currency="SEK",
    )
    allocation = flow.allocate(flour["id"], kalmar["id"], 4)
    stuck = flow.ship([allocation["id"]], reference="SHP-STUCK-0001")
    flow.move(stuck["id"], "dispatched", location="Kalmar")
    now = dt.datetime.now(dt.UTC)
    session.exec(
        update(AidRequest)
        .where(AidRequest.id == generators["id"])
        .values(created_at=now - dt.timedelta(days=10))
    )
    session.exec(
        update(Shipment)
        .where(Shipment.id == stuck["id"])
        .values(last_event_at=now - dt.timedelta(days=10))
    )
    session.commit()
    return {"scanner": scanner, "flour": flour, "stuck": stuck}


def test_the_summary_holds_the_figures_a_coordinator_checks(flow, client, session, world):
    made = _world(flow, session)
    response = client.get("/api/v1/reports/summary", headers=world.h("coordinator"))
    assert response.status_code == 200, response.text
    s = response.json()

    open_needs = {
        (n["category"], n["unit"]): n["quantity_open"] for n in s["open_needs_by_category"]
    }
    assert open_needs == {
        ("clothing", "pcs"): 100,
        ("food", "t"): 6,
        ("medical_equipment", "pcs"): 2,
    }
    assert s["open_needs_by_category"][0]["category"] == "clothing"  # biggest first
    by_oblast = {(n["admin1"], n["unit"]): n["quantity_open"] for n in s["open_needs_by_oblast"]}
    assert by_oblast[(made["scanner"]["admin1"], "pcs")] == 2
    assert by_oblast[(made["flour"]["admin1"], "t")] == 6
    assert sum(by_oblast.values()) == 108

    flows = {
        f["unit"]: (f["pledged"], f["shipped"], f["delivered"]) for f in s["quantities_by_unit"]
    }
    assert flows == {"pcs": (5, 5, 5), "t": (10, 4, 0)}
    values = {
        v["currency"]: (v["pledged"], v["shipped"], v["delivered"]) for v in s["values_by_currency"]
    }
    assert values == {
        "EUR": ("12500.00", "12500.00", "12500.00"),
        "SEK": ("2000.00", "800.00", "0.00"),
    }

    assert s["deliveries"] == 1
    assert 9.9 <= s["median_days_to_delivery"] <= 10.1

    assert (s["shipments_late"], s["shipments_stuck"]) == (1, 1)
    assert s["stuck_after_days"] == 7
    assert [(d["organization_name"], d["late"], d["stuck"]) for d in s["delays_by_community"]] == [
        ("Poltava", 1, 1)
    ]
    assert [(d["organization_name"], d["late"], d["stuck"]) for d in s["delays_by_partner"]] == [
        ("Kalmar kommun", 1, 1)
    ]
    [flagged] = s["flagged_shipments"]
    assert flagged["reference"] == "SHP-STUCK-0001"
    assert flagged["late"] and flagged["stuck"]
    assert flagged["needed_by"] == "2025-01-31"
    assert 9.9 <= flagged["days_since_last_event"] <= 10.1

    # Jena sees the same totals but not the list of shipments that are not its own.
    jena = client.get("/api/v1/reports/summary", headers=world.h("jena")).json()
    assert jena["shipments_stuck"] == 1 and jena["flagged_shipments"] == []
    assert client.get("/api/v1/reports/summary").status_code == 401


def test_an_empty_database_gives_zeroes_not_errors(client, world):
    s = client.get("/api/v1/reports/summary", headers=world.h("brovary")).json()
    assert s["open_needs_by_category"] == [] and s["values_by_currency"] == []
    assert s["median_days_to_delivery"] is None
    assert (s["shipments_late"], s["shipments_stuck"]) == (0, 0)


def test_the_open_needs_chart_reads_without_colour(flow, client, session, world):
    _world(flow, session)
    summary = Summary.model_validate(
        client.get("/api/v1/reports/summary", headers=world.h("coordinator")).json()
    )
    svg = open_needs_chart(summary)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[0] == "Open needs by category"
    assert texts[1:] == ["clothing (pcs)", "100", "food (t)", "6", "medical_equipment (pcs)", "2"]
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths == sorted(widths, reverse=True)
    assert abs(widths[1] / widths[0] - 6 / 100) < 0.01  # bar lengths in proportion
    assert "clothing (pcs): 100" in root.find(f"{SVG}desc").text


def test_chart_labels_are_escaped():
    svg = bar_chart_svg([("<script>alert(1)</script> & Co", 1500), ("Ковдри", 0)], "A & B")
    root = ET.fromstring(svg)  # well-formed
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>" not in svg
    assert texts[0] == "A & B"
    assert texts[1].startswith("<script>alert(1)")
    assert texts[2] == "1\u202f500"
    assert ET.fromstring(bar_chart_svg([], "Nothing")).find(f"{SVG}title").text == "Nothing"
