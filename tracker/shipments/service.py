"""Shipment rules: building from allocations, moving along the state machine, visibility."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import exists, func
from sqlmodel import Session, select

from tracker.allocations import service as allocations
from tracker.allocations.models import Allocation
from tracker.audit import service as audit
from tracker.auth.models import User
from tracker.db import as_utc, lock_rows, utcnow, write_transaction
from tracker.errors import N_, Conflict, Forbidden, Invalid, NotFound
from tracker.geo import service as geo
from tracker.geo.locate import locate
from tracker.listing import contains_pattern, like_search
from tracker.notifications import service as notifications
from tracker.orgs.models import Organization
from tracker.pledges.models import Pledge
from tracker.requests.models import AidRequest
from tracker.shipments import states
from tracker.shipments.models import (
    EventCreate,
    Shipment,
    ShipmentCreate,
    ShipmentEvent,
    ShipmentEventRead,
    ShipmentLine,
    ShipmentLineRead,
    ShipmentRead,
    TransportDetails,
)
from tracker.vocab import AllocationStatus, Role, ShipmentStatus

_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _new_reference() -> str:
    year = utcnow().year
    return f"SHP-{year}-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))


# Visibility ---------------------------------------------------------------------------------


def visible_clause(user: User):  # type: ignore[no-untyped-def]
    """SQL condition: the shipments this user may see (None = all)."""
    if user.is_coordinator:
        return None
    if user.role == Role.community:
        return Shipment.community_id == user.organization_id
    return exists().where(
        ShipmentLine.shipment_id == Shipment.id, ShipmentLine.partner_id == user.organization_id
    )


def get_visible(session: Session, shipment_id: int, user: User) -> Shipment:
    """The shipment, or 404 when it does not exist or this user may not see it."""
    query = select(Shipment).where(Shipment.id == shipment_id)
    clause = visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    shipment = session.exec(query).first()
    if shipment is None:
        raise NotFound(N_("Shipment %(shipment)s does not exist."), shipment=shipment_id)
    return shipment


@dataclass
class Filters:
    status: ShipmentStatus | None = None
    community_id: int | None = None
    partner_id: int | None = None
    q: str | None = None


def _filtered(user: User, filters: Filters, count: bool = False):  # type: ignore[no-untyped-def]
    """Visible shipments with their community's name, narrowed by the filters; with `count`,
    the number of them (joining organizations only when searching by name)."""
    searching = bool(filters.q and filters.q.strip())
    if count:
        query = select(func.count()).select_from(Shipment)
        if searching:
            query = query.join(Organization, Organization.id == Shipment.community_id)
    else:
        query = select(Shipment, Organization.name).join(
            Organization, Organization.id == Shipment.community_id
        )
    clause = visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    if filters.status:
        query = query.where(Shipment.status == filters.status)
    if filters.community_id:
        query = query.where(Shipment.community_id == filters.community_id)
    if filters.partner_id:
        query = query.where(
            exists().where(
                ShipmentLine.shipment_id == Shipment.id,
                ShipmentLine.partner_id == filters.partner_id,
            )
        )
    if searching:
        pattern = contains_pattern(filters.q)  # type: ignore[arg-type]
        query = query.where(
            like_search(Shipment.reference, pattern)
            | like_search(Shipment.destination, pattern)
            | like_search(Organization.name, pattern)
        )
    return query


def list_shipments(
    session: Session, user: User, filters: Filters, limit: int, offset: int
) -> tuple[list[ShipmentRead], int]:
    total = session.exec(_filtered(user, filters, count=True)).one()
    rows = session.exec(
        _filtered(user, filters)
        .order_by(Shipment.created_at.desc(), Shipment.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [to_read(s, name) for s, name in rows], total


def to_read(
    shipment: Shipment,
    community_name: str | None = None,
    lines: list[ShipmentLine] | None = None,
    events: list[ShipmentEvent] | None = None,
    receipt_id: int | None = None,
) -> ShipmentRead:
    return ShipmentRead(
        **shipment.model_dump(exclude={"last_latitude", "last_longitude", "created_by_id"}),
        community_name=community_name,
        latitude=shipment.last_latitude,
        longitude=shipment.last_longitude,
        distance_remaining_km=distance_remaining_km(shipment),
        receipt_id=receipt_id,
        allowed_moves=[m.value for m in states.allowed_moves(shipment.status)],
        lines=[ShipmentLineRead.model_validate(x, from_attributes=True) for x in lines or []],
        events=[ShipmentEventRead.model_validate(e, from_attributes=True) for e in events or []],
    )


def read(session: Session, shipment_id: int, user: User) -> ShipmentRead:
    from tracker.receipts.models import Receipt

    shipment = get_visible(session, shipment_id, user)
    community = session.get(Organization, shipment.community_id)
    receipt_id = session.exec(select(Receipt.id).where(Receipt.shipment_id == shipment_id)).first()
    return to_read(
        shipment,
        community.name if community else None,
        lines_of(session, shipment_id),
        events_of(session, shipment_id),
        receipt_id,
    )


def lines_of(session: Session, shipment_id: int) -> list[ShipmentLine]:
    return list(
        session.exec(
            select(ShipmentLine)
            .where(ShipmentLine.shipment_id == shipment_id)
            .order_by(ShipmentLine.id)
        ).all()
    )


def events_of(session: Session, shipment_id: int) -> list[ShipmentEvent]:
    return list(
        session.exec(
            select(ShipmentEvent)
            .where(ShipmentEvent.shipment_id == shipment_id)
            .order_by(ShipmentEvent.id)
        ).all()
    )


def distance_remaining_km(shipment: Shipment) -> float | None:
    """Geodesic distance from the last known position to the destination."""
    if shipment.status == ShipmentStatus.delivered:
        return 0.0
    if None in (
        shipment.last_latitude,
        shipment.last_longitude,
        shipment.destination_latitude,
        shipment.destination_longitude,
    ):
        return None
    km = geo.distance_km(
        (shipment.last_latitude, shipment.last_longitude),  # type: ignore[arg-type]
        (shipment.destination_latitude, shipment.destination_longitude),  # type: ignore[arg-type]
    )
    return round(km, 1)


# Creating -----------------------------------------------------------------------------------


def create(session: Session, data: ShipmentCreate, actor: User) -> Shipment:
    """Build a planned shipment from active allocations going to one community."""
    ids = sorted(set(data.allocation_ids))
    if len(ids) != len(data.allocation_ids):
        raise Invalid(N_("An allocation is listed twice."), "allocation_ids")
    with write_transaction(session):
        found = session.exec(select(Allocation).where(Allocation.id.in_(ids))).all()  # type: ignore[attr-defined]
        missing = set(ids) - {a.id for a in found}
        if missing:
            raise Invalid(
                N_("Allocation(s) %(allocations)s do not exist."),
                "allocation_ids",
                allocations=sorted(missing),
            )
        requests = lock_rows(session, AidRequest, [a.request_id for a in found])
        pledges = lock_rows(session, Pledge, [a.pledge_id for a in found])
        locked = lock_rows(session, Allocation, ids)
        communities = {requests[a.request_id].community_id for a in locked.values()}
        if len(communities) != 1:
            raise Invalid(
                N_("A shipment goes to one community; these allocations are for several."),
                "allocation_ids",
            )
        for allocation in locked.values():
            if allocation.status != AllocationStatus.active:
                raise Conflict(
                    N_(
                        "Allocation %(allocation)s is %(allocation_status)s; "
                        "only allocations not yet shipped can go on a shipment."
                    ),
                    allocation=allocation.id,
                    allocation_status=allocation.status,
                )
        community = session.get(Organization, communities.pop())
        assert community is not None
        first = requests[locked[ids[0]].request_id]
        reference = data.reference or _new_reference()
        if session.exec(select(Shipment.id).where(Shipment.reference == reference)).first():
            raise Conflict(
                N_("A shipment with the reference %(reference)s already exists."),
                reference=reference,
            )
        shipment = Shipment(
            reference=reference,
            community_id=community.id,
            destination=first.destination,
            destination_latitude=first.latitude
            if first.latitude is not None
            else community.latitude,
            destination_longitude=(
                first.longitude if first.longitude is not None else community.longitude
            ),
            carrier=data.carrier,
            vehicle=data.vehicle,
            declaration_code=data.declaration_code,
            driver_name=data.driver_name,
            driver_phone=data.driver_phone,
            transport_document=data.transport_document,
            seal_numbers=data.seal_numbers,
            gross_weight_kg=data.gross_weight_kg,
            volume_m3=data.volume_m3,
            created_by_id=actor.id,
        )
        session.add(shipment)
        session.flush()
        for allocation_id in ids:
            allocation = locked[allocation_id]
            pledge = pledges[allocation.pledge_id]
            request = requests[allocation.request_id]
            session.add(
                ShipmentLine(
                    shipment_id=shipment.id,
                    allocation_id=allocation.id,
                    request_id=request.id,
                    pledge_id=pledge.id,
                    partner_id=pledge.partner_id,
                    item=pledge.item,
                    category=pledge.category,
                    quantity=allocation.quantity,
                    unit=pledge.unit,
                    value_amount=_line_value(pledge, allocation.quantity),
                    currency=pledge.currency,
                )
            )
            allocations.mark_shipped(allocation)
        session.add(
            ShipmentEvent(
                shipment_id=shipment.id,
                from_status=None,
                status=ShipmentStatus.planned,
                note="Shipment planned",
                actor_id=actor.id,
            )
        )
        session.flush()
        audit.record(
            session,
            actor,
            "shipment",
            shipment.id,
            "create",
            after={
                **audit.snapshot(shipment, ["reference", "status", "community_id"]),
                "allocation_ids": ids,
            },
        )
    return shipment


def _line_value(pledge: Pledge, quantity: int):  # type: ignore[no-untyped-def]
    """The pledged value pro rata for the quantity on this line."""
    if pledge.value_amount is None:
        return None
    from decimal import ROUND_HALF_UP, Decimal

    share = Decimal(pledge.value_amount) * quantity / pledge.quantity
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Moving -------------------------------------------------------------------------------------


def post_event(session: Session, shipment_id: int, data: EventCreate, actor: User) -> Shipment:
    """Move a shipment along the state machine, recording who, when, where and why."""
    shipment = get_visible(session, shipment_id, actor)
    target = ShipmentStatus(data.status)
    _ensure_may_move(session, shipment, target, actor)
    where = locate(data.location, data.latitude, data.longitude, katottg=data.katottg)
    with write_transaction(session):
        shipment = lock_rows(session, Shipment, [shipment_id])[shipment_id]
        current = ShipmentStatus(shipment.status)
        if target == ShipmentStatus.delivered:
            raise Conflict(N_("A shipment becomes delivered only when its receipt is filed."))
        if not states.can_move(current, target):
            allowed = [m.value for m in states.allowed_moves(current)]
            if not allowed:
                raise Conflict(
                    N_(
                        "A shipment that is %(shipment_status)s cannot move to "
                        "%(target_shipment_status)s (allowed now: none)."
                    ),
                    shipment_status=current.value,
                    target_shipment_status=target.value,
                )
            raise Conflict(
                N_(
                    "A shipment that is %(shipment_status)s cannot move to "
                    "%(target_shipment_status)s (allowed now: %(allowed_shipment_status)s)."
                ),
                shipment_status=current.value,
                target_shipment_status=target.value,
                allowed_shipment_status=allowed,
            )
        before = audit.snapshot(shipment, ["status", "last_location"])
        now = utcnow()
        if target in states.HANDS_BACK:
            _hand_back(
                session,
                shipment,
                dispatched=current != ShipmentStatus.planned,
                actor=actor,
                reason=target.value,
            )
        if target == ShipmentStatus.dispatched:
            _mark_shipped(session, shipment)
            shipment.dispatched_at = now
        shipment.status = target.value
        if data.location:
            shipment.last_location = data.location
        if where.found:
            shipment.last_latitude, shipment.last_longitude = where.latitude, where.longitude
        shipment.last_event_at = now
        shipment.updated_at = now
        session.add(
            ShipmentEvent(
                shipment_id=shipment.id,
                from_status=current.value,
                status=target.value,
                location=data.location,
                latitude=where.latitude,
                longitude=where.longitude,
                admin1=where.admin1,
                **where.columns(),
                note=data.note,
                actor_id=actor.id,
                created_at=now,
            )
        )
        audit.record(
            session,
            actor,
            "shipment",
            shipment.id,
            "move",
            before=before,
            after={**audit.snapshot(shipment, ["status", "last_location"]), "note": data.note},
        )
        notifications.shipment_moved(session, shipment, actor, data.note)
    return shipment


def _sends(session: Session, shipment_id: int, actor: User) -> bool:
    """The actor is staff of a partner whose pledge travels on this shipment."""
    if actor.role != Role.partner:
        return False
    line = session.exec(
        select(ShipmentLine.id).where(
            ShipmentLine.shipment_id == shipment_id,
            ShipmentLine.partner_id == actor.organization_id,
        )
    ).first()
    return line is not None


def _may_change_transport(session: Session, shipment_id: int, user: User) -> bool:
    return user.is_coordinator or _sends(session, shipment_id, user)


def may_edit_transport(session: Session, shipment: Shipment | ShipmentRead, user: User) -> bool:
    """Coordinators and the sending partner, while the shipment is still planned."""
    return shipment.status == ShipmentStatus.planned and _may_change_transport(
        session,
        shipment.id,  # type: ignore[arg-type]
        user,
    )


def update_transport(
    session: Session, shipment_id: int, data: TransportDetails, actor: User
) -> Shipment:
    """Change the transport details the waybill prints; only the fields given are changed.

    Allowed while the shipment is planned: once the goods leave, the waybill travels with them.
    """
    get_visible(session, shipment_id, actor)  # 404 for those who may not see it
    if not _may_change_transport(session, shipment_id, actor):
        raise Forbidden(
            N_("Only coordinators and the sending partner may change the transport details.")
        )
    changes = data.model_dump(exclude_unset=True)
    with write_transaction(session):
        shipment = lock_rows(session, Shipment, [shipment_id])[shipment_id]
        if shipment.status != ShipmentStatus.planned:
            raise Conflict(
                N_(
                    "Transport details can be changed only while the shipment is planned; "
                    "it is %(shipment_status)s."
                ),
                shipment_status=shipment.status,
            )
        before = audit.snapshot(shipment, list(changes))
        for name, value in changes.items():
            setattr(shipment, name, value)
        shipment.updated_at = utcnow()
        session.add(shipment)
        session.flush()
        audit.record(
            session,
            actor,
            "shipment",
            shipment.id,
            "update",
            before=before,
            after=audit.snapshot(shipment, list(changes)),
        )
    return shipment


def _ensure_may_move(
    session: Session, shipment: Shipment, target: ShipmentStatus, actor: User
) -> None:
    if actor.is_coordinator:
        return
    if target in states.PARTNER_MOVES and _sends(session, shipment.id, actor):  # type: ignore[arg-type]
        return
    raise Forbidden(
        N_(
            "Only coordinators, and the sending partner for dispatch and transit moves, "
            "may post this event."
        )
    )


def _locked_parts(session: Session, shipment: Shipment):  # type: ignore[no-untyped-def]
    lines = lines_of(session, shipment.id)
    requests = lock_rows(session, AidRequest, [x.request_id for x in lines])
    pledges = lock_rows(session, Pledge, [x.pledge_id for x in lines])
    allocs = lock_rows(session, Allocation, [x.allocation_id for x in lines])
    return lines, requests, pledges, allocs


def _mark_shipped(session: Session, shipment: Shipment) -> None:
    from tracker.requests import service as request_service

    lines, requests, _, _ = _locked_parts(session, shipment)
    for line in lines:
        request = requests[line.request_id]
        request_service.ship(request, line.quantity)


def mark_delivered(
    session: Session,
    shipment: Shipment,
    current: ShipmentStatus,
    receipt_code: str,
    received_by: str,
    actor: User,
    now: dt.datetime,
) -> None:
    """The receipt was signed: the shipment is delivered at its destination (lock held)."""
    before = audit.snapshot(shipment, ["status"])
    shipment.status = ShipmentStatus.delivered
    shipment.delivered_at = now
    shipment.last_event_at = now
    shipment.updated_at = now
    shipment.last_location = shipment.destination
    shipment.last_latitude = shipment.destination_latitude
    shipment.last_longitude = shipment.destination_longitude
    session.add(
        ShipmentEvent(
            shipment_id=shipment.id,
            from_status=current.value,
            status=ShipmentStatus.delivered,
            location=shipment.destination,
            latitude=shipment.destination_latitude,
            longitude=shipment.destination_longitude,
            note=f"Receipt {receipt_code} signed by {received_by}",
            actor_id=actor.id,
            created_at=now,
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        "shipment",
        shipment.id,
        "move",
        before=before,
        after={"status": shipment.status, "receipt": receipt_code},
    )


def _hand_back(
    session: Session, shipment: Shipment, dispatched: bool, actor: User, reason: str
) -> None:
    lines, requests, pledges, allocs = _locked_parts(session, shipment)
    for line in lines:
        allocations.release_locked(
            session,
            allocs[line.allocation_id],
            requests[line.request_id],
            pledges[line.pledge_id],
            shipped=dispatched,
            actor=actor,
            reason=f"release ({reason})",
        )


def last_event_age_days(shipment: Shipment) -> float | None:
    at = as_utc(shipment.last_event_at or shipment.created_at)
    if at is None:
        return None
    return (utcnow() - at).total_seconds() / 86400


# Reading for pages --------------------------------------------------------------------------


def is_stuck(shipment: Shipment | ShipmentRead, after_days: int) -> bool:
    """On the road and silent for more than `after_days` days."""
    if shipment.status not in states.ON_THE_ROAD:
        return False
    age = last_event_age_days(shipment)  # type: ignore[arg-type]
    return age is not None and age > after_days


def moves_for(session: Session, shipment_id: int, user: User) -> list[ShipmentStatus]:
    """The moves this user may post now: what the state machine allows and the role permits."""
    shipment = get_visible(session, shipment_id, user)
    moves = []
    for target in states.allowed_moves(shipment.status):
        try:
            _ensure_may_move(session, shipment, target, user)
        except Forbidden:
            continue
        moves.append(target)
    return moves


def is_receiver(shipment: Shipment | ShipmentRead, user: User) -> bool:
    """The receiving community's staff, or a coordinator: those who may sign the receipt."""
    return user.is_coordinator or (
        user.role == Role.community and user.organization_id == shipment.community_id
    )


def may_sign_receipt(shipment: Shipment | ShipmentRead, user: User) -> bool:
    """A receiver may sign while the goods are on the way (dispatched … arrived)."""
    return is_receiver(shipment, user) and shipment.status in states.RECEIVABLE


def partner_names(session: Session, lines: list[ShipmentLineRead]) -> list[str]:
    """The sending partners of these lines, by name."""
    ids = sorted({line.partner_id for line in lines})
    if not ids:
        return []
    query = select(Organization.name).where(Organization.id.in_(ids))  # type: ignore[union-attr]
    return sorted(session.exec(query).all())


def actors_of(session: Session, events: list[ShipmentEventRead]) -> dict[int, User]:
    """Who posted these events, by user id."""
    ids = sorted({e.actor_id for e in events if e.actor_id is not None})
    if not ids:
        return {}
    users = session.exec(select(User).where(User.id.in_(ids))).all()  # type: ignore[union-attr]
    return {u.id: u for u in users}  # type: ignore[misc]


def carrying_request(session: Session, request_id: int, user: User) -> list[Shipment]:
    """The shipments (that this user may see) with a line for the request, newest first."""
    query = (
        select(Shipment)
        .where(
            exists().where(
                ShipmentLine.shipment_id == Shipment.id, ShipmentLine.request_id == request_id
            )
        )
        .order_by(Shipment.created_at.desc(), Shipment.id.desc())
    )
    clause = visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    return list(session.exec(query).all())
