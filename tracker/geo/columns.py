"""Columns and schema fields every stored place carries (organizations, requests, pledges,
shipment events): Ukraine's registry code and its raion, hromada and the precision of the
stored point. Places abroad carry none of them."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

KATOTTG_PATTERN = r"^UA\d{17}$"


class PlaceColumns(SQLModel):
    """Mixed into table models (adds the columns; `katottg` is indexed for filtering)."""

    katottg: str | None = Field(default=None, max_length=19, index=True)
    raion: str | None = Field(default=None, max_length=120)
    hromada: str | None = Field(default=None, max_length=120)
    precision: str | None = Field(default=None, max_length=12)


class PlaceInput(SQLModel):
    """Mixed into create/update schemas: a registry code instead of or besides the text."""

    katottg: str | None = Field(
        default=None,
        regex=KATOTTG_PATTERN,
        description="KATOTTG code of a Ukrainian settlement (wins over the typed place)",
    )


class PlaceOutput(SQLModel):
    """Mixed into read schemas."""

    katottg: str | None = None
    raion: str | None = None
    hromada: str | None = None
    precision: str | None = None
