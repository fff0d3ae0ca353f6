"""Request rules: filing, editing, cancelling, and the status derived from quantities."""

from __future__ import annotations

from collections.abc import Callable
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
from tracker.requests.models import AidRequest, RequestCreate, RequestRead, RequestUpdate
from tracker.vocab import OrgKind, RequestStatus, Role


def derive_status(request: AidRequest) -> str:
    """The contract's rule: status follows the quantities, unless the request was cancelled."""
    if request.status == RequestStatus.cancelled:
        return RequestStatus.cancelled
    if request.quantity_delivered >= request.quantity:
        return RequestStatus.fulfilled
    if request.quantity_allocated >= request.quantity:
        return RequestStatus.pledged
    return RequestStatus.open


def refresh_status(request: AidRequest) -> None:
    request.status = derive_status(request)
    request.updated_at = utcnow()


# The request's counters change only here (callers hold the request's row lock). ------------


def allocate(request: AidRequest, quantity: int) -> None:
    """`quantity` of a pledge promised to this request."""
    request.quantity_allocated += quantity
    refresh_status(request)


def give_back(request: AidRequest, quantity: int, shipped: bool) -> None:
    """An allocation handed back (removed, released, its shipment cancelled, lost, returned)."""
    request.quantity_allocated -= quantity
    if shipped:
        request.quantity_shipped -= quantity
    refresh_status(request)


def ship(request: AidRequest, quantity: int) -> None:
    """`quantity` of what is allocated left on a shipment."""
    request.quantity_shipped += quantity
    refresh_status(request)


def credit_receipt(
    request: AidRequest, shipped: int, good: int, damaged: int, missing: int
) -> None:
    """A receipt line: good items count as delivered, the shortfall is needed again, and
    damaged or missing items are recorded as discrepancies."""
    shortfall = shipped - good
    request.quantity_delivered += good
    request.quantity_allocated -= shortfall
    request.quantity_shipped -= shortfall
    request.quantity_damaged += damaged
    request.quantity_missing += missing
    refresh_status(request)


RequestRow = dict[str, Any]
"""A request as lists show it: RequestRead's fields in its order, straight from the columns
(see tracker/listing.py); the JSON is the same bytes as RequestRead's."""

_READ_FIELDS = tuple(RequestRead.model_fields)
_COLUMNS: dict[str, Any] = {
    c.name: c
    for c in AidRequest.__table__.columns  # type: ignore[attr-defined]
    if c.name in _READ_FIELDS
} | {
    "community_name": Organization.name,
    "location_found": AidRequest.latitude.is_not(None),  # type: ignore[union-attr]
}
_LIST = FilteredList(
    AidRequest,
    columns=[_COLUMNS[name].label(name) for name in _READ_FIELDS],
    join=(Organization, Organization.id == AidRequest.community_id),
    conditions={
        "status": AidRequest.status == bindparam("status"),
        "category": AidRequest.category == bindparam("category"),
        "community_id": AidRequest.community_id == bindparam("community_id"),
        "priority": AidRequest.priority == bindparam("priority"),
        "admin1": AidRequest.admin1 == bindparam("admin1"),
        "pattern": or_(
            like_search(AidRequest.item, bindparam("pattern")),
            like_search(AidRequest.destination, bindparam("pattern")),
            like_search(AidRequest.justification, bindparam("pattern")),
            like_search(Organization.name, bindparam("pattern")),
        ),
    },
    order=[AidRequest.created_at.desc(), AidRequest.id.desc()],  # type: ignore[attr-defined]
    joined_filters=frozenset({"pattern"}),
)


@dataclass
class Filters:
    status: RequestStatus | None = None
    category: str | None = None
    community_id: int | None = None
    priority: str | None = None
    q: str | None = None
    admin1: str | None = None

    def parameters(self) -> dict[str, Any]:
        """The filters in use, by the name of their condition."""
        return filter_values(
            {
                "status": self.status,
                "category": self.category,
                "community_id": self.community_id,
                "priority": self.priority,
                "admin1": self.admin1,
            },
            self.q,
        )


def _filtered(filters: Filters, count: bool = False) -> Select:
    """Requests with their community's name (RequestRead's fields), narrowed by the list
    filters, values bound (for exports); with `count`, the number of them."""
    return _LIST.filtered(filters.parameters(), count)


def list_requests(
    session: Session, filters: Filters, limit: int, offset: int
) -> tuple[list[RequestRow], int]:
    """One page of requests, newest first, and how many match in all."""
    rows, total = _LIST.page(session, filters.parameters(), limit, offset)
    return [dict(zip(_READ_FIELDS, row, strict=True)) for row in rows], total


def to_read(request: AidRequest, community_name: str | None = None) -> RequestRead:
    # The row's values are valid already (the table's constraints): no second validation.
    return RequestRead.model_construct(
        **request.model_dump(exclude={"created_by_id"}),
        community_name=community_name,
        location_found=request.latitude is not None,
    )


def get(session: Session, request_id: int) -> AidRequest:
    request = session.get(AidRequest, request_id)
    if request is None:
        raise NotFound(N_("Request %(request)s does not exist."), request=request_id)
    return request


def read(session: Session, request_id: int) -> RequestRead:
    request = get(session, request_id)
    community = session.get(Organization, request.community_id)
    return to_read(request, community.name if community else None)


def _community_for(session: Session, actor: User, community_id: int | None) -> Organization:
    """Community staff file for their own community; coordinators name one."""
    if actor.role == Role.community:
        if community_id not in (None, actor.organization_id):
            raise Forbidden(N_("You may file requests only for your own community."))
        return orgs.get(session, actor.organization_id)  # type: ignore[arg-type]
    if actor.is_coordinator:
        if community_id is None:
            raise Invalid(
                N_("Name the community the request is for (community_id)."), "community_id"
            )
        return orgs.get_of_kind(session, community_id, OrgKind.community, "community_id")
    raise Forbidden(N_("Only community staff and coordinators may file requests."))


def _ensure_may_edit(actor: User, request: AidRequest) -> None:
    if actor.is_coordinator:
        return
    if actor.role == Role.community and actor.organization_id == request.community_id:
        return
    raise Forbidden(N_("Only the requesting community and coordinators may change this request."))


def create(session: Session, data: RequestCreate, actor: User) -> AidRequest:
    community = _community_for(session, actor, data.community_id)
    near = (community.latitude, community.longitude) if community.latitude is not None else None
    where = locate(
        data.destination, data.latitude, data.longitude, "UA", katottg=data.katottg, near=near
    )
    with write_transaction(session):
        request = AidRequest(**_new_columns(data, community, where, actor.id))
        session.add(request)
        session.flush()
        audit.record(session, actor, "request", request.id, "create", after=audit.snapshot(request))
        notifications.request_created(session, request, actor)
    return request


def _new_columns(
    data: RequestCreate, community: Organization, where: Located, actor_id: int | None
) -> dict[str, Any]:
    """Every column of a new request (one place for `create` and `create_many`)."""
    now = utcnow()
    return {
        "community_id": community.id,
        "category": data.category.value,
        "item": data.item,
        "quantity": data.quantity,
        "unit": data.unit.value,
        "priority": data.priority.value,
        "needed_by": data.needed_by,
        "destination": data.destination,
        "latitude": where.latitude,
        "longitude": where.longitude,
        **where.columns(),
        "admin1": where.admin1 or community.admin1,
        "justification": data.justification,
        "status": RequestStatus.open.value,
        "quantity_allocated": 0,
        "quantity_shipped": 0,
        "quantity_delivered": 0,
        "created_by_id": actor_id,
        "created_at": now,
        "updated_at": now,
    }


class NewRequest(NamedTuple):
    """One request to create in bulk: checked data, its community and where it goes."""

    data: RequestCreate
    community: Organization
    where: Located
    source: str  # for the audit trail, e.g. "CSV import, line 7"


def create_many(session: Session, new: list[NewRequest], actor: User | None) -> list[int]:
    """Create many checked requests in one transaction with an audit row each, as batched
    INSERTs (the importer: 10,000 rows in seconds). Returns the new ids in order."""
    actor_id = actor.id if actor else None
    rows = [_new_columns(n.data, n.community, n.where, actor_id) for n in new]
    with write_transaction(session):
        ids = insert_many(session, AidRequest.__table__, rows, returning_ids=True)  # type: ignore[attr-defined]
        audit.record_many(
            session,
            actor,
            "request",
            "create",
            [
                (i, {"id": i, **row, "source": n.source})
                for i, row, n in zip(ids, rows, new, strict=True)
            ],
        )
    return ids


def update(session: Session, request_id: int, data: RequestUpdate, actor: User) -> AidRequest:
    changes = data.model_dump(exclude_unset=True)
    where = None
    if "destination" in changes or "latitude" in changes or changes.get("katottg"):
        current = get(session, request_id)
        where = locate(
            changes.get("destination") or current.destination,
            changes.get("latitude"),
            changes.get("longitude"),
            prefer_country="UA",
            katottg=changes.get("katottg"),
        )
    with write_transaction(session):
        request = lock_rows(session, AidRequest, [request_id]).get(request_id)
        if request is None:
            raise NotFound(N_("Request %(request)s does not exist."), request=request_id)
        _ensure_may_edit(actor, request)
        if request.status == RequestStatus.cancelled:
            raise Conflict(N_("This request was cancelled; it can no longer be edited."))
        if request.quantity_allocated > 0:
            raise Conflict(
                N_(
                    "This request already has pledges allocated to it; it can no longer be "
                    "edited. Ask a coordinator to remove the allocations first."
                )
            )
        before = audit.snapshot(request)
        for field in ("category", "unit", "priority"):
            if changes.get(field) is not None:
                changes[field] = str(changes[field])
        for field in (
            "item",
            "quantity",
            "category",
            "unit",
            "priority",
            "needed_by",
            "destination",
            "justification",
        ):
            if field in changes and (changes[field] is not None or field == "needed_by"):
                setattr(request, field, changes[field])
        if where is not None:
            request.latitude, request.longitude = where.latitude, where.longitude
            request.admin1 = where.admin1 or request.admin1
            for name, value in where.columns().items():
                setattr(request, name, value)
        refresh_status(request)
        old, new = audit.changes(before, audit.snapshot(request))
        if new:
            audit.record(session, actor, "request", request.id, "update", before=old, after=new)
    return request


ReleaseAllocations = Callable[[Session, AidRequest, User], None]


def cancel(
    session: Session, request_id: int, actor: User, *, release: ReleaseAllocations
) -> AidRequest:
    """Cancel a request. Allocations not yet shipped are handed back to their pledges by
    `release` (allocations.service.release_unshipped_for_request: allocations sit above
    requests, so the caller passes it in rather than this module importing it)."""
    with write_transaction(session):
        request = lock_rows(session, AidRequest, [request_id]).get(request_id)
        if request is None:
            raise NotFound(N_("Request %(request)s does not exist."), request=request_id)
        _ensure_may_edit(actor, request)
        if request.status in (RequestStatus.cancelled, RequestStatus.fulfilled):
            raise Conflict(
                N_("This request is already %(request_status)s; it cannot be cancelled."),
                request_status=request.status,
            )
        before = audit.snapshot(request, ["status", "quantity_allocated"])
        release(session, request, actor)
        request.status = RequestStatus.cancelled
        request.updated_at = utcnow()
        audit.record(
            session,
            actor,
            "request",
            request.id,
            "cancel",
            before=before,
            after=audit.snapshot(request, ["status", "quantity_allocated"]),
        )
    return request


def may_file(actor: User) -> bool:
    """Whether this user may file requests at all (community staff and coordinators)."""
    return actor.role in (Role.community, Role.coordinator, Role.admin)


def may_edit(actor: User, request: AidRequest) -> bool:
    """Whether this user may edit or cancel the request (the rule `update` and `cancel` apply)."""
    try:
        _ensure_may_edit(actor, request)
    except Forbidden:
        return False
    return True
