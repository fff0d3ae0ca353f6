"""JSON routes: asking for a password reset, inviting, resending and withdrawing invitations."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import EmailStr
from sqlmodel import Field, SQLModel

from tracker.accounts import service
from tracker.auth import ratelimit
from tracker.auth.deps import Coordinator
from tracker.auth.models import UserRead
from tracker.db import SessionDep
from tracker.fields import Id, Line
from tracker.vocab import Role

router = APIRouter(tags=["auth"])


class ResetAsk(SQLModel):
    email: Line = Field(max_length=254)


class Invitation(SQLModel):
    email: EmailStr
    role: Role
    organization_id: Id | None = None
    full_name: Line = Field(default="", max_length=200)
    language: Literal["uk", "en", "de", "sv"] = "uk"


@router.post("/auth/password-reset", status_code=202, response_class=Response)
def ask_password_reset(data: ResetAsk, request: Request, session: SessionDep) -> Response:
    """E-mail a one-time reset link (1 hour) if the account exists. Always 202: the answer
    never says whether it does."""
    base = request.app.state.settings.base_url
    service.request_reset(session, data.email, ratelimit.client_address(request), base)
    return Response(status_code=202)


@router.post("/users/invite", response_model=UserRead, status_code=201)
def invite(data: Invitation, request: Request, session: SessionDep, actor: Coordinator) -> UserRead:
    """Create a pending account and e-mail it a link (7 days) to choose a password.
    Coordinators may invite community and partner staff only."""
    base = request.app.state.settings.base_url
    user = service.invite(
        session,
        actor,
        str(data.email),
        data.role,
        data.organization_id,
        base,
        full_name=data.full_name,
        language=data.language,
    )
    return UserRead.model_validate(user, from_attributes=True)


@router.post("/users/{user_id}/invitation", response_model=UserRead)
def resend(user_id: Id, request: Request, session: SessionDep, actor: Coordinator) -> UserRead:
    """Send a new invitation link; the earlier ones stop working."""
    base = request.app.state.settings.base_url
    user = service.resend_invitation(session, actor, user_id, base)
    return UserRead.model_validate(user, from_attributes=True)


@router.delete("/users/{user_id}/invitation", response_model=UserRead)
def revoke(user_id: Id, session: SessionDep, actor: Coordinator) -> UserRead:
    """Withdraw a pending invitation: its link stops working."""
    user = service.revoke_invitation(session, actor, user_id)
    return UserRead.model_validate(user, from_attributes=True)
