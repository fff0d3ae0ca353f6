"""Geocoding and map data routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.geo import lookup as geo_lookup
from tracker.geo import service as geo

router = APIRouter(tags=["geo"])


class PlaceOut(BaseModel):
    name: str
    country: str
    admin1: str | None
    latitude: float
    longitude: float
    katottg: str | None = None
    raion: str | None = None
    hromada: str | None = None
    precision: str | None = None
    display: str


class GeocodeOut(BaseModel):
    query: str
    best: PlaceOut | None
    alternatives: list[PlaceOut]


def _out(place: geo.Place) -> PlaceOut:
    return PlaceOut(
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        latitude=place.latitude,
        longitude=place.longitude,
        katottg=place.katottg,
        raion=place.raion,
        hromada=place.hromada,
        precision=place.precision,
        display=place.display_uk(),
    )


@router.get("/geocode", response_model=GeocodeOut)
def geocode(
    session: SessionDep,
    user: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=200, description="A place as typed")],
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    near: Annotated[int | None, Query(ge=1, description="An organization id: nearer first")] = None,
) -> GeocodeOut:
    """The place meant, or null with the candidates when several fit equally (offline)."""
    found = geo_lookup.resolve_for(session, q, country=country, near=near)
    return GeocodeOut(
        query=q,
        best=_out(found.best) if found.best else None,
        alternatives=[_out(p) for p in found.alternatives[: 5 if found.best else 10]],
    )
