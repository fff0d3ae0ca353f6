"""The map asks for what it shows: features in a box, clustered where there are many."""

from __future__ import annotations

import pytest

from tests.helpers import Flow
from tracker.map import features

UKRAINE = "22.0,44.0,40.5,52.5"
GERMANY = "5.8,47.2,15.1,55.1"
URL = "/api/v1/map/features.geojson"


def _get(flow: Flow, who: str = "coordinator", **params: object) -> list[dict]:
    response = flow.client.get(URL, params=params, headers=flow.world.h(who))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "private, max-age=60"
    return response.json()["features"]


def test_only_what_is_in_the_box_comes_back(client, world):
    flow = Flow(client, world)
    request = flow.request(quantity=1)  # Brovary
    pledge = flow.pledge(quantity=1)  # Jena
    in_ukraine = {f["id"] for f in _get(flow, bbox=UKRAINE, zoom=10)}
    in_germany = {f["id"] for f in _get(flow, bbox=GERMANY, zoom=10)}
    assert in_ukraine == {f"request-{request['id']}"}
    assert in_germany == {f"pledge-{pledge['id']}"}
    assert _get(flow, bbox="-10,-10,-5,-5", zoom=10) == []


def test_many_records_zoomed_out_become_counts(client, world, monkeypatch):
    monkeypatch.setattr(features, "CLUSTER_FROM", 2)
    flow = Flow(client, world)
    brovary = [flow.request(quantity=1, item=f"Генератор {n}")["id"] for n in range(3)]
    kyiv = flow.request(quantity=1, destination="Київ")["id"]
    lviv = flow.request(quantity=1, destination="Львів")["id"]
    shown = _get(flow, bbox=UKRAINE, zoom=6, kind="request")
    clusters = [f for f in shown if f["properties"].get("cluster")]
    singles = {f["id"] for f in shown if not f["properties"].get("cluster")}
    # Brovary and Kyiv are 20 km apart: one cell at zoom 6 (≈1.4°); Lviv is its own record.
    assert [c["properties"]["count"] for c in clusters] == [4]
    assert singles == {f"request-{lviv}"}
    lon, lat = clusters[0]["geometry"]["coordinates"]
    assert 30.4 < lon < 30.8 and 50.3 < lat < 50.6  # the mean of Brovary's and Kyiv's
    # Zoomed in, the same box gives every record again (few enough in view).
    near = _get(flow, bbox="30.3,50.3,31.0,50.6", zoom=11, kind="request")
    assert {f["id"] for f in near} == {f"request-{i}" for i in [*brovary, kyiv]}


def test_a_reply_never_holds_more_than_the_limit_of_records(client, world):
    flow = Flow(client, world)
    for n in range(5):
        flow.request(quantity=1, item=f"Генератор {n}")
    shown = _get(flow, bbox=UKRAINE, zoom=12, kind="request", limit=3)
    assert len(shown) <= 3
    assert sum(f["properties"].get("count", 1) for f in shown) == 5


def test_clusters_count_only_shipments_the_reader_may_see(client, world, monkeypatch):
    monkeypatch.setattr(features, "CLUSTER_FROM", 0)
    flow = Flow(client, world)
    for _ in range(2):
        request = flow.request(quantity=1)
        pledge = flow.pledge(quantity=1)
        allocation = flow.allocate(request["id"], pledge["id"], 1)
        shipment = flow.ship([allocation["id"]])
        flow.move(shipment["id"], "dispatched", "Jena", who="jena")
    europe = "-10,35,45,60"
    seen = _get(flow, "jena", bbox=europe, zoom=4, kind="shipment")
    assert sum(f["properties"].get("count", 1) for f in seen) == 2
    assert _get(flow, "kalmar", bbox=europe, zoom=4, kind="shipment") == []


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "0,80,10,20"},  # south above north
        {"bbox": "0,0,10,10", "zoom": 40},
    ],
)
def test_a_bad_view_is_refused(client, world, params):
    response = client.get(URL, params=params, headers=world.h("coordinator"))
    assert response.status_code == 422
