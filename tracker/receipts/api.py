"""Receipt routes."""

from __future__ import annotations

from fastapi import APIRouter, Request

from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.receipts import service
from tracker.receipts.models import ReceiptCreate, ReceiptRead

router = APIRouter(tags=["receipts"])


@router.post("/shipments/{shipment_id}/receipt", response_model=ReceiptRead, status_code=201)
def file_receipt(
    shipment_id: int, data: ReceiptCreate, request: Request, session: SessionDep, user: CurrentUser
) -> ReceiptRead:
    """Sign for a shipment line by line; the shipment becomes delivered."""
    receipt = service.file_receipt(session, shipment_id, data, user)
    return service.to_read(session, receipt, request.app.state.settings.base_url)


@router.get("/receipts/{receipt_id}", response_model=ReceiptRead)
def read_receipt(
    receipt_id: int, request: Request, session: SessionDep, user: CurrentUser
) -> ReceiptRead:
    receipt = service.get_visible(session, receipt_id, user)
    return service.to_read(session, receipt, request.app.state.settings.base_url)
