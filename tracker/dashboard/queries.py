"""Read-only queries for the dashboards (`/`) and the matching board (`/matching`).

Every list has a limit and is fetched with its names in one joined query (no N+1); counts
and sums are aggregated in SQL. The rules (what is late, what may be received, what is still
missing) come from the domain modules; this module only reads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, or_
from sqlmodel import Session, select

from tracker.auth.models import User
from tracker.listing import contains_pattern, like_search
from tracker.matching.core import PRIORITIES
from tracker.orgs.models import Organization
from tracker.pledges.models import Pledge
from tracker.receipts.models import Receipt
from tracker.requests.models import AidRequest
from tracker.shipments import service as shipments
from tracker.shipments import states
from tracker.shipments.models import Shipment, ShipmentEvent, ShipmentLine
from tracker.vocab import PledgeStatus, RequestStatus, ShipmentStatus

LIST_LIMIT = 20
# The ETA is a rough estimate: trucks cover about this much road per day, and a border
# crossing costs about a day.
ROAD_KM_PER_DAY = 500.0
CUSTOMS_DAYS = 1

_priority_rank = case(
    {p: i for i, p in enumerate(PRIORITIES)}, value=AidRequest.priority, else_=len(PRIORITIES)
)
_missing = AidRequest.quantity_needed
_available = Pledge.quantity_available


def _values(items: tuple[Any, ...]) -> list[str]:
    return [str(getattr(i, "value", i)) for i in items]


def _by_priority(query: Any) -> Any:
    """Most urgent first: priority, then the earliest needed_by (unknown last), then age."""
    return query.order_by(
        _priority_rank,
        AidRequest.needed_by.is_(None),  # type: ignore[union-attr]
        AidRequest.needed_by,
        AidRequest.id,
    )


def _count(session: Session, query: Any) -> int:
    return int(session.exec(select(func.count()).select_from(query.subquery())).one())


# Community staff ----------------------------------------------------------------------------


def community_requests(
    session: Session, community_id: int, limit: int = 50
) -> tuple[list[AidRequest], int]:
    """The community's requests, the ones still moving first, newest first."""
    query = select(AidRequest).where(AidRequest.community_id == community_id)
    settled = case(
        (AidRequest.status.in_(_values((RequestStatus.open, RequestStatus.pledged))), 0),  # type: ignore[attr-defined]
        else_=1,
    )
    rows = session.exec(
        query.order_by(settled, AidRequest.created_at.desc(), AidRequest.id.desc()).limit(limit)
    ).all()
    return list(rows), _count(session, query)


@dataclass
class LineSummary:
    item: str
    quantity: int
    unit: str


@dataclass
class Incoming:
    """A shipment not yet delivered, with where it is and a rough arrival estimate."""

    shipment: Shipment
    community_name: str = ""
    distance_km: float | None = None
    past_customs: bool = False
    eta_days: int | None = None
    eta: dt.date | None = None
    lines: list[LineSummary] = field(default_factory=list)

    @property
    def to_sign(self) -> bool:
        return self.shipment.status in states.TO_SIGN


def estimate_days(distance_km: float | None, past_customs: bool) -> int | None:
    """Days still to go: distance ÷ 500 km/day, plus a day at customs if not yet past it."""
    if distance_km is None:
        return None
    return math.ceil(distance_km / ROAD_KM_PER_DAY + (0 if past_customs else CUSTOMS_DAYS))


def _lines_of(session: Session, shipment_ids: list[int]) -> dict[int, list[LineSummary]]:
    if not shipment_ids:
        return {}
    rows = session.exec(
        select(
            ShipmentLine.shipment_id,
            ShipmentLine.item,
            func.sum(ShipmentLine.quantity),
            ShipmentLine.unit,
        )
        .where(ShipmentLine.shipment_id.in_(shipment_ids))  # type: ignore[attr-defined]
        .group_by(ShipmentLine.shipment_id, ShipmentLine.item, ShipmentLine.unit)
        .order_by(ShipmentLine.shipment_id, ShipmentLine.item)
    ).all()
    found: dict[int, list[LineSummary]] = defaultdict(list)
    for shipment_id, item, quantity, unit in rows:
        found[shipment_id].append(LineSummary(item, int(quantity or 0), unit))
    return found


def _cleared_customs(session: Session, shipment_ids: list[int]) -> set[int]:
    """Shipments that have left customs (an event moved them on from at_customs)."""
    if not shipment_ids:
        return set()
    rows = session.exec(
        select(ShipmentEvent.shipment_id)
        .where(
            ShipmentEvent.shipment_id.in_(shipment_ids),  # type: ignore[attr-defined]
            ShipmentEvent.from_status == ShipmentStatus.at_customs,
            ShipmentEvent.status != ShipmentStatus.at_customs,
        )
        .distinct()
    ).all()
    return set(rows)


def incoming_shipments(
    session: Session, community_id: int, today: dt.date, limit: int = LIST_LIMIT
) -> tuple[list[Incoming], int]:
    """What is on the way to the community: status, last place, distance left and an ETA."""
    query = select(Shipment).where(
        Shipment.community_id == community_id,
        Shipment.status.in_(states.values(states.NOT_YET_DELIVERED)),  # type: ignore[attr-defined]
    )
    arrived_first = case((Shipment.status == ShipmentStatus.arrived, 0), else_=1)
    rows = list(
        session.exec(query.order_by(arrived_first, Shipment.created_at, Shipment.id).limit(limit))
    )
    ids = [s.id for s in rows if s.id is not None]
    lines = _lines_of(session, ids)
    cleared = _cleared_customs(session, ids)
    result = []
    for shipment in rows:
        entry = Incoming(shipment=shipment, lines=lines.get(shipment.id or 0, []))
        entry.past_customs = shipment.status == ShipmentStatus.arrived or shipment.id in cleared
        if shipment.status == ShipmentStatus.arrived:
            entry.distance_km = 0.0
        elif shipment.status != ShipmentStatus.planned:
            entry.distance_km = shipments.distance_remaining_km(shipment)
            entry.eta_days = estimate_days(entry.distance_km, entry.past_customs)
            if entry.eta_days is not None:
                entry.eta = today + dt.timedelta(days=entry.eta_days)
        result.append(entry)
    return result, _count(session, query)


# Partners -----------------------------------------------------------------------------------


def open_needs(
    session: Session,
    community_ids: list[int],
    *,
    among: bool,
    limit: int = LIST_LIMIT,
    offset: int = 0,
) -> tuple[list[tuple[AidRequest, str]], int]:
    """Open requests of these communities (`among`) or of all others, most urgent first."""
    query = (
        select(AidRequest, Organization.name)
        .join(Organization, Organization.id == AidRequest.community_id)
        .where(AidRequest.status == RequestStatus.open, _missing > 0)
    )
    if among:
        if not community_ids:
            return [], 0
        query = query.where(AidRequest.community_id.in_(community_ids))  # type: ignore[attr-defined]
    elif community_ids:
        query = query.where(AidRequest.community_id.not_in(community_ids))  # type: ignore[attr-defined]
    rows = session.exec(_by_priority(query).offset(offset).limit(limit)).all()
    return [(r, name) for r, name in rows], _count(session, query)


def partner_pledges(
    session: Session, partner_id: int, limit: int = LIST_LIMIT
) -> tuple[list[Pledge], int]:
    """The partner's pledges, newest first."""
    query = select(Pledge).where(Pledge.partner_id == partner_id)
    rows = session.exec(query.order_by(Pledge.created_at.desc(), Pledge.id.desc()).limit(limit))
    return list(rows), _count(session, query)


def visible_shipments(
    session: Session, user: User, limit: int = LIST_LIMIT
) -> tuple[list[tuple[Shipment, str]], int]:
    """The shipments this user may see (a partner: those carrying its goods), newest first."""
    query = select(Shipment, Organization.name).join(
        Organization, Organization.id == Shipment.community_id
    )
    clause = shipments.visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    rows = session.exec(
        query.order_by(Shipment.created_at.desc(), Shipment.id.desc()).limit(limit)
    ).all()
    return [(s, name) for s, name in rows], _count(session, query)


# Coordinators -------------------------------------------------------------------------------


def unmatched_requests(
    session: Session, limit: int = LIST_LIMIT
) -> tuple[list[tuple[AidRequest, str]], int]:
    """Open requests with quantity still missing, most urgent first."""
    return open_needs(session, [], among=False, limit=limit)


def waiting_pledges(
    session: Session, limit: int = LIST_LIMIT
) -> tuple[list[tuple[Pledge, str]], int]:
    """Offered pledges with quantity still available, oldest first (they waited longest)."""
    query = (
        select(Pledge, Organization.name)
        .join(Organization, Organization.id == Pledge.partner_id)
        .where(Pledge.status == PledgeStatus.offered, _available > 0)
    )
    rows = session.exec(query.order_by(Pledge.created_at, Pledge.id).limit(limit)).all()
    return [(p, name) for p, name in rows], _count(session, query)


@dataclass
class UnitTotals:
    unit: str
    requested: int
    allocated: int
    delivered: int


@dataclass
class Headline:
    open_requests: int
    on_the_way: int
    receipts_this_month: int
    by_unit: list[UnitTotals]


def headline(session: Session, now: dt.datetime) -> Headline:
    """The coordinator's figures: each one aggregate query."""
    open_requests = session.exec(
        select(func.count()).where(AidRequest.status == RequestStatus.open)
    ).one()
    on_the_way = session.exec(
        select(func.count()).where(Shipment.status.in_(states.values(states.ON_THE_ROAD)))  # type: ignore[attr-defined]
    ).one()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    receipts = session.exec(
        select(func.count()).where(Receipt.received_at >= month_start)  # type: ignore[operator]
    ).one()
    rows = session.exec(
        select(
            AidRequest.unit,
            func.sum(AidRequest.quantity),
            func.sum(AidRequest.quantity_allocated),
            func.sum(AidRequest.quantity_delivered),
        )
        .where(AidRequest.status != RequestStatus.cancelled)
        .group_by(AidRequest.unit)
        .order_by(func.sum(AidRequest.quantity).desc(), AidRequest.unit)
    ).all()
    return Headline(
        open_requests=int(open_requests),
        on_the_way=int(on_the_way),
        receipts_this_month=int(receipts),
        by_unit=[UnitTotals(u, int(q or 0), int(a or 0), int(d or 0)) for u, q, a, d in rows],
    )


# The matching board -------------------------------------------------------------------------


def request_choices(
    session: Session, q: str | None = None, limit: int = 200
) -> list[tuple[AidRequest, str]]:
    """Open requests with something missing, most urgent first, for the board's picker."""
    query = (
        select(AidRequest, Organization.name)
        .join(Organization, Organization.id == AidRequest.community_id)
        .where(AidRequest.status == RequestStatus.open, _missing > 0)
    )
    if q and q.strip():
        pattern = contains_pattern(q)
        query = query.where(
            or_(
                like_search(AidRequest.item, pattern),
                like_search(Organization.name, pattern),
                like_search(AidRequest.destination, pattern),
            )
        )
    return [(r, name) for r, name in session.exec(_by_priority(query).limit(limit)).all()]


def pledges_with_partner(session: Session, pledge_ids: list[int]) -> dict[int, tuple[Pledge, str]]:
    """The pledges by id with their partner's name, in one query."""
    if not pledge_ids:
        return {}
    rows = session.exec(
        select(Pledge, Organization.name)
        .join(Organization, Organization.id == Pledge.partner_id)
        .where(Pledge.id.in_(pledge_ids))  # type: ignore[union-attr]
    ).all()
    return {p.id: (p, name) for p, name in rows if p.id is not None}


def requests_with_community(
    session: Session, request_ids: list[int]
) -> dict[int, tuple[AidRequest, str]]:
    """The requests by id with their community's name, in one query."""
    if not request_ids:
        return {}
    rows = session.exec(
        select(AidRequest, Organization.name)
        .join(Organization, Organization.id == AidRequest.community_id)
        .where(AidRequest.id.in_(request_ids))  # type: ignore[union-attr]
    ).all()
    return {r.id: (r, name) for r, name in rows if r.id is not None}


def plan_filter_choices(session: Session) -> tuple[list[str], list[tuple[int, str]]]:
    """Oblasts and communities that have open requests (for the plan's filter)."""
    oblasts = session.exec(
        select(AidRequest.admin1)
        .where(AidRequest.status == RequestStatus.open, AidRequest.admin1.is_not(None))  # type: ignore[union-attr]
        .distinct()
        .order_by(AidRequest.admin1)
        .limit(200)
    ).all()
    communities = session.exec(
        select(Organization.id, Organization.name)
        .join(AidRequest, AidRequest.community_id == Organization.id)
        .where(AidRequest.status == RequestStatus.open)
        .distinct()
        .order_by(Organization.name)
        .limit(500)
    ).all()
    return [o for o in oblasts if o], [(i, n) for i, n in communities]
