"""Request routes."""

from __future__ import annotations

from fastapi import APIRouter

from tracker.allocations import service as allocations
from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.fields import Id, Search
from tracker.pagination import Page, Pagination, page_json
from tracker.requests import service
from tracker.requests.models import RequestCreate, RequestRead, RequestUpdate
from tracker.vocab import Category, Priority, RequestStatus

router = APIRouter(tags=["requests"])


@router.post("/requests", response_model=RequestRead, status_code=201)
def create_request(data: RequestCreate, session: SessionDep, user: CurrentUser) -> RequestRead:
    """File a request: community staff for their own community, coordinators for any."""
    request = service.create(session, data, user)
    return service.read(session, request.id)


@router.get("/requests", response_model=Page[RequestRead])
def list_requests(
    session: SessionDep,
    user: CurrentUser,
    page: Pagination,
    status: RequestStatus | None = None,
    category: Category | None = None,
    community_id: Id | None = None,
    priority: Priority | None = None,
    q: Search | None = None,
) -> Page[RequestRead]:
    filters = service.Filters(status, category, community_id, priority, q)
    items, total = service.list_requests(session, filters, page.limit, page.offset)
    return page_json(items, total)  # type: ignore[return-value]


@router.get("/requests/{request_id}", response_model=RequestRead)
def read_request(request_id: Id, session: SessionDep, user: CurrentUser) -> RequestRead:
    return service.read(session, request_id)


@router.patch("/requests/{request_id}", response_model=RequestRead)
def update_request(
    request_id: Id, data: RequestUpdate, session: SessionDep, user: CurrentUser
) -> RequestRead:
    """Edit a request while nothing is allocated to it."""
    service.update(session, request_id, data, user)
    return service.read(session, request_id)


@router.post("/requests/{request_id}/cancel", response_model=RequestRead)
def cancel_request(request_id: Id, session: SessionDep, user: CurrentUser) -> RequestRead:
    """Cancel; allocations not yet shipped go back to their pledges."""
    service.cancel(session, request_id, user, release=allocations.release_unshipped_for_request)
    return service.read(session, request_id)
