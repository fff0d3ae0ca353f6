"""The page toolkit: sessions, CSRF, rendering, forms and static files. It imports no domain
package; the pages themselves live in each domain's `views.py` (listed in tracker/pages.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from tracker import i18n
from tracker.config import Settings
from tracker.errors import N_, DomainError
from tracker.web.render import STATIC_DIR, error_text, is_htmx, language, render
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
    _browser_error_pages(app)


def html_error(request: Request, exc: DomainError) -> Response:
    """Errors on pages are pages too (in the reader's language where we can)."""
    return render(
        request,
        "error.html",
        {"status": exc.status_code, "detail": error_text(request, exc)},
        block="content",
        status=exc.status_code,
    )


log = logging.getLogger(__name__)

# What a browser reads for an error that no service explained (unknown address, wrong method,
# a failure on our side).
PAGE_ERROR_TEXT = {
    403: N_("You may not open this page."),
    404: N_(
        "There is no page at this address. Check the address or start again from the start page."
    ),
    405: N_("This page cannot be used this way."),
    # The same words as tracker/unhandled.py: a failure may come after the change was saved.
    500: N_(
        "Something went wrong on our side. Check whether the change was saved before repeating it."
    ),
}


def wants_html(request: Request) -> bool:
    """A browser's page request: it accepts HTML and is not under /api/ (the API keeps JSON)."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    text = detail or i18n.gettext_for(language(request))(
        PAGE_ERROR_TEXT.get(status, PAGE_ERROR_TEXT[500])
    )
    return render(
        request, "error.html", {"status": status, "detail": text}, block="content", status=status
    )


def _browser_error_pages(app: FastAPI) -> None:
    """HTML error pages in the reader's language for browsers; the previous (JSON) handlers
    still answer everyone else. Unhandled errors are answered by `tracker.unhandled`."""
    json_http = app.exception_handlers[StarletteHTTPException]

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        if wants_html(request) and status in PAGE_ERROR_TEXT:
            response = error_page(request, status)
            for key, value in (getattr(exc, "headers", None) or {}).items():
                response.headers.setdefault(key, value)
            return response
        return await json_http(request, exc)  # type: ignore[no-any-return]

    app.add_exception_handler(StarletteHTTPException, http_error)
