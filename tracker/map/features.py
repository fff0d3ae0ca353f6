"""The map's points: requests, pledges and shipments (last known position) with coordinates.

One query for both the GeoJSON endpoint and the map page's server-rendered list, so the list a
phone without JavaScript or tiles shows is exactly what the map would draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Integer, cast, func
from sqlmodel import Session, col, select

from tracker.auth.models import User
from tracker.pledges.models import Pledge
from tracker.requests.models import AidRequest
from tracker.shipments import service as shipments
from tracker.shipments.models import Shipment
from tracker.vocab import Category

Kind = Literal["request", "pledge", "shipment"]
KINDS: tuple[Kind, ...] = ("request", "pledge", "shipment")
DEFAULT_LIMIT = 2000
# Below this zoom the map shows clusters (counts per grid cell), not one marker per record: a
# country-wide view of a million records would otherwise send them all.
CLUSTER_BELOW_ZOOM = 9
# Grid cells per 256-pixel tile side: a cluster stands for about 64 pixels of the screen.
CELLS_PER_TILE = 4
MAX_CELLS_PER_SIDE = 48
# Zoomed out, a kind with at most this many records in view is still drawn record by record.
CLUSTER_FROM = 300


@dataclass(frozen=True)
class View:
    """What the map shows: a box (west, south, east, north in degrees) at a zoom level."""

    west: float
    south: float
    east: float
    north: float
    zoom: int

    @property
    def cell(self) -> float:
        """The grid cell's side in degrees at this zoom, and never so small that a box sent
        with a mismatched zoom (the whole world at zoom 8) makes more than ~48 × 48 cells."""
        width = (self.east - self.west) % 360 or 360.0
        span = max(width, self.north - self.south)
        return max(360.0 / (2**self.zoom) / CELLS_PER_TILE, span / MAX_CELLS_PER_SIDE)

    @property
    def clustered(self) -> bool:
        return self.zoom < CLUSTER_BELOW_ZOOM


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


def _table(kind: Kind) -> tuple[Any, Any, Any, Any]:
    """The model and its latitude, longitude and status columns for a kind of feature."""
    if kind == "request":
        return AidRequest, AidRequest.latitude, AidRequest.longitude, AidRequest.status
    if kind == "pledge":
        return Pledge, Pledge.latitude, Pledge.longitude, Pledge.status
    return Shipment, Shipment.last_latitude, Shipment.last_longitude, Shipment.status


def _filtered(query: Any, kind: Kind, user: User, status: str | None, category: str | None) -> Any:
    model, lat, lon, status_col = _table(kind)
    query = query.where(col(lat).is_not(None), col(lon).is_not(None))
    if status:
        query = query.where(status_col == status)
    if category and kind != "shipment":
        query = query.where(model.category == category)
    if kind == "shipment":
        clause = shipments.visible_clause(user)
        if clause is not None:
            query = query.where(clause)
    return query


def _in_view(query: Any, kind: Kind, view: View) -> Any:
    _model, lat, lon, _status = _table(kind)
    query = query.where(col(lat).between(view.south, view.north))
    if view.west <= view.east:
        return query.where(col(lon).between(view.west, view.east))
    # The box crosses the antimeridian: two ranges of longitude.
    return query.where((col(lon) >= view.west) | (col(lon) <= view.east))


def clusters(
    session: Session,
    user: User,
    kind: Kind,
    view: View,
    *,
    status: str | None = None,
    category: str | None = None,
) -> list[dict[str, Any]]:
    """Counts per grid cell in the view, each at the mean position of its records.

    A cell holding one record is that record's own feature, so a lone village's request is still
    a link to its page. The grid is counted in SQL (integer cells from shifted, positive
    degrees, the same on SQLite and PostgreSQL), so the reply is bounded by the cells in view,
    not by the rows.
    """
    model, lat, lon, _status = _table(kind)
    x = cast((lon + 180.0) / view.cell, Integer).label("x")
    y = cast((lat + 90.0) / view.cell, Integer).label("y")
    query = select(x, y, func.count().label("n"), func.avg(lat), func.avg(lon), func.min(model.id))
    query = _in_view(_filtered(query, kind, user, status, category), kind, view)
    rows = session.exec(query.group_by(x, y)).all()
    singles = [int(row[5]) for row in rows if row[2] == 1]
    found = _by_ids(session, user, kind, singles)
    out: list[dict[str, Any]] = [found[i] for i in singles if i in found]
    for cx, cy, n, mean_lat, mean_lon, _first in rows:
        if n == 1:
            continue
        out.append(
            {
                "type": "Feature",
                "id": f"{kind}-cluster-{cx}-{cy}",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(mean_lon), 5), round(float(mean_lat), 5)],
                },
                "properties": {"kind": kind, "cluster": True, "count": int(n)},
            }
        )
    return out


def _by_ids(session: Session, user: User, kind: Kind, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    model = _table(kind)[0]
    features: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = _filtered(select(model), kind, user, None, None).where(col(model.id).in_(chunk))
        for row in session.exec(query).all():
            features[row.id] = _FEATURE[kind](row)
    return features


def view_features(
    session: Session,
    user: User,
    view: View,
    *,
    kind: Kind | None = None,
    status: str | None = None,
    category: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[dict[str, Any]]:
    """What the map draws in `view`: one feature per record while a kind has few in the box;
    clusters when zoomed out over many (more than CLUSTER_FROM) or when a kind has more than
    `limit` in the box at any zoom."""
    features: list[dict[str, Any]] = []
    for each in KINDS:
        if kind not in (None, each) or (each == "shipment" and category):
            continue
        query = _in_view(_filtered(select(func.count()), each, user, status, category), each, view)
        in_view = session.exec(query).one()
        if in_view <= (min(limit, CLUSTER_FROM) if view.clustered else limit):
            model = _table(each)[0]
            rows = session.exec(
                _in_view(_filtered(select(model), each, user, status, category), each, view)
                .order_by(col(model.id).desc())
                .limit(limit)
            ).all()
            features += [_FEATURE[each](row) for row in rows]
            continue
        features += clusters(session, user, each, view, status=status, category=category)
    return features


def _requests(
    session: Session, status: str | None, category: str | None, limit: int
) -> list[dict[str, Any]]:
    query = select(AidRequest).where(AidRequest.latitude.is_not(None))  # type: ignore[union-attr]
    if status:
        query = query.where(AidRequest.status == status)
    if category:
        query = query.where(AidRequest.category == category)
    rows = session.exec(query.order_by(AidRequest.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return [_request_feature(r) for r in rows]


def _request_feature(r: AidRequest) -> dict[str, Any]:
    return feature(
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


def _pledges(
    session: Session, status: str | None, category: str | None, limit: int
) -> list[dict[str, Any]]:
    query = select(Pledge).where(Pledge.latitude.is_not(None))  # type: ignore[union-attr]
    if status:
        query = query.where(Pledge.status == status)
    if category:
        query = query.where(Pledge.category == category)
    rows = session.exec(query.order_by(Pledge.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return [_pledge_feature(p) for p in rows]


def _pledge_feature(p: Pledge) -> dict[str, Any]:
    return feature(
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
    return [_shipment_feature(s) for s in rows]


def _shipment_feature(s: Shipment) -> dict[str, Any]:
    return feature(
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


_FEATURE = {"request": _request_feature, "pledge": _pledge_feature, "shipment": _shipment_feature}
