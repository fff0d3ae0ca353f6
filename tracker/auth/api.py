"""Token and user routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from tracker.auth import ratelimit, service
from tracker.auth.deps import Admin, CurrentCaller, CurrentUser
from tracker.auth.models import Token, UserCreate, UserRead
from tracker.db import SessionDep

router = APIRouter(tags=["auth"])


@router.post("/auth/token", response_model=Token)
def issue_token(
    request: Request, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> Token:
    """Trade an e-mail and password for a bearer token (OAuth2 password form)."""
    address = ratelimit.client_address(request)
    user = service.sign_in(session, form.username, form.password, address)
    settings = request.app.state.settings
    token = service.issue_token(
        session,
        user,
        settings.secret_key,
        settings.token_minutes,
        user_agent=request.headers.get("user-agent", ""),
        address=address,
    )
    return Token(access_token=token)


@router.post("/auth/logout", status_code=204, response_class=Response)
def logout(session: SessionDep, caller: CurrentCaller) -> Response:
    """End the session this call is made with: its bearer token (or cookie) stops working."""
    service.end_session(session, caller.session_id)
    return Response(status_code=204)


@router.get("/auth/me", response_model=UserRead)
async def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user, from_attributes=True)


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(data: UserCreate, session: SessionDep, admin: Admin) -> UserRead:
    user = service.create_user(session, data, actor=admin)
    return UserRead.model_validate(user, from_attributes=True)
