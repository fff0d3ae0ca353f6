"""Organization and partnership routes."""

from __future__ import annotations

from fastapi import APIRouter

from tracker.auth.deps import Coordinator, CurrentUser
from tracker.db import SessionDep
from tracker.fields import Id, Search
from tracker.orgs import service
from tracker.orgs.models import (
    OrganizationCreate,
    OrganizationRead,
    PartnershipCreate,
    PartnershipRead,
)
from tracker.pagination import Page, Pagination
from tracker.vocab import OrgKind

router = APIRouter(tags=["organizations"])


@router.post("/organizations", response_model=OrganizationRead, status_code=201)
def create_organization(
    data: OrganizationCreate, session: SessionDep, user: Coordinator
) -> OrganizationRead:
    return service.to_read(service.create(session, data, user))


@router.get("/organizations", response_model=Page[OrganizationRead])
def list_organizations(
    session: SessionDep,
    user: CurrentUser,
    page: Pagination,
    kind: OrgKind | None = None,
    q: Search | None = None,
) -> Page[OrganizationRead]:
    rows, total = service.list_organizations(session, kind, q, page.limit, page.offset)
    return Page(items=[service.to_read(o) for o in rows], total=total)


@router.get("/organizations/{org_id}", response_model=OrganizationRead)
def read_organization(org_id: Id, session: SessionDep, user: CurrentUser) -> OrganizationRead:
    return service.to_read(service.get(session, org_id))


@router.post("/partnerships", response_model=PartnershipRead, status_code=201)
def create_partnership(
    data: PartnershipCreate, session: SessionDep, user: Coordinator
) -> PartnershipRead:
    return PartnershipRead.model_validate(
        service.create_partnership(session, data, user), from_attributes=True
    )


@router.get("/partnerships", response_model=Page[PartnershipRead])
def list_partnerships(
    session: SessionDep,
    user: Coordinator,
    page: Pagination,
    community_id: Id | None = None,
    partner_id: Id | None = None,
) -> Page[PartnershipRead]:
    rows, total = service.list_partnerships(
        session, community_id, partner_id, page.limit, page.offset
    )
    return Page(
        items=[PartnershipRead.model_validate(p, from_attributes=True) for p in rows], total=total
    )
