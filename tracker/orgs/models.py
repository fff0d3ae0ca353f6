"""Organizations and partnerships: tables and API schemas."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import EmailStr, field_validator, model_validator
from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from tracker.db import UTCDateTime, utcnow
from tracker.fields import Id, Line
from tracker.geo.columns import PlaceColumns, PlaceInput, PlaceOutput
from tracker.vocab import OrgKind, check_in


class Organization(PlaceColumns, table=True):
    __tablename__ = "organization"
    __table_args__ = (
        CheckConstraint(check_in("kind", OrgKind), name="kind"),
        CheckConstraint("length(country) = 2", name="country_iso2"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=20, index=True)
    country: str = Field(max_length=2, index=True)
    place: str = Field(default="", max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = Field(default=None, max_length=120, index=True)
    # Legal details: the ЄДРПОУ code (8 digits) of a Ukrainian body, else its number abroad.
    registration_number: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)
    languages: str = Field(default="", max_length=40)  # codes, comma-separated: "uk,en"
    contact_email: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Partnership(SQLModel, table=True):
    """A registered twinning: a Ukrainian community and a partner abroad help each other."""

    __tablename__ = "partnership"
    __table_args__ = (UniqueConstraint("community_id", "partner_id"),)

    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="organization.id", index=True)
    partner_id: int = Field(foreign_key="organization.id", index=True)
    since: date | None = None
    registration_ref: str | None = Field(default=None, max_length=100)
    registration_date: date | None = None  # of the Ministry's registration
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OrganizationCreate(PlaceInput):
    name: Line = Field(min_length=2, max_length=200)
    kind: OrgKind
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    place: Line = Field(default="", max_length=200)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    registration_number: Line = Field(default="", max_length=40)
    address: Line = Field(default="", max_length=300)
    languages: Line = Field(default="", max_length=40)
    contact_email: EmailStr | None = None

    @model_validator(mode="after")
    def _edrpou(self) -> OrganizationCreate:
        """A Ukrainian body's registration number is its ЄДРПОУ code: 8 digits."""
        number = self.registration_number
        if number and self.country == "UA" and not (len(number) == 8 and number.isdigit()):
            raise ValueError("the ЄДРПОУ code of a Ukrainian organization is 8 digits")
        return self

    @field_validator("country")
    @classmethod
    def _iso2(cls, value: str) -> str:
        value = value.strip().upper()
        if not value.isalpha() or len(value) != 2:
            raise ValueError("country must be a two-letter ISO 3166-1 code, such as UA or DE")
        return value


class OrganizationRead(PlaceOutput):
    id: int
    name: str
    kind: str
    country: str
    place: str
    latitude: float | None
    longitude: float | None
    admin1: str | None
    location_found: bool


class PartnershipCreate(SQLModel):
    community_id: Id = Field(gt=0)
    partner_id: Id = Field(gt=0)
    since: date | None = None
    registration_ref: Line | None = Field(default=None, max_length=100)
    registration_date: date | None = None


class PartnershipRead(SQLModel):
    id: int
    community_id: int
    partner_id: int
    since: date | None
    registration_ref: str | None
