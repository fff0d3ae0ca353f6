"""Two coordinators allocating the last generators at the same instant cannot both succeed."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session

from tracker.allocations import service as allocations
from tracker.allocations.models import AllocationCreate
from tracker.auth.models import User
from tracker.errors import Conflict
from tracker.pledges.models import Pledge
from tracker.requests.models import AidRequest


def _race(engine, coordinator_id: int, jobs: list[AllocationCreate]) -> list[str]:
    barrier = threading.Barrier(len(jobs))

    def attempt(job: AllocationCreate) -> str:
        with Session(engine, expire_on_commit=False) as session:
            actor = session.get(User, coordinator_id)
            session.commit()
            barrier.wait()
            try:
                allocations.create(session, job, actor)
                return "ok"
            except Conflict:
                return "conflict"

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(attempt, jobs))


def test_last_five_generators_go_to_exactly_five_allocations(flow, engine, session, world):
    request = flow.request(quantity=40)
    pledge = flow.pledge(quantity=5)
    jobs = [AllocationCreate(request_id=request["id"], pledge_id=pledge["id"], quantity=1)] * 16
    outcomes = _race(engine, world.users["coordinator"], jobs)
    assert outcomes.count("ok") == 5 and outcomes.count("conflict") == 11
    session.expire_all()
    assert session.get(Pledge, pledge["id"]).quantity_allocated == 5
    assert session.get(AidRequest, request["id"]).quantity_allocated == 5


def test_last_units_of_a_request_are_not_over_allocated(flow, engine, session, world):
    """Many pledges race for one request that needs only 3 more."""
    request = flow.request(quantity=3)
    pledges = [flow.pledge(quantity=2)["id"] for _ in range(8)]
    jobs = [AllocationCreate(request_id=request["id"], pledge_id=p, quantity=1) for p in pledges]
    outcomes = _race(engine, world.users["coordinator"], jobs)
    assert outcomes.count("ok") == 3
    session.expire_all()
    stored = session.get(AidRequest, request["id"])
    assert (stored.quantity_allocated, stored.status) == (3, "pledged")
