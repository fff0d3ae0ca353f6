"""Security headers on every response, and `Secure` on every cookie behind https.

The Content-Security-Policy allows no inline script and no inline style: every script and
stylesheet is a file under static/ (JSON data islands, `<script type="application/json">`, are
data and are not run). Images may also come from the OpenStreetMap tile server (the maps'
background, a bonus when there is a network) and from `data:` URLs (Swagger UI's icons).
PDFs (waybills, receipts, reports) go without it: browsers show them in a built-in viewer
that a policy meant for our pages (`object-src 'none'`, `default-src 'self'`) can block.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TILE_SERVER = "https://tile.openstreetmap.org"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {TILE_SERVER}",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

DOCUMENT_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Not `same-origin`: OpenStreetMap's tile policy asks for a Referer; other sites get only
    # our origin, never a page's path or query.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"


class SecurityHeaders:
    """Pure ASGI (streams pass through untouched); `https` is true when the base URL is https."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not headers.get("content-type", "").startswith("application/pdf"):
                    for name, value in DOCUMENT_HEADERS.items():
                        headers.setdefault(name, value)
                if self.https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                    _secure_cookies(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _secure_cookies(headers: MutableHeaders) -> None:
    """Mark every cookie `Secure`, whoever set it (session, language, any added later)."""
    cookies = headers.getlist("set-cookie")
    if not cookies:
        return
    del headers["set-cookie"]
    for cookie in cookies:
        attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
        headers.append("set-cookie", cookie if "secure" in attributes else f"{cookie}; Secure")
