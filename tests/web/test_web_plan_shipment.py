"""Coordinators plan a shipment from allocations on a page."""

from __future__ import annotations

import re

from tests.helpers import Flow, sign_in


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_coordinator_plans_a_shipment_for_one_community(client, world):
    flow = Flow(client, world)
    brovary = flow.request(quantity=2)
    poltava = flow.request(who="poltava", quantity=1, destination="Полтава")
    pledge = flow.pledge(quantity=3)
    to_brovary = flow.allocate(brovary["id"], pledge["id"], 2)
    to_poltava = flow.allocate(poltava["id"], pledge["id"], 1)
    sign_in(client, "olena@auc.org.ua")
    page = client.get("/shipments/new", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "Brovary" in page.text and "Poltava" in page.text
    mixed = client.post(
        "/shipments/new",
        data={
            "allocation_ids": [to_brovary["id"], to_poltava["id"]],
            "csrf_token": _token(page.text),
        },
        headers={"Accept-Language": "en"},
    )
    assert mixed.status_code == 422 and "one community" in mixed.text
    planned = client.post(
        "/shipments/new",
        data={
            "allocation_ids": [to_brovary["id"]],
            "carrier": "Jenaer Nahverkehr",
            "declaration_code": "UA-HUM-2026-000777",
            "csrf_token": _token(page.text),
        },
        follow_redirects=False,
    )
    assert planned.status_code == 303
    shipment_id = int(planned.headers["location"].rsplit("/", 1)[1])
    shipment = flow.get(f"/api/v1/shipments/{shipment_id}")
    assert shipment["status"] == "planned" and shipment["carrier"] == "Jenaer Nahverkehr"
    assert [x["allocation_id"] for x in shipment["lines"]] == [to_brovary["id"]]


def test_only_coordinators_plan_shipments(client, world):
    sign_in(client, "ukraine-hilfe@jena.de")
    assert client.get("/shipments/new").status_code == 403


def test_transport_details_go_on_the_shipment_and_bad_numbers_are_explained(
    client, world, pdf_text
):
    flow = Flow(client, world)
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    sign_in(client, "olena@auc.org.ua")
    page = client.get("/shipments/new", headers={"Accept-Language": "uk"})
    assert "Номери пломб" in page.text and 'name="gross_weight_kg"' in page.text
    fields = {
        "allocation_ids": [allocation["id"]],
        "carrier": "Spedition Müller GmbH",
        "vehicle": "MAN TGX, J-AB 123 / J-XY 77",
        "driver_name": "Андрій Коваль",
        "driver_phone": "+380 67 123 45 67",
        "transport_document": "CMR 0458812",
        "seal_numbers": "UA 118 204, UA 118 205",
        "volume_m3": "6.5",
        "csrf_token": _token(page.text),
    }
    refused = client.post(
        "/shipments/new",
        data=fields | {"gross_weight_kg": "-40"},
        headers={"Accept-Language": "uk"},
    )
    assert refused.status_code == 422
    assert "Виправте, будь ласка, позначені нижче поля." in refused.text
    assert 'id="gross_weight_kg-error"' in refused.text
    assert 'value="Андрій Коваль"' in refused.text  # nothing typed is lost
    planned = client.post(
        "/shipments/new", data=fields | {"gross_weight_kg": "1840.5"}, follow_redirects=False
    )
    assert planned.status_code == 303
    shipment_id = int(planned.headers["location"].rsplit("/", 1)[1])
    shipment = flow.get(f"/api/v1/shipments/{shipment_id}")
    assert (shipment["driver_name"], shipment["driver_phone"]) == (
        "Андрій Коваль",
        "+380 67 123 45 67",
    )
    assert shipment["transport_document"] == "CMR 0458812"
    assert shipment["seal_numbers"] == "UA 118 204, UA 118 205"
    assert (shipment["gross_weight_kg"], shipment["volume_m3"]) == ("1840.5", "6.50")
    detail = client.get(f"/shipments/{shipment_id}", headers={"Accept-Language": "uk"})
    assert "Андрій Коваль" in detail.text and 'href="tel:+380671234567"' in detail.text
    assert "CMR 0458812" in detail.text and "кг" in detail.text
    waybill = client.get(f"/api/v1/shipments/{shipment_id}/waybill.pdf?lang=uk")
    text = pdf_text(waybill.content)
    assert "Андрій Коваль, +380 67 123 45 67" in text and "CMR 0458812" in text
    assert "UA 118 204, UA 118 205" in text and "1 840,5" in text and "6,5" in text


def test_transport_details_change_until_dispatch(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=1)
    pledge = flow.pledge(quantity=1)
    shipment = flow.ship([flow.allocate(request["id"], pledge["id"], 1)["id"]])
    url = f"/api/v1/shipments/{shipment['id']}"
    # The sending partner adds the driver once the truck is booked; other fields stay.
    changed = client.patch(
        url,
        json={"driver_name": "Jürgen Weiß", "seal_numbers": "DE 4471", "gross_weight_kg": "950"},
        headers=world.h("jena"),
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["driver_name"], body["seal_numbers"], body["gross_weight_kg"]) == (
        "Jürgen Weiß",
        "DE 4471",
        "950.0",
    )
    assert body["carrier"] == "Jenaer Nahverkehr"  # not sent, not changed
    assert client.patch(url, json={"vehicle": "x"}, headers=world.h("kalmar")).status_code == 404
    assert client.patch(url, json={"vehicle": "x"}, headers=world.h("brovary")).status_code == 403
    assert client.patch(url, json={"volume_m3": "-1"}, headers=world.h("jena")).status_code == 422
    audit = flow.get(f"/api/v1/audit?entity=shipment&id={shipment['id']}")["items"]
    update = next(e for e in audit if e["action"] == "update")
    assert update["before"]["driver_name"] == "" and update["after"]["driver_name"] == "Jürgen Weiß"

    # On the page: the coordinator clears the seals and corrects the plate.
    sign_in(client, "olena@auc.org.ua")
    page = client.get(f"/shipments/{shipment['id']}", headers={"Accept-Language": "uk"})
    assert "Змінити дані про перевезення" in page.text and 'value="Jürgen Weiß"' in page.text
    form = {
        "csrf_token": _token(page.text),
        "carrier": "Jenaer Nahverkehr",
        "vehicle": "MAN TGX, J-AB 123",
        "driver_name": "Jürgen Weiß",
        "driver_phone": "+49 3641 0000",
        "seal_numbers": "",
        "gross_weight_kg": "950",
    }
    saved = client.post(f"/shipments/{shipment['id']}/transport", data=form, follow_redirects=False)
    assert saved.status_code == 303
    now = flow.get(url)
    assert (now["vehicle"], now["seal_numbers"], now["driver_phone"]) == (
        "MAN TGX, J-AB 123",
        "",
        "+49 3641 0000",
    )
    bad = client.post(
        f"/shipments/{shipment['id']}/transport",
        data=form | {"gross_weight_kg": "важко"},
        headers={"Accept-Language": "uk"},
    )
    assert bad.status_code == 422 and 'id="gross_weight_kg-error"' in bad.text

    flow.move(shipment["id"], "dispatched", "Jena", who="jena")
    late = client.patch(url, json={"driver_name": "Someone else"}, headers=world.h("coordinator"))
    assert late.status_code == 409 and "only while the shipment is planned" in late.json()["detail"]
    after = client.get(f"/shipments/{shipment['id']}", headers={"Accept-Language": "uk"})
    assert "Змінити дані про перевезення" not in after.text
