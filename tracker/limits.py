"""Request-body limits, enforced before anything reads or parses a body.

A pure ASGI middleware: a body announced larger than the limit (`Content-Length`) is refused
with 413 before the application runs; a body without a length (chunked) or with a lying one is
counted while it streams in, and refused as soon as it passes the limit. JSON, forms and
anything else get `MAX_BODY_BYTES` (1 MiB); multipart uploads get `TRACKER_MAX_UPLOAD_MB`.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024

TOO_LARGE = "The request body is larger than %(limit)s; send less at once."


class BodyTooLarge(HTTPException):
    """The body passed its limit while streaming. An `HTTPException`, so that the framework's
    body parsing lets it through (it turns other errors into 400) and answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, TOO_LARGE % {"limit": _size(limit)})


def _size(limit: int) -> str:
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit} bytes"


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, upload_bytes: int, body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.upload_bytes = upload_bytes
        self.body_bytes = body_bytes

    def limit_for(self, scope: Scope) -> int:
        content_type = _header(scope, b"content-type").lower()
        if content_type.startswith("multipart/"):
            return self.upload_bytes
        return self.body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _header(scope, b"content-length").strip()
        if declared:
            if not declared.isdigit():
                await _refuse(scope, send, 400, "The Content-Length header is not a number.")
                return
            if int(declared) > limit:
                await _refuse(scope, send, 413, TOO_LARGE % {"limit": _size(limit)})
                return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await _refuse(scope, send, 413, str(exc.detail))


async def _refuse(scope: Scope, send: Send, status: int, detail: str) -> None:
    """JSON `{"detail": …}` for the API and scripts, a short page for browsers."""
    from pydantic_core import to_json

    path = scope.get("path", "")
    wants_html = "text/html" in _header(scope, b"accept") and not path.startswith("/api/")
    if wants_html:
        body = (
            f"<!doctype html><meta charset=utf-8><title>{status}</title><p>{detail}</p>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    else:
        body = to_json({"detail": detail})
        content_type = b"application/json"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
