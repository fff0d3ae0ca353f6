"""The papers as the API serves them: waybill, donation certificate, receipt PDF, /verify."""

from __future__ import annotations

import pytest


def test_waybill_carries_the_database_values(flow, delivered, pdf_text, qr_codes):
    shipment = delivered["shipment"]
    response = flow.client.get(
        f"/api/v1/shipments/{shipment['id']}/waybill.pdf?lang=uk", headers=flow.world.h("jena")
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    for value in (
        shipment["reference"],
        "Jena",
        "Brovary",
        "Stromgenerator 100 kVA",
        "UA-HUM-2026-004211",
        "MAN TGX AB-1234",
        "25 000,00",
    ):
        assert value in text, value
    assert qr_codes(response.content) == [f"https://tracker.example.org/shipments/{shipment['id']}"]
    assert (
        flow.client.get(
            f"/api/v1/shipments/{shipment['id']}/waybill.pdf", headers=flow.world.h("kalmar")
        ).status_code
        == 404
    )


def test_donation_certificate_says_not_for_sale(flow, delivered, pdf_text):
    shipment = delivered["shipment"]
    response = flow.client.get(
        f"/api/v1/shipments/{shipment['id']}/donation-certificate.pdf",
        headers=flow.world.h("coordinator") | {"Accept-Language": "uk-UA,uk;q=0.9"},
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "гуманітарна допомога" in text and "не для продажу" in text
    assert "Stromgenerator 100 kVA" in text


def test_receipt_pdf_has_code_hash_and_qr_to_verify(flow, delivered, pdf_text, qr_codes):
    receipt = delivered["receipt"]
    response = flow.client.get(
        f"/api/v1/receipts/{receipt['id']}.pdf?lang=en", headers=flow.world.h("brovary")
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    for value in (receipt["code"], receipt["sha256"], "Ihor Kovalenko", "Jena", "Brovary"):
        assert value in text, value
    assert qr_codes(response.content) == [f"https://tracker.example.org/verify/{receipt['code']}"]


def test_verify_page_is_public_and_shows_no_account_data(flow, delivered):
    receipt = delivered["receipt"]
    page = flow.client.get(f"/verify/{receipt['code']}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.text
    for value in (
        "Genuine receipt",
        receipt["code"],
        receipt["sha256"],
        "Ihor Kovalenko",
        "Hospital director",
        "Jena",
        "Brovary",
        "Stromgenerator 100 kVA",
    ):
        assert value in html, value
    assert (
        "hospital@brovary-rada.gov.ua" not in html and "@" not in html.split('<main id="main">')[1]
    )
    lower = flow.client.get(f"/verify/{receipt['code'].lower()}?lang=uk")
    assert lower.status_code == 200 and "Справжній акт" in lower.text


def test_unknown_code_is_404(client):
    response = client.get("/verify/RCPT-2345-6789")
    assert response.status_code == 404
    assert "RCPT-7K3Q-M2XA" in response.text


def test_uploaded_copy_matches_and_a_changed_byte_does_not(flow, delivered):
    receipt = delivered["receipt"]
    pdf = flow.client.get(
        f"/api/v1/receipts/{receipt['id']}.pdf?lang=uk", headers=flow.world.h("brovary")
    ).content
    ok = flow.client.post(
        f"/verify/{receipt['code']}?lang=en", files={"pdf": ("receipt.pdf", pdf, "application/pdf")}
    )
    assert ok.status_code == 200 and "This copy matches the original." in ok.text
    tampered = bytearray(pdf)
    tampered[len(pdf) // 2] ^= 0x01
    bad = flow.client.post(
        f"/verify/{receipt['code']}?lang=en",
        files={"pdf": ("receipt.pdf", bytes(tampered), "application/pdf")},
    )
    assert "does NOT match" in bad.text


def test_pasted_hash_is_checked(flow, delivered):
    receipt = delivered["receipt"]
    ok = flow.client.post(
        f"/verify/{receipt['code']}?lang=en", data={"sha256": receipt["sha256"].upper()}
    )
    assert "This copy matches the original." in ok.text
    other = "0" * 64
    bad = flow.client.post(f"/verify/{receipt['code']}?lang=en", data={"sha256": other})
    assert "does NOT match" in bad.text
    junk = flow.client.post(f"/verify/{receipt['code']}?lang=en", data={"sha256": "abc"})
    assert "not a SHA-256 hash" in junk.text


def test_a_copy_handed_out_still_verifies_after_its_names_change(flow, delivered, session):
    """The receipt PDF is drawn anew on each download, so a later change (here the community's
    name; equally a new layout) changes the bytes: copies handed out must still verify."""
    import hashlib

    from tracker.orgs.models import Organization

    receipt = delivered["receipt"]
    url = f"/api/v1/receipts/{receipt['id']}.pdf?lang=uk"
    printed = flow.client.get(url, headers=flow.world.h("brovary")).content
    assert flow.client.get(url, headers=flow.world.h("jena")).content == printed  # one copy kept
    brovary = session.get(Organization, flow.world.orgs["Brovary"])
    brovary.name = "Броварська міська рада"
    session.add(brovary)
    session.commit()
    today = flow.client.get(url, headers=flow.world.h("brovary")).content
    assert today != printed
    for copy in (printed, today):
        check = flow.client.post(
            f"/verify/{receipt['code']}?lang=en",
            files={"pdf": ("receipt.pdf", copy, "application/pdf")},
        )
        assert "This copy matches the original." in check.text
    pasted = flow.client.post(
        f"/verify/{receipt['code']}?lang=en", data={"sha256": hashlib.sha256(printed).hexdigest()}
    )
    assert "This copy matches the original." in pasted.text
    never_issued = flow.client.post(
        f"/verify/{receipt['code']}?lang=en", data={"sha256": hashlib.sha256(b"x").hexdigest()}
    )
    assert "does NOT match" in never_issued.text


def test_a_filed_receipt_cannot_be_changed(flow, delivered, session):
    from tracker.errors import Conflict
    from tracker.receipts.models import Receipt

    stored = session.get(Receipt, delivered["receipt"]["id"])
    stored.received_by = "Somebody else"
    with pytest.raises(Conflict):
        session.commit()
    session.rollback()
