"""Matching routes: suggestions for one request, and the optimal plan."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from tracker.auth.deps import Coordinator, CurrentUser, ensure_role
from tracker.db import SessionDep
from tracker.fields import Id
from tracker.matching import service
from tracker.pagination import Page, Pagination
from tracker.vocab import Category, Role

router = APIRouter(tags=["matching"])


class SuggestionOut(BaseModel):
    pledge_id: Id
    score: float
    distance_km: float | None
    quantity_available: int
    reason: str


class PlanIn(BaseModel):
    apply: bool = False
    category: Category | None = None
    community_id: Id | None = Field(default=None, gt=0)
    oblast: str | None = Field(default=None, max_length=120)


class PlannedAllocation(BaseModel):
    request_id: Id
    pledge_id: Id
    quantity: int
    distance_km: float | None
    reason: str


class SkippedAllocation(PlannedAllocation):
    why: str


class PlanOut(BaseModel):
    allocations: list[PlannedAllocation]
    fulfilled_quantity: int
    total_distance_km: float
    applied: bool
    skipped: list[SkippedAllocation] = []


@router.get("/requests/{request_id}/suggestions", response_model=Page[SuggestionOut])
def suggestions(
    request_id: Id, request: Request, session: SessionDep, user: CurrentUser, page: Pagination
) -> Page[SuggestionOut]:
    """Pledges that could serve this request, best first, with the reason."""
    ensure_role(user, Role.admin, Role.coordinator, Role.partner)
    weights = service.weights_from(request.app.state.settings)
    found = service.suggestions(session, request_id, date.today(), weights)
    items = [
        SuggestionOut(
            pledge_id=s.pledge_id,
            score=round(s.score, 1),
            distance_km=s.distance_km,
            quantity_available=s.quantity_available,
            reason=s.reason,
        )
        for s in found[page.offset : page.offset + page.limit]
    ]
    return Page(items=items, total=len(found))


@router.post("/matching/plan", response_model=PlanOut)
def matching_plan(
    body: PlanIn, request: Request, session: SessionDep, user: Coordinator
) -> PlanOut:
    """The optimal plan for all open requests and pledges (or a filter); `apply` applies it."""
    proposal = service.make_plan(
        session,
        date.today(),
        body.category,
        body.community_id,
        body.oblast,
        service.weights_from(request.app.state.settings),
    )

    def out(a) -> PlannedAllocation:  # type: ignore[no-untyped-def]
        return PlannedAllocation(
            request_id=a.request_id,
            pledge_id=a.pledge_id,
            quantity=a.quantity,
            distance_km=a.distance_km,
            reason=a.reason,
        )

    if not body.apply:
        return PlanOut(
            allocations=[out(a) for a in proposal.allocations],
            fulfilled_quantity=proposal.fulfilled_quantity,
            total_distance_km=round(proposal.total_distance_km, 1),
            applied=False,
        )
    result = service.apply_plan(session, proposal, user)
    applied = [out(a).model_copy(update={"quantity": q}) for a, q in result.applied]
    return PlanOut(
        allocations=applied,
        fulfilled_quantity=sum(a.quantity for a in applied),
        total_distance_km=round(sum(a.distance_km or 0 for a in applied), 1),
        applied=True,
        skipped=[SkippedAllocation(**out(a).model_dump(), why=why) for a, why in result.skipped],
    )
