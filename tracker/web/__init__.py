"""The page toolkit: sessions, CSRF, rendering, forms and static files. It imports no domain
package; the pages themselves live in each domain's `views.py` (listed in tracker/pages.py)."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from tracker.config import Settings
from tracker.errors import DomainError
from tracker.web.render import STATIC_DIR, error_text, is_htmx, render
from tracker.web.security import LoginRequired, login_url


def mount_web(app: FastAPI, settings: Settings, page_routers: Iterable[APIRouter]) -> None:
    """Sessions, static files and the pages (`tracker.pages`: the toolkit imports no domain)."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="tracker_session",
        max_age=14 * 24 * 3600,
        same_site="lax",
        https_only=settings.base_url.startswith("https://") and settings.env == "production",
    )
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for router in page_routers:
        app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        target = login_url(exc.next_path)
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    app.state.html_error = html_error


def html_error(request: Request, exc: DomainError) -> Response:
    """Errors on pages are pages too (in the reader's language where we can)."""
    return render(
        request,
        "error.html",
        {"status": exc.status_code, "detail": error_text(request, exc)},
        block="content",
        status=exc.status_code,
    )
