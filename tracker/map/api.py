"""The map's data as GeoJSON."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from tracker.auth.deps import CurrentUser
from tracker.db import SessionDep
from tracker.map import features
from tracker.vocab import Category

router = APIRouter(tags=["geo"])


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
    return features.collection(
        features.map_features(
            session, user, kind=kind, status=status, category=category, limit=limit
        )
    )
