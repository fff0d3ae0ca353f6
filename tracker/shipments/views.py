"""Shipment pages: the list, one shipment (timeline, moves, map) and the delivery receipt form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from tracker.allocations import service as allocations
from tracker.attachments import views as attachment_views
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.errors import N_, Conflict, DomainError, Forbidden
from tracker.fields import Id
from tracker.geo import forms as place_form
from tracker.receipts import service as receipts
from tracker.receipts.models import ReceiptCreate, ReceiptLineIn
from tracker.shipments import service
from tracker.shipments.models import (
    EventCreate,
    ShipmentCreate,
    ShipmentRead,
    TransportDetails,
)
from tracker.vocab import ShipmentStatus
from tracker.web.forms import FormData, parse_form, translator
from tracker.web.render import error_text, is_htmx, language, page_context, render
from tracker.web.security import Csrf, PageCoordinator, PageUser

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
STATUSES = [s.value for s in ShipmentStatus]


@router.get("/shipments", response_class=HTMLResponse)
def shipment_list(
    request: Request,
    session: SessionDep,
    user: PageUser,
    status: str = "",
    offset: str = "0",
) -> Response:
    """The shipments this user may see, one status tab at a time, 50 a page."""
    chosen = status if status in STATUSES else ""
    start = max(int(offset), 0) if offset.isdigit() else 0
    filters = service.Filters(status=ShipmentStatus(chosen) if chosen else None)
    items, total = service.list_shipments(session, user, filters, PAGE_SIZE, start)
    stuck_after = request.app.state.settings.stuck_after_days
    context = {
        "shipments": items,
        "stuck": {s.id for s in items if service.is_stuck(s, stuck_after)},
        "stuck_after": stuck_after,
        "statuses": STATUSES,
        "status": chosen,
        "total": total,
        "offset": start,
        "page_size": PAGE_SIZE,
    }
    return render(request, "shipments/list.html", context, block="shipment_list")


# The form fields, named as in the API: the transport details, and the planning form's reference.
TRANSPORT_FIELDS = tuple(TransportDetails.model_fields)
PLAN_FIELDS = (*TRANSPORT_FIELDS, "reference")


def _plan_page(
    request: Request,
    session: Session,
    values: dict[str, Any],
    problem: str | None = None,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    groups: dict[str, list[dict[str, object]]] = {}
    for row in allocations.ready_to_ship(session):
        groups.setdefault(str(row["community"]), []).append(row)
    context = {"groups": groups, "values": values, "problem": problem, "errors": errors or {}}
    return render(request, "shipments/new.html", context, status=status)


@router.get("/shipments/new", response_class=HTMLResponse)
def plan_form(request: Request, session: SessionDep, user: PageCoordinator) -> Response:
    """Coordinators group allocations going to one community into a planned shipment."""
    return _plan_page(request, session, {"allocation_ids": []})


@router.post("/shipments/new", response_class=HTMLResponse, dependencies=[Csrf])
async def plan_shipment(request: Request, session: SessionDep, user: PageCoordinator) -> Response:
    """Create the shipment; on a refusal show the form again with the reason."""
    form = await request.form()
    ids = [int(v) for v in form.getlist("allocation_ids") if str(v).isdigit()]
    values: dict[str, Any] = {key: str(form.get(key, "")).strip() for key in PLAN_FIELDS}
    values["allocation_ids"] = ids
    if not ids:
        problem = translator(request)("Tick at least one allocation.")
        return await run_in_threadpool(_plan_page, request, session, values, problem, 422)
    data, errors = parse_form(ShipmentCreate, values, translator(request))
    if data is None:
        problem = translator(request)("Please correct the fields marked below.")
        return await run_in_threadpool(_plan_page, request, session, values, problem, 422, errors)
    try:
        shipment = await run_in_threadpool(service.create, session, data, user)
    except DomainError as exc:
        problem = error_text(request, exc)
        return await run_in_threadpool(
            _plan_page, request, session, values, problem, exc.status_code
        )
    return RedirectResponse(f"/shipments/{shipment.id}", status_code=303)


@router.get("/shipments/{shipment_id}", response_class=HTMLResponse)
def shipment_page(
    shipment_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """One shipment: header, lines, timeline, the moves this user may post, the map."""
    context = _detail(request, session, user, shipment_id)
    return render(request, "shipments/detail.html", context, block="progress")


@router.post("/shipments/{shipment_id}/events", response_class=HTMLResponse, dependencies=[Csrf])
def post_move(
    shipment_id: Id,
    request: Request,
    session: SessionDep,
    user: PageUser,
    status: Annotated[str, Form()] = "",
    location: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    katottg: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Post a move; back to the page (htmx: the timeline and form block)."""
    tr = translator(request)
    values = {"status": status, "location": location, "note": note, "katottg": katottg}
    as_typed = place_form.take_choice(values)
    data, errors = parse_form(EventCreate, values, tr)
    problem = None
    code = 422
    if data is not None:
        try:
            place_form.ask_which(data.location, data.katottg, as_typed, "location")
            service.post_event(session, shipment_id, data, user)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            problem, code = error_text(request, exc), exc.status_code
        else:
            if not is_htmx(request):
                return RedirectResponse(f"/shipments/{shipment_id}", status_code=303)
            context = _detail(request, session, user, shipment_id)
            return render(request, "shipments/detail.html", context, block="progress")
    context = _detail(request, session, user, shipment_id)
    context |= {"move_values": values, "move_errors": errors, "move_problem": problem}
    return render(request, "shipments/detail.html", context, block="progress", status=code)


@router.post("/shipments/{shipment_id}/transport", response_class=HTMLResponse, dependencies=[Csrf])
def edit_transport(
    shipment_id: Id, request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    """Change the transport details of a planned shipment; back to its page."""
    tr = translator(request)
    values = {name: str(form.get(name, "")).strip() for name in TRANSPORT_FIELDS}
    parsed, errors = parse_form(TransportDetails, values, tr)
    problem, code = tr("Please correct the fields marked below."), 422
    if parsed is not None:
        # Every field counts as given: one emptied on the form is cleared.
        data = TransportDetails.model_validate(parsed.model_dump())
        try:
            service.update_transport(session, shipment_id, data, user)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            problem, code = error_text(request, exc), exc.status_code
        else:
            return RedirectResponse(f"/shipments/{shipment_id}", status_code=303)
    context = _detail(request, session, user, shipment_id)
    context |= {
        "transport_values": values,
        "transport_errors": errors,
        "transport_problem": problem,
    }
    return render(request, "shipments/detail.html", context, status=code)


@router.get("/shipments/{shipment_id}/receipt", response_class=HTMLResponse)
def receipt_form(
    shipment_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """The delivery receipt form: what arrived, line by line."""
    shipment = _receivable(request, session, user, shipment_id)
    if isinstance(shipment, Response):
        return shipment
    values: dict[str, Any] = {"received_by": user.full_name, "received_role": ""}
    for line in shipment.lines:
        values[f"lines-{line.id}-quantity_received"] = str(line.quantity)
        values[f"lines-{line.id}-condition"] = "good"
        values[f"lines-{line.id}-note"] = ""
    return render(
        request,
        "shipments/receipt.html",
        {"shipment": shipment, "values": values, "errors": {}, "problem": None},
        block="receipt_form",
    )


@router.post("/shipments/{shipment_id}/receipt", response_class=HTMLResponse, dependencies=[Csrf])
def sign_receipt(
    shipment_id: Id, request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    """File the receipt; the shipment becomes delivered and the page shows its code."""
    shipment = _receivable(request, session, user, shipment_id)
    if isinstance(shipment, Response):
        return shipment
    tr = translator(request)
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    data, errors = _receipt_from_form(shipment, values, tr)
    problem, code = None, 422
    if data is not None:
        try:
            receipts.file_receipt(session, shipment_id, data, user)
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            problem, code = error_text(request, exc), exc.status_code
        else:
            target = f"/shipments/{shipment_id}"
            if is_htmx(request):
                return Response(status_code=204, headers={"HX-Redirect": target})
            return RedirectResponse(target, status_code=303)
    context = {"shipment": shipment, "values": values, "errors": errors, "problem": problem}
    return render(request, "shipments/receipt.html", context, block="receipt_form", status=code)


def _receipt_from_form(
    shipment: ShipmentRead, values: dict[str, str], tr: Callable[[str], str]
) -> tuple[ReceiptCreate | None, dict[str, str]]:
    """The `ReceiptCreate` from `received_by`, `received_role` and `lines-<id>-<field>`."""
    errors: dict[str, str] = {}
    lines = []
    for line in shipment.lines:
        prefix = f"lines-{line.id}-"
        fields = {
            "line_id": line.id,
            "quantity_received": values.get(prefix + "quantity_received", ""),
            "condition": values.get(prefix + "condition", ""),
            "note": values.get(prefix + "note", ""),
        }
        parsed, line_errors = parse_form(ReceiptLineIn, fields, tr)
        errors |= {prefix + name: message for name, message in line_errors.items()}
        if parsed is not None:
            lines.append(parsed.model_dump())
    header = {
        "received_by": values.get("received_by", "").strip(),
        "received_role": values.get("received_role", "").strip(),
        "lines": lines,
    }
    data, header_errors = parse_form(ReceiptCreate, header, tr)
    errors |= {k: v for k, v in header_errors.items() if k != "lines"}
    if errors:
        return None, errors
    return data, {}


def _receivable(
    request: Request, session: Session, user: User, shipment_id: Id
) -> ShipmentRead | Response:
    """The shipment if this user may sign its receipt now; else the page or the reason."""
    shipment = service.read(session, shipment_id, user)
    if shipment.receipt_id is not None:
        return RedirectResponse(f"/shipments/{shipment_id}", status_code=303)
    if not service.is_receiver(shipment, user):
        raise Forbidden(N_("Only the receiving community or a coordinator may sign the receipt."))
    if not service.may_sign_receipt(shipment, user):
        raise Conflict(
            N_("This shipment cannot be received now: it is %(shipment_status)s."),
            shipment_status=shipment.status,
        )
    return shipment


def _detail(request: Request, session: Session, user: User, shipment_id: Id) -> dict[str, Any]:
    """Everything the shipment page shows, read through the shipment and receipt services."""
    ctx = page_context(request)
    shipment = service.read(session, shipment_id, user)
    receipt = (
        receipts.get_visible(session, shipment.receipt_id, user)
        if shipment.receipt_id is not None
        else None
    )
    return {
        "shipment": shipment,
        "moves": [m.value for m in service.moves_for(session, shipment_id, user)],
        "partners": service.partner_names(session, shipment.lines),
        "actors": service.actors_of(session, shipment.events),
        "show_emails": user.is_coordinator,
        "may_sign": service.may_sign_receipt(shipment, user),
        "receipt": receipt,
        "points": _points(shipment, ctx["label"], ctx["moment"], ctx["tr"]),
        "doc_lang": language(request),
        "move_values": {"status": "", "location": "", "note": ""},
        "move_errors": {},
        "move_problem": None,
        "may_edit_transport": service.may_edit_transport(session, shipment, user),
        "transport_values": {name: getattr(shipment, name) for name in TRANSPORT_FIELDS},
        "transport_errors": {},
        "transport_problem": None,
        "attachments": attachment_views.attachments_section(
            session, user, "shipments", shipment_id
        ),
        "receipt_attachments": attachment_views.receipt_section(
            session, user, receipt, request.app.state.settings.base_url
        )
        if receipt is not None
        else None,
        "comments": attachment_views.comments_section(session, user, "shipments", shipment_id),
    }


def _points(shipment: ShipmentRead, label: Any, moment: Any, tr: Any) -> dict[str, Any]:
    """The map's data: events with coordinates (oldest first) and the destination."""
    events = [
        {
            "lat": e.latitude,
            "lon": e.longitude,
            "status": label("shipment_status", e.status),
            "place": e.location,
            "when": moment(e.created_at),
        }
        for e in shipment.events
        if e.latitude is not None and e.longitude is not None
    ]
    destination = None
    if shipment.destination_latitude is not None and shipment.destination_longitude is not None:
        destination = {
            "lat": shipment.destination_latitude,
            "lon": shipment.destination_longitude,
            "place": shipment.destination,
            "label": tr("Destination"),
        }
    return {"events": events, "destination": destination}
