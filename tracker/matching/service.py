"""Matching against the database: load open requests and pledges, suggest, plan, apply.

The cost model and the solver (`core`, `solver`) are pure; this module feeds them and applies
a plan through the allocation rules, under the same row locks as a manual allocation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from tracker.allocations import service as allocations
from tracker.auth.models import User
from tracker.config import Settings
from tracker.db import lock_rows, write_transaction
from tracker.errors import Conflict, DomainError
from tracker.matching.core import DEFAULT_WEIGHTS, Demand, Suggestion, Supply, Weights, suggest
from tracker.matching.solver import Plan, ProposedAllocation, plan
from tracker.orgs import service as orgs
from tracker.pledges.models import Pledge
from tracker.requests import service as requests
from tracker.requests.models import AidRequest
from tracker.vocab import PledgeStatus, RequestStatus


def _demand(r: AidRequest) -> Demand:
    return Demand(
        request_id=r.id,  # type: ignore[arg-type]
        community_id=r.community_id,
        category=r.category,
        unit=r.unit,
        quantity_open=r.quantity_needed,
        latitude=r.latitude,
        longitude=r.longitude,
        priority=r.priority,
        needed_by=r.needed_by,
    )


def _supply(p: Pledge) -> Supply:
    return Supply(
        pledge_id=p.id,  # type: ignore[arg-type]
        partner_id=p.partner_id,
        category=p.category,
        unit=p.unit,
        quantity_available=p.quantity_available,
        latitude=p.latitude,
        longitude=p.longitude,
        available_from=p.available_from,
        request_id=p.request_id,
    )


def open_demands(
    session: Session,
    category: str | None = None,
    community_id: int | None = None,
    oblast: str | None = None,
) -> list[Demand]:
    query = select(AidRequest).where(AidRequest.status == RequestStatus.open)
    if category:
        query = query.where(AidRequest.category == category)
    if community_id:
        query = query.where(AidRequest.community_id == community_id)
    if oblast:
        query = query.where(AidRequest.admin1 == oblast)
    return [_demand(r) for r in session.exec(query.order_by(AidRequest.id)).all()]


def open_supplies(
    session: Session, category: str | None = None, unit: str | None = None
) -> list[Supply]:
    query = select(Pledge).where(Pledge.status == PledgeStatus.offered)
    if category:
        query = query.where(Pledge.category == category)
    if unit:
        query = query.where(Pledge.unit == unit)
    rows = session.exec(query.order_by(Pledge.id)).all()
    return [_supply(p) for p in rows if p.quantity_available > 0]


def weights_from(settings: Settings) -> Weights:
    """The cost model's weights: defaults, overridden by TRACKER_MATCHING_WEIGHTS (ValueError
    naming the variable for an unknown name or a bad value)."""
    if not settings.matching_weights:
        return DEFAULT_WEIGHTS
    try:
        return Weights(**settings.matching_weights)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"TRACKER_MATCHING_WEIGHTS: {exc}") from exc


def suggestions(
    session: Session, request_id: int, today: date, weights: Weights = DEFAULT_WEIGHTS
) -> list[Suggestion]:
    """Pledges that could serve this request, best first (empty when nothing is missing)."""
    request = requests.get(session, request_id)
    if request.status != RequestStatus.open or request.quantity_allocated >= request.quantity:
        return []
    supplies = open_supplies(session, request.category, request.unit)
    return suggest(_demand(request), supplies, orgs.partner_pairs(session), today, weights)


def make_plan(
    session: Session,
    today: date,
    category: str | None = None,
    community_id: int | None = None,
    oblast: str | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Plan:
    demands = open_demands(session, category, community_id, oblast)
    supplies = open_supplies(session, category)
    return plan(demands, supplies, orgs.partner_pairs(session), today, weights)


@dataclass
class Applied:
    applied: list[tuple[ProposedAllocation, int]] = field(default_factory=list)
    skipped: list[tuple[ProposedAllocation, str]] = field(default_factory=list)


def apply_plan(session: Session, proposal: Plan, actor: User) -> Applied:
    """Apply a plan atomically. What no longer holds (someone allocated meanwhile) is applied
    only as far as the quantities still allow, and the rest is reported, never over-allocated.
    """
    outcome = Applied()
    with write_transaction(session):
        locked_requests = lock_rows(
            session, AidRequest, [a.request_id for a in proposal.allocations]
        )
        locked_pledges = lock_rows(session, Pledge, [a.pledge_id for a in proposal.allocations])
        for proposed in proposal.allocations:
            request = locked_requests.get(proposed.request_id)
            pledge = locked_pledges.get(proposed.pledge_id)
            if request is None or pledge is None:
                outcome.skipped.append((proposed, "no longer exists"))
                continue
            room = min(
                proposed.quantity,
                request.quantity_needed,
                pledge.quantity_available,
            )
            if room <= 0 or request.status == RequestStatus.cancelled:
                outcome.skipped.append((proposed, "already covered or no longer available"))
                continue
            try:
                allocations.allocate_locked(session, request, pledge, room, actor)
            except (Conflict, DomainError) as exc:
                outcome.skipped.append((proposed, exc.detail))
                continue
            outcome.applied.append((proposed, room))
            if room < proposed.quantity:
                outcome.skipped.append((proposed, f"only {room} of {proposed.quantity} still fit"))
    return outcome
