"""A partner's and a community's report: on screen and as PDF, with the database's numbers."""

from __future__ import annotations

from tests.helpers import Flow, sign_in


def _delivered(flow: Flow) -> dict:
    request = flow.request(quantity=4, item="Генератор 100 кВт")
    pledge = flow.pledge(quantity=4, item="Stromgenerator 100 kVA", value_amount="20000.00")
    allocation = flow.allocate(request["id"], pledge["id"], 4)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena", who="jena")
    shipment = flow.get(f"/api/v1/shipments/{shipment['id']}")
    receipt = flow.receive(shipment, {shipment["lines"][0]["id"]: (3, "good")})
    flow.request(quantity=2, item="Зимові куртки", category="clothing", unit="box")
    return {"shipment": shipment, "receipt": receipt}


def test_partner_report_pdf_has_pledged_shipped_delivered(client, world, pdf_text):
    flow = Flow(client, world)
    done = _delivered(flow)
    response = client.get(
        f"/api/v1/reports/partners/{world.orgs['Jena']}.pdf?lang=en", headers=world.h("jena")
    )
    assert response.status_code == 200, response.text
    text = pdf_text(response.content)
    for value in (
        "Jena",
        "Stromgenerator 100 kVA",
        done["shipment"]["reference"],
        "Brovary",
        done["receipt"]["code"],
        "20,000.00",
        "15,000.00",
    ):
        assert value in text, value
    other = client.get(
        f"/api/v1/reports/partners/{world.orgs['Jena']}.pdf", headers=world.h("kalmar")
    )
    assert other.status_code == 403


def test_community_report_lists_outstanding_needs(client, world, pdf_text):
    flow = Flow(client, world)
    done = _delivered(flow)
    response = client.get(
        f"/api/v1/reports/communities/{world.orgs['Brovary']}.pdf?lang=uk",
        headers=world.h("brovary"),
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Зимові куртки" in text and done["receipt"]["code"] in text
    assert "Ще очікується" in text


def test_report_on_screen(client, world):
    flow = Flow(client, world)
    done = _delivered(flow)
    sign_in(client, "ukraine-hilfe@jena.de")
    page = client.get(f"/reports/partners/{world.orgs['Jena']}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "Stromgenerator 100 kVA" in page.text and done["receipt"]["code"] in page.text
    assert "20,000" in page.text
    assert client.get(f"/reports/partners/{world.orgs['Kalmar kommun']}").status_code == 403
    bad = client.get(f"/reports/partners/{world.orgs['Jena']}?start=2026-12-01&end=2026-01-01")
    assert bad.status_code == 422


CALENDAR_EDGES = [
    "end=9999-12-31",
    "start=0001-01-01",
    "start=0001-01-01&end=9999-12-31",
    "end=0001-01-01",
    "start=9999-12-31&end=9999-12-31",
    "end=2024-02-29",
]


def test_periods_at_the_calendars_edges(client, world, pdf_text):
    """The whole calendar, its first and its last day give an answer, never a 500."""
    flow = Flow(client, world)
    done = _delivered(flow)
    jena, brovary = world.orgs["Jena"], world.orgs["Brovary"]
    for query in CALENDAR_EDGES:
        for path, who in [
            (f"/api/v1/reports/partners/{jena}.pdf", "jena"),
            (f"/api/v1/reports/communities/{brovary}.pdf", "brovary"),
        ]:
            response = client.get(f"{path}?lang=en&{query}", headers=world.h(who))
            assert response.status_code == 200, (path, query, response.text)
    whole = client.get(
        f"/api/v1/reports/partners/{jena}.pdf?lang=en&start=0001-01-01&end=9999-12-31",
        headers=world.h("jena"),
    )
    assert done["receipt"]["code"] in pdf_text(whole.content)
    sign_in(client, "ukraine-hilfe@jena.de")
    for query in CALENDAR_EDGES:
        page = client.get(f"/reports/partners/{jena}?{query}")
        assert page.status_code == 200, (query, page.text)


def test_default_period_is_twelve_months_back_even_from_a_leap_day():
    from datetime import date

    from tracker.reports.org_reports import period

    assert period(None, date(2024, 2, 29)) == (date(2023, 2, 28), date(2024, 2, 29))
    assert period(None, date(2026, 5, 6)) == (date(2025, 5, 6), date(2026, 5, 6))
    assert period(None, date(1, 3, 1)) == (date.min, date(1, 3, 1))
    assert period(date(2020, 1, 1), None, today=date(2026, 1, 1)) == (
        date(2020, 1, 1),
        date(2026, 1, 1),
    )
