"""Receipt routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response

from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.fields import Id
from tracker.i18n import pick_language
from tracker.pdf_response import pdf_response
from tracker.receipts import documents, service
from tracker.receipts.models import ReceiptCreate, ReceiptRead

router = APIRouter(tags=["receipts"])


@router.post("/shipments/{shipment_id}/receipt", response_model=ReceiptRead, status_code=201)
def file_receipt(
    shipment_id: Id, data: ReceiptCreate, request: Request, session: SessionDep, user: CurrentUser
) -> ReceiptRead:
    """Sign for a shipment line by line; the shipment becomes delivered."""
    receipt = service.file_receipt(session, shipment_id, data, user)
    return service.to_read(session, receipt, request.app.state.settings.base_url)


@router.get("/receipts/{receipt_id}.pdf", response_class=Response)
def receipt_pdf(
    receipt_id: Id,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    lang: str | None = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Response:
    """The signed delivery receipt (A4 PDF) with its hash and verification QR code."""
    receipt = service.get_visible(session, receipt_id, user)
    base_url = request.app.state.settings.base_url
    content = documents.issue_pdf(session, receipt, base_url, pick_language(lang, accept_language))
    return pdf_response(content, f"receipt-{receipt.code}.pdf")


@router.get("/receipts/{receipt_id}", response_model=ReceiptRead)
def read_receipt(
    receipt_id: Id, request: Request, session: SessionDep, user: CurrentUser
) -> ReceiptRead:
    receipt = service.get_visible(session, receipt_id, user)
    return service.to_read(session, receipt, request.app.state.settings.base_url)
