"""The figures coordinators check and report to donors, each a GROUP BY in the database.

Quantities are summed per unit (5 generators and 3 t of flour do not add up) and money per
currency (no exchange rates are guessed). A shipment is *late* when a request it carries was
needed by a day that has passed and it is not delivered yet; it is *stuck* when it is on
the road (dispatched, in transit, at customs) and nothing was recorded for
`settings.stuck_after_days` days.
"""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlmodel import Session

from tracker.auth.models import User
from tracker.db import as_utc, utcnow
from tracker.orgs.models import Organization
from tracker.pledges.models import Pledge
from tracker.receipts.models import Receipt, ReceiptLine
from tracker.requests.models import AidRequest
from tracker.shipments import states
from tracker.shipments.models import Shipment, ShipmentLine
from tracker.shipments.service import visible_clause
from tracker.vocab import RequestStatus

FLAGGED_LIMIT = 100


class OpenNeed(BaseModel):
    category: str
    unit: str
    quantity_open: int
    requests: int


class OpenNeedByOblast(BaseModel):
    admin1: str | None
    unit: str
    quantity_open: int
    requests: int


class UnitFlow(BaseModel):
    unit: str
    pledged: int
    shipped: int
    delivered: int


class CurrencyFlow(BaseModel):
    currency: str
    pledged: Decimal
    shipped: Decimal
    delivered: Decimal


class DelayCount(BaseModel):
    organization_id: int
    organization_name: str
    late: int
    stuck: int


class FlaggedShipment(BaseModel):
    id: int
    reference: str
    status: str
    community_id: int
    community_name: str
    needed_by: dt.date | None
    last_event_at: dt.datetime | None
    days_since_last_event: float
    late: bool
    stuck: bool


class Summary(BaseModel):
    generated_at: dt.datetime
    stuck_after_days: int
    open_needs_by_category: list[OpenNeed]
    open_needs_by_oblast: list[OpenNeedByOblast]
    quantities_by_unit: list[UnitFlow]
    values_by_currency: list[CurrencyFlow]
    deliveries: int
    median_days_to_delivery: float | None
    shipments_late: int
    shipments_stuck: int
    delays_by_community: list[DelayCount]
    delays_by_partner: list[DelayCount]
    flagged_shipments: list[FlaggedShipment]


def _money(value: Any) -> Decimal:
    if value is None:
        return Decimal("0.00")
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def summary(
    session: Session,
    user: User | None,
    stuck_after_days: int,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Summary:
    """Every figure of the dashboard and the donor report, in a fixed number of queries."""
    now = now or utcnow()
    today = today or now.date()
    return Summary(
        generated_at=now,
        stuck_after_days=stuck_after_days,
        open_needs_by_category=_open_needs(session, AidRequest.category, OpenNeed, "category"),
        open_needs_by_oblast=_open_needs(session, AidRequest.admin1, OpenNeedByOblast, "admin1"),
        quantities_by_unit=_quantities(session),
        values_by_currency=_values(session),
        **_delivery_times(session),
        **_delays(session, user, stuck_after_days, today, now),
    )


def _open_needs(session: Session, key: Any, model: type[BaseModel], name: str) -> list[Any]:
    """Quantity not yet allocated, for requests that are still open."""
    open_qty = func.sum(AidRequest.quantity_needed)
    rows = session.execute(
        select(key, AidRequest.unit, open_qty, func.count())
        .where(AidRequest.status == RequestStatus.open)
        .group_by(key, AidRequest.unit)
        .order_by(open_qty.desc(), key, AidRequest.unit)
    ).all()
    return [
        model(**{name: k, "unit": unit, "quantity_open": int(q or 0), "requests": n})
        for k, unit, q, n in rows
    ]


def _sent() -> Any:
    return Shipment.status.in_(states.values(states.SENT))  # type: ignore[attr-defined]


def _quantities(session: Session) -> list[UnitFlow]:
    pledged = dict(
        session.execute(
            select(Pledge.unit, func.sum(Pledge.quantity_promised)).group_by(Pledge.unit)
        ).all()
    )
    shipped = dict(
        session.execute(
            select(ShipmentLine.unit, func.sum(ShipmentLine.quantity))
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .where(_sent())
            .group_by(ShipmentLine.unit)
        ).all()
    )
    delivered = dict(
        session.execute(
            select(ShipmentLine.unit, func.sum(ReceiptLine.quantity_received))
            .join(ReceiptLine, ReceiptLine.shipment_line_id == ShipmentLine.id)
            .group_by(ShipmentLine.unit)
        ).all()
    )
    units = sorted(set(pledged) | set(shipped) | set(delivered))
    return [
        UnitFlow(
            unit=u,
            pledged=int(pledged.get(u) or 0),
            shipped=int(shipped.get(u) or 0),
            delivered=int(delivered.get(u) or 0),
        )
        for u in units
    ]


def _values(session: Session) -> list[CurrencyFlow]:
    """Pledged (less what was withdrawn), shipped and delivered value, pro rata per quantity."""
    # `1.0` keeps the division decimal on SQLite, where 12500.00 may be stored as an integer.
    one = literal_column("1.0")
    pledged = dict(
        session.execute(
            select(
                Pledge.currency,
                func.sum(Pledge.value_amount * one * Pledge.quantity_promised / Pledge.quantity),
            )
            .where(Pledge.value_amount.is_not(None), Pledge.currency.is_not(None))  # type: ignore[union-attr]
            .group_by(Pledge.currency)
        ).all()
    )
    shipped = dict(
        session.execute(
            select(ShipmentLine.currency, func.sum(ShipmentLine.value_amount))
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .where(_sent(), ShipmentLine.currency.is_not(None))  # type: ignore[union-attr]
            .group_by(ShipmentLine.currency)
        ).all()
    )
    delivered = dict(
        session.execute(
            select(
                ShipmentLine.currency,
                func.sum(
                    ShipmentLine.value_amount
                    * one
                    * ReceiptLine.quantity_received
                    / ShipmentLine.quantity
                ),
            )
            .join(ReceiptLine, ReceiptLine.shipment_line_id == ShipmentLine.id)
            .where(ShipmentLine.currency.is_not(None))  # type: ignore[union-attr]
            .group_by(ShipmentLine.currency)
        ).all()
    )
    currencies = sorted(c for c in set(pledged) | set(shipped) | set(delivered) if c)
    return [
        CurrencyFlow(
            currency=c,
            pledged=_money(pledged.get(c)),
            shipped=_money(shipped.get(c)),
            delivered=_money(delivered.get(c)),
        )
        for c in currencies
    ]


def _delivery_times(session: Session) -> dict[str, Any]:
    """Days from a request's creation to the first receipt that brought it anything."""
    rows = session.execute(
        select(AidRequest.created_at, func.min(Receipt.received_at))
        .join(ShipmentLine, ShipmentLine.request_id == AidRequest.id)
        .join(ReceiptLine, ReceiptLine.shipment_line_id == ShipmentLine.id)
        .join(Receipt, Receipt.id == ReceiptLine.receipt_id)
        .where(ReceiptLine.quantity_received > 0)
        .group_by(AidRequest.id, AidRequest.created_at)
    ).all()
    days = [
        (as_utc(received) - as_utc(created)).total_seconds() / 86400  # type: ignore[operator]
        for created, received in rows
    ]
    return {
        "deliveries": len(days),
        "median_days_to_delivery": round(statistics.median(days), 1) if days else None,
    }


def _delays(
    session: Session, user: User | None, stuck_after_days: int, today: dt.date, now: dt.datetime
) -> dict[str, Any]:
    needed = (
        select(
            ShipmentLine.shipment_id.label("shipment_id"),
            func.min(AidRequest.needed_by).label("needed_by"),
        )
        .join(AidRequest, AidRequest.id == ShipmentLine.request_id)
        .group_by(ShipmentLine.shipment_id)
        .subquery()
    )
    last_seen = func.coalesce(Shipment.last_event_at, Shipment.created_at)
    cutoff = now - dt.timedelta(days=stuck_after_days)
    late = and_(
        Shipment.status.in_(states.values(states.NOT_YET_DELIVERED)),  # type: ignore[attr-defined]
        needed.c.needed_by < today,
    )
    stuck = and_(
        Shipment.status.in_(states.values(states.ON_THE_ROAD)),  # type: ignore[attr-defined]
        last_seen < cutoff,
    )
    flagged = or_(late, stuck)
    is_late = case((late, 1), else_=0)
    is_stuck = case((stuck, 1), else_=0)

    totals = session.execute(
        select(func.coalesce(func.sum(is_late), 0), func.coalesce(func.sum(is_stuck), 0))
        .select_from(Shipment)
        .outerjoin(needed, needed.c.shipment_id == Shipment.id)
        .where(flagged)
    ).one()

    by_community = session.execute(
        select(Organization.id, Organization.name, func.sum(is_late), func.sum(is_stuck))
        .select_from(Shipment)
        .outerjoin(needed, needed.c.shipment_id == Shipment.id)
        .join(Organization, Organization.id == Shipment.community_id)
        .where(flagged)
        .group_by(Organization.id, Organization.name)
        .order_by(Organization.name)
    ).all()

    # A shipment may carry several lines of one partner: count shipments, not lines.
    senders = select(ShipmentLine.shipment_id, ShipmentLine.partner_id).distinct().subquery()
    by_partner = session.execute(
        select(Organization.id, Organization.name, func.sum(is_late), func.sum(is_stuck))
        .select_from(Shipment)
        .outerjoin(needed, needed.c.shipment_id == Shipment.id)
        .join(senders, senders.c.shipment_id == Shipment.id)
        .join(Organization, Organization.id == senders.c.partner_id)
        .where(flagged)
        .group_by(Organization.id, Organization.name)
        .order_by(Organization.name)
    ).all()

    listed = (
        select(
            Shipment.id,
            Shipment.reference,
            Shipment.status,
            Shipment.community_id,
            Organization.name,
            needed.c.needed_by,
            last_seen,
            is_late,
            is_stuck,
        )
        .outerjoin(needed, needed.c.shipment_id == Shipment.id)
        .join(Organization, Organization.id == Shipment.community_id)
        .where(flagged)
        .order_by(last_seen, Shipment.id)
        .limit(FLAGGED_LIMIT)
    )
    clause = visible_clause(user) if user is not None else None
    if clause is not None:
        listed = listed.where(clause)
    flagged_rows = [
        FlaggedShipment(
            id=sid,
            reference=ref,
            status=status,
            community_id=cid,
            community_name=cname,
            needed_by=needed_by,
            last_event_at=as_utc(seen),
            days_since_last_event=round((now - as_utc(seen)).total_seconds() / 86400, 1),  # type: ignore[operator]
            late=bool(lt),
            stuck=bool(st),
        )
        for sid, ref, status, cid, cname, needed_by, seen, lt, st in session.execute(listed)
    ]
    return {
        "shipments_late": int(totals[0]),
        "shipments_stuck": int(totals[1]),
        "delays_by_community": [
            DelayCount(organization_id=i, organization_name=n, late=int(lt), stuck=int(st))
            for i, n, lt, st in by_community
        ],
        "delays_by_partner": [
            DelayCount(organization_id=i, organization_name=n, late=int(lt), stuck=int(st))
            for i, n, lt, st in by_partner
        ],
        "flagged_shipments": flagged_rows,
    }
