"""Pledge routes."""

from __future__ import annotations

from fastapi import APIRouter

from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.fields import Id, Search
from tracker.pagination import Page, Pagination, page_json
from tracker.pledges import service
from tracker.pledges.models import PledgeCreate, PledgeRead, PledgeUpdate
from tracker.vocab import Category, PledgeStatus

router = APIRouter(tags=["pledges"])


@router.post("/pledges", response_model=PledgeRead, status_code=201)
def create_pledge(data: PledgeCreate, session: SessionDep, user: CurrentUser) -> PledgeRead:
    """Pledge items: partner staff for their own organization, coordinators for any."""
    pledge = service.create(session, data, user)
    return service.read(session, pledge.id)


@router.get("/pledges", response_model=Page[PledgeRead])
def list_pledges(
    session: SessionDep,
    user: CurrentUser,
    page: Pagination,
    status: PledgeStatus | None = None,
    category: Category | None = None,
    partner_id: Id | None = None,
    request_id: Id | None = None,
    q: Search | None = None,
) -> Page[PledgeRead]:
    filters = service.Filters(status, category, partner_id, request_id, q)
    items, total = service.list_pledges(session, filters, page.limit, page.offset)
    return page_json(items, total)  # type: ignore[return-value]


@router.get("/pledges/{pledge_id}", response_model=PledgeRead)
def read_pledge(pledge_id: Id, session: SessionDep, user: CurrentUser) -> PledgeRead:
    return service.read(session, pledge_id)


@router.patch("/pledges/{pledge_id}", response_model=PledgeRead)
def update_pledge(
    pledge_id: Id, data: PledgeUpdate, session: SessionDep, user: CurrentUser
) -> PledgeRead:
    """Edit a pledge while nothing of it is allocated."""
    service.update(session, pledge_id, data, user)
    return service.read(session, pledge_id)


@router.post("/pledges/{pledge_id}/withdraw", response_model=PledgeRead)
def withdraw_pledge(pledge_id: Id, session: SessionDep, user: CurrentUser) -> PledgeRead:
    """Take back the part of the pledge that is not allocated."""
    service.withdraw(session, pledge_id, user)
    return service.read(session, pledge_id)
