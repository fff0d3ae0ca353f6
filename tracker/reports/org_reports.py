"""A partner's and a community's report for a period: what was pledged, shipped, delivered;
requested, received and still outstanding. Filled from the database for the screen and the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from tracker.auth.models import User
from tracker.db import as_utc
from tracker.documents import Party, ReportData, ReportRow, ReportSection
from tracker.errors import N_, Forbidden, Invalid
from tracker.orgs import service as orgs
from tracker.orgs.models import Organization
from tracker.pledges.models import Pledge
from tracker.receipts.models import Receipt, ReceiptLine
from tracker.requests.models import AidRequest
from tracker.shipments.models import Shipment, ShipmentLine
from tracker.vocab import OrgKind, RequestStatus


def period(start: date | None, end: date | None, today: date | None = None) -> tuple[date, date]:
    """A report's period: by default the twelve months up to `end` (or today). Valid at the
    calendar's edges: a year before 0001 is 0001-01-01, a year before 29 February is 28."""
    end = end or today or date.today()
    if start is None:
        if end.year == 1:
            start = date.min
        else:
            start = end.replace(year=end.year - 1, day=min(end.day, 28 if end.month == 2 else 31))
    return start, end


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as UTC instants, the end exclusive (the last day's end: at the end of the
    calendar, the last instant there is)."""
    if end < start:
        raise Invalid(N_("The period ends before it starts."), "end")
    high = (
        datetime.max.replace(tzinfo=UTC)
        if end == date.max
        else datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    )
    return datetime.combine(start, time.min, tzinfo=UTC), high


def ensure_may_read(user: User, org: Organization) -> None:
    """Coordinators read every report; staff read their own organization's."""
    if user.is_coordinator or user.organization_id == org.id:
        return
    raise Forbidden(N_("You may read only your own organization's report."))


def _party(org: Organization) -> Party:
    return Party(name=org.name, place=org.place, country=org.country, region=org.admin1 or "")


def _value(line: ShipmentLine, quantity: int) -> Decimal | None:
    if line.value_amount is None or line.quantity == 0:
        return None
    return (Decimal(line.value_amount) * quantity / line.quantity).quantize(Decimal("0.01"))


def _day(value: datetime | None) -> date | None:
    moment = as_utc(value)
    return moment.date() if moment else None


def partner_report(
    session: Session, user: User, partner_id: int, start: date, end: date
) -> ReportData:
    partner = orgs.get_of_kind(session, partner_id, OrgKind.partner, "partner_id")
    ensure_may_read(user, partner)
    low, high = _bounds(start, end)
    names = dict(session.exec(select(Organization.id, Organization.name)).all())
    pledged = [
        ReportRow(
            item=p.item,
            quantity=p.quantity,
            unit=p.unit,
            category=p.category,
            on=_day(p.created_at),
            reference=f"P-{p.id}",
            counterpart="",
            value_amount=p.value_amount,
            currency=p.currency,
            status=p.status,
        )
        for p in session.exec(
            select(Pledge)
            .where(
                Pledge.partner_id == partner_id, Pledge.created_at >= low, Pledge.created_at < high
            )
            .order_by(Pledge.created_at, Pledge.id)
        ).all()
    ]
    shipped_rows = session.exec(
        select(ShipmentLine, Shipment)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(
            ShipmentLine.partner_id == partner_id,
            Shipment.dispatched_at >= low,
            Shipment.dispatched_at < high,
        )
        .order_by(Shipment.dispatched_at, ShipmentLine.id)
    ).all()
    shipped = [
        ReportRow(
            item=line.item,
            quantity=line.quantity,
            unit=line.unit,
            category=line.category,
            on=_day(s.dispatched_at),
            reference=s.reference,
            counterpart=names.get(s.community_id, ""),
            value_amount=line.value_amount,
            currency=line.currency,
            status=s.status,
        )
        for line, s in shipped_rows
    ]
    delivered = _received(
        session,
        ShipmentLine.partner_id == partner_id,
        low,
        high,
        lambda line, shipment: names.get(shipment.community_id, ""),
    )
    return ReportData(
        organization=_party(partner),
        period_start=start,
        period_end=end,
        sections=[
            ReportSection("pledged", pledged),
            ReportSection("shipped", shipped),
            ReportSection("delivered", delivered),
        ],
    )


def _received(
    session: Session,
    condition: Any,
    low: datetime,
    high: datetime,
    counterpart: Callable[[ShipmentLine, Shipment], str],
) -> list[ReportRow]:
    """Receipt lines filed in the period (for a partner's or a community's shipments)."""
    rows = session.exec(
        select(ReceiptLine, ShipmentLine, Shipment, Receipt)
        .join(ShipmentLine, ShipmentLine.id == ReceiptLine.shipment_line_id)
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
        .join(Shipment, Shipment.id == Receipt.shipment_id)
        .where(condition, Receipt.received_at >= low, Receipt.received_at < high)
        .order_by(Receipt.received_at, ReceiptLine.id)
    ).all()
    return [
        ReportRow(
            item=line.item,
            quantity=received.quantity_received,
            unit=line.unit,
            category=line.category,
            on=_day(receipt.received_at),
            reference=shipment.reference,
            counterpart=counterpart(line, shipment),
            value_amount=_value(line, received.quantity_received),
            currency=line.currency,
            status=received.condition,
            receipt_code=receipt.code,
        )
        for received, line, shipment, receipt in rows
    ]


def community_report(
    session: Session, user: User, community_id: int, start: date, end: date
) -> ReportData:
    community = orgs.get_of_kind(session, community_id, OrgKind.community, "community_id")
    ensure_may_read(user, community)
    low, high = _bounds(start, end)
    names = dict(session.exec(select(Organization.id, Organization.name)).all())
    requested = [
        ReportRow(
            item=r.item,
            quantity=r.quantity,
            unit=r.unit,
            category=r.category,
            on=_day(r.created_at),
            reference=f"R-{r.id}",
            status=r.status,
        )
        for r in session.exec(
            select(AidRequest)
            .where(
                AidRequest.community_id == community_id,
                AidRequest.created_at >= low,
                AidRequest.created_at < high,
            )
            .order_by(AidRequest.created_at, AidRequest.id)
        ).all()
    ]
    received = _received(
        session,
        Shipment.community_id == community_id,
        low,
        high,
        lambda line, shipment: names.get(line.partner_id, ""),
    )
    outstanding = [
        ReportRow(
            item=r.item,
            quantity=r.quantity - r.quantity_delivered,
            unit=r.unit,
            category=r.category,
            on=r.needed_by,
            reference=f"R-{r.id}",
            status=r.status,
        )
        for r in session.exec(
            select(AidRequest)
            .where(
                AidRequest.community_id == community_id,
                AidRequest.status.in_([RequestStatus.open, RequestStatus.pledged]),
            )  # type: ignore[attr-defined]
            .order_by(AidRequest.needed_by, AidRequest.id)
        ).all()
    ]
    return ReportData(
        organization=_party(community),
        period_start=start,
        period_end=end,
        sections=[
            ReportSection("requested", requested),
            ReportSection("received", received),
            ReportSection("outstanding", outstanding),
        ],
    )
