"""Request pages: the list with live filters, filing and editing, the detail, cancelling.

Also the place hint (`/places/hint`) that both the request and the pledge forms use while
someone types a place name. Helpers shared with the pledge pages live here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from tracker.allocations import service as allocations
from tracker.attachments import views as attachment_views
from tracker.audit import service as audit
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.errors import N_, Conflict, Forbidden
from tracker.fields import MAX_ID, Id
from tracker.geo import forms as place_form
from tracker.geo import service as geo
from tracker.geo.lookup import near_point
from tracker.orgs import service as orgs
from tracker.orgs.models import Organization
from tracker.pledges import service as pledges
from tracker.requests import service
from tracker.requests.models import AidRequest, RequestCreate, RequestFields, RequestUpdate
from tracker.shipments import service as shipments
from tracker.vocab import Category, OrgKind, Priority, RequestStatus
from tracker.web import history
from tracker.web.forms import FormData, submit_form
from tracker.web.render import error_text, language, render, user_timezone
from tracker.web.security import Csrf, PageUser

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
AUDIT_LIMIT = 200
REQUEST_FIELDS = (
    "category",
    "item",
    "quantity",
    "unit",
    "priority",
    "needed_by",
    "destination",
    "justification",
    "community_id",
    "katottg",
    "latitude",
    "longitude",
)


# Helpers shared with the pledge pages ------------------------------------------------------


def choice(value: str | None, allowed: Iterable[str]) -> str | None:
    """A filter value if it is one of the allowed codes (a bad bookmark just shows all)."""
    return value if value in set(allowed) else None


def whole(value: str | None, minimum: int = 0) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if minimum <= number <= MAX_ID else None


def pager(
    path: str, params: dict[str, Any], total: int, offset: int, target: str = "#results"
) -> dict[str, Any]:
    """What templates/_pagination.html needs: links that keep the filters."""
    kept = {key: value for key, value in params.items() if value not in (None, "")}

    def url(at: int) -> str:
        query = urlencode(kept | ({"offset": at} if at else {}))
        return f"{path}?{query}" if query else path

    return {
        "total": total,
        "first": offset + 1 if total else 0,
        "last": min(offset + PAGE_SIZE, total),
        "previous": url(max(offset - PAGE_SIZE, 0)) if offset > 0 else None,
        "next": url(offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None,
        "target": target,
    }


def organizations(session: Session, kind: OrgKind) -> list[Organization]:
    found, _total = orgs.list_organizations(session, kind, None, 500, 0)
    return found


def audit_rows(
    request: Request, session: Session, user: User, entity: str, entity_id: Id
) -> list[Any] | None:
    """The history of one record, in words, for coordinators and admins; None for others."""
    if not user.is_coordinator:
        return None
    rows, _total = audit.list_entries(session, entity, entity_id, AUDIT_LIMIT, 0)
    return history.describe(session, rows, entity, language(request), user_timezone(user))


# The list ----------------------------------------------------------------------------------


@router.get("/requests", response_class=HTMLResponse)
def request_list(request: Request, session: SessionDep, user: PageUser) -> Response:
    """All requests, narrowed by the filters; htmx gets only the results block."""
    query = request.query_params
    coordinator = user.is_coordinator
    values = {
        "status": choice(query.get("status"), RequestStatus),
        "category": choice(query.get("category"), Category),
        "priority": choice(query.get("priority"), Priority),
        "community_id": whole(query.get("community_id"), 1) if coordinator else None,
        "q": (query.get("q") or "").strip()[:200] or None,
    }
    offset = whole(query.get("offset")) or 0
    filters = service.Filters(
        status=RequestStatus(values["status"]) if values["status"] else None,
        category=values["category"],
        community_id=values["community_id"],
        priority=values["priority"],
        q=values["q"],
    )
    items, total = service.list_requests(session, filters, PAGE_SIZE, offset)
    context = {
        "items": items,
        "filters": values,
        "pager": pager("/requests", values, total, offset),
        "communities": organizations(session, OrgKind.community) if coordinator else [],
        "may_file": service.may_file(user),
    }
    return render(request, "requests/list.html", context, block="results")


# Filing and editing ------------------------------------------------------------------------


def _form_page(
    request: Request,
    session: Session,
    user: User,
    *,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    problem: str | None = None,
    aid_request: AidRequest | None = None,
    status: int = 200,
) -> Response:
    coordinator = user.is_coordinator
    community = None
    if not coordinator and user.organization_id is not None:
        community = orgs.get(session, user.organization_id)
    context = {
        "values": values,
        "errors": errors or {},
        "problem": problem,
        "aid_request": aid_request,
        "communities": [(org.id, org.name) for org in organizations(session, OrgKind.community)]
        if coordinator and aid_request is None
        else [],
        "community": community,
    }
    return render(request, "requests/form.html", context, block="form", status=status)


@router.get("/requests/new", response_class=HTMLResponse)
def new_request(request: Request, session: SessionDep, user: PageUser) -> Response:
    """The form to file a request."""
    if not service.may_file(user):
        raise Forbidden(N_("Only community staff and coordinators may file requests."))
    values = {"priority": Priority.normal.value, "unit": "pcs"}
    if not user.is_coordinator and user.organization_id is not None:
        values["destination"] = orgs.get(session, user.organization_id).place
    return _form_page(request, session, user, values=values)


@router.post("/requests/new", response_class=HTMLResponse, dependencies=[Csrf])
def create_request(
    request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    """File the request; on bad input show the form again with the messages (422)."""
    if not service.may_file(user):
        raise Forbidden(N_("Only community staff and coordinators may file requests."))
    values = {key: form.get(key, "") for key in REQUEST_FIELDS}
    if not user.is_coordinator:
        values.pop("community_id")

    as_typed = place_form.take_choice(values)

    def save(data: RequestCreate) -> str:
        picked = as_typed or data.latitude is not None
        near = near_point(session, data.community_id or user.organization_id)
        place_form.ask_which(data.destination, data.katottg, picked, "destination", near)
        return f"/requests/{service.create(session, data, user).id}"

    def form_again(**shown: Any) -> Response:
        return _form_page(request, session, user, values=values, **shown)

    return submit_form(request, RequestCreate, values, REQUEST_FIELDS, save, form_again)


def _editable(request: Request, session: Session, user: User, request_id: Id) -> AidRequest:
    aid_request = service.get(session, request_id)
    if not service.may_edit(user, aid_request):
        raise Forbidden(
            N_("Only the requesting community and coordinators may change this request.")
        )
    return aid_request


@router.get("/requests/{request_id}/edit", response_class=HTMLResponse)
def edit_request(request_id: Id, request: Request, session: SessionDep, user: PageUser) -> Response:
    """The request's form, filled in (or why it can no longer be edited)."""
    aid_request = _editable(request, session, user, request_id)
    values = {key: getattr(aid_request, key, "") for key in REQUEST_FIELDS}
    return _form_page(request, session, user, values=values, aid_request=aid_request)


@router.post("/requests/{request_id}/edit", response_class=HTMLResponse, dependencies=[Csrf])
def update_request(
    request_id: Id, request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    """Save the edit; the service refuses once anything is allocated (409)."""
    _editable(request, session, user, request_id)
    values = {key: form.get(key, "") for key in REQUEST_FIELDS if key != "community_id"}

    def save(fields: RequestFields) -> str:
        data = RequestUpdate(**fields.model_dump(exclude={"latitude", "longitude"}))
        service.update(session, request_id, data, user)
        return f"/requests/{request_id}"

    def form_again(**shown: Any) -> Response:
        # Read again: a refusal may come from a change made meanwhile (an allocation).
        aid_request = service.get(session, request_id)
        return _form_page(request, session, user, values=values, aid_request=aid_request, **shown)

    return submit_form(request, RequestFields, values, REQUEST_FIELDS, save, form_again)


# The detail and cancelling -----------------------------------------------------------------


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_detail(
    request_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """Everything about one request: quantities, place, allocations, shipments, history."""
    return _detail_page(request, session, user, request_id)


def _detail_page(
    request: Request,
    session: Session,
    user: User,
    request_id: Id,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    item = service.read(session, request_id)
    aid_request = service.get(session, request_id)
    rows = []
    for allocation in allocations.list_for(session, request_id=request_id):
        rows.append(
            {"allocation": allocation, "pledge": pledges.read(session, allocation.pledge_id)}
        )
    context = {
        "item": item,
        "allocations": rows,
        "shipments": shipments.carrying_request(session, request_id, user),
        "audit": audit_rows(request, session, user, "request", request_id),
        "may_edit": service.may_edit(user, aid_request),
        "coordinator": user.is_coordinator,
        "problem": problem,
        "attachments": attachment_views.attachments_section(session, user, "requests", request_id),
        "comments": attachment_views.comments_section(session, user, "requests", request_id),
    }
    return render(request, "requests/detail.html", context, status=status)


@router.get("/requests/{request_id}/cancel", response_class=HTMLResponse)
def confirm_cancel(
    request_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """Ask before cancelling (a plain form: works without JavaScript)."""
    _editable(request, session, user, request_id)
    item = service.read(session, request_id)
    return render(request, "requests/cancel.html", {"item": item, "problem": None})


@router.post("/requests/{request_id}/cancel", response_class=HTMLResponse, dependencies=[Csrf])
def cancel_request(
    request_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """Cancel; allocations not yet shipped go back to their pledges."""
    _editable(request, session, user, request_id)
    try:
        service.cancel(session, request_id, user, release=allocations.release_unshipped_for_request)
    except Conflict as exc:
        item = service.read(session, request_id)
        return render(
            request,
            "requests/cancel.html",
            {"item": item, "problem": error_text(request, exc)},
            status=409,
        )
    return RedirectResponse(f"/requests/{request_id}", status_code=303)


# The place hint ----------------------------------------------------------------------------

HINT_FIELDS = ("destination", "origin", "location", "place")


@router.get("/places/hint", response_class=HTMLResponse)
def place_hint(request: Request, session: SessionDep, user: PageUser, field: str = "") -> Response:
    """A line under a place field: the place found, or that it will be saved as typed.

    Usage: `<input name="destination" hx-get="/places/hint?field=destination"
    hx-trigger="input changed delay:500ms" hx-target="#destination-hint">`.
    """
    name = field if field in HINT_FIELDS else "destination"
    text = (request.query_params.get(name) or "").strip()[:200]
    prefer = "UA"
    if name == "origin" and user.organization_id is not None:
        prefer = orgs.get(session, user.organization_id).country
    near = near_point(session, user.organization_id)
    place = geo.geocode(text, prefer_country=prefer, near=near) if len(text) >= 2 else None
    choices = None if place else place_form.place_choices(text, "", prefer, near)
    suggestions = [] if place or choices or len(text) < 3 else geo.search(text, 3, prefer)
    context = {"text": text, "place": place, "suggestions": suggestions, "choices": choices}
    return render(request, "requests/_place_hint.html", context)
