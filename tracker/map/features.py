"""The map's points: requests, pledges and shipments (last known position) with coordinates.

One query for both the GeoJSON endpoint and the map page's server-rendered list, so the list a
phone without JavaScript or tiles shows is exactly what the map would draw.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlmodel import Session, select

from tracker.auth.models import User
from tracker.pledges.models import Pledge
from tracker.requests.models import AidRequest
from tracker.shipments import service as shipments
from tracker.shipments.models import Shipment
from tracker.vocab import Category

Kind = Literal["request", "pledge", "shipment"]
KINDS: tuple[Kind, ...] = ("request", "pledge", "shipment")
DEFAULT_LIMIT = 2000


def feature(kind: str, id_: int, lat: float, lon: float, props: dict[str, Any]) -> dict[str, Any]:
    """One GeoJSON point feature; `url` is the record's page."""
    return {
        "type": "Feature",
        "id": f"{kind}-{id_}",
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": {"kind": kind, "id": id_, "url": f"/{kind}s/{id_}", **props},
    }


def map_features(
    session: Session,
    user: User,
    *,
    kind: Kind | None = None,
    status: str | None = None,
    category: Category | str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[dict[str, Any]]:
    """The features this user may see, newest first per kind, at most `limit` per kind.

    Shipments carry no category, so a category filter leaves them out.
    """
    features: list[dict[str, Any]] = []
    if kind in (None, "request"):
        features += _requests(session, status, category, limit)
    if kind in (None, "pledge"):
        features += _pledges(session, status, category, limit)
    if kind in (None, "shipment") and not category:
        features += _shipments(session, user, status, limit)
    return features


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _requests(
    session: Session, status: str | None, category: str | None, limit: int
) -> list[dict[str, Any]]:
    query = select(AidRequest).where(AidRequest.latitude.is_not(None))  # type: ignore[union-attr]
    if status:
        query = query.where(AidRequest.status == status)
    if category:
        query = query.where(AidRequest.category == category)
    rows = session.exec(query.order_by(AidRequest.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return [
        feature(
            "request",
            r.id,  # type: ignore[arg-type]
            r.latitude,  # type: ignore[arg-type]
            r.longitude,  # type: ignore[arg-type]
            {
                "status": r.status,
                "category": r.category,
                "item": r.item,
                "quantity": r.quantity,
                "unit": r.unit,
                "priority": r.priority,
                "place": r.destination,
            },
        )
        for r in rows
    ]


def _pledges(
    session: Session, status: str | None, category: str | None, limit: int
) -> list[dict[str, Any]]:
    query = select(Pledge).where(Pledge.latitude.is_not(None))  # type: ignore[union-attr]
    if status:
        query = query.where(Pledge.status == status)
    if category:
        query = query.where(Pledge.category == category)
    rows = session.exec(query.order_by(Pledge.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return [
        feature(
            "pledge",
            p.id,  # type: ignore[arg-type]
            p.latitude,  # type: ignore[arg-type]
            p.longitude,  # type: ignore[arg-type]
            {
                "status": p.status,
                "category": p.category,
                "item": p.item,
                "quantity": p.quantity,
                "unit": p.unit,
                "place": p.origin,
            },
        )
        for p in rows
    ]


def _shipments(
    session: Session, user: User, status: str | None, limit: int
) -> list[dict[str, Any]]:
    query = select(Shipment).where(Shipment.last_latitude.is_not(None))  # type: ignore[union-attr]
    clause = shipments.visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    if status:
        query = query.where(Shipment.status == status)
    rows = session.exec(query.order_by(Shipment.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return [
        feature(
            "shipment",
            s.id,  # type: ignore[arg-type]
            s.last_latitude,  # type: ignore[arg-type]
            s.last_longitude,  # type: ignore[arg-type]
            {
                "status": s.status,
                "reference": s.reference,
                "place": s.last_location,
                "destination": s.destination,
            },
        )
        for s in rows
    ]
