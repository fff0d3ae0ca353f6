"""The delivery receipt as PDF, and checking an uploaded PDF against the original."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tracker.db import as_utc, write_transaction
from tracker.documents import (
    LANGUAGES,
    AttachmentLine,
    Party,
    ReceiptData,
    ReceiptLine,
    render_receipt,
)
from tracker.orgs.models import Organization
from tracker.receipts.models import Receipt, ReceiptCopy
from tracker.receipts.models import ReceiptLine as ReceiptLineRow
from tracker.shipments.documents import party
from tracker.shipments.models import Shipment


def receipt_pdf(session: Session, receipt: Receipt, base_url: str, lang: str) -> bytes:
    """Deterministic for a receipt and language, so a downloaded copy can be checked byte-wise."""
    shipment = session.get(Shipment, receipt.shipment_id)
    assert shipment is not None
    content = json.loads(receipt.content)
    items = {line["line"]: line for line in content["lines"]}
    rows = session.exec(
        select(ReceiptLineRow)
        .where(ReceiptLineRow.receipt_id == receipt.id)
        .order_by(ReceiptLineRow.id)
    ).all()
    community = session.get(Organization, shipment.community_id)
    received_at = as_utc(receipt.received_at)
    data = ReceiptData(
        code=receipt.code,
        shipment_reference=shipment.reference,
        consignor=Party(name=", ".join(content["partners"]) or "—"),
        consignee=party(community, shipment.destination),
        lines=[
            ReceiptLine(
                item=items[row.shipment_line_id]["item"],
                unit=items[row.shipment_line_id]["unit"],
                quantity_shipped=row.quantity_shipped,
                quantity_received=row.quantity_received,
                condition=row.condition,
                note=row.note,
            )
            for row in rows
        ],
        received_by=receipt.received_by,
        received_by_role=receipt.received_role,
        received_at=received_at,  # type: ignore[arg-type]
        sha256=receipt.sha256,
        verify_url=f"{base_url}/verify/{receipt.code}",
        generated_at=received_at,
        attachments=_attachments(session, receipt, list(rows)),
    )
    return render_receipt(data, lang)


def _attachments(session: Session, receipt: Receipt, rows: list) -> list[AttachmentLine]:
    """The receipt's attachments, oldest first, with the number of the line each shows."""
    from tracker.attachments.service import attachments_of

    numbers = {row.id: number for number, row in enumerate(rows, start=1)}
    return [
        AttachmentLine(
            filename=a.filename,
            sha256=a.sha256,
            line=numbers.get(a.receipt_line_id) if a.receipt_line_id else None,
        )
        for a in attachments_of(session, "receipts", receipt.id)  # type: ignore[arg-type]
    ]


def issue_pdf(session: Session, receipt: Receipt, base_url: str, lang: str) -> bytes:
    """The receipt PDF to hand out, its digest kept so that this very copy verifies later."""
    pdf = receipt_pdf(session, receipt, base_url, lang)
    digest = hashlib.sha256(pdf).hexdigest()
    if not issued(session, receipt, digest):
        try:
            with write_transaction(session):
                session.add(ReceiptCopy(receipt_id=receipt.id, lang=lang, sha256=digest))
        except IntegrityError:
            pass  # a simultaneous download of the same copy recorded it first
    return pdf


def issued(session: Session, receipt: Receipt, digest: str) -> bool:
    """tracker handed out a PDF of this receipt with this SHA-256."""
    return (
        session.exec(
            select(ReceiptCopy.id).where(
                ReceiptCopy.receipt_id == receipt.id, ReceiptCopy.sha256 == digest
            )
        ).first()
        is not None
    )


def matches_original(session: Session, receipt: Receipt, base_url: str, pdf: bytes) -> bool:
    """True when the uploaded bytes are a receipt PDF tracker issued: one handed out (its digest
    was kept), or one it would draw now in any language (copies from before digests were kept).
    """
    digest = hashlib.sha256(pdf).hexdigest()
    return issued(session, receipt, digest) or any(
        hashlib.sha256(receipt_pdf(session, receipt, base_url, lang)).hexdigest() == digest
        for lang in LANGUAGES
    )
