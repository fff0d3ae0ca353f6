"""The map in Chromium: after the first fit it asks the server only for what is in view."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import Api, build_request, sign_in, unique

pytestmark = pytest.mark.e2e


def test_panning_and_zooming_ask_for_the_view(desktop: Page, coordinator_api: Api) -> None:
    build_request(coordinator_api, unique("Генератор для карти"), 1)
    sign_in(desktop, "coordinator", "/map")
    desktop.wait_for_selector("#map .leaflet-marker-icon")
    with desktop.expect_request(
        lambda r: "features.geojson" in r.url and "bbox=" in r.url
    ) as asked:
        desktop.click("#map .leaflet-control-zoom-out")
    url = asked.value.url
    assert "zoom=" in url
    reply = asked.value.response()
    assert reply is not None and reply.ok
    assert reply.headers["cache-control"] == "private, max-age=60"
    # The markers are drawn again from the reply: Brovary's requests are still on the map.
    desktop.wait_for_selector("#map .leaflet-marker-icon")
