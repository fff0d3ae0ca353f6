"""The partner's and the community's report on screen (the same data as the PDF)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tracker.db import SessionDep
from tracker.documents import ReportData, ReportSection
from tracker.errors import Invalid
from tracker.reports import org_reports
from tracker.web.render import render
from tracker.web.security import PageUser

router = APIRouter(include_in_schema=False)

def _(text: str) -> str:
    """Marks a msgid for extraction; the template translates it."""
    return text


SECTION_TITLES = {
    "pledged": _("Pledged"),
    "shipped": _("Shipped"),
    "delivered": _("Delivered"),
    "requested": _("Requested"),
    "received": _("Received"),
    "outstanding": _("Still outstanding"),
}


def _totals(section: ReportSection) -> dict[str, dict[str, Decimal]]:
    quantity: dict[str, Decimal] = defaultdict(Decimal)
    value: dict[str, Decimal] = defaultdict(Decimal)
    for row in section.rows:
        quantity[row.unit] += Decimal(row.quantity)
        if row.value_amount is not None and row.currency:
            value[row.currency] += Decimal(row.value_amount)
    return {"quantity": dict(quantity), "value": dict(value)}


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise Invalid("Enter dates as YYYY-MM-DD.", "start") from None


def _page(request: Request, kind: str, org_id: int, data: ReportData) -> HTMLResponse:
    sections = [
        {"section": s, "title": SECTION_TITLES.get(s.kind, s.kind), "totals": _totals(s)}
        for s in data.sections
    ]
    query = f"start={data.period_start.isoformat()}&end={data.period_end.isoformat()}"
    return render(
        request,
        "reports/organization.html",
        {
            "kind": kind,
            "report": data,
            "sections": sections,
            "pdf_url": f"/api/v1/reports/{kind}s/{org_id}.pdf?{query}",
        },
        block="report",
    )


def _period(request: Request) -> tuple[date, date]:
    end = _parse(request.query_params.get("end")) or date.today()
    start = _parse(request.query_params.get("start")) or end.replace(year=end.year - 1)
    return start, end


@router.get("/reports/partners/{partner_id}", response_class=HTMLResponse)
def partner_report(
    partner_id: int, request: Request, session: SessionDep, user: PageUser
) -> HTMLResponse:
    data = org_reports.partner_report(session, user, partner_id, *_period(request))
    return _page(request, "partner", partner_id, data)


@router.get("/reports/communities/{community_id}", response_class=HTMLResponse)
def community_report(
    community_id: int, request: Request, session: SessionDep, user: PageUser
) -> HTMLResponse:
    data = org_reports.community_report(session, user, community_id, *_period(request))
    return _page(request, "community", community_id, data)
