"""Searches take LIKE's wildcards literally: `q=%` and `q=_` find a percent sign or an
underscore, not everything."""

from __future__ import annotations

import pytest

from tests.helpers import Flow, sign_in
from tracker.dashboard.queries import request_choices


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)


def _found(flow, path: str, q: str, field: str) -> set[str]:  # type: ignore[no-untyped-def]
    response = flow.client.get(path, params={"q": q}, headers=flow.world.h("coordinator"))
    assert response.status_code == 200, response.text
    if path.endswith(".csv"):
        lines = response.text.splitlines()
        index = lines[0].split(",").index(field)
        return {line.split(",")[index] for line in lines[1:]}
    return {item[field] for item in response.json()["items"]}


def test_wildcards_in_a_search_are_taken_literally(flow, session):
    plain = flow.request(item="Генератор", quantity=2)
    percent = flow.request(item="Ковдри 100%", quantity=2)
    flow.request(item="Back\\slash", quantity=2)
    flow.pledge(item="Stromgenerator")
    flow.pledge(item="cable_reel")
    flow.ship(
        [flow.allocate(plain["id"], flow.pledge(item="xx")["id"], 1)["id"]], reference="SHP-1"
    )
    flow.ship(
        [flow.allocate(percent["id"], flow.pledge(item="yy")["id"], 1)["id"]], reference="SHP_2"
    )

    assert _found(flow, "/api/v1/requests", "%", "item") == {"Ковдри 100%"}
    assert _found(flow, "/api/v1/requests", "_", "item") == set()
    assert _found(flow, "/api/v1/requests", "\\", "item") == {"Back\\slash"}
    assert _found(flow, "/api/v1/requests", "100%", "item") == {"Ковдри 100%"}
    assert _found(flow, "/api/v1/pledges", "_", "item") == {"cable_reel"}
    assert _found(flow, "/api/v1/pledges", "%", "item") == set()
    assert _found(flow, "/api/v1/shipments", "_", "reference") == {"SHP_2"}
    assert _found(flow, "/api/v1/shipments", "%", "reference") == set()
    assert _found(flow, "/api/v1/organizations", "%", "name") == set()
    assert _found(flow, "/api/v1/organizations", "_", "name") == set()
    assert _found(flow, "/api/v1/export/requests.csv", "%", "item") == {"Ковдри 100%"}
    assert _found(flow, "/api/v1/export/pledges.csv", "_", "item") == {"cable_reel"}
    assert _found(flow, "/api/v1/export/shipments.csv", "_", "reference") == {"SHP_2"}
    assert [r.item for r, _ in request_choices(session, "%")] == ["Ковдри 100%"]
    assert [r.item for r, _ in request_choices(session, "_")] == []
    # An ordinary search still finds what it should.
    assert _found(flow, "/api/v1/requests", "ГЕНЕР", "item") == {"Генератор"}


def test_a_nul_in_a_search_is_refused_not_a_database_error(client, world):
    for path in (
        "/api/v1/requests",
        "/api/v1/pledges",
        "/api/v1/shipments",
        "/api/v1/organizations",
        "/api/v1/export/requests.csv",
        "/api/v1/export/pledges.csv",
        "/api/v1/export/shipments.csv",
    ):
        response = client.get(path, params={"q": "a\x00b"}, headers=world.h("coordinator"))
        assert response.status_code == 422, (path, response.text)
        assert response.json()["detail"][0]["loc"] == ["query", "q"]
    sign_in(client, "olena@auc.org.ua")
    for path in ("/requests", "/pledges", "/shipments", "/matching"):
        response = client.get(path, params={"q": "a\x00b"})
        assert response.status_code == 200, (path, response.text)
