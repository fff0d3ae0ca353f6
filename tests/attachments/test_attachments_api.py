"""Attachments through the API: checked by content, stripped of location, served only to
those who read the parent."""

from __future__ import annotations

import hashlib
import io
import zipfile

from PIL import Image
from sqlmodel import select

from tests.attachments.conftest import phone_photo, small_pdf, small_png, upload
from tracker.attachments.models import Attachment
from tracker.audit.models import AuditEntry


def test_phone_photo_is_stored_without_location_resized_with_thumbnail(flow, delivered, session):
    photo = phone_photo()
    assert len(photo) > 5 * 1024 * 1024
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the GPS is there to start
    receipt = delivered["receipt"]
    line = receipt["lines"][0]["id"]
    response = upload(
        flow, "receipts", receipt["id"], "brovary", "IMG_2041.jpg", photo, receipt_line_id=line
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["content_type"] == "image/jpeg" and body["filename"] == "IMG_2041.jpg"
    assert body["receipt_line_id"] == line
    stored = flow.client.get(body["url"], headers=flow.world.h("brovary"))
    assert stored.status_code == 200
    assert stored.headers["content-type"] == "image/jpeg"
    assert stored.headers["x-content-type-options"] == "nosniff"
    assert stored.headers["content-disposition"].startswith("inline")
    image = Image.open(io.BytesIO(stored.content))
    exif = image.getexif()
    assert not exif.get_ifd(0x8825) and 0x8825 not in exif and 0x010F not in exif
    assert b"Samsung" not in stored.content
    assert max(image.size) == 2560 and body["size"] == len(stored.content) < len(photo)
    thumb = flow.client.get(body["thumbnail_url"], headers=flow.world.h("jena"))
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320
    listed = flow.get(f"/api/v1/receipts/{receipt['id']}/attachments", who="jena")
    assert [a["id"] for a in listed["items"]] == [body["id"]]
    assert set(listed["items"][0]) >= {
        "id",
        "filename",
        "content_type",
        "size",
        "url",
        "thumbnail_url",
    }
    audit = session.exec(
        select(AuditEntry).where(
            AuditEntry.entity == "attachment", AuditEntry.entity_id == body["id"]
        )
    ).all()
    assert [a.action for a in audit] == ["create"]


def test_pdf_is_a_download_never_a_page(flow, delivered):
    shipment = delivered["shipment"]
    response = upload(flow, "shipments", shipment["id"], "jena", "CMR <script>.pdf", small_pdf())
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["thumbnail_url"] is None and body["content_type"] == "application/pdf"
    served = flow.client.get(body["url"], headers=flow.world.h("brovary"))
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("attachment;")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in served.headers["content-security-policy"]


def test_php_renamed_jpg_is_refused(flow, delivered, session):
    php = b"<?php system($_GET['cmd']); ?>"
    response = upload(flow, "requests", delivered["request"]["id"], "brovary", "photo.jpg", php)
    assert response.status_code == 422
    assert "not a JPEG, PNG or WebP photo nor a PDF" in response.json()["detail"]
    assert session.exec(select(Attachment)).all() == []


def test_svg_with_script_is_refused(flow, delivered):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    for name in ("drawing.svg", "drawing.png"):
        response = upload(flow, "shipments", delivered["shipment"]["id"], "jena", name, svg)
        assert response.status_code == 422
        assert "the content is checked, not the name" in response.json()["detail"]


def test_30_mb_pdf_is_refused_with_413(flow, delivered):
    big = b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024)
    response = upload(flow, "shipments", delivered["shipment"]["id"], "jena", "scan.pdf", big)
    assert response.status_code == 413
    assert "larger than 20 MB" in response.json()["detail"]


def test_zip_and_decompression_bombs_are_refused(flow, delivered):
    shipment_id = delivered["shipment"]["id"]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"\0" * (50 * 1024 * 1024))
    response = upload(flow, "shipments", shipment_id, "jena", "photo.jpg", packed.getvalue())
    assert response.status_code == 422
    assert "not a JPEG, PNG or WebP photo nor a PDF" in response.json()["detail"]
    bomb = io.BytesIO()
    Image.new("1", (30000, 30000)).save(bomb, "PNG")  # 900 megapixels in a few hundred KB
    assert len(bomb.getvalue()) < 1024 * 1024
    response = upload(flow, "shipments", shipment_id, "jena", "photo.png", bomb.getvalue())
    assert response.status_code == 422
    assert "too many pixels" in response.json()["detail"]
    just_over = io.BytesIO()
    Image.new("1", (8000, 7000)).save(just_over, "PNG")  # 56 Mpx: within Pillow's own guard
    response = upload(flow, "shipments", shipment_id, "jena", "photo.png", just_over.getvalue())
    assert response.status_code == 422
    assert "too many pixels" in response.json()["detail"]


def test_broken_pdf_is_refused(flow, delivered):
    response = upload(
        flow, "shipments", delivered["shipment"]["id"], "jena", "a.pdf", b"%PDF-1.4\ngarbage"
    )
    assert response.status_code == 422
    assert "This PDF cannot be read" in response.json()["detail"]


def test_other_community_gets_404_on_file_list_and_upload(flow, delivered):
    shipment = delivered["shipment"]
    body = upload(flow, "shipments", shipment["id"], "jena", "load.png", small_png()).json()
    for path in (
        body["url"],
        body["thumbnail_url"],
        f"/api/v1/shipments/{shipment['id']}/attachments",
    ):
        assert flow.client.get(path, headers=flow.world.h("poltava")).status_code == 404, path
        assert flow.client.get(path, headers=flow.world.h("kalmar")).status_code == 404, path
        assert flow.client.get(path).status_code == 401
    refused = upload(flow, "shipments", shipment["id"], "poltava", "x.png", small_png())
    assert refused.status_code == 404
    receipt = delivered["receipt"]
    refused = upload(flow, "receipts", receipt["id"], "poltava", "x.png", small_png())
    assert refused.status_code == 404


def test_who_may_attach(flow, delivered):
    request_id = delivered["request"]["id"]
    refused = upload(flow, "requests", request_id, "jena", "spec.png", small_png())
    assert refused.status_code == 403
    assert (
        upload(flow, "requests", request_id, "coordinator", "spec.png", small_png()).status_code
        == 201
    )
    listed = flow.get(f"/api/v1/requests/{request_id}/attachments", who="kalmar")
    assert listed["total"] == 1  # every signed-in user reads requests
    receipt = delivered["receipt"]
    assert upload(flow, "receipts", receipt["id"], "jena", "x.png", small_png()).status_code == 403
    other_line = upload(
        flow, "receipts", receipt["id"], "brovary", "x.png", small_png(), receipt_line_id=999999
    )
    assert other_line.status_code == 422


def test_file_name_cannot_reach_outside_storage(flow, delivered, settings):
    response = upload(
        flow, "shipments", delivered["shipment"]["id"], "jena", "../../etc/passwd.png", small_png()
    )
    assert response.status_code == 201
    assert response.json()["filename"] == "passwd.png"
    root = settings.data_dir / "attachments"
    stored = [p for p in root.rglob("*") if p.is_file()]
    assert stored and all("passwd" not in p.name for p in stored)


def test_receipt_pdf_lists_attachments_with_their_sha256(flow, delivered, pdf_text):
    receipt = delivered["receipt"]
    line = receipt["lines"][0]["id"]
    photo = upload(
        flow, "receipts", receipt["id"], "brovary", "damage.png", small_png(), receipt_line_id=line
    ).json()
    act = upload(flow, "receipts", receipt["id"], "brovary", "signed act.pdf", small_pdf()).json()
    stored = flow.client.get(act["url"], headers=flow.world.h("brovary")).content
    assert act["sha256"] == hashlib.sha256(stored).hexdigest()
    response = flow.client.get(
        f"/api/v1/receipts/{receipt['id']}.pdf?lang=en", headers=flow.world.h("brovary")
    )
    text = pdf_text(response.content).replace("\n", "")
    assert "Attached photos and papers" in text
    for attachment in (photo, act):
        assert attachment["filename"] in text and attachment["sha256"] in text


def test_verify_page_recognises_an_attached_file(flow, delivered):
    receipt = delivered["receipt"]
    act = upload(flow, "receipts", receipt["id"], "brovary", "act.pdf", small_pdf()).json()
    stored = flow.client.get(act["url"], headers=flow.world.h("brovary")).content
    page = flow.client.get(f"/verify/{receipt['code']}?lang=en")
    assert act["sha256"] in page.text and "act.pdf" not in page.text  # hashes, not names
    checked = flow.client.post(
        f"/verify/{receipt['code']}?lang=en", files={"pdf": ("act.pdf", stored, "application/pdf")}
    )
    assert "attached to this receipt, unchanged" in checked.text
    forged = flow.client.post(
        f"/verify/{receipt['code']}?lang=en",
        files={"pdf": ("act.pdf", stored + b"\n%forged", "application/pdf")},
    )
    assert "does NOT match" in forged.text
    pasted = flow.client.post(f"/verify/{receipt['code']}?lang=en", data={"sha256": act["sha256"]})
    assert "attached to this receipt, unchanged" in pasted.text
