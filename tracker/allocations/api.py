"""Allocation routes (coordinators)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from tracker.allocations import service
from tracker.allocations.models import AllocationCreate, AllocationRead
from tracker.auth.deps import Coordinator
from tracker.db import SessionDep
from tracker.fields import Id

router = APIRouter(tags=["allocations"])


@router.post("/allocations", response_model=AllocationRead, status_code=201)
def create_allocation(
    data: AllocationCreate, session: SessionDep, user: Coordinator
) -> AllocationRead:
    """Tie part or all of a pledge to a request. 409 when a quantity rule would break."""
    return AllocationRead.model_validate(service.create(session, data, user), from_attributes=True)


@router.delete("/allocations/{allocation_id}", status_code=204)
def delete_allocation(allocation_id: Id, session: SessionDep, user: Coordinator) -> Response:
    """Remove an allocation that is not yet on a shipment."""
    service.delete(session, allocation_id, user)
    return Response(status_code=204)
