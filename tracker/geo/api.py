"""Geocoding and map data routes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlmodel import select

from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.geo import service as geo
from tracker.pledges.models import Pledge
from tracker.requests.models import AidRequest
from tracker.shipments import service as shipments
from tracker.shipments.models import Shipment
from tracker.vocab import Category

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


def _feature(kind: str, id_: int, lat: float, lon: float, props: dict[str, Any]) -> dict:
    return {
        "type": "Feature",
        "id": f"{kind}-{id_}",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {"kind": kind, "id": id_, "url": f"/{kind}s/{id_}", **props},
    }


@router.get("/map/features.geojson")
def map_features(
    session: SessionDep,
    user: CurrentUser,
    kind: Literal["request", "pledge", "shipment"] | None = None,
    status: str | None = None,
    category: Category | None = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many per kind")] = 2000,
) -> dict[str, Any]:
    """Requests, pledges and shipments (last known position) as GeoJSON points."""
    features: list[dict[str, Any]] = []
    if kind in (None, "request"):
        query = select(AidRequest).where(AidRequest.latitude.is_not(None))  # type: ignore[union-attr]
        if status:
            query = query.where(AidRequest.status == status)
        if category:
            query = query.where(AidRequest.category == category)
        for r in session.exec(query.order_by(AidRequest.id.desc()).limit(limit)).all():
            features.append(
                _feature(
                    "request",
                    r.id,
                    r.latitude,
                    r.longitude,
                    {  # type: ignore[arg-type]
                        "status": r.status,
                        "category": r.category,
                        "item": r.item,
                        "quantity": r.quantity,
                        "unit": r.unit,
                        "priority": r.priority,
                        "place": r.destination,
                    },
                )
            )
    if kind in (None, "pledge"):
        query = select(Pledge).where(Pledge.latitude.is_not(None))  # type: ignore[union-attr]
        if status:
            query = query.where(Pledge.status == status)
        if category:
            query = query.where(Pledge.category == category)
        for p in session.exec(query.order_by(Pledge.id.desc()).limit(limit)).all():
            features.append(
                _feature(
                    "pledge",
                    p.id,
                    p.latitude,
                    p.longitude,
                    {  # type: ignore[arg-type]
                        "status": p.status,
                        "category": p.category,
                        "item": p.item,
                        "quantity": p.quantity,
                        "unit": p.unit,
                        "place": p.origin,
                    },
                )
            )
    if kind in (None, "shipment") and category is None:
        query = select(Shipment).where(Shipment.last_latitude.is_not(None))  # type: ignore[union-attr]
        clause = shipments.visible_clause(user)
        if clause is not None:
            query = query.where(clause)
        if status:
            query = query.where(Shipment.status == status)
        for s in session.exec(query.order_by(Shipment.id.desc()).limit(limit)).all():
            features.append(
                _feature(
                    "shipment",
                    s.id,
                    s.last_latitude,
                    s.last_longitude,
                    {  # type: ignore[arg-type]
                        "status": s.status,
                        "reference": s.reference,
                        "place": s.last_location,
                        "destination": s.destination,
                    },
                )
            )
    return {"type": "FeatureCollection", "features": features}
