"""Stored XSS: what people type is shown as text on every page and map, never run.

A hostile world is built once through the JSON API: every free-text field a user can fill
carries a payload that sets `window.__xss` if it ever runs. Each page that shows those records
is opened (markers' tooltips and popups opened too) and must show the payload's literal text,
with `window.__xss` still undefined and no dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import DESKTOP, Api, new_context, sign_in, unique

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = '"><script>window.__xss=1</script>'
SVG = "<svg onload=window.__xss=1>"


@dataclass(frozen=True)
class Hostile:
    """Ids of the records whose text fields carry the payloads."""

    request: int
    pledge: int
    shipment: int
    place: str  # the event's location, shown on the shipment's map
    destination: str  # the request's destination, the shipment map's other marker


@pytest.fixture(scope="module")
def hostile(coordinator_api: Api) -> Hostile:
    api = coordinator_api
    destination = unique(f"Бровари {IMG}")
    place = unique(f"Київ {SVG}")
    request_id = api.post(
        "/requests",
        {
            "community_id": api.organization_id("Brovary"),
            "category": "generator",
            "item": unique(f"Генератор {SCRIPT}"),
            "quantity": 1,
            "unit": "pcs",
            "priority": "high",
            "destination": destination,
            "latitude": 50.51,
            "longitude": 30.79,
            "justification": f"Котельня {IMG}",
        },
    )["id"]
    pledge_id = api.post(
        "/pledges",
        {
            "partner_id": api.organization_id("Jena"),
            "category": "generator",
            "item": unique(f"Stromgenerator {IMG}"),
            "quantity": 1,
            "unit": "pcs",
            "origin": f"Jena {SVG}",
            "latitude": 50.93,
            "longitude": 11.59,
            "request_id": request_id,
        },
    )["id"]
    allocation = api.post(
        "/allocations", {"request_id": request_id, "pledge_id": pledge_id, "quantity": 1}
    )
    shipment_id = api.post("/shipments", {"allocation_ids": [allocation["id"]]})["id"]
    api.post(f"/shipments/{shipment_id}/events", {"status": "dispatched", "location": "Jena"})
    api.post(
        f"/shipments/{shipment_id}/events",
        {
            "status": "in_transit",
            "location": place,
            "latitude": 50.45,
            "longitude": 30.52,
            "note": f"Kordon {IMG}",
        },
    )
    return Hostile(request_id, pledge_id, shipment_id, place, destination)


@pytest.fixture
def watched(browser: Browser, live_server: str) -> Iterator[tuple[Page, list[str]]]:
    """A desktop page whose dialogs (alert, confirm…) are recorded and dismissed."""
    context = new_context(browser, live_server, DESKTOP)
    page = context.new_page()
    dialogs: list[str] = []

    def _dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", _dialog)
    yield page, dialogs
    context.close()


def open_every_marker(page: Page, holder: str) -> list[str]:
    """Hover and click each marker of the map in `holder`; returns the tooltip/popup texts."""
    page.wait_for_selector(f"{holder} .leaflet-interactive, {holder} .leaflet-marker-icon")
    shown: list[str] = []
    markers = page.locator(f"{holder} .leaflet-interactive, {holder} .leaflet-marker-icon")
    for i in range(markers.count()):
        marker = markers.nth(i)
        marker.dispatch_event("mouseover")
        shown += page.locator(f"{holder} .leaflet-tooltip").all_text_contents()
        marker.dispatch_event("click")
        shown += page.locator(f"{holder} .leaflet-popup-content").all_text_contents()
        marker.dispatch_event("mouseout")
    page.wait_for_timeout(300)  # an <img onerror> fires asynchronously
    return shown


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined", f"payload ran on {page.url}"
    assert dialogs == [], f"dialogs on {page.url}: {dialogs}"


@pytest.mark.parametrize("who", ["coordinator", "brovary"])
def test_shipment_map_shows_places_as_text(
    hostile: Hostile, watched: tuple[Page, list[str]], who: str
) -> None:
    """The event's place and the destination appear literally in tooltips and popups."""
    page, dialogs = watched
    sign_in(page, who)
    page.goto(f"/shipments/{hostile.shipment}")
    shown = open_every_marker(page, "#shipment-map")
    assert_nothing_ran(page, dialogs)
    assert any(hostile.place in text for text in shown), shown
    assert any(hostile.destination in text for text in shown), shown
