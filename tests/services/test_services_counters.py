"""The services own their counters: allocating, shipping, receiving and cancelling move the
request's and the pledge's quantities only through requests/pledges.service, and bulk creation
(the importer's path) writes the same rows and audit entries as one-by-one creation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tracker.allocations import service as allocations
from tracker.allocations.models import Allocation, AllocationCreate
from tracker.audit.models import AuditEntry
from tracker.auth.models import User
from tracker.errors import Conflict
from tracker.geo.locate import Located
from tracker.orgs.models import Organization
from tracker.pledges import service as pledges
from tracker.pledges.models import Pledge, PledgeCreate
from tracker.requests import service as requests
from tracker.requests.models import AidRequest, RequestCreate
from tracker.shipments import service as shipments
from tracker.shipments.models import EventCreate, ShipmentCreate
from tracker.vocab import AllocationStatus, PledgeStatus, RequestStatus

NEEDED_BY = dt.date.today() + dt.timedelta(days=30)


def _request(quantity: int = 10) -> RequestCreate:
    return RequestCreate(
        category="generator",
        item="Generator 100 kW",
        quantity=quantity,
        unit="pcs",
        destination="Бровари",
        needed_by=NEEDED_BY,
    )


def _pledge(quantity: int = 10) -> PledgeCreate:
    return PledgeCreate(
        category="generator", item="Stromgenerator", quantity=quantity, unit="pcs", origin="Jena"
    )


def _allocate(session, request, pledge, quantity: int, actor: User) -> Allocation:  # type: ignore[no-untyped-def]
    data = AllocationCreate(request_id=request.id, pledge_id=pledge.id, quantity=quantity)
    return allocations.create(session, data, actor)


@pytest.fixture
def people(session, world):
    def user(key: str) -> User:
        return session.get(User, world.users[key])

    return user


def test_allocating_and_removing_moves_both_counters_and_statuses(session, world, people):
    request = requests.create(session, _request(10), people("brovary"))
    pledge = pledges.create(session, _pledge(6), people("jena"))
    coordinator = people("coordinator")
    allocation = allocations.create(
        session,
        AllocationCreate(request_id=request.id, pledge_id=pledge.id, quantity=6),
        coordinator,
    )
    session.refresh(request)
    session.refresh(pledge)
    assert (request.quantity_allocated, request.quantity_needed, request.status) == (
        6,
        4,
        RequestStatus.open,  # open until all of it is allocated
    )
    assert (pledge.quantity_allocated, pledge.quantity_available, pledge.status) == (
        6,
        0,
        PledgeStatus.allocated,
    )
    with pytest.raises(Conflict):  # more than the request still needs
        allocations.create(
            session,
            AllocationCreate(request_id=request.id, pledge_id=pledge.id, quantity=5),
            coordinator,
        )
    allocations.delete(session, allocation.id, coordinator)
    session.refresh(request)
    session.refresh(pledge)
    assert (request.quantity_allocated, request.status) == (0, RequestStatus.open)
    assert (pledge.quantity_allocated, pledge.status) == (0, PledgeStatus.offered)


def test_dispatching_counts_as_shipped_and_cancelling_a_request_releases_the_rest(
    session, world, people
):
    coordinator = people("coordinator")
    request = requests.create(session, _request(10), people("brovary"))
    first = pledges.create(session, _pledge(4), people("jena"))
    second = pledges.create(session, _pledge(3), people("jena"))
    shipped = allocations.create(
        session,
        AllocationCreate(request_id=request.id, pledge_id=first.id, quantity=4),
        coordinator,
    )
    waiting = allocations.create(
        session,
        AllocationCreate(request_id=request.id, pledge_id=second.id, quantity=3),
        coordinator,
    )
    shipment = shipments.create(
        session, ShipmentCreate(allocation_ids=[shipped.id], carrier="DHL"), coordinator
    )
    shipments.post_event(session, shipment.id, EventCreate(status="dispatched"), coordinator)
    session.refresh(request)
    assert (request.quantity_allocated, request.quantity_shipped) == (7, 4)

    requests.cancel(
        session, request.id, coordinator, release=allocations.release_unshipped_for_request
    )
    session.refresh(request)
    session.refresh(second)
    assert request.status == RequestStatus.cancelled
    assert (request.quantity_allocated, request.quantity_shipped) == (4, 4)
    assert (second.quantity_allocated, second.status) == (0, PledgeStatus.offered)
    assert session.get(Allocation, waiting.id).status == AllocationStatus.released
    assert session.get(Allocation, shipped.id).status == AllocationStatus.shipped


def test_create_many_writes_what_create_writes_with_an_audit_row_each(session, world, people):
    brovary = session.get(Organization, world.orgs["Brovary"])
    jena = session.get(Organization, world.orgs["Jena"])
    where = Located(50.51, 30.79, "Kyiv Oblast")
    request_ids = requests.create_many(
        session,
        [requests.NewRequest(_request(q), brovary, where, f"line {q}") for q in (2, 3)],
        None,
    )
    pledge_ids = pledges.create_many(
        session, [pledges.NewPledge(_pledge(5), jena, where, "line 9")], None
    )
    one = requests.create(session, _request(2), people("brovary"))

    made = [session.get(AidRequest, i) for i in request_ids]
    assert [r.quantity for r in made] == [2, 3]
    columns = ("community_id", "category", "unit", "status", "quantity_allocated", "admin1")
    assert all(getattr(r, c) == getattr(one, c) for r in made for c in columns), (
        "bulk and single creation disagree"
    )
    pledge = session.get(Pledge, pledge_ids[0])
    assert (pledge.status, pledge.quantity_available, pledge.partner_id) == (
        PledgeStatus.offered,
        5,
        jena.id,
    )
    audits = session.exec(
        select(AuditEntry).where(AuditEntry.actor_id.is_(None)).order_by(AuditEntry.id)  # type: ignore[union-attr]
    ).all()
    assert [(a.entity, a.entity_id, a.after["source"]) for a in audits] == [
        ("request", request_ids[0], "line 2"),
        ("request", request_ids[1], "line 3"),
        ("pledge", pledge_ids[0], "line 9"),
    ]
