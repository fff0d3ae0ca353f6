"""Requests: table and API schemas."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Index
from sqlalchemy.ext.hybrid import hybrid_property
from sqlmodel import Field
from sqlmodel._compat import SQLModelConfig

from tracker.db import UTCDateTime, utcnow
from tracker.fields import Id, Line, MultiLine
from tracker.geo.columns import PlaceColumns, PlaceInput, PlaceOutput
from tracker.vocab import Category, Priority, RequestStatus, Unit, check_in


class AidRequest(PlaceColumns, table=True):
    """A community's request. The quantity columns are maintained by the services under lock."""

    __tablename__ = "aid_request"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_allocated >= 0 AND quantity_allocated <= quantity", name="allocated_range"
        ),
        CheckConstraint(
            "quantity_shipped >= 0 AND quantity_shipped <= quantity_allocated",
            name="shipped_range",
        ),
        CheckConstraint(
            "quantity_delivered >= 0 AND quantity_delivered <= quantity_shipped",
            name="delivered_range",
        ),
        CheckConstraint(
            "quantity_damaged >= 0 AND quantity_missing >= 0", name="discrepancies_nonnegative"
        ),
        CheckConstraint(check_in("category", Category), name="category"),
        CheckConstraint(check_in("unit", Unit), name="unit"),
        CheckConstraint(check_in("priority", Priority), name="priority"),
        CheckConstraint(check_in("status", RequestStatus), name="status"),
        # The list's filters and its order (newest first) in one index: no sort at 100k rows.
        Index("ix_aid_request_status_category_created", "status", "category", "created_at", "id"),
        # The list's total: equal keys are stored once (B-tree deduplication on PostgreSQL),
        # so counting walks a compact index; the one above has unique keys (its order).
        Index("ix_aid_request_status_category", "status", "category"),
        Index("ix_aid_request_community_created", "community_id", "created_at"),
        # The map's box (and "places to check": latitude IS NULL).
        Index("ix_aid_request_latitude_longitude", "latitude", "longitude"),
    )

    # Lets the hybrid properties below live on the model (they are not fields).
    model_config = SQLModelConfig(ignored_types=(hybrid_property,))

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="organization.id")
    category: str = Field(max_length=30, index=True)
    item: str = Field(max_length=200)
    quantity: int
    unit: str = Field(max_length=10)
    priority: str = Field(default=Priority.normal, max_length=10, index=True)
    needed_by: dt.date | None = Field(default=None, index=True)
    destination: str = Field(max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = Field(default=None, max_length=120, index=True)
    justification: str = Field(default="", max_length=2000)
    status: str = Field(default=RequestStatus.open, max_length=12)
    quantity_allocated: int = 0
    quantity_shipped: int = 0
    quantity_delivered: int = 0
    # Discrepancies from filed receipts: received damaged, and shipped but not received good.
    quantity_damaged: int = 0
    quantity_missing: int = 0
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    # Derived, one definition for Python (`request.quantity_needed`) and SQL
    # (`AidRequest.quantity_needed` in a query).
    @hybrid_property
    def quantity_needed(self) -> int:
        """Still needed: the quantity not yet allocated."""
        return self.quantity - self.quantity_allocated


class RequestFields(PlaceInput):
    category: Category
    item: Line = Field(min_length=2, max_length=200)
    quantity: int = Field(gt=0, le=10_000_000)
    unit: Unit
    priority: Priority = Priority.normal
    needed_by: dt.date | None = None
    destination: Line = Field(min_length=2, max_length=200)
    justification: MultiLine = Field(default="", max_length=2000)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class RequestCreate(RequestFields):
    community_id: Id | None = Field(
        default=None,
        gt=0,
        description="Required for coordinators; community staff file for their own",
    )


class RequestUpdate(PlaceInput):
    category: Category | None = None
    item: Line | None = Field(default=None, min_length=2, max_length=200)
    quantity: int | None = Field(default=None, gt=0, le=10_000_000)
    unit: Unit | None = None
    priority: Priority | None = None
    needed_by: dt.date | None = None
    destination: Line | None = Field(default=None, min_length=2, max_length=200)
    justification: MultiLine | None = Field(default=None, max_length=2000)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class RequestRead(PlaceOutput):
    id: int
    community_id: int
    community_name: str | None = None
    category: str
    item: str
    quantity: int
    unit: str
    priority: str
    needed_by: dt.date | None
    destination: str
    latitude: float | None
    longitude: float | None
    admin1: str | None
    location_found: bool
    justification: str
    status: str
    quantity_allocated: int
    quantity_shipped: int
    quantity_delivered: int
    quantity_damaged: int = 0
    quantity_missing: int = 0
    created_at: dt.datetime
    updated_at: dt.datetime

    # The table's own definition, read from these fields (not a second spelling).
    quantity_needed = property(AidRequest.quantity_needed.fget)
