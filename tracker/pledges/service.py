"""Pledge rules: offering, editing, withdrawing, and the status derived from quantities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, or_
from sqlmodel import Session

from tracker.audit import service as audit
from tracker.auth.models import User
from tracker.db import insert_many, lock_rows, utcnow, write_transaction
from tracker.errors import N_, Conflict, Forbidden, Invalid, NotFound
from tracker.geo.locate import Located, locate
from tracker.listing import FilteredList, filter_values, like_search
from tracker.notifications import service as notifications
from tracker.orgs import service as orgs
from tracker.orgs.models import Organization
from tracker.pledges.models import (
    Pledge,
    PledgeCreate,
    PledgeRead,
    PledgeUpdate,
)
from tracker.requests.models import AidRequest
from tracker.vocab import OrgKind, PledgeStatus, Role


def derive_status(pledge: Pledge) -> str:
    """`withdrawn` once taken back with nothing allocated; else offered until all is allocated."""
    if pledge.quantity_withdrawn > 0 and pledge.quantity_allocated == 0:
        return PledgeStatus.withdrawn
    if pledge.quantity_allocated + pledge.quantity_withdrawn >= pledge.quantity:
        return PledgeStatus.allocated
    return PledgeStatus.offered


def refresh_status(pledge: Pledge) -> None:
    pledge.status = derive_status(pledge)
    pledge.updated_at = utcnow()


# The pledge's counters change only here (callers hold the pledge's row lock). --------------


def allocate(pledge: Pledge, quantity: int) -> None:
    """`quantity` of the pledge promised to a request."""
    pledge.quantity_allocated += quantity
    refresh_status(pledge)


def give_back(pledge: Pledge, quantity: int) -> None:
    """Units an allocation hands back (removed, released, shipment cancelled or returned).

    A pledge the partner withdrew is not offered again: `withdraw` took back everything that
    was free then, and units that come back later are withdrawn too (counted in
    `quantity_withdrawn`), so allocated + withdrawn + available stays the pledge's quantity.
    Any other pledge offers them again.
    """
    pledge.quantity_allocated -= quantity
    if pledge.quantity_withdrawn > 0:
        pledge.quantity_withdrawn += quantity
    refresh_status(pledge)


PledgeRow = dict[str, Any]
"""A pledge as lists show it: PledgeRead's fields in its order, straight from the columns (see
tracker/listing.py), the available quantity by the model's expression."""

_READ_FIELDS = tuple(PledgeRead.model_fields)
_COLUMNS: dict[str, Any] = {
    c.name: c
    for c in Pledge.__table__.columns  # type: ignore[attr-defined]
    if c.name in _READ_FIELDS
} | {
    "partner_name": Organization.name,
    "location_found": Pledge.latitude.is_not(None),  # type: ignore[union-attr]
    "quantity_available": Pledge.quantity_available,
}
_SELECTED = tuple(name for name in _READ_FIELDS if name in _COLUMNS)
_LIST = FilteredList(
    Pledge,
    columns=[_COLUMNS[name].label(name) for name in _SELECTED],
    join=(Organization, Organization.id == Pledge.partner_id),
    conditions={
        "status": Pledge.status == bindparam("status"),
        "category": Pledge.category == bindparam("category"),
        "partner_id": Pledge.partner_id == bindparam("partner_id"),
        "request_id": Pledge.request_id == bindparam("request_id"),
        "pattern": or_(
            like_search(Pledge.item, bindparam("pattern")),
            like_search(Pledge.origin, bindparam("pattern")),
            like_search(Organization.name, bindparam("pattern")),
        ),
    },
    order=[Pledge.created_at.desc(), Pledge.id.desc()],  # type: ignore[attr-defined]
    joined_filters=frozenset({"pattern"}),
)


@dataclass
class Filters:
    status: PledgeStatus | None = None
    category: str | None = None
    partner_id: int | None = None
    request_id: int | None = None
    q: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The filters in use, by the name of their condition."""
        return filter_values(
            {
                "status": self.status,
                "category": self.category,
                "partner_id": self.partner_id,
                "request_id": self.request_id,
            },
            self.q,
        )


def _filtered(filters: Filters, count: bool = False) -> Select:
    """Pledges with their partner's name, narrowed by the list filters, values bound (shared
    with exports); with `count`, the number of them."""
    return _LIST.filtered(filters.parameters(), count)


def list_pledges(
    session: Session, filters: Filters, limit: int, offset: int
) -> tuple[list[PledgeRow], int]:
    """One page of pledges, newest first, and how many match in all."""
    rows, total = _LIST.page(session, filters.parameters(), limit, offset)
    return [_row(dict(zip(_SELECTED, row, strict=True))) for row in rows], total


def _row(values: dict[str, Any]) -> PledgeRow:
    return {name: values[name] for name in _READ_FIELDS}


def to_read(pledge: Pledge, partner_name: str | None = None) -> PledgeRead:
    # The row's values are valid already (the table's constraints): no second validation.
    return PledgeRead.model_construct(
        **pledge.model_dump(exclude={"created_by_id"}),
        partner_name=partner_name,
        location_found=pledge.latitude is not None,
        quantity_available=pledge.quantity_available,
    )


def get(session: Session, pledge_id: int) -> Pledge:
    pledge = session.get(Pledge, pledge_id)
    if pledge is None:
        raise NotFound(N_("Pledge %(pledge)s does not exist."), pledge=pledge_id)
    return pledge


def read(session: Session, pledge_id: int) -> PledgeRead:
    pledge = get(session, pledge_id)
    partner = session.get(Organization, pledge.partner_id)
    return to_read(pledge, partner.name if partner else None)


def _partner_for(session: Session, actor: User, partner_id: int | None) -> Organization:
    if actor.role == Role.partner:
        if partner_id not in (None, actor.organization_id):
            raise Forbidden(N_("You may pledge only for your own organization."))
        return orgs.get(session, actor.organization_id)  # type: ignore[arg-type]
    if actor.is_coordinator:
        if partner_id is None:
            raise Invalid(N_("Name the partner making the pledge (partner_id)."), "partner_id")
        return orgs.get_of_kind(session, partner_id, OrgKind.partner, "partner_id")
    raise Forbidden(N_("Only partner staff and coordinators may pledge."))


def _check_aimed_request(
    session: Session, request_id: int | None, category: str, unit: str
) -> None:
    if request_id is None:
        return
    request = session.get(AidRequest, request_id)
    if request is None:
        raise Invalid(N_("Request %(request)s does not exist."), "request_id", request=request_id)
    if request.category != category or request.unit != unit:
        raise Invalid(
            N_(
                "Request %(request)s asks for %(request_category)s in %(request_unit)s; "
                "this pledge offers %(category)s in %(unit)s."
            ),
            "request_id",
            request=request_id,
            request_category=request.category,
            request_unit=request.unit,
            category=category,
            unit=unit,
        )


def _ensure_may_edit(actor: User, pledge: Pledge) -> None:
    if actor.is_coordinator:
        return
    if actor.role == Role.partner and actor.organization_id == pledge.partner_id:
        return
    raise Forbidden(N_("Only the pledging partner and coordinators may change this pledge."))


def create(session: Session, data: PledgeCreate, actor: User) -> Pledge:
    partner = _partner_for(session, actor, data.partner_id)
    _check_aimed_request(session, data.request_id, data.category.value, data.unit.value)
    if data.value_amount is not None and data.currency is None:
        raise Invalid(N_("Give the currency of the value (e.g. EUR, UAH, SEK)."), "currency")
    where = locate(
        data.origin, data.latitude, data.longitude, partner.country, katottg=data.katottg
    )
    with write_transaction(session):
        pledge = Pledge(**_new_columns(data, partner, where, actor.id))
        session.add(pledge)
        session.flush()
        audit.record(session, actor, "pledge", pledge.id, "create", after=audit.snapshot(pledge))
        notifications.pledge_created(session, pledge, actor)
    return pledge


def _new_columns(
    data: PledgeCreate, partner: Organization, where: Located, actor_id: int | None
) -> dict[str, Any]:
    """Every column of a new pledge (one place for `create` and `create_many`)."""
    now = utcnow()
    return {
        "partner_id": partner.id,
        "request_id": data.request_id,
        "category": data.category.value,
        "item": data.item,
        "quantity": data.quantity,
        "unit": data.unit.value,
        "origin": data.origin,
        "latitude": where.latitude,
        "longitude": where.longitude,
        **where.columns(),
        "admin1": where.admin1,
        "available_from": data.available_from,
        "value_amount": data.value_amount,
        "currency": data.currency,
        "status": PledgeStatus.offered.value,
        "quantity_allocated": 0,
        "quantity_withdrawn": 0,
        "created_by_id": actor_id,
        "created_at": now,
        "updated_at": now,
    }


class NewPledge(NamedTuple):
    """One pledge to create in bulk: checked data, its partner and where it comes from."""

    data: PledgeCreate
    partner: Organization
    where: Located
    source: str  # for the audit trail, e.g. "CSV import, line 7"


def create_many(session: Session, new: list[NewPledge], actor: User | None) -> list[int]:
    """Create many checked pledges in one transaction with an audit row each, as batched
    INSERTs (the importer). Returns the new ids in order."""
    actor_id = actor.id if actor else None
    rows = [_new_columns(n.data, n.partner, n.where, actor_id) for n in new]
    with write_transaction(session):
        ids = insert_many(session, Pledge.__table__, rows, returning_ids=True)  # type: ignore[attr-defined]
        audit.record_many(
            session,
            actor,
            "pledge",
            "create",
            [
                (i, {"id": i, **row, "source": n.source})
                for i, row, n in zip(ids, rows, new, strict=True)
            ],
        )
    return ids


def update(session: Session, pledge_id: int, data: PledgeUpdate, actor: User) -> Pledge:
    changes = data.model_dump(exclude_unset=True)
    current = get(session, pledge_id)
    where = None
    if "origin" in changes or "latitude" in changes or changes.get("katottg"):
        partner = session.get(Organization, current.partner_id)
        where = locate(
            changes.get("origin") or current.origin,
            changes.get("latitude"),
            changes.get("longitude"),
            prefer_country=partner.country if partner else None,
            katottg=changes.get("katottg"),
        )
    with write_transaction(session):
        pledge = lock_rows(session, Pledge, [pledge_id]).get(pledge_id)
        if pledge is None:
            raise NotFound(N_("Pledge %(pledge)s does not exist."), pledge=pledge_id)
        _ensure_may_edit(actor, pledge)
        if pledge.status == PledgeStatus.withdrawn:
            raise Conflict(N_("This pledge was withdrawn; it can no longer be edited."))
        if pledge.quantity_allocated > 0:
            raise Conflict(
                N_("Part of this pledge is already allocated; it can no longer be edited.")
            )
        before = audit.snapshot(pledge)
        for field in ("category", "unit"):
            if changes.get(field) is not None:
                changes[field] = str(changes[field])
        for field in (
            "item",
            "quantity",
            "category",
            "unit",
            "origin",
            "available_from",
            "value_amount",
            "currency",
            "request_id",
        ):
            if field in changes and (
                changes[field] is not None or field in ("available_from", "request_id")
            ):
                setattr(pledge, field, changes[field])
        _check_aimed_request(session, pledge.request_id, pledge.category, pledge.unit)
        if where is not None:
            pledge.latitude, pledge.longitude, pledge.admin1 = (
                where.latitude,
                where.longitude,
                where.admin1,
            )
            for name, value in where.columns().items():
                setattr(pledge, name, value)
        refresh_status(pledge)
        old, new = audit.changes(before, audit.snapshot(pledge))
        if new:
            audit.record(session, actor, "pledge", pledge.id, "update", before=old, after=new)
    return pledge


def withdraw(session: Session, pledge_id: int, actor: User) -> Pledge:
    """Take back the part of the pledge that is not allocated; allocated goods stay promised."""
    with write_transaction(session):
        pledge = lock_rows(session, Pledge, [pledge_id]).get(pledge_id)
        if pledge is None:
            raise NotFound(N_("Pledge %(pledge)s does not exist."), pledge=pledge_id)
        _ensure_may_edit(actor, pledge)
        free = pledge.quantity_available
        if free <= 0:
            raise Conflict(N_("Nothing of this pledge is left to withdraw: it is all allocated."))
        before = audit.snapshot(pledge, ["status", "quantity_withdrawn"])
        pledge.quantity_withdrawn += free
        refresh_status(pledge)
        audit.record(
            session,
            actor,
            "pledge",
            pledge.id,
            "withdraw",
            before=before,
            after=audit.snapshot(pledge, ["status", "quantity_withdrawn"]),
        )
    return pledge


def may_pledge(actor: User) -> bool:
    """Whether this user may pledge at all (partner staff and coordinators)."""
    return actor.role in (Role.partner, Role.coordinator, Role.admin)


def may_edit(actor: User, pledge: Pledge) -> bool:
    """Whether this user may edit or withdraw the pledge (as `update` and `withdraw` decide)."""
    try:
        _ensure_may_edit(actor, pledge)
    except Forbidden:
        return False
    return True
