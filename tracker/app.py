"""create_app(): the FastAPI application with its routers, error handlers and middleware."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from tracker.api import API_ERROR_RESPONSES, api_routers
from tracker.config import Settings, get_settings
from tracker.db import committed_a_write, database_answers, make_engine, readiness_engine
from tracker.errors import DomainError
from tracker.limits import BodyLimitMiddleware
from tracker.matching.service import weights_from
from tracker.unhandled import AnswerUnhandledErrors, error_response
from tracker.web.apidocs import router as apidocs_router
from tracker.web.headers import SecurityHeaders

log = logging.getLogger("tracker")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    weights_from(settings)  # refuse to start with unknown or bad matching weights

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        outbox = None
        if settings.worker == "embedded":  # the outbox is delivered in the background
            from tracker.notifications.worker import start_embedded

            outbox = start_embedded(app.state.engine, settings)
        yield
        if outbox is not None:
            outbox[1].set()
            outbox[0].join(timeout=35)  # let a send in progress finish and be marked
        app.state.engine.dispose()
        app.state.readiness_engine.dispose()

    app = FastAPI(
        title="tracker",
        summary="Humanitarian aid logistics for Ukrainian communities and their partner cities",
        version="0.1.0",
        lifespan=lifespan,
        # /docs is served from static/ (tracker.web.apidocs): the built-in pages use a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url)
    app.state.readiness_engine = readiness_engine(app.state.engine)

    # Phones on slow links: text (HTML, JSON, CSV, JS, CSS) goes out compressed. Level 3 is
    # zlib's fast strategy: a 30 KB list page costs half the CPU of level 6 (0.24 vs 0.50 ms,
    # on the event loop) for 14 % more bytes (4.9 vs 4.2 KB).
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=3)
    # Bodies over their limit are refused (413) before anything parses them.
    app.add_middleware(BodyLimitMiddleware, upload_bytes=settings.max_upload_mb * 1024 * 1024)
    _add_error_handlers(app)
    _add_health_routes(app)
    for router in api_routers:
        app.include_router(router, prefix="/api/v1", responses=API_ERROR_RESPONSES)
    _add_web(app, settings)
    app.include_router(apidocs_router)
    app.add_middleware(AnswerUnhandledErrors)  # sees every error of the app below it
    # Outermost, so every response (pages, API, static files, errors) gets the headers.
    app.add_middleware(SecurityHeaders, https=settings.base_url.startswith("https://"))
    return app


def _add_web(app: FastAPI, settings: Settings) -> None:
    """The HTML pages (sessions, static files, templates)."""
    from tracker.pages import page_routers
    from tracker.web import mount_web

    mount_web(app, settings, page_routers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, exc: DomainError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(SQLAlchemyError)
    async def _database_error(request: Request, exc: SQLAlchemyError) -> Response:
        log.exception("database error on %s %s", request.method, request.url.path)
        if committed_a_write(request):  # the change is in; reading the answer failed
            detail = "The change was saved, but the database failed before the answer; reload it."
        else:
            detail = "The database could not complete this request; nothing was changed."
        return JSONResponse({"detail": detail}, status_code=503)


def _add_health_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        """Liveness: the process answers."""
        # A plain `def` on purpose: it answers through the same worker threads as every
        # database route, so a process whose threads are all stuck is seen as not alive.
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    def readyz(request: Request) -> Response:
        """Readiness: the database accepts a connection and answers a query."""
        if not database_answers(request.app.state.readiness_engine):
            return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "up"})
