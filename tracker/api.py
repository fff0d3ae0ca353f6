"""Every JSON router, mounted under /api/v1 in one place, with the errors they may answer."""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from tracker.accounts.api import router as accounts_router
from tracker.allocations.api import router as allocations_router
from tracker.attachments.api import router as attachments_router
from tracker.audit.api import router as audit_router
from tracker.auth.api import router as auth_router
from tracker.geo.api import router as geo_router
from tracker.map.api import router as map_router
from tracker.matching.api import router as matching_router
from tracker.notifications.api import router as notifications_router
from tracker.orgs.api import router as orgs_router
from tracker.pledges.api import router as pledges_router
from tracker.receipts.api import router as receipts_router
from tracker.reports.api import router as reports_router
from tracker.requests.api import router as requests_router
from tracker.shipments.api import router as shipments_router
from tracker.vocab import Category

vocabulary_router = APIRouter()


class ErrorOut(BaseModel):
    """A refusal: `detail` says why, in English."""

    detail: str


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class InvalidOut(BaseModel):
    """Invalid input: a list of field errors when the request does not parse, else one message
    (a well-formed request the rules refuse)."""

    detail: list[FieldError] | str


# What any JSON operation may answer besides its success (every route is included with these).
API_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body cannot be read (not UTF-8 JSON)"},
    401: {"model": ErrorOut, "description": "No valid credentials"},
    403: {"model": ErrorOut, "description": "The caller's role or organization may not do this"},
    404: {"model": ErrorOut, "description": "No such object, or not visible to the caller"},
    409: {"model": ErrorOut, "description": "Conflicts with the current state or quantities"},
    413: {"model": ErrorOut, "description": "The request body is too large"},
    422: {"model": InvalidOut, "description": "Invalid input"},
    429: {"model": ErrorOut, "description": "Too many attempts from this address; wait and retry"},
    503: {
        "model": ErrorOut,
        "description": "The database is unavailable; `detail` says if the change was saved",
    },
}

# Every JSON router, in the order their paths are matched. The app includes each one itself:
# one level of routers to match through, not two.
api_routers = (
    auth_router,
    accounts_router,
    orgs_router,
    requests_router,
    pledges_router,
    allocations_router,
    shipments_router,
    receipts_router,
    audit_router,
    geo_router,
    map_router,
    matching_router,
    reports_router,
    notifications_router,
    attachments_router,
    vocabulary_router,
)


@vocabulary_router.get("/categories", tags=["vocabulary"])
def list_categories() -> dict[str, list[str] | int]:
    """The item categories requests and pledges use."""
    items = [c.value for c in Category]
    return {"items": items, "total": len(items)}
