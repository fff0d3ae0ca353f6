"""Allocations: table and API schemas."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.fields import Id
from tracker.vocab import AllocationStatus, check_in


class Allocation(SQLModel, table=True):
    __tablename__ = "allocation"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_delivered IS NULL OR (quantity_delivered >= 0 "
            "AND quantity_delivered <= quantity)",
            name="delivered_range",
        ),
        CheckConstraint(check_in("status", AllocationStatus), name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="aid_request.id", index=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    quantity: int
    status: str = Field(default=AllocationStatus.active, max_length=10, index=True)
    quantity_delivered: int | None = None
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AllocationCreate(SQLModel):
    request_id: Id = Field(gt=0)
    pledge_id: Id = Field(gt=0)
    quantity: int = Field(gt=0, le=10_000_000)


class AllocationRead(SQLModel):
    id: int
    request_id: int
    pledge_id: int
    quantity: int
    status: str
    quantity_delivered: int | None
    created_at: dt.datetime
