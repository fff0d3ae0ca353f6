"""Every JSON router, mounted under /api/v1 in one place."""

from fastapi import APIRouter

from tracker.allocations.api import router as allocations_router
from tracker.audit.api import router as audit_router
from tracker.auth.api import router as auth_router
from tracker.geo.api import router as geo_router
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

# Every JSON router, in the order their paths are matched. The app includes each one itself:
# one level of routers to match through, not two.
api_routers = (
    auth_router,
    orgs_router,
    requests_router,
    pledges_router,
    allocations_router,
    shipments_router,
    receipts_router,
    audit_router,
    geo_router,
    matching_router,
    reports_router,
    notifications_router,
    vocabulary_router,
)


@vocabulary_router.get("/categories", tags=["vocabulary"])
def list_categories() -> dict[str, list[str] | int]:
    """The item categories requests and pledges use."""
    items = [c.value for c in Category]
    return {"items": items, "total": len(items)}
