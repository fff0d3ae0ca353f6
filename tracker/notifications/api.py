"""Notification routes: the caller's inbox, their settings (`/users/me`), webhooks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AnyHttpUrl, BaseModel, Field

from tracker.auth.deps import CurrentUser
from tracker.auth.models import User
from tracker.db import SessionDep
from tracker.errors import N_, Forbidden
from tracker.fields import Id
from tracker.notifications import service
from tracker.notifications.models import Delivery, Kind, NotificationRead
from tracker.pagination import Page, Pagination
from tracker.vocab import Role

router = APIRouter(tags=["notifications"])


@router.get("/notifications", response_model=Page[NotificationRead])
def list_notifications(
    session: SessionDep,
    user: CurrentUser,
    page: Pagination,
    unread: Annotated[bool, Query(description="Only those not read yet")] = False,
) -> Page[NotificationRead]:
    """The caller's notifications, newest first."""
    items, total = service.inbox(session, user, unread=unread, limit=page.limit, offset=page.offset)
    return Page(items=items, total=total)


@router.post("/notifications/read-all")
def read_all(session: SessionDep, user: CurrentUser) -> dict[str, int]:
    return {"marked": service.mark_all_read(session, user)}


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead)
def read_one(notification_id: Id, session: SessionDep, user: CurrentUser) -> NotificationRead:
    return service.mark_read(session, user, notification_id)


class MeRead(BaseModel):
    id: int
    email: str
    full_name: str
    role: str
    organization_id: int | None
    language: str | None  # None: not chosen (pages follow the browser)
    timezone: str
    notifications: dict[Kind, Delivery]


class MeUpdate(BaseModel):
    language: str | None = Field(default=None, max_length=5)
    timezone: str | None = Field(default=None, max_length=64)
    notifications: dict[Kind, Delivery] | None = Field(default=None, max_length=len(Kind))


def _me(session: SessionDep, cached: User) -> MeRead:
    # The account as stored now (the request's user may come from a short-lived cache).
    user = session.get(User, cached.id, populate_existing=True) or cached
    return MeRead(
        **user.model_dump(include={"id", "email", "full_name", "role", "organization_id"}),
        language=user.language,
        timezone=user.timezone,
        notifications=service.preferences_of(session, user.id),  # type: ignore[arg-type]
    )


@router.get("/users/me", response_model=MeRead)
def read_me(session: SessionDep, user: CurrentUser) -> MeRead:
    """The caller's account, language, time zone and notification preferences."""
    return _me(session, user)


@router.patch("/users/me", response_model=MeRead)
def update_me(data: MeUpdate, session: SessionDep, user: CurrentUser) -> MeRead:
    prefs = {k.value: v.value for k, v in (data.notifications or {}).items()}
    updated = service.update_settings(
        session, user, language=data.language, timezone=data.timezone, notifications=prefs
    )
    return _me(session, updated)


class WebhookIn(BaseModel):
    url: AnyHttpUrl
    secret: str = Field(min_length=16, max_length=200)


class WebhookRead(BaseModel):
    organization_id: int
    url: str
    active: bool


def _may_manage(user: User, organization_id: int) -> None:
    if user.role in (Role.admin, Role.coordinator) or user.organization_id == organization_id:
        return
    raise Forbidden(N_("Only staff of this organization and coordinators may manage its webhook."))


@router.put("/organizations/{organization_id}/webhook", response_model=WebhookRead)
def set_webhook(
    organization_id: Id, data: WebhookIn, session: SessionDep, user: CurrentUser
) -> WebhookRead:
    """Signed JSON POSTs (X-Tracker-Signature: sha256=HMAC of the body) for the same events."""
    _may_manage(user, organization_id)
    endpoint = service.set_webhook(session, organization_id, str(data.url), data.secret)
    return WebhookRead.model_validate(endpoint, from_attributes=True)


@router.get("/organizations/{organization_id}/webhook", response_model=WebhookRead)
def get_webhook(organization_id: Id, session: SessionDep, user: CurrentUser) -> WebhookRead:
    _may_manage(user, organization_id)
    endpoint = service.get_webhook(session, organization_id)
    return WebhookRead.model_validate(endpoint, from_attributes=True)


@router.delete("/organizations/{organization_id}/webhook", status_code=204)
def delete_webhook(organization_id: Id, session: SessionDep, user: CurrentUser) -> None:
    _may_manage(user, organization_id)
    service.delete_webhook(session, organization_id)
