"""Geocoding and map data routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from tracker.auth.deps import CurrentUser
from tracker.geo import service as geo

router = APIRouter(tags=["geo"])


class PlaceOut(BaseModel):
    name: str
    country: str
    admin1: str | None
    latitude: float
    longitude: float


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
    )


@router.get("/geocode", response_model=GeocodeOut)
def geocode(
    user: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=200, description="A place as typed")],
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
) -> GeocodeOut:
    """The best match for a typed place and up to 5 alternatives (offline by default)."""
    best = geo.geocode(q, prefer_country=country.upper() if country else None)
    found = geo.search(q, limit=6, prefer_country=country.upper() if country else None)
    alternatives = [p for p in found if best is None or p != best][:5]
    return GeocodeOut(
        query=q, best=_out(best) if best else None, alternatives=[_out(p) for p in alternatives]
    )
