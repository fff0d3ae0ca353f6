"""The map page: Leaflet fed by the GeoJSON endpoint, and the same features listed in HTML."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from tracker import i18n
from tracker.db import SessionDep
from tracker.map import features
from tracker.vocab import Category, PledgeStatus, RequestStatus, ShipmentStatus
from tracker.web.labels import labeller
from tracker.web.render import language, render
from tracker.web.security import PageUser

router = APIRouter(include_in_schema=False)

# The page lists what the map draws: the same query, at most this many per kind.
PAGE_LIMIT = 500
STATUSES: dict[str, list[str]] = {
    "request": [s.value for s in RequestStatus],
    "pledge": [s.value for s in PledgeStatus],
    "shipment": [s.value for s in ShipmentStatus],
}
CATEGORIES = [c.value for c in Category]


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    session: SessionDep,
    user: PageUser,
    kind: str = "",
    status: str = "",
    category: str = "",
) -> Response:
    """Requests, pledges and shipments on a map, and listed below it (works without JS)."""
    filters = {
        "kind": kind if kind in features.KINDS else "",
        "status": status if any(status in codes for codes in STATUSES.values()) else "",
        "category": category if category in CATEGORIES else "",
    }
    found = features.map_features(
        session,
        user,
        kind=filters["kind"] or None,  # type: ignore[arg-type]
        status=filters["status"] or None,
        category=filters["category"] or None,
        limit=PAGE_LIMIT,
    )
    query = {k: v for k, v in filters.items() if v} | {"limit": PAGE_LIMIT}
    context: dict[str, Any] = {
        "features": found,
        "filters": filters,
        "kinds": features.KINDS,
        "statuses": STATUSES,
        "geojson_url": "/api/v1/map/features.geojson?" + urlencode(query),
        "map_labels": _map_labels(request),
    }
    return render(request, "map/index.html", context, block="map_list")


def _map_labels(request: Request) -> dict[str, Any]:
    """The words map.js shows in popups, in the page's language."""
    tr = i18n.translations(language(request)).gettext
    label = labeller(tr)
    return {
        "kind": {"request": tr("Request"), "pledge": tr("Pledge"), "shipment": tr("Shipment")},
        "status": {
            kind: {code: label(f"{kind}_status", code) for code in codes}
            for kind, codes in STATUSES.items()
        },
        "open": tr("Open"),
        "to": tr("To"),
    }
