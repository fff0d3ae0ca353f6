"""Shipment routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response

from tracker.auth.deps import Coordinator, CurrentUser
from tracker.db import SessionDep
from tracker.fields import Id, Search
from tracker.i18n import pick_language
from tracker.pagination import Page, Pagination, page_json
from tracker.pdf_response import pdf_response
from tracker.shipments import documents, service
from tracker.shipments.models import (
    EventCreate,
    ShipmentCreate,
    ShipmentRead,
    TransportDetails,
)
from tracker.vocab import ShipmentStatus

router = APIRouter(tags=["shipments"])


@router.post("/shipments", response_model=ShipmentRead, status_code=201)
def create_shipment(data: ShipmentCreate, session: SessionDep, user: Coordinator) -> ShipmentRead:
    """Plan a shipment from allocations going to one community."""
    shipment = service.create(session, data, user)
    return service.read(session, shipment.id, user)


@router.get("/shipments", response_model=Page[ShipmentRead])
def list_shipments(
    session: SessionDep,
    user: CurrentUser,
    page: Pagination,
    status: ShipmentStatus | None = None,
    community_id: Id | None = None,
    partner_id: Id | None = None,
    q: Search | None = None,
) -> Page[ShipmentRead]:
    filters = service.Filters(status, community_id, partner_id, q)
    items, total = service.list_shipments(session, user, filters, page.limit, page.offset)
    return page_json(items, total)  # type: ignore[return-value]


@router.patch("/shipments/{shipment_id}", response_model=ShipmentRead)
def update_transport(
    shipment_id: Id, data: TransportDetails, session: SessionDep, user: CurrentUser
) -> ShipmentRead:
    """Change the transport details (only the fields sent) while the shipment is planned:
    coordinators and the sending partner."""
    service.update_transport(session, shipment_id, data, user)
    return service.read(session, shipment_id, user)


@router.get("/shipments/{shipment_id}", response_model=ShipmentRead)
def read_shipment(shipment_id: Id, session: SessionDep, user: CurrentUser) -> ShipmentRead:
    return service.read(session, shipment_id, user)


@router.post("/shipments/{shipment_id}/events", response_model=ShipmentRead, status_code=201)
def post_event(
    shipment_id: Id, data: EventCreate, session: SessionDep, user: CurrentUser
) -> ShipmentRead:
    """Move the shipment (409 on a move the state machine forbids)."""
    service.post_event(session, shipment_id, data, user)
    return service.read(session, shipment_id, user)


@router.get("/shipments/{shipment_id}/waybill.pdf", response_class=Response)
def waybill(
    shipment_id: Id,
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    lang: str | None = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Response:
    """The waybill (A4 PDF), in `lang` (uk, en, de, sv) or the browser's language."""
    shipment = service.get_visible(session, shipment_id, user)
    base_url = request.app.state.settings.base_url
    content = documents.waybill_pdf(
        session, shipment, base_url, pick_language(lang, accept_language)
    )
    return pdf_response(content, f"waybill-{shipment.reference}.pdf")


@router.get("/shipments/{shipment_id}/donation-certificate.pdf", response_class=Response)
def donation_certificate(
    shipment_id: Id,
    session: SessionDep,
    user: CurrentUser,
    lang: str | None = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Response:
    """The donation certificate border crossings ask for (A4 PDF)."""
    shipment = service.get_visible(session, shipment_id, user)
    content = documents.donation_certificate_pdf(
        session, shipment, pick_language(lang, accept_language)
    )
    return pdf_response(content, f"donation-{shipment.reference}.pdf")
