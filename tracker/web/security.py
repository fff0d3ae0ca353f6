"""Browser sessions: who is signed in, CSRF tokens, and sign-in redirects.

The session cookie is Starlette's signed cookie (HttpOnly, SameSite=Lax, Secure behind
https). It holds a random session id, whose row in `auth_session` says whether it is still
alive (tracker/auth/sessions.py): signing out revokes that row, so the old cookie opens
nothing afterwards, on any worker. Every state-changing form and htmx request carries the
session's CSRF token, as a hidden `csrf_token` field or an `X-CSRF-Token` header (set on
<body> for htmx).
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlmodel import Session

from tracker.auth import sessions
from tracker.auth.browser import (
    CALLER_SCOPE_KEY,
    CSRF_HEADER,
    CSRF_KEY,
    SAFE_METHODS,
    SESSION_ID_KEY,
    USER_SCOPE_KEY,
    csrf_ok,
)
from tracker.auth.deps import ensure_role
from tracker.auth.models import SessionKind, User
from tracker.db import SessionDep
from tracker.errors import N_, DomainError
from tracker.vocab import Role

CSRF_FIELD = "csrf_token"


class LoginRequired(Exception):
    """The page needs a signed-in user; the app answers with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class CsrfFailed(DomainError):
    status_code = 403


def csrf_token(request: Request) -> str:
    if "session" not in request.scope:
        return ""
    token = request.session.get(CSRF_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_KEY] = token
    return token


async def csrf_protect(request: Request) -> None:
    """For HTML form posts: the token must come back in the form or the header."""
    if request.method in SAFE_METHODS:
        return
    submitted = request.headers.get(CSRF_HEADER)
    if not submitted:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not csrf_ok(request, submitted):
        raise CsrfFailed(
            N_("This form has expired or came from another site. Reload the page and try again.")
        )


def session_user(request: Request) -> User | None:
    return request.scope.get(USER_SCOPE_KEY)


def sign_in(request: Request, session_secret: str) -> None:
    """Hand the browser a new session (from `tracker.auth.service.start_web_session`)."""
    request.session.clear()
    request.session[SESSION_ID_KEY] = session_secret
    request.session[CSRF_KEY] = secrets.token_urlsafe(32)


def session_secret(request: Request) -> str | None:
    """The session id this browser presents, if any (to end it on sign-out)."""
    if "session" not in request.scope:
        return None
    secret = request.session.get(SESSION_ID_KEY)
    return secret if isinstance(secret, str) and secret else None


def sign_out(request: Request) -> None:
    request.session.clear()


def load_page_user(request: Request, session: Session) -> User | None:
    if USER_SCOPE_KEY in request.scope:
        return request.scope[USER_SCOPE_KEY]
    secret = session_secret(request)
    if secret is None:
        return None
    caller = sessions.lookup(session.get_bind(), secret, SessionKind.web)  # type: ignore[arg-type]
    if caller is None:
        request.session.clear()
        return None
    request.scope[USER_SCOPE_KEY] = caller.user
    request.scope[CALLER_SCOPE_KEY] = caller
    return caller.user


def optional_page_user(request: Request, session: SessionDep) -> User | None:
    return load_page_user(request, session)


def page_user(request: Request, session: SessionDep) -> User:
    user = load_page_user(request, session)
    if user is None:
        path = request.url.path
        if request.url.query:
            path += "?" + request.url.query
        raise LoginRequired(path)
    return user


PageUser = Annotated[User, Depends(page_user)]


def page_coordinator(user: PageUser) -> User:
    """A signed-in coordinator or admin (403 for the other roles)."""
    ensure_role(user, Role.admin, Role.coordinator)
    return user


PageCoordinator = Annotated[User, Depends(page_coordinator)]
OptionalPageUser = Annotated[User | None, Depends(optional_page_user)]
Csrf = Depends(csrf_protect)


def login_url(next_path: str) -> str:
    return "/login?next=" + quote(next_path, safe="/")


def safe_next(value: str | None) -> str:
    """Only local paths: never redirect a user to another site after sign-in."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value
