"""The one way routes learn who is calling and whether they may act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from starlette.concurrency import run_in_threadpool

from tracker.auth import sessions
from tracker.auth.browser import (
    CALLER_SCOPE_KEY,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_ID_KEY,
    USER_SCOPE_KEY,
    csrf_ok,
)
from tracker.auth.models import SessionKind, User
from tracker.auth.security import read_token
from tracker.errors import N_, Forbidden, NotAuthenticated
from tracker.vocab import Role

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def _secret_from(request: Request, token: str | None) -> tuple[str, SessionKind] | None:
    """The session secret the call presents (bearer token first, else the cookie)."""
    if token:
        return read_token(token, request.app.state.settings.secret_key), SessionKind.api
    if "session" in request.scope:
        secret = request.session.get(SESSION_ID_KEY)
        if not isinstance(secret, str) or not secret:
            return None
        # A browser calling the API with its session cookie must prove the page is ours.
        if request.method not in SAFE_METHODS and not csrf_ok(
            request, request.headers.get(CSRF_HEADER)
        ):
            raise Forbidden(N_("Missing or wrong X-CSRF-Token header for this signed-in session."))
        return secret, SessionKind.web
    return None


async def optional_user(
    request: Request, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User | None:
    """The caller's account: one indexed read of its live session (tracker/auth/sessions.py)."""
    presented = _secret_from(request, token)
    if presented is None:
        return None
    caller = await run_in_threadpool(sessions.lookup, request.app.state.engine, *presented)
    if caller is None:
        if token:
            raise NotAuthenticated(
                N_("This token was revoked or its account is disabled; sign in again.")
            )
        return None
    request.scope[USER_SCOPE_KEY] = caller.user
    request.scope[CALLER_SCOPE_KEY] = caller
    return caller.user


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise NotAuthenticated(N_("Sign in first: send 'Authorization: Bearer <token>'."))
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def current_caller(request: Request, user: CurrentUser) -> sessions.Caller:
    """The signed-in caller with the session it used (to end that session)."""
    return request.scope[CALLER_SCOPE_KEY]


CurrentCaller = Annotated[sessions.Caller, Depends(current_caller)]


def require_role(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets only these roles through (403 for the others)."""
    allowed = {r.value for r in roles}

    async def check(user: CurrentUser) -> User:
        ensure_role(user, *roles)
        return user

    check.__name__ = f"require_{'_or_'.join(sorted(allowed))}"
    return check


def ensure_role(user: User, *roles: Role) -> None:
    if user.role not in {r.value for r in roles}:
        raise Forbidden(
            N_("Only %(roles)s users may do this; you are signed in as %(role)s."),
            roles=[r.value for r in roles],
            role=user.role,
        )


Coordinator = Annotated[User, Depends(require_role(Role.admin, Role.coordinator))]
Admin = Annotated[User, Depends(require_role(Role.admin))]
