"""User accounts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import EmailStr, field_validator
from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.fields import Id
from tracker.vocab import Role, check_in


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(check_in("role", Role), name="role"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    full_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=20, index=True)
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # What the person reads in (uk, en, de, sv) and the zone their times are shown in.
    # None until the person chooses: pages then follow the browser, e-mails use Ukrainian.
    language: str | None = Field(default=None, max_length=5)
    timezone: str = Field(
        default="Europe/Kyiv", max_length=64, sa_column_kwargs={"server_default": "Europe/Kyiv"}
    )
    last_sign_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def is_coordinator(self) -> bool:
        """Coordinators and admins: those who act for every organization."""
        return self.role in (Role.coordinator, Role.admin)


class SessionKind(StrEnum):
    web = "web"  # a browser's session cookie
    api = "api"  # a bearer token (JWT whose `jti` is the secret)


class AuthSession(SQLModel, table=True):
    """One signed-in browser or one bearer token, alive until it expires or is revoked.

    The client holds a random secret (the web session id inside the signed cookie, or the
    token's `jti`); only its SHA-256 is stored, so a copy of the database opens nothing.
    """

    __tablename__ = "auth_session"
    __table_args__ = (CheckConstraint(check_in("kind", SessionKind), name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    kind: str = Field(max_length=10)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    user_agent: str = Field(default="", max_length=300)
    address: str = Field(default="", max_length=64)


class Throttle(SQLModel, table=True):
    """A counter of events (failed sign-ins, page views) per key, shared by every server.

    `key` is the SHA-256 of the rule's name and what it counts (an address, an account and an
    address): no e-mail or address is stored in clear. See tracker/auth/throttle.py.
    """

    __tablename__ = "throttle"

    key: str = Field(primary_key=True, max_length=64)
    count: int = 0
    window_start: datetime = Field(sa_type=UTCDateTime, index=True)
    blocked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class UserCreate(SQLModel):
    email: EmailStr
    password: str = Field(min_length=12, max_length=200)
    role: Role
    organization_id: Id | None = Field(default=None, gt=0)
    full_name: str = Field(default="", max_length=200)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()

    @field_validator("password")
    @classmethod
    def _strong(cls, value: str) -> str:
        from tracker.auth.passwords import password_problem

        problem = password_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


class UserRead(SQLModel):
    id: int
    email: str
    full_name: str
    role: str
    organization_id: int | None
    is_active: bool


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"
