"""Audit trail route (coordinators and admins)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from tracker.audit import service
from tracker.audit.models import AuditRead
from tracker.auth.deps import Coordinator
from tracker.db import SessionDep
from tracker.fields import Id
from tracker.pagination import Page, Pagination

router = APIRouter(tags=["audit"])

Entity = Literal[
    "request", "pledge", "allocation", "shipment", "receipt", "organization", "partnership", "user"
]


@router.get("/audit", response_model=Page[AuditRead])
def list_audit(
    session: SessionDep,
    user: Coordinator,
    page: Pagination,
    entity: Entity | None = None,
    id: Id | None = Query(default=None, description="The entity's id"),  # noqa: A002
) -> Page[AuditRead]:
    rows, total = service.list_entries(session, entity, id, page.limit, page.offset)
    items = [AuditRead(**entry.model_dump(), actor_email=email) for entry, email in rows]
    return Page(items=items, total=total)
