"""Receipts and their lines: tables and API schemas."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.fields import Id, Line, MultiLine
from tracker.vocab import Condition, check_in


class Receipt(SQLModel, table=True):
    """Never updated after insert. `content` is the canonical JSON that `sha256` covers."""

    __tablename__ = "receipt"

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id", unique=True)
    code: str = Field(max_length=20, unique=True)
    received_by: str = Field(max_length=200)
    received_role: str = Field(default="", max_length=200)
    # Indexed: the dashboards count the receipts of the last days.
    received_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    filed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    content: str = Field(sa_type=Text)
    sha256: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReceiptCopy(SQLModel, table=True):
    """The SHA-256 of each receipt PDF tracker has handed out, so that a printed or saved copy
    still verifies after the way receipts are drawn (or the names on them) has changed."""

    __tablename__ = "receipt_copy"

    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = Field(foreign_key="receipt.id", index=True)
    lang: str = Field(max_length=5)
    sha256: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ReceiptLine(SQLModel, table=True):
    __tablename__ = "receipt_line"
    __table_args__ = (
        CheckConstraint("quantity_received >= 0", name="received_nonnegative"),
        CheckConstraint(check_in("condition", Condition), name="condition"),
    )

    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = Field(foreign_key="receipt.id", index=True)
    shipment_line_id: int = Field(foreign_key="shipment_line.id", unique=True)
    quantity_shipped: int
    quantity_received: int
    condition: str = Field(max_length=10)
    note: str = Field(default="", max_length=2000)


class ReceiptLineIn(SQLModel):
    line_id: Id = Field(gt=0)
    quantity_received: int = Field(ge=0, le=10_000_000)
    condition: Condition = Condition.good
    note: MultiLine = Field(default="", max_length=2000)


class ReceiptCreate(SQLModel):
    received_by: Line = Field(min_length=2, max_length=200)
    received_role: Line = Field(default="", max_length=200)
    lines: list[ReceiptLineIn] = Field(min_length=1, max_length=500)


class ReceiptLineRead(SQLModel):
    id: int
    line_id: int
    item: str
    unit: str
    quantity_shipped: int
    quantity_received: int
    condition: str
    note: str


class ReceiptRead(SQLModel):
    id: int
    code: str
    shipment_id: int
    shipment_reference: str
    community_id: int
    community_name: str
    partner_names: list[str]
    received_by: str
    received_role: str
    received_at: dt.datetime
    sha256: str
    lines: list[ReceiptLineRead]
    verify_url: str
