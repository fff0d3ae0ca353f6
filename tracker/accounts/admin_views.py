"""The admin pages: /admin/users, /admin/organizations, /admin/partnerships.

Admins manage everything; coordinators community and partner staff and organizations; every
other role gets 403. Plain forms (no JavaScript needed); the rules are in the services.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from tracker.accounts import service
from tracker.accounts.api import Invitation
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.fields import Id
from tracker.orgs import service as orgs
from tracker.orgs.models import OrganizationCreate, PartnershipCreate
from tracker.requests.views import PAGE_SIZE, organizations, pager, whole
from tracker.vocab import OrgKind, Role
from tracker.web.forms import FormData, submit_form
from tracker.web.render import render
from tracker.web.security import Csrf, PageUser

router = APIRouter(include_in_schema=False)


def _text(request: Request, name: str) -> str | None:
    return (request.query_params.get(name) or "").strip()[:200] or None


def _org_choices(session: Session) -> list[tuple[int, str]]:
    rows = [o for kind in OrgKind for o in organizations(session, kind)]
    return [(o.id, o.name) for o in rows]  # type: ignore[misc]


# Users ---------------------------------------------------------------------------------------


def _users_page(
    request: Request, session: Session, user: User, *, status: int = 200, **shown: Any
) -> Response:
    service.ensure_manager(user)
    filters = {
        "q": _text(request, "q"),
        "role": _text(request, "role"),
        "status": _text(request, "status"),
    }
    offset = whole(request.query_params.get("offset")) or 0
    rows, total = service.list_users(
        session, user, filters["q"], filters["role"], filters["status"], PAGE_SIZE, offset
    )
    roles = [r.value for r in Role if service.may_manage_role(user, r.value)]
    context = {
        "items": [(u, service.status(u)) for u in rows],
        "filters": filters,
        "pager": pager("/admin/users", filters, total, offset, target=None),  # type: ignore[arg-type]
        "roles": roles,
        "orgs": dict(_org_choices(session)),
        "values": {},
        "errors": {},
        "problem": None,
    } | shown
    return render(request, "admin/users.html", context, status=status)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, session: SessionDep, user: PageUser) -> Response:
    return _users_page(request, session, user)


@router.post("/admin/users", response_class=HTMLResponse, dependencies=[Csrf])
def invite_user(request: Request, session: SessionDep, user: PageUser, form: FormData) -> Response:
    service.ensure_manager(user)
    base = request.app.state.settings.base_url

    def save(data: Invitation) -> str:
        service.invite(
            session,
            user,
            str(data.email),
            data.role,
            data.organization_id,
            base,
            full_name=data.full_name,
            language=data.language,
        )
        return "/admin/users?status=invited"

    def form_again(**shown: Any) -> Response:
        return _users_page(request, session, user, values=form, **shown)

    fields = ("email", "role", "organization_id", "full_name", "language")
    return submit_form(request, Invitation, form, fields, save, form_again)


@router.post("/admin/users/{user_id}/{action}", dependencies=[Csrf])
def user_action(
    user_id: Id, action: str, request: Request, session: SessionDep, user: PageUser
) -> Response:
    """disable, enable, resend (the invitation) or revoke (it)."""
    service.ensure_manager(user)
    base = request.app.state.settings.base_url
    actions = {
        "disable": lambda: service.set_user_active(session, user, user_id, False),
        "enable": lambda: service.set_user_active(session, user, user_id, True),
        "resend": lambda: service.resend_invitation(session, user, user_id, base),
        "revoke": lambda: service.revoke_invitation(session, user, user_id),
    }
    if action not in actions:
        return Response(status_code=404)
    actions[action]()
    return RedirectResponse("/admin/users", status_code=303)


# Organizations and partnerships --------------------------------------------------------------


def _orgs_page(
    request: Request, session: Session, user: User, *, status: int = 200, **shown: Any
) -> Response:
    service.ensure_manager(user)
    kind = _text(request, "kind")
    filters = {"q": _text(request, "q"), "kind": kind if kind in set(OrgKind) else None}
    offset = whole(request.query_params.get("offset")) or 0
    rows, total = orgs.list_organizations(
        session,
        OrgKind(filters["kind"]) if filters["kind"] else None,
        filters["q"],
        PAGE_SIZE,
        offset,
    )
    kinds = [k.value for k in OrgKind if user.role == Role.admin or k != OrgKind.coordinator]
    context = {
        "items": rows,
        "filters": filters,
        "pager": pager("/admin/organizations", filters, total, offset, target=None),  # type: ignore[arg-type]
        "kinds": kinds,
        "values": {},
        "errors": {},
        "problem": None,
    } | shown
    return render(request, "admin/organizations.html", context, status=status)


@router.get("/admin/organizations", response_class=HTMLResponse)
def organizations_page(request: Request, session: SessionDep, user: PageUser) -> Response:
    return _orgs_page(request, session, user)


@router.post("/admin/organizations", response_class=HTMLResponse, dependencies=[Csrf])
def create_organization(
    request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    service.ensure_manager(user)

    def save(data: OrganizationCreate) -> str:
        service.ensure_may_manage_org(user, data.kind.value)
        orgs.create(session, data, user)  # the orgs service finds the place (geocoding)
        return "/admin/organizations"

    def form_again(**shown: Any) -> Response:
        return _orgs_page(request, session, user, values=form, **shown)

    fields = (
        "name",
        "kind",
        "country",
        "place",
        "registration_number",
        "address",
        "languages",
        "contact_email",
    )
    return submit_form(request, OrganizationCreate, form, fields, save, form_again)


def _partnerships_page(
    request: Request, session: Session, user: User, *, status: int = 200, **shown: Any
) -> Response:
    service.ensure_manager(user)
    offset = whole(request.query_params.get("offset")) or 0
    community = whole(request.query_params.get("community_id"), 1)
    rows, total = orgs.list_partnerships(session, community, None, PAGE_SIZE, offset)
    filters = {"community_id": community}
    context = {
        "items": rows,
        "names": dict(_org_choices(session)),
        "communities": [(o.id, o.name) for o in organizations(session, OrgKind.community)],
        "partners": [(o.id, o.name) for o in organizations(session, OrgKind.partner)],
        "filters": filters,
        "pager": pager("/admin/partnerships", filters, total, offset, target=None),  # type: ignore[arg-type]
        "values": {},
        "errors": {},
        "problem": None,
    } | shown
    return render(request, "admin/partnerships.html", context, status=status)


@router.get("/admin/partnerships", response_class=HTMLResponse)
def partnerships_page(request: Request, session: SessionDep, user: PageUser) -> Response:
    return _partnerships_page(request, session, user)


@router.post("/admin/partnerships", response_class=HTMLResponse, dependencies=[Csrf])
def create_partnership(
    request: Request, session: SessionDep, user: PageUser, form: FormData
) -> Response:
    service.ensure_manager(user)

    def save(data: PartnershipCreate) -> str:
        orgs.create_partnership(session, data, user)
        return "/admin/partnerships"

    def form_again(**shown: Any) -> Response:
        return _partnerships_page(request, session, user, values=form, **shown)

    fields = ("community_id", "partner_id", "since", "registration_ref", "registration_date")
    return submit_form(request, PartnershipCreate, form, fields, save, form_again)
