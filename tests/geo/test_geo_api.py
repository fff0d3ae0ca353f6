"""/api/v1/geocode and the map's GeoJSON, through the API."""

from __future__ import annotations

from tests.helpers import Flow


def test_geocode_gives_best_and_alternatives(client, world):
    response = client.get("/api/v1/geocode", params={"q": "Бровари"}, headers=world.h("brovary"))
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "Бровари"
    best = body["best"]
    assert (best["name"], best["country"], best["admin1"]) == ("Brovary", "UA", "Kyiv Oblast")
    assert abs(best["latitude"] - 50.51) < 0.05 and abs(best["longitude"] - 30.79) < 0.05
    assert len(body["alternatives"]) <= 5


def test_geocode_unknown_place_is_null_not_an_error(client, world):
    response = client.get("/api/v1/geocode", params={"q": "Qwxzv Plkjh"}, headers=world.h("jena"))
    assert response.status_code == 200
    assert response.json()["best"] is None


def test_geocode_needs_sign_in_and_a_query(client, world):
    assert client.get("/api/v1/geocode", params={"q": "Jena"}).status_code == 401
    assert client.get("/api/v1/geocode", headers=world.h("jena")).status_code == 422


def test_map_features_show_requests_pledges_and_visible_shipments(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=2)
    pledge = flow.pledge(quantity=2)
    allocation = flow.allocate(request["id"], pledge["id"], 2)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "at_customs", "Shehyni")
    collection = flow.get("/api/v1/map/features.geojson", who="brovary")
    assert collection["type"] == "FeatureCollection"
    kinds = {f["properties"]["kind"]: f for f in collection["features"]}
    assert set(kinds) == {"request", "pledge", "shipment"}
    lon, lat = kinds["shipment"]["geometry"]["coordinates"]
    assert abs(lat - 49.80) < 0.1 and abs(lon - 22.97) < 0.2  # Shehyni
    assert kinds["shipment"]["properties"]["status"] == "at_customs"
    assert kinds["request"]["properties"]["url"] == f"/requests/{request['id']}"
    hidden = flow.get("/api/v1/map/features.geojson", who="kalmar")
    assert "shipment" not in {f["properties"]["kind"] for f in hidden["features"]}
    only = flow.get("/api/v1/map/features.geojson?kind=pledge&category=generator")
    assert [f["properties"]["kind"] for f in only["features"]] == ["pledge"]
