"""The start page: a dashboard for the signed-in user's role."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlmodel import Session

from tracker.auth.models import User
from tracker.dashboard import queries as q
from tracker.db import SessionDep, end_read, utcnow
from tracker.geo.check import places_to_check
from tracker.i18n import translations
from tracker.orgs import service as orgs
from tracker.reports import charts
from tracker.reports import summary as reports
from tracker.vocab import Role
from tracker.web.labels import labeller
from tracker.web.render import language, render
from tracker.web.security import PageUser

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, user: PageUser) -> Response:
    """Community staff, partners and coordinators each see what they act on next."""
    if user.role == Role.community:
        name, context = "dashboard/community.html", _community(session, user)
    elif user.role == Role.partner:
        name, context = "dashboard/partner.html", _partner(session, user)
    else:
        name, context = "dashboard/coordinator.html", _coordinator(request, session, user)
    end_read(session)
    return render(request, name, context)


def _organization_name(session: Session, user: User) -> str:
    if user.organization_id is None:
        return ""
    return orgs.get(session, user.organization_id).name


def _community(session: Session, user: User) -> dict[str, Any]:
    community_id = user.organization_id or 0
    today = utcnow().date()
    requests, requests_total = q.community_requests(session, community_id)
    incoming, incoming_total = q.incoming_shipments(session, community_id, today)
    return {
        "organization": _organization_name(session, user),
        "requests": requests,
        "requests_total": requests_total,
        "incoming": incoming,
        "incoming_total": incoming_total,
        "to_sign": [i for i in incoming if i.to_sign],
        "km_per_day": q.ROAD_KM_PER_DAY,
    }


def _partner(session: Session, user: User) -> dict[str, Any]:
    partner_id = user.organization_id or 0
    twins = orgs.communities_of(session, partner_id)
    twin_needs, twin_total = q.open_needs(session, twins, among=True)
    other_needs, other_total = q.open_needs(session, twins, among=False)
    pledges, pledges_total = q.partner_pledges(session, partner_id)
    shipments, shipments_total = q.visible_shipments(session, user)
    return {
        "organization": _organization_name(session, user),
        "twin_needs": twin_needs,
        "twin_total": twin_total,
        "other_needs": other_needs,
        "other_total": other_total,
        "pledges": pledges,
        "pledges_total": pledges_total,
        "shipments": shipments,
        "shipments_total": shipments_total,
    }


def _coordinator(request: Request, session: Session, user: User) -> dict[str, Any]:
    settings = request.app.state.settings
    now = utcnow()
    unmatched, unmatched_total = q.unmatched_requests(session)
    waiting, waiting_total = q.waiting_pledges(session)
    figures = reports.summary(session, user, settings.stuck_after_days, now=now)
    return {
        "unmatched": unmatched,
        "unmatched_total": unmatched_total,
        "waiting": waiting,
        "waiting_total": waiting_total,
        "headline": q.headline(session, now),
        "flagged": figures.flagged_shipments[: q.LIST_LIMIT],
        "late_total": figures.shipments_late,
        "stuck_total": figures.shipments_stuck,
        "stuck_after_days": settings.stuck_after_days,
        "needs_chart": _needs_chart(request, figures),
        "places_to_check": places_to_check(session),
    }


def _needs_chart(request: Request, figures: reports.Summary) -> Markup:
    """Open needs per category as a small SVG (the chart escapes its own text)."""
    tr = translations(language(request)).gettext
    label = labeller(tr)
    bars = [
        (f"{label('category', n.category)} ({label('unit', n.unit)})", float(n.quantity_open))
        for n in figures.open_needs_by_category[:12]
    ]
    svg = charts.bar_chart_svg(bars, tr("Open needs by category"), empty_text=tr("No open needs."))
    return Markup(svg)  # noqa: S704 - built from escaped parts by tracker.reports.charts
