"""One-time links sent by e-mail: password resets (1 hour) and invitations (7 days).

Only the SHA-256 of the link's secret is stored, so a copy of the database opens nothing. A
link works once: using it sets `used_at` in the same statement that checks it was unset.
Sending a new invitation ends the earlier ones (`revoked_at`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.vocab import check_in


class Purpose(StrEnum):
    reset = "reset"
    invite = "invite"


class AccountToken(SQLModel, table=True):
    __tablename__ = "account_token"
    __table_args__ = (CheckConstraint(check_in("purpose", Purpose), name="purpose"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    purpose: str = Field(max_length=10)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
