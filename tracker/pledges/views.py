"""Pledge pages: the list with live filters, pledging and editing, the detail, withdrawing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from tracker.allocations import service as allocations
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.errors import N_, Conflict, Forbidden, NotFound
from tracker.fields import Id
from tracker.geo import forms as place_form
from tracker.orgs import service as orgs
from tracker.pledges import service
from tracker.pledges.models import Pledge, PledgeCreate, PledgeFields, PledgeUpdate
from tracker.requests import service as requests
from tracker.requests.models import RequestRead
from tracker.requests.views import (
    PAGE_SIZE,
    audit_rows,
    choice,
    organizations,
    pager,
    whole,
)
from tracker.vocab import Category, OrgKind, PledgeStatus
from tracker.web.forms import FormData, submit_form
from tracker.web.render import error_text, render
from tracker.web.security import Csrf, PageUser

router = APIRouter(include_in_schema=False)

PLEDGE_FIELDS = (
    "category",
    "item",
    "quantity",
    "unit",
    "origin",
    "available_from",
    "value_amount",
    "currency",
    "request_id",
    "partner_id",
    "katottg",
    "latitude",
    "longitude",
)


@router.get("/pledges", response_class=HTMLResponse)
def pledge_list(request: Request, session: SessionDep, user: PageUser) -> Response:
    """All pledges, narrowed by the filters; htmx gets only the results block."""
    query = request.query_params
    coordinator = user.is_coordinator
    values = {
        "status": choice(query.get("status"), PledgeStatus),
        "category": choice(query.get("category"), Category),
        "partner_id": whole(query.get("partner_id"), 1) if coordinator else None,
        "request_id": whole(query.get("request_id"), 1),
        "q": (query.get("q") or "").strip()[:200] or None,
    }
    offset = whole(query.get("offset")) or 0
    filters = service.Filters(
        status=PledgeStatus(values["status"]) if values["status"] else None,
        category=values["category"],
        partner_id=values["partner_id"],
        request_id=values["request_id"],
        q=values["q"],
    )
    items, total = service.list_pledges(session, filters, PAGE_SIZE, offset)
    context = {
        "items": items,
        "filters": values,
        "pager": pager("/pledges", values, total, offset),
        "partners": organizations(session, OrgKind.partner) if coordinator else [],
        "may_pledge": service.may_pledge(user),
    }
    return render(request, "pledges/list.html", context, block="results")


# Pledging and editing ----------------------------------------------------------------------


def _aimed_request(session: Session, value: Any) -> RequestRead | None:
    """The request a pledge is meant for (from ?request_id= or the form), if it exists."""
    request_id = whole(str(value) if value is not None else None, 1)
    if request_id is None:
        return None
    try:
        return requests.read(session, request_id)
    except NotFound:
        return None


def _form_page(
    request: Request,
    session: Session,
    user: User,
    *,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    problem: str | None = None,
    pledge: Pledge | None = None,
    status: int = 200,
) -> Response:
    coordinator = user.is_coordinator
    partner = None
    if not coordinator and user.organization_id is not None:
        partner = orgs.get(session, user.organization_id)
    context = {
        "values": values,
        "errors": errors or {},
        "problem": problem,
        "pledge": pledge,
        "aimed": _aimed_request(session, values.get("request_id")),
        "partners": [(org.id, org.name) for org in organizations(session, OrgKind.partner)]
        if coordinator and pledge is None
        else [],
        "partner": partner,
    }
    return render(request, "pledges/form.html", context, block="form", status=status)


@router.get("/pledges/new", response_class=HTMLResponse)
def new_pledge(request: Request, session: SessionDep, user: PageUser) -> Response:
    """The form to pledge; `?request_id=` fills it in for that request."""
    if not service.may_pledge(user):
        raise Forbidden(N_("Only partner staff and coordinators may pledge."))
    values: dict[str, Any] = {"unit": "pcs"}
    if not user.is_coordinator and user.organization_id is not None:
        own = orgs.get(session, user.organization_id)
        values["origin"] = own.place
    aimed = _aimed_request(session, request.query_params.get("request_id"))
    if aimed is not None:
        values |= {
            "request_id": aimed.id,
            "category": aimed.category,
            "unit": aimed.unit,
            "item": aimed.item,
            "quantity": max(aimed.quantity_needed, 1),
        }
    return _form_page(request, session, user, values=values)


@router.post("/pledges/new", response_class=HTMLResponse, dependencies=[Csrf])
def create_pledge(
    request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    """Save the pledge; on bad input show the form again with the messages (422)."""
    if not service.may_pledge(user):
        raise Forbidden(N_("Only partner staff and coordinators may pledge."))
    values = {key: form.get(key, "") for key in PLEDGE_FIELDS}
    if not user.is_coordinator:
        values.pop("partner_id")

    as_typed = place_form.take_choice(values)

    def save(data: PledgeCreate) -> str:
        picked = as_typed or data.latitude is not None
        place_form.ask_which(data.origin, data.katottg, picked, "origin")
        return f"/pledges/{service.create(session, data, user).id}"

    def form_again(**shown: Any) -> Response:
        return _form_page(request, session, user, values=values, **shown)

    return submit_form(request, PledgeCreate, values, PLEDGE_FIELDS, save, form_again)


def _editable(request: Request, session: Session, user: User, pledge_id: Id) -> Pledge:
    pledge = service.get(session, pledge_id)
    if not service.may_edit(user, pledge):
        raise Forbidden(N_("Only the pledging partner and coordinators may change this pledge."))
    return pledge


@router.get("/pledges/{pledge_id}/edit", response_class=HTMLResponse)
def edit_pledge(pledge_id: Id, request: Request, session: SessionDep, user: PageUser) -> Response:
    """The pledge's form, filled in (or why it can no longer be edited)."""
    pledge = _editable(request, session, user, pledge_id)
    values = {key: getattr(pledge, key, "") for key in PLEDGE_FIELDS}
    return _form_page(request, session, user, values=values, pledge=pledge)


@router.post("/pledges/{pledge_id}/edit", response_class=HTMLResponse, dependencies=[Csrf])
def update_pledge(
    pledge_id: Id, request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    """Save the edit; the service refuses once anything is allocated (409)."""
    _editable(request, session, user, pledge_id)
    values = {key: form.get(key, "") for key in PLEDGE_FIELDS if key != "partner_id"}

    def save(fields: PledgeFields) -> str:
        data = PledgeUpdate(**fields.model_dump(exclude={"latitude", "longitude"}))
        service.update(session, pledge_id, data, user)
        return f"/pledges/{pledge_id}"

    def form_again(**shown: Any) -> Response:
        # Read again: a refusal may come from a change made meanwhile (an allocation).
        pledge = service.get(session, pledge_id)
        return _form_page(request, session, user, values=values, pledge=pledge, **shown)

    return submit_form(request, PledgeFields, values, PLEDGE_FIELDS, save, form_again)


# The detail and withdrawing ----------------------------------------------------------------


@router.get("/pledges/{pledge_id}", response_class=HTMLResponse)
def pledge_detail(pledge_id: Id, request: Request, session: SessionDep, user: PageUser) -> Response:
    """Everything about one pledge: quantities, origin, allocations, history."""
    item = service.read(session, pledge_id)
    pledge = service.get(session, pledge_id)
    rows = [
        {"allocation": allocation, "request": requests.read(session, allocation.request_id)}
        for allocation in allocations.list_for(session, pledge_id=pledge_id)
    ]
    context = {
        "item": item,
        "aimed": _aimed_request(session, item.request_id),
        "allocations": rows,
        "audit": audit_rows(request, session, user, "pledge", pledge_id),
        "may_edit": service.may_edit(user, pledge),
    }
    return render(request, "pledges/detail.html", context)


@router.get("/pledges/{pledge_id}/withdraw", response_class=HTMLResponse)
def confirm_withdraw(
    pledge_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """Ask before withdrawing (a plain form: works without JavaScript)."""
    _editable(request, session, user, pledge_id)
    item = service.read(session, pledge_id)
    return render(request, "pledges/withdraw.html", {"item": item, "problem": None})


@router.post("/pledges/{pledge_id}/withdraw", response_class=HTMLResponse, dependencies=[Csrf])
def withdraw_pledge(
    pledge_id: Id, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """Take back the unallocated part; allocated goods stay promised."""
    _editable(request, session, user, pledge_id)
    try:
        service.withdraw(session, pledge_id, user)
    except Conflict as exc:
        item = service.read(session, pledge_id)
        return render(
            request,
            "pledges/withdraw.html",
            {"item": item, "problem": error_text(request, exc)},
            status=409,
        )
    return RedirectResponse(f"/pledges/{pledge_id}", status_code=303)
