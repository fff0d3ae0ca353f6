"""User accounts."""

from __future__ import annotations

from datetime import datetime

from pydantic import EmailStr, field_validator
from sqlalchemy import CheckConstraint, DateTime
from sqlmodel import Field, SQLModel

from tracker.db import utcnow
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
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    # What the person reads in (uk, en, de, sv) and the zone their times are shown in.
    language: str = Field(default="uk", max_length=5, sa_column_kwargs={"server_default": "uk"})
    timezone: str = Field(
        default="Europe/Kyiv", max_length=64, sa_column_kwargs={"server_default": "Europe/Kyiv"}
    )


class UserCreate(SQLModel):
    email: EmailStr
    password: str = Field(min_length=10, max_length=200)
    role: Role
    organization_id: int | None = Field(default=None, gt=0)
    full_name: str = Field(default="", max_length=200)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()


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
