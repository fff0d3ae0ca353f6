"""The one way routes learn who is calling and whether they may act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from tracker.auth.models import User
from tracker.auth.security import read_token
from tracker.errors import N_, Forbidden, NotAuthenticated
from tracker.vocab import Role
from tracker.web.security import CSRF_HEADER, SAFE_METHODS, SESSION_USER_KEY, csrf_ok

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def _user_id_from(request: Request, token: str | None) -> int | None:
    if token:
        return read_token(token, request.app.state.settings.secret_key)
    if "session" in request.scope:
        user_id = request.session.get(SESSION_USER_KEY)
        if user_id is None:
            return None
        # A browser calling the API with its session cookie must prove the page is ours.
        if request.method not in SAFE_METHODS and not csrf_ok(
            request, request.headers.get(CSRF_HEADER)
        ):
            raise Forbidden(N_("Missing or wrong X-CSRF-Token header for this signed-in session."))
        return int(user_id)
    return None


async def optional_user(
    request: Request, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User | None:
    user_id = _user_id_from(request, token)
    if user_id is None:
        return None
    user = await request.app.state.active_users.get(user_id)
    if user is None:
        if token:
            raise NotAuthenticated(
                N_("The account behind this token no longer exists or is disabled.")
            )
        return None
    return user


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise NotAuthenticated(N_("Sign in first: send 'Authorization: Bearer <token>'."))
    return user


CurrentUser = Annotated[User, Depends(current_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]


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
