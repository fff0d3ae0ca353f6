"""The map page: the features listed in HTML (no JS or tiles needed) and the GeoJSON it loads."""

from __future__ import annotations

import html
import re

import pytest

from tests.helpers import Flow, sign_in


@pytest.fixture(autouse=True)
def _english(client):  # type: ignore[no-untyped-def]
    """English pages unless a test asks for Ukrainian (the default) with Accept-Language."""
    client.headers["Accept-Language"] = "en"


def _world_on_the_road(flow: Flow) -> tuple[dict, dict, dict]:
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "at_customs", "Shehyni")
    return request, pledge, shipment


def _geojson_url(page: str) -> str:
    match = re.search(r'data-geojson="([^"]+)"', page)
    assert match, "no GeoJSON URL on the page"
    return html.unescape(match.group(1))


def test_map_lists_the_features_server_side(client, world):
    flow = Flow(client, world)
    request, pledge, shipment = _world_on_the_road(flow)
    sign_in(client, "hospital@brovary-rada.gov.ua", "/map")
    page = client.get("/map", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    text = page.text
    assert request["item"] in text and pledge["item"] in text
    assert shipment["reference"] in text and "Shehyni" in text and "at customs" in text
    assert f'href="/requests/{request["id"]}"' in text
    assert f'href="/shipments/{shipment["id"]}"' in text
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in text and "/static/js/map.js" in text
    url = _geojson_url(text)
    assert url.startswith("/api/v1/map/features.geojson")
    collection = client.get(url)  # the session cookie is enough for a GET
    assert collection.status_code == 200
    ids = {f["id"] for f in collection.json()["features"]}
    assert ids == {
        f"request-{request['id']}",
        f"pledge-{pledge['id']}",
        f"shipment-{shipment['id']}",
    }


def test_map_filters_apply_to_the_list_and_the_geojson(client, world):
    flow = Flow(client, world)
    request, pledge, shipment = _world_on_the_road(flow)
    sign_in(client, "olena@auc.org.ua", "/map")
    page = client.get("/map?kind=pledge&category=generator").text
    assert pledge["item"] in page and request["item"] not in page
    assert shipment["reference"] not in page
    url = _geojson_url(page)
    assert "kind=pledge" in url and "category=generator" in url
    kinds = [f["properties"]["kind"] for f in client.get(url).json()["features"]]
    assert kinds == ["pledge"]
    fragment = client.get("/map?kind=shipment", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="map-list"')
    assert shipment["reference"] in fragment.text and pledge["item"] not in fragment.text


def test_map_hides_shipments_from_other_partners(client, world):
    flow = Flow(client, world)
    _, pledge, shipment = _world_on_the_road(flow)
    sign_in(client, "poltava@kalmar.se", "/map")
    page = client.get("/map").text
    assert pledge["item"] in page and shipment["reference"] not in page


def test_ukrainian_map_shows_translated_statuses(client, world):
    flow = Flow(client, world)
    _world_on_the_road(flow)
    sign_in(client, "hospital@brovary-rada.gov.ua", "/map")
    page = client.get("/map?kind=shipment", headers={"Accept-Language": "uk"}).text
    assert "на митниці" in page
