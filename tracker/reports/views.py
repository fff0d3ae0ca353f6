"""The partner's and the community's report on screen (the same data as the PDF)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from tracker.db import SessionDep
from tracker.documents import ReportData, ReportSection
from tracker.errors import N_, Invalid
from tracker.fields import Id
from tracker.reports import org_reports
from tracker.reports.importer import import_csv
from tracker.web.render import render
from tracker.web.security import Csrf, PageCoordinator, PageUser

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
        raise Invalid(N_("Enter dates as YYYY-MM-DD."), "start") from None


def _page(request: Request, kind: str, org_id: Id, data: ReportData) -> HTMLResponse:
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
    query = request.query_params
    return org_reports.period(_parse(query.get("start")), _parse(query.get("end")))


@router.get("/reports/partners/{partner_id}", response_class=HTMLResponse)
def partner_report(
    partner_id: Id, request: Request, session: SessionDep, user: PageUser
) -> HTMLResponse:
    data = org_reports.partner_report(session, user, partner_id, *_period(request))
    return _page(request, "partner", partner_id, data)


@router.get("/reports/communities/{community_id}", response_class=HTMLResponse)
def community_report(
    community_id: Id, request: Request, session: SessionDep, user: PageUser
) -> HTMLResponse:
    data = org_reports.community_report(session, user, community_id, *_period(request))
    return _page(request, "community", community_id, data)


MAX_IMPORT_BYTES = 20 * 1024 * 1024


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: PageCoordinator) -> HTMLResponse:
    """Upload a CSV of requests or pledges (coordinators)."""
    return render(request, "reports/import.html", {"report": None, "kind": "requests"})


@router.post("/import", response_class=HTMLResponse, dependencies=[Csrf])
def import_upload(
    request: Request,
    session: SessionDep,
    user: PageCoordinator,
    file: UploadFile,
    kind: Annotated[str, Form()] = "requests",
    dry_run: Annotated[bool, Form()] = False,
    skip_invalid: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Check the file and, unless it is a dry run, write it: all rows, or only the valid ones."""
    content = file.file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise Invalid(N_("The file is larger than 20 MB; split it into smaller files."), "file")
    report = import_csv(session, kind, content, user, dry_run=dry_run, skip_invalid=skip_invalid)
    status = 200 if report.ok else 422
    return render(
        request,
        "reports/import.html",
        {"report": report, "kind": kind},
        block="result",
        status=status,
    )
