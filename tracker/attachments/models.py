"""Attachments and comments: tables and API schemas."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel
from pydantic import Field as Check
from sqlalchemy import CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.fields import MultiLine
from tracker.vocab import check_in


class Parent(StrEnum):
    """What an attachment or a comment belongs to (the URL segment)."""

    requests = "requests"
    shipments = "shipments"
    receipts = "receipts"


class Attachment(SQLModel, table=True):
    """A checked file: `storage_key` names it in the storage (random, never the user's name);
    photos are stored re-encoded (no EXIF), with a thumbnail under `thumbnail_key`."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint(check_in("parent_kind", Parent), name="parent_kind"),
        Index("ix_attachment_parent", "parent_kind", "parent_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    parent_kind: str = Field(max_length=20)
    parent_id: int
    receipt_line_id: int | None = Field(default=None, foreign_key="receipt_line.id")
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=50)
    size: int
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=100, unique=True)
    thumbnail_key: str | None = Field(default=None, max_length=100)
    uploaded_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AttachmentRead(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    url: str
    thumbnail_url: str | None
    receipt_line_id: int | None = None
    created_at: dt.datetime


class Comment(SQLModel, table=True):
    """A message in the thread of a request or a shipment. Hiding keeps the text."""

    __tablename__ = "comment"
    __table_args__ = (
        CheckConstraint(check_in("parent_kind", Parent), name="parent_kind"),
        Index("ix_comment_parent", "parent_kind", "parent_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    parent_kind: str = Field(max_length=20)
    parent_id: int
    author_id: int = Field(foreign_key="user_account.id")
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    body: str = Field(sa_type=Text)
    hidden: bool = False
    hidden_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    hidden_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CommentCreate(BaseModel):
    body: MultiLine = Check(min_length=1, max_length=4000)


class CommentRead(BaseModel):
    id: int
    author_id: int
    author_name: str
    organization_id: int | None
    organization_name: str | None
    body: str | None
    hidden: bool
    created_at: dt.datetime
