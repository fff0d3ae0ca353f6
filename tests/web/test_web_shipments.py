"""Shipment pages in the browser: list, detail, moves, the receipt form, the documents."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.helpers import EMAILS, Flow, shipment_of, sign_in
from tests.helpers import csrf_of as _csrf
from tracker.db import utcnow
from tracker.shipments.models import Shipment


@pytest.fixture(autouse=True)
def _english(client):  # type: ignore[no-untyped-def]
    """English pages unless a test asks for Ukrainian (the default) with Accept-Language."""
    client.headers["Accept-Language"] = "en"


def _options(html: str) -> list[str]:
    select = re.search(r'<select id="move-status" name="status".*?</select>', html, re.S)
    return re.findall(r'<option value="([a-z_]+)"', select.group(0)) if select else []


def test_partner_sees_its_shipment_and_others_get_404(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    sign_in(client, EMAILS["jena"], "/shipments")
    listing = client.get("/shipments")
    assert listing.status_code == 200
    assert shipment["reference"] in listing.text
    assert "Brovary" in listing.text
    page = client.get(f"/shipments/{shipment['id']}")
    assert page.status_code == 200
    assert shipment["reference"] in page.text and "Stromgenerator 100 kVA" in page.text
    assert "Jena" in page.text  # from the partner

    client.cookies.clear()
    sign_in(client, EMAILS["kalmar"], "/shipments")
    assert shipment["reference"] not in client.get("/shipments").text
    hidden = client.get(f"/shipments/{shipment['id']}")
    assert hidden.status_code == 404
    assert "<html" in hidden.text and shipment["reference"] not in hidden.text


def test_move_form_offers_only_the_allowed_moves(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    sign_in(client, EMAILS["coordinator"], f"/shipments/{shipment['id']}")
    assert _options(client.get(f"/shipments/{shipment['id']}").text) == ["dispatched", "cancelled"]

    client.cookies.clear()
    sign_in(client, EMAILS["jena"], f"/shipments/{shipment['id']}")
    assert _options(client.get(f"/shipments/{shipment['id']}").text) == ["dispatched"]
    flow.move(shipment["id"], "dispatched", "Jena")
    options = _options(client.get(f"/shipments/{shipment['id']}").text)
    assert options == ["in_transit", "at_customs", "arrived"]
    assert "lost" not in options and "returned" not in options

    client.cookies.clear()
    sign_in(client, EMAILS["brovary"], f"/shipments/{shipment['id']}")
    page = client.get(f"/shipments/{shipment['id']}").text
    assert _options(page) == [] and 'name="status"' not in page


def test_posting_a_move_records_it_with_its_place(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["jena"], path)
    token = _csrf(client.get(path).text)
    response = client.post(
        f"{path}/events",
        data={"status": "dispatched", "location": "Jena", "note": "Loaded", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == path
    flow.move(shipment["id"], "in_transit", "Kraków")
    # htmx: only the timeline + form block comes back.
    response = client.post(
        f"{path}/events",
        data={"status": "at_customs", "location": "Shehyni", "note": "Queue of 40 trucks"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="progress"')
    assert "<html" not in response.text
    assert "Shehyni" in response.text and "Queue of 40 trucks" in response.text
    assert "at customs" in response.text
    assert flow.get(f"/api/v1/shipments/{shipment['id']}")["status"] == "at_customs"
    page = client.get(path).text
    assert "Kraków" in page and "Jena" in page
    assert "partner staff" in page  # who: the role for a partner, not the e-mail
    assert "ukraine-hilfe@jena.de" not in page

    client.cookies.clear()
    sign_in(client, EMAILS["coordinator"], path)
    assert "ukraine-hilfe@jena.de" in client.get(path).text


def test_a_move_without_csrf_is_refused(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    sign_in(client, EMAILS["coordinator"], "/shipments")
    response = client.post(f"/shipments/{shipment['id']}/events", data={"status": "dispatched"})
    assert response.status_code == 403
    assert flow.get(f"/api/v1/shipments/{shipment['id']}")["status"] == "planned"


def test_a_forbidden_move_shows_the_409_message(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["coordinator"], path)
    token = _csrf(client.get(path).text)
    response = client.post(
        f"{path}/events",
        data={"status": "arrived", "location": "Brovary", "csrf_token": token},
    )
    assert response.status_code == 409
    assert "cannot move to arrived" in response.text
    assert 'value="Brovary"' in response.text  # what was typed is kept
    assert flow.get(f"/api/v1/shipments/{shipment['id']}")["status"] == "planned"


def test_community_signs_the_receipt_through_the_form(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow, quantity=3)
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "arrived", "Бровари")
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["brovary"], path)
    page = client.get(path).text
    assert f'href="{path}/receipt"' in page  # one tap from the page the QR code opens
    form = client.get(f"{path}/receipt")
    assert form.status_code == 200
    line_id = shipment["lines"][0]["id"]
    assert f'name="lines-{line_id}-quantity_received"' in form.text
    assert 'value="3"' in form.text  # received defaults to shipped
    response = client.post(
        f"{path}/receipt",
        data={
            "csrf_token": _csrf(form.text),
            "received_by": "Ihor Kovalenko",
            "received_role": "Hospital director",
            f"lines-{line_id}-quantity_received": "2",
            f"lines-{line_id}-condition": "damaged",
            f"lines-{line_id}-note": "One cracked in transit",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == path
    data = flow.get(f"/api/v1/shipments/{shipment['id']}")
    assert data["status"] == "delivered" and data["receipt_id"]
    receipt = flow.get(f"/api/v1/receipts/{data['receipt_id']}")
    assert receipt["lines"][0]["quantity_received"] == 2
    assert receipt["lines"][0]["condition"] == "damaged"
    page = client.get(path).text
    assert receipt["code"] in page
    assert f'href="/verify/{receipt["code"]}"' in page
    assert f'href="/api/v1/receipts/{receipt["id"]}.pdf' in page
    verify = client.get(f"/verify/{receipt['code']}")
    assert verify.status_code == 200 and "Ihor Kovalenko" in verify.text
    pdf = client.get(f"/api/v1/receipts/{receipt['id']}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # Signed once: the form now leads back to the shipment.
    again = client.get(f"{path}/receipt", follow_redirects=False)
    assert again.status_code == 303


def test_receiving_more_than_shipped_is_refused_and_changes_nothing(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow, quantity=2)
    flow.move(shipment["id"], "dispatched", "Jena")
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["brovary"], path)
    form = client.get(f"{path}/receipt")
    line_id = shipment["lines"][0]["id"]
    response = client.post(
        f"{path}/receipt",
        data={
            "csrf_token": _csrf(form.text),
            "received_by": "Ihor Kovalenko",
            "received_role": "",
            f"lines-{line_id}-quantity_received": "5",
            f"lines-{line_id}-condition": "good",
            f"lines-{line_id}-note": "",
        },
    )
    assert response.status_code == 409
    assert "received 5 but only 2 pcs were shipped" in response.text
    assert 'value="5"' in response.text and 'value="Ihor Kovalenko"' in response.text
    data = flow.get(f"/api/v1/shipments/{shipment['id']}")
    assert data["status"] == "dispatched" and data["receipt_id"] is None


def test_receipt_form_errors_are_beside_the_fields(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow, quantity=2)
    flow.move(shipment["id"], "dispatched", "Jena")
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["brovary"], path)
    form = client.get(f"{path}/receipt")
    line_id = shipment["lines"][0]["id"]
    response = client.post(
        f"{path}/receipt",
        data={
            "csrf_token": _csrf(form.text),
            "received_by": "",
            f"lines-{line_id}-quantity_received": "-1",
            f"lines-{line_id}-condition": "good",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert re.search(r'id="received_by-error">This field is required\.', response.text)
    assert re.search(
        rf'id="lines-{line_id}-quantity_received-error">Must be at least 0', response.text
    )
    assert flow.get(f"/api/v1/shipments/{shipment['id']}")["receipt_id"] is None


def test_only_the_receiving_community_gets_the_receipt_form(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["brovary"], path)
    assert client.get(f"{path}/receipt").status_code == 409  # not dispatched yet
    flow.move(shipment["id"], "dispatched", "Jena")
    client.cookies.clear()
    sign_in(client, EMAILS["jena"], path)
    assert f'href="{path}/receipt"' not in client.get(path).text
    assert client.get(f"{path}/receipt").status_code == 403


def test_waybill_link_works_with_the_session_cookie(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    path = f"/shipments/{shipment['id']}"
    sign_in(client, EMAILS["brovary"], path)
    page = client.get(path, headers={"Accept-Language": "uk"}).text
    link = re.search(r'href="(/api/v1/shipments/\d+/waybill\.pdf\?lang=uk)"', page)
    assert link, "no waybill link"
    pdf = client.get(link.group(1))
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    certificate = re.search(r'href="(/api/v1/shipments/\d+/donation-certificate\.pdf[^"]*)"', page)
    assert certificate and client.get(certificate.group(1)).content.startswith(b"%PDF")


def test_list_filters_by_status_and_marks_stuck_shipments(client, world, session):
    flow = Flow(client, world)
    planned = shipment_of(flow)
    moving = shipment_of(flow)
    flow.move(moving["id"], "dispatched", "Jena")
    flow.move(moving["id"], "in_transit", "Kraków")
    session.execute(
        update(Shipment)
        .where(Shipment.id == moving["id"])
        .values(last_event_at=utcnow() - timedelta(days=30))
    )
    session.commit()
    sign_in(client, EMAILS["coordinator"], "/shipments")
    page = client.get("/shipments?status=in_transit")
    assert moving["reference"] in page.text and planned["reference"] not in page.text
    assert "Kraków" in page.text and "stuck" in page.text
    assert re.search(r"\d+(\.\d)? km", page.text)  # distance left
    fragment = client.get("/shipments?status=planned", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="shipments"')
    assert planned["reference"] in fragment.text and moving["reference"] not in fragment.text
    assert "stuck" not in client.get("/shipments?status=planned").text.split("<main")[1]


def test_ukrainian_pages_show_translated_statuses(client, world):
    flow = Flow(client, world)
    shipment = shipment_of(flow)
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "in_transit", "Kraków")
    sign_in(client, EMAILS["brovary"], "/shipments")
    listing = client.get("/shipments", headers={"Accept-Language": "uk"})
    assert "в дорозі" in listing.text and "Відправлення" in listing.text
    page = client.get(f"/shipments/{shipment['id']}", headers={"Accept-Language": "uk"})
    assert "Статус: в дорозі" in page.text
    assert "Підписати акт приймання" in page.text
