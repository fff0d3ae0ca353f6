"""Allocation rules: the quantity invariants live here, checked under row locks.

For every request and every pledge, allocated ≤ quantity. Two coordinators allocating the last
units at the same instant cannot both succeed: both lock the request and the pledge rows
(PostgreSQL `FOR UPDATE`, SQLite `BEGIN IMMEDIATE`) before reading their counters.
"""

from __future__ import annotations

from sqlmodel import Session, select

from tracker.allocations.models import Allocation, AllocationCreate
from tracker.audit import service as audit
from tracker.auth.models import User
from tracker.db import lock_rows, utcnow, write_transaction
from tracker.errors import N_, Conflict, Invalid, NotFound
from tracker.notifications import service as notifications
from tracker.pledges import service as pledges
from tracker.pledges.models import Pledge
from tracker.requests import service as requests
from tracker.requests.models import AidRequest
from tracker.vocab import AllocationStatus, PledgeStatus, RequestStatus


def get(session: Session, allocation_id: int) -> Allocation:
    allocation = session.get(Allocation, allocation_id)
    if allocation is None:
        raise NotFound(N_("Allocation %(allocation)s does not exist."), allocation=allocation_id)
    return allocation


def list_for(
    session: Session, request_id: int | None = None, pledge_id: int | None = None
) -> list[Allocation]:
    query = select(Allocation)
    if request_id is not None:
        query = query.where(Allocation.request_id == request_id)
    if pledge_id is not None:
        query = query.where(Allocation.pledge_id == pledge_id)
    return list(session.exec(query.order_by(Allocation.id)).all())


def allocate_locked(
    session: Session, request: AidRequest, pledge: Pledge, quantity: int, actor: User | None
) -> Allocation:
    """Tie `quantity` of the pledge to the request; the caller holds both row locks."""
    if request.category != pledge.category:
        raise Invalid(
            N_("The request asks for %(request_category)s but the pledge offers %(category)s."),
            "pledge_id",
            request_category=request.category,
            category=pledge.category,
        )
    if request.unit != pledge.unit:
        raise Invalid(
            N_("The request counts in %(request_unit)s but the pledge in %(unit)s."),
            "pledge_id",
            request_unit=request.unit,
            unit=pledge.unit,
        )
    if request.status == RequestStatus.cancelled:
        raise Conflict(N_("Request %(request)s was cancelled."), request=request.id)
    if pledge.status == PledgeStatus.withdrawn:
        raise Conflict(N_("Pledge %(pledge)s was withdrawn."), pledge=pledge.id)
    still_needed = request.quantity_needed
    if quantity > still_needed:
        raise Conflict(
            N_(
                "Request %(request)s needs only %(missing)s %(unit)s more "
                "(%(allocated)s of %(quantity)s already allocated)."
            ),
            request=request.id,
            missing=still_needed,
            unit=request.unit,
            allocated=request.quantity_allocated,
            quantity=request.quantity,
        )
    available = pledge.quantity_available
    if quantity > available:
        raise Conflict(
            N_("Pledge %(pledge)s has only %(available)s %(unit)s left to allocate."),
            pledge=pledge.id,
            available=available,
            unit=pledge.unit,
        )
    allocation = Allocation(
        request_id=request.id,
        pledge_id=pledge.id,
        quantity=quantity,
        created_by_id=actor.id if actor else None,
    )
    session.add(allocation)
    requests.allocate(request, quantity)
    pledges.allocate(pledge, quantity)
    session.flush()
    audit.record(
        session, actor, "allocation", allocation.id, "create", after=audit.snapshot(allocation)
    )
    notifications.allocation_created(session, allocation, request, pledge, actor)
    return allocation


def create(session: Session, data: AllocationCreate, actor: User) -> Allocation:
    with write_transaction(session):
        request = lock_rows(session, AidRequest, [data.request_id]).get(data.request_id)
        if request is None:
            raise NotFound(N_("Request %(request)s does not exist."), request=data.request_id)
        pledge = lock_rows(session, Pledge, [data.pledge_id]).get(data.pledge_id)
        if pledge is None:
            raise NotFound(N_("Pledge %(pledge)s does not exist."), pledge=data.pledge_id)
        allocation = allocate_locked(session, request, pledge, data.quantity, actor)
    return allocation


def delete(session: Session, allocation_id: int, actor: User) -> None:
    """Undo an allocation that has not been put on a shipment."""
    with write_transaction(session):
        found = session.get(Allocation, allocation_id)
        if found is None:
            raise NotFound(
                N_("Allocation %(allocation)s does not exist."), allocation=allocation_id
            )
        # Lock order everywhere: shipment, request, pledge, allocation.
        request = lock_rows(session, AidRequest, [found.request_id])[found.request_id]
        pledge = lock_rows(session, Pledge, [found.pledge_id])[found.pledge_id]
        allocation = lock_rows(session, Allocation, [allocation_id])[allocation_id]
        if allocation.status != AllocationStatus.active:
            raise Conflict(
                N_(
                    "Allocation %(allocation)s is %(allocation_status)s; only allocations not "
                    "yet on a shipment can be removed."
                ),
                allocation=allocation_id,
                allocation_status=allocation.status,
            )
        snapshot = audit.snapshot(allocation)
        _give_back(request, pledge, allocation.quantity, shipped=False)
        session.delete(allocation)
        audit.record(session, actor, "allocation", allocation_id, "delete", before=snapshot)
        notifications.allocation_removed(session, allocation, request, pledge, actor)


# The allocation's status and counters change only here (callers hold the locks). ---------


def mark_shipped(allocation: Allocation) -> None:
    allocation.status = AllocationStatus.shipped
    allocation.updated_at = utcnow()


def mark_delivered(allocation: Allocation, good: int) -> None:
    allocation.status = AllocationStatus.delivered
    allocation.quantity_delivered = good
    allocation.updated_at = utcnow()


def _give_back(request: AidRequest, pledge: Pledge, quantity: int, shipped: bool) -> None:
    requests.give_back(request, quantity, shipped=shipped)
    pledges.give_back(pledge, quantity)


def release_locked(
    session: Session,
    allocation: Allocation,
    request: AidRequest,
    pledge: Pledge,
    shipped: bool,
    actor: User | None,
    reason: str,
) -> None:
    """Hand an allocation's quantity back to its request and pledge (caller holds the locks)."""
    before = audit.snapshot(allocation, ["status"])
    _give_back(request, pledge, allocation.quantity, shipped=shipped)
    allocation.status = AllocationStatus.released
    allocation.updated_at = utcnow()
    audit.record(
        session,
        actor,
        "allocation",
        allocation.id,
        reason,
        before=before,
        after={"status": allocation.status},
    )


def release_unshipped_for_request(session: Session, request: AidRequest, actor: User) -> None:
    """On cancelling a request (whose row the caller locked): hand back what is not shipped."""
    pledge_ids = session.exec(
        select(Allocation.pledge_id).where(
            Allocation.request_id == request.id, Allocation.status == AllocationStatus.active
        )
    ).all()
    locked_pledges = lock_rows(session, Pledge, pledge_ids)
    active = session.exec(
        select(Allocation)
        .where(Allocation.request_id == request.id, Allocation.status == AllocationStatus.active)
        .order_by(Allocation.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    for allocation in active:
        # No allocation can appear meanwhile: creating one locks this request first.
        pledge = locked_pledges[allocation.pledge_id]
        release_locked(session, allocation, request, pledge, False, actor, "release")


def ready_to_ship(session: Session, limit: int = 500) -> list[dict[str, object]]:
    """Allocations not yet on a shipment, with what a coordinator needs to group them."""
    from tracker.orgs.models import Organization

    community = Organization.__table__.alias("community")  # type: ignore[attr-defined]
    partner = Organization.__table__.alias("partner")  # type: ignore[attr-defined]
    rows = session.exec(
        select(  # type: ignore[call-overload]
            Allocation.id,
            Allocation.quantity,
            AidRequest.id,
            AidRequest.item,
            AidRequest.unit,
            AidRequest.community_id,
            community.c.name,
            Pledge.item,
            partner.c.name,
        )
        .join(AidRequest, AidRequest.id == Allocation.request_id)
        .join(Pledge, Pledge.id == Allocation.pledge_id)
        .join(community, community.c.id == AidRequest.community_id)
        .join(partner, partner.c.id == Pledge.partner_id)
        .where(Allocation.status == AllocationStatus.active)
        .order_by(community.c.name, Allocation.id)
        .limit(limit)
    ).all()
    keys = (
        "id",
        "quantity",
        "request_id",
        "request_item",
        "unit",
        "community_id",
        "community",
        "pledge_item",
        "partner",
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]
