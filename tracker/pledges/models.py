"""Pledges: table and API schemas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import field_validator
from sqlalchemy import CheckConstraint, Index, case
from sqlalchemy.ext.hybrid import hybrid_property
from sqlmodel import Field
from sqlmodel._compat import SQLModelConfig

from tracker.db import UTCDateTime, utcnow
from tracker.fields import Id, Line
from tracker.geo.columns import PlaceColumns, PlaceInput, PlaceOutput
from tracker.vocab import Category, PledgeStatus, Unit, check_in


class Pledge(PlaceColumns, table=True):
    """A partner's offer. `quantity_withdrawn` is the part taken back: what was free when
    the partner withdrew, plus what allocations hand back afterwards (see `service.give_back`)."""

    __tablename__ = "pledge"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "quantity_allocated >= 0 AND quantity_withdrawn >= 0 "
            "AND quantity_allocated + quantity_withdrawn <= quantity",
            name="allocated_range",
        ),
        CheckConstraint("value_amount IS NULL OR value_amount >= 0", name="value_nonnegative"),
        CheckConstraint(check_in("category", Category), name="category"),
        CheckConstraint(check_in("unit", Unit), name="unit"),
        CheckConstraint(check_in("status", PledgeStatus), name="status"),
        Index("ix_pledge_status_category_created", "status", "category", "created_at", "id"),
        # The list's total: equal keys are stored once (B-tree deduplication on PostgreSQL),
        # so counting walks a compact index; the one above has unique keys (its order).
        Index("ix_pledge_status_category", "status", "category"),
        Index("ix_pledge_partner_created", "partner_id", "created_at"),
        # The map's box (and "places to check": latitude IS NULL).
        Index("ix_pledge_latitude_longitude", "latitude", "longitude"),
    )

    # Lets the hybrid properties below live on the model (they are not fields).
    model_config = SQLModelConfig(ignored_types=(hybrid_property,))

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="organization.id")
    request_id: int | None = Field(default=None, foreign_key="aid_request.id", index=True)
    category: str = Field(max_length=30, index=True)
    item: str = Field(max_length=200)
    quantity: int
    unit: str = Field(max_length=10)
    origin: str = Field(max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = Field(default=None, max_length=120)
    available_from: dt.date | None = None
    value_amount: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, max_length=3)
    status: str = Field(default=PledgeStatus.offered, max_length=12)
    quantity_allocated: int = 0
    quantity_withdrawn: int = 0
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    # Derived quantities, one definition each for Python (`pledge.quantity_available`) and SQL
    # (`Pledge.quantity_available` in a query).
    @hybrid_property
    def quantity_available(self) -> int:
        """What the pledge can still give: nothing once withdrawn, else what is neither
        allocated nor taken back."""
        if self.status == PledgeStatus.withdrawn:
            return 0
        return self.quantity - self.quantity_allocated - self.quantity_withdrawn

    @quantity_available.inplace.expression
    @classmethod
    def _quantity_available(cls) -> Any:
        return case(
            (cls.status == PledgeStatus.withdrawn, 0),
            else_=cls.quantity - cls.quantity_allocated - cls.quantity_withdrawn,
        )

    @hybrid_property
    def quantity_promised(self) -> int:
        """What the partner still promises: the pledge less what was taken back."""
        return self.quantity - self.quantity_withdrawn


def _currency(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise ValueError("currency must be an ISO 4217 code such as EUR, UAH, SEK, PLN or USD")
    from babel.numbers import list_currencies

    if value not in list_currencies():
        raise ValueError(f"{value} is not an ISO 4217 currency code")
    return value


class PledgeFields(PlaceInput):
    category: Category
    item: Line = Field(min_length=2, max_length=200)
    quantity: int = Field(gt=0, le=10_000_000)
    unit: Unit
    origin: Line = Field(min_length=2, max_length=200)
    available_from: dt.date | None = None
    value_amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    request_id: Id | None = Field(default=None, gt=0)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return _currency(value)


class PledgeCreate(PledgeFields):
    partner_id: Id | None = Field(
        default=None,
        gt=0,
        description="Required for coordinators; partner staff pledge for their own",
    )


class PledgeUpdate(PlaceInput):
    category: Category | None = None
    item: Line | None = Field(default=None, min_length=2, max_length=200)
    quantity: int | None = Field(default=None, gt=0, le=10_000_000)
    unit: Unit | None = None
    origin: Line | None = Field(default=None, min_length=2, max_length=200)
    available_from: dt.date | None = None
    value_amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    request_id: Id | None = Field(default=None, gt=0)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return _currency(value)


class PledgeRead(PlaceOutput):
    id: int
    partner_id: int
    partner_name: str | None = None
    request_id: int | None
    category: str
    item: str
    quantity: int
    unit: str
    origin: str
    latitude: float | None
    longitude: float | None
    admin1: str | None = None
    location_found: bool
    available_from: dt.date | None
    value_amount: Decimal | None
    currency: str | None
    status: str
    quantity_allocated: int
    quantity_withdrawn: int
    quantity_available: int
    created_at: dt.datetime
    updated_at: dt.datetime
