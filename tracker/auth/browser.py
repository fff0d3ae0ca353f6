"""What the browser session carries that authentication reads: the keys in the signed cookie
and the request scope, and the CSRF check. The pages (tracker/web/security.py) build on this;
auth imports nothing from the web toolkit."""

from __future__ import annotations

import secrets

from starlette.requests import Request

SESSION_ID_KEY = "sid"
USER_SCOPE_KEY = "tracker.user"
CALLER_SCOPE_KEY = "tracker.caller"
CSRF_KEY = "csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def csrf_ok(request: Request, submitted: str | None) -> bool:
    """The submitted token is the session's own."""
    expected = request.session.get(CSRF_KEY) if "session" in request.scope else None
    return bool(expected and submitted and secrets.compare_digest(expected, submitted))
