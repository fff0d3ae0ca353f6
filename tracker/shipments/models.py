"""Shipments, their lines and their events: tables and API schemas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.fields import Id, Line, MultiLine
from tracker.geo.columns import PlaceColumns, PlaceInput, PlaceOutput
from tracker.vocab import ShipmentStatus, check_in

# Text columns added after the first release: rows that existed then read as empty.
_EMPTY = {"server_default": ""}


class Shipment(SQLModel, table=True):
    __tablename__ = "shipment"
    __table_args__ = (
        CheckConstraint(check_in("status", ShipmentStatus), name="status"),
        Index("ix_shipment_status_created", "status", "created_at", "id"),
        Index("ix_shipment_community_created", "community_id", "created_at"),
        Index("ix_shipment_last_position", "last_latitude", "last_longitude"),  # the map's box
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=40, unique=True)
    community_id: int = Field(foreign_key="organization.id")
    destination: str = Field(max_length=200)
    destination_latitude: float | None = None
    destination_longitude: float | None = None
    status: str = Field(default=ShipmentStatus.planned, max_length=12)
    carrier: str = Field(default="", max_length=200)
    vehicle: str = Field(default="", max_length=100)
    declaration_code: str = Field(default="", max_length=60)
    driver_name: str = Field(default="", max_length=100, sa_column_kwargs=_EMPTY)
    driver_phone: str = Field(default="", max_length=40, sa_column_kwargs=_EMPTY)
    transport_document: str = Field(default="", max_length=60, sa_column_kwargs=_EMPTY)
    seal_numbers: str = Field(default="", max_length=100, sa_column_kwargs=_EMPTY)
    gross_weight_kg: Decimal | None = Field(default=None, max_digits=10, decimal_places=1)
    volume_m3: Decimal | None = Field(default=None, max_digits=8, decimal_places=2)
    last_location: str = Field(default="", max_length=200)
    last_latitude: float | None = None
    last_longitude: float | None = None
    last_event_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    dispatched_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ShipmentLine(SQLModel, table=True):
    """One allocation travelling in a shipment; item and quantity are copied for the paper."""

    __tablename__ = "shipment_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_shipment_line_shipment_id", "shipment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id")
    allocation_id: int = Field(foreign_key="allocation.id", index=True)
    request_id: int = Field(foreign_key="aid_request.id", index=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    partner_id: int = Field(foreign_key="organization.id", index=True)
    item: str = Field(max_length=200)
    category: str = Field(max_length=30)
    quantity: int
    unit: str = Field(max_length=10)
    value_amount: Decimal | None = Field(default=None, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, max_length=3)


class ShipmentEvent(PlaceColumns, table=True):
    """A status move (or a position report when the status stays in_transit)."""

    __tablename__ = "shipment_event"
    __table_args__ = (
        CheckConstraint(check_in("status", ShipmentStatus), name="status"),
        Index("ix_shipment_event_shipment_id_id", "shipment_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipment.id")
    from_status: str | None = Field(default=None, max_length=12)
    status: str = Field(max_length=12)
    location: str = Field(default="", max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = Field(default=None, max_length=120)
    note: str = Field(default="", max_length=2000)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TransportDetails(SQLModel):
    """What a waybill says about the transport (STANDARDS.md §2.6), all optional. Set when a
    shipment is planned; changed with PATCH while it is still planned (only the fields sent)."""

    carrier: Line = Field(default="", max_length=200)
    vehicle: Line = Field(default="", max_length=100)
    declaration_code: Line = Field(default="", max_length=60)
    driver_name: Line = Field(default="", max_length=100)
    driver_phone: Line = Field(default="", max_length=40)
    transport_document: Line = Field(
        default="", max_length=60, description="CMR, ТТН or air waybill number"
    )
    seal_numbers: Line = Field(default="", max_length=100)
    gross_weight_kg: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=1)
    volume_m3: Decimal | None = Field(default=None, ge=0, max_digits=8, decimal_places=2)


class ShipmentCreate(TransportDetails):
    allocation_ids: list[Id] = Field(min_length=1, max_length=500)
    reference: Line | None = Field(default=None, min_length=3, max_length=40)


class EventCreate(PlaceInput):
    status: ShipmentStatus
    location: Line = Field(default="", max_length=200)
    note: MultiLine = Field(default="", max_length=2000)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class ShipmentLineRead(SQLModel):
    id: int
    allocation_id: int
    request_id: int
    pledge_id: int
    partner_id: int
    item: str
    category: str
    quantity: int
    unit: str
    value_amount: Decimal | None
    currency: str | None


class ShipmentEventRead(PlaceOutput):
    id: int
    from_status: str | None
    status: str
    location: str
    latitude: float | None
    longitude: float | None
    admin1: str | None = None
    note: str
    actor_id: int | None
    created_at: dt.datetime


class ShipmentRead(SQLModel):
    id: int
    reference: str
    community_id: int
    community_name: str | None = None
    destination: str
    destination_latitude: float | None
    destination_longitude: float | None
    status: str
    carrier: str
    vehicle: str
    declaration_code: str
    driver_name: str = ""
    driver_phone: str = ""
    transport_document: str = ""
    seal_numbers: str = ""
    gross_weight_kg: Decimal | None = None
    volume_m3: Decimal | None = None
    last_location: str
    latitude: float | None
    longitude: float | None
    distance_remaining_km: float | None
    last_event_at: dt.datetime | None
    dispatched_at: dt.datetime | None
    delivered_at: dt.datetime | None
    receipt_id: int | None = None
    allowed_moves: list[str] = []
    lines: list[ShipmentLineRead] = []
    events: list[ShipmentEventRead] = []
    created_at: dt.datetime
