"""Errors turned into answers: JSON for the API, the error page for browsers.

An error no handler expected used to reach Starlette's outermost middleware, which answers 500
and then re-raises it to the server; uvicorn then drops the keep-alive connection without
saying so (no `Connection: close`), and a client's next request on it fails.
`AnswerUnhandledErrors` sits inside that middleware: it logs the error and answers the 500
itself, so the connection stays usable. Only when part of a response has already gone out does
it let the error through: then closing the connection is the only honest end.
"""

from __future__ import annotations

import logging

from fastapi.responses import JSONResponse, Response
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tracker.errors import N_, DomainError

log = logging.getLogger("tracker")

UNEXPECTED = N_(
    "Something went wrong on our side. Check whether the change was saved before repeating it."
)


class ServerFault(DomainError):
    """An error of ours, not of the request (500)."""

    status_code = 500


def error_response(request: Request, exc: DomainError) -> Response:
    """A page for a browser's page, JSON `{"detail": …}` for the API."""
    html_error = getattr(request.app.state, "html_error", None)
    if html_error is not None and not request.url.path.startswith("/api/"):
        return html_error(request, exc)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


class AnswerUnhandledErrors:
    """Answer any error that escapes the app with a 500, keeping the connection open."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if started:
                raise
            request = Request(scope, receive)
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            fault = ServerFault(UNEXPECTED)
            try:
                response = error_response(request, fault)
            except Exception:  # the page itself failed: JSON still answers
                log.exception("the error page failed on %s", request.url.path)
                response = JSONResponse({"detail": fault.detail}, status_code=500)
            await response(scope, receive, send)
