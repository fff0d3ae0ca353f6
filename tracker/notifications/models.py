"""Notification tables: the in-app inbox, the outbox, preferences and webhooks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.vocab import check_in


class Kind(StrEnum):
    """What happened; each kind is a preference a user can set."""

    request_created = "request_created"
    pledge_for_request = "pledge_for_request"
    allocation_created = "allocation_created"
    allocation_removed = "allocation_removed"
    shipment_moved = "shipment_moved"
    receipt_signed = "receipt_signed"
    awaiting_receipt = "awaiting_receipt"
    shipment_delayed = "shipment_delayed"
    comment_added = "comment_added"


class Delivery(StrEnum):
    """How a user wants one kind: an e-mail each time, one e-mail a day, or none."""

    immediately = "immediately"
    daily = "daily"
    off = "off"


class Channel(StrEnum):
    email = "email"
    webhook = "webhook"


class OutboxStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class NotificationEvent(SQLModel, table=True):
    """One thing that happened and was told; `key` makes periodic findings once-only."""

    __tablename__ = "notification_event"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    key: str | None = Field(default=None, max_length=120, unique=True)
    payload: str = Field(default="{}", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    """One message in one person's in-app inbox, in that person's language."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_created", "user_id", "created_at", "id"),
        Index("ix_notification_user_unread", "user_id", "read_at"),
        Index("ix_notification_digest", "digest_pending", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    event_id: int | None = Field(default=None, foreign_key="notification_event.id", index=True)
    kind: str = Field(max_length=40)
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_type=Text)
    link: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Waiting for the recipient's daily digest e-mail.
    digest_pending: bool = Field(default=False)


class OutboxMessage(SQLModel, table=True):
    """A message to deliver (an e-mail or a webhook), written with the change that caused it."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(check_in("channel", Channel), name="channel"),
        CheckConstraint(check_in("status", OutboxStatus), name="status"),
        Index("ix_outbox_message_due", "status", "next_attempt_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=10)
    # An e-mail address or a webhook URL.
    recipient: str = Field(max_length=500)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    webhook_id: int | None = Field(default=None, foreign_key="webhook_endpoint.id", index=True)
    # The idempotency key: the e-mail's Message-ID, the webhook's X-Tracker-Delivery.
    message_id: str = Field(max_length=200, unique=True)
    subject: str = Field(default="", max_length=300)
    body_text: str = Field(default="", sa_type=Text)
    body_html: str = Field(default="", sa_type=Text)
    # Extra e-mail headers (JSON object) or the webhook's JSON body.
    headers: str = Field(default="{}", sa_type=Text)
    payload: str = Field(default="", sa_type=Text)
    status: str = Field(default=OutboxStatus.pending, max_length=10)
    attempts: int = 0
    last_error: str = Field(default="", max_length=1000)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claim_token: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class NotificationPreference(SQLModel, table=True):
    """A user's choice for one kind; without a row the kind comes immediately."""

    __tablename__ = "notification_preference"
    __table_args__ = (
        UniqueConstraint("user_id", "kind"),
        CheckConstraint(check_in("delivery", Delivery), name="delivery"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    kind: str = Field(max_length=40)
    delivery: str = Field(default=Delivery.immediately, max_length=12)


class WebhookEndpoint(SQLModel, table=True):
    """Where an organization wants the same events as signed JSON."""

    __tablename__ = "webhook_endpoint"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", unique=True)
    url: str = Field(max_length=500)
    secret: str = Field(max_length=200)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# API schemas ---------------------------------------------------------------------------------


class NotificationRead(SQLModel):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None
