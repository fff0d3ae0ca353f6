"""Every page router, in the order their paths are matched (the JSON ones are in tracker/api.py)."""

from tracker.accounts.admin_views import router as admin_router
from tracker.accounts.views import router as accounts_router
from tracker.attachments.views import router as attachments_router
from tracker.dashboard.views import router as dashboard_router
from tracker.map.views import router as map_router
from tracker.matching.views import router as matching_router
from tracker.notifications.views import router as notifications_router
from tracker.pledges.views import router as pledges_router
from tracker.receipts.views import router as receipts_router
from tracker.reports.import_template import router as import_template_router
from tracker.reports.views import router as reports_router
from tracker.requests.views import router as requests_router
from tracker.shipments.views import router as shipments_router
from tracker.web.auth_views import router as auth_router

page_routers = (
    auth_router,
    dashboard_router,
    requests_router,
    pledges_router,
    matching_router,
    shipments_router,
    map_router,
    receipts_router,
    reports_router,
    import_template_router,
    notifications_router,
    accounts_router,
    admin_router,
    attachments_router,
)
