"""Export and report routes: CSV/HXL downloads and the summary figures."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response, StreamingResponse

from tracker.auth.deps import CurrentUser
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.documents import render_community_report, render_partner_report
from tracker.fields import Id, Search
from tracker.i18n import pick_language
from tracker.pdf_response import content_disposition, pdf_response
from tracker.reports import export, org_reports
from tracker.reports.columns import ExportKind
from tracker.reports.summary import Summary, summary
from tracker.vocab import Category, PledgeStatus, Priority, RequestStatus, ShipmentStatus

router = APIRouter(tags=["reports"])

HXL_HELP = "Add a second row of HXL hashtags (Humanitarian Exchange Language)"


def _csv(
    request: Request, kind: ExportKind, filters: export.ExportFilters, user: User, hxl: bool
) -> StreamingResponse:
    name = f"{kind}-hxl.csv" if hxl else f"{kind}.csv"
    chunks = export.iter_csv(request.app.state.engine, kind, filters, user, hxl=hxl)
    # Run the query before answering: a failure is then an error response, not a cut file.
    first = next(chunks)
    return StreamingResponse(
        itertools.chain([first], chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition(name)},
    )


@router.get("/export/requests.csv", response_class=StreamingResponse)
def export_requests(
    request: Request,
    user: CurrentUser,
    hxl: bool = Query(False, description=HXL_HELP),
    status: RequestStatus | None = None,
    category: Category | None = None,
    community_id: Id | None = None,
    priority: Priority | None = None,
    q: Search | None = None,
) -> StreamingResponse:
    """All requests matching the list filters, one row each, streamed."""
    filters = export.ExportFilters(
        status=status, category=category, community_id=community_id, priority=priority, q=q
    )
    return _csv(request, "requests", filters, user, hxl)


@router.get("/export/pledges.csv", response_class=StreamingResponse)
def export_pledges(
    request: Request,
    user: CurrentUser,
    hxl: bool = Query(False, description=HXL_HELP),
    status: PledgeStatus | None = None,
    category: Category | None = None,
    partner_id: Id | None = None,
    q: Search | None = None,
) -> StreamingResponse:
    """All pledges matching the list filters, one row each, streamed."""
    filters = export.ExportFilters(status=status, category=category, partner_id=partner_id, q=q)
    return _csv(request, "pledges", filters, user, hxl)


@router.get("/export/shipments.csv", response_class=StreamingResponse)
def export_shipments(
    request: Request,
    user: CurrentUser,
    hxl: bool = Query(False, description=HXL_HELP),
    status: ShipmentStatus | None = None,
    category: Category | None = None,
    community_id: Id | None = None,
    partner_id: Id | None = None,
    q: Search | None = None,
) -> StreamingResponse:
    """One row per shipment line, of the shipments this user may see, streamed."""
    filters = export.ExportFilters(
        status=status, category=category, community_id=community_id, partner_id=partner_id, q=q
    )
    return _csv(request, "shipments", filters, user, hxl)


@router.get("/reports/summary", response_model=Summary)
def report_summary(request: Request, session: SessionDep, user: CurrentUser) -> Summary:
    """Open needs, pledged/shipped/delivered quantities and values, delivery times, delays."""
    settings = request.app.state.settings
    return summary(session, user, settings.stuck_after_days)


@router.get("/reports/partners/{partner_id}.pdf", response_class=Response)
def partner_report_pdf(
    partner_id: Id,
    session: SessionDep,
    user: CurrentUser,
    start: date | None = None,
    end: date | None = None,
    lang: str | None = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Response:
    """What a partner pledged, shipped and saw delivered in a period (A4 PDF)."""
    period = org_reports.period(start, end)
    data = org_reports.partner_report(session, user, partner_id, *period)
    content = render_partner_report(data, pick_language(lang, accept_language))
    return pdf_response(content, f"partner-report-{partner_id}.pdf")


@router.get("/reports/communities/{community_id}.pdf", response_class=Response)
def community_report_pdf(
    community_id: Id,
    session: SessionDep,
    user: CurrentUser,
    start: date | None = None,
    end: date | None = None,
    lang: str | None = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Response:
    """What a community requested, received and still awaits (A4 PDF)."""
    data = org_reports.community_report(
        session, user, community_id, *org_reports.period(start, end)
    )
    content = render_community_report(data, pick_language(lang, accept_language))
    return pdf_response(content, f"community-report-{community_id}.pdf")
