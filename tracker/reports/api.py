"""Export and report routes: CSV/HXL downloads and the summary figures."""

from __future__ import annotations

import itertools

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from tracker.auth.deps import CurrentUser
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.reports import export
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
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/export/requests.csv", response_class=StreamingResponse)
def export_requests(
    request: Request,
    user: CurrentUser,
    hxl: bool = Query(False, description=HXL_HELP),
    status: RequestStatus | None = None,
    category: Category | None = None,
    community_id: int | None = None,
    priority: Priority | None = None,
    q: str | None = None,
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
    partner_id: int | None = None,
    q: str | None = None,
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
    community_id: int | None = None,
    partner_id: int | None = None,
    q: str | None = None,
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
