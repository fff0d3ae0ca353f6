"""A partner's and a community's report: on screen and as PDF, with the database's numbers."""

from __future__ import annotations

from tests.web.test_web_session import sign_in
from tests.workflow.conftest import Flow


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
