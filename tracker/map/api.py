"""The map's data as GeoJSON."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.errors import N_, Invalid
from tracker.map import features
from tracker.vocab import Category

router = APIRouter(tags=["geo"])


BBOX = "west,south,east,north in degrees (WGS 84), as Leaflet's getBounds().toBBoxString()"


def parse_view(bbox: str | None, zoom: int | None) -> features.View | None:
    """The map's view from `bbox` and `zoom`, or None for the whole map (the page's list)."""
    if bbox is None:
        return None
    try:
        west, south, east, north = (float(part) for part in bbox.split(","))
    except ValueError:
        raise Invalid(
            N_("bbox must be four numbers: west,south,east,north."), field="bbox"
        ) from None
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise Invalid(N_("bbox must be four numbers: west,south,east,north."), field="bbox")
    return features.View(west, south, east, north, 5 if zoom is None else zoom)


@router.get(
    "/map/features.geojson",
    responses={422: {"description": "A filter, bbox or zoom that is not valid"}},
)
def map_features(
    session: SessionDep,
    user: CurrentUser,
    response: Response,
    kind: Literal["request", "pledge", "shipment"] | None = None,
    status: str | None = None,
    category: Category | None = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many per kind")] = 2000,
    bbox: Annotated[str | None, Query(max_length=120, description=BBOX)] = None,
    zoom: Annotated[int | None, Query(ge=0, le=22, description="The map's zoom level")] = None,
) -> dict[str, Any]:
    """Requests, pledges and shipments (last known position) as GeoJSON points. With `bbox`
    (and `zoom`) only what is in view, in clusters `{cluster: true, count}` below zoom 9 or
    where a kind has more than its share of `limit` in the box: a reply stays within `limit`
    features whatever the data, and the browser keeps it for a minute per view."""
    view = parse_view(bbox, zoom)
    if view is None:
        found = features.map_features(
            session, user, kind=kind, status=status, category=category, limit=limit
        )
    else:
        share = max(1, limit // (1 if kind else len(features.KINDS)))
        found = features.view_features(
            session, user, view, kind=kind, status=status, category=category, limit=share
        )
        response.headers["Cache-Control"] = "private, max-age=60"
    return features.collection(found)
