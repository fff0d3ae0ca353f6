"""The HTML side: sessions, static files, and the pages of each domain."""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from tracker.config import Settings
from tracker.errors import DomainError
from tracker.web.render import STATIC_DIR, error_text, is_htmx, render
from tracker.web.security import LoginRequired, login_url


def mount_web(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="tracker_session",
        max_age=14 * 24 * 3600,
        same_site="lax",
        https_only=settings.base_url.startswith("https://") and settings.env == "production",
    )
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for router in _page_routers():
        app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        target = login_url(exc.next_path)
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    app.state.html_error = html_error


# Each domain's pages live in its own `views.py`, exposing `router`.
PAGE_MODULES = [
    "tracker.web.auth_views",
    "tracker.web.dashboard",
    "tracker.requests.views",
    "tracker.pledges.views",
    "tracker.matching.views",
    "tracker.shipments.views",
    "tracker.geo.views",
    "tracker.receipts.views",
    "tracker.reports.views",
    "tracker.notifications.views",
    "tracker.accounts.views",
    "tracker.accounts.admin_views",
]


def _page_routers() -> list[APIRouter]:
    """The routers of the page modules that exist (pages are added domain by domain)."""
    routers = []
    for name in PAGE_MODULES:
        if importlib.util.find_spec(name) is not None:
            routers.append(importlib.import_module(name).router)
    return routers


def html_error(request: Request, exc: DomainError) -> Response:
    """Errors on pages are pages too (in the reader's language where we can)."""
    return render(
        request,
        "error.html",
        {"status": exc.status_code, "detail": error_text(request, exc)},
        block="content",
        status=exc.status_code,
    )
