"""Stored places carry Ukraine's registry code; unknown or unclear places are kept as typed."""

from __future__ import annotations

from tests.helpers import Flow

ANDRIIVKA_BUCHA = "Андріївка, Бучанський р-н"


def _code(flow: Flow, query: str) -> str:
    found = flow.get(f"/api/v1/geocode?q={query}")
    return found["best"]["katottg"]


def test_request_destination_carries_the_registry_fields(client, world) -> None:
    flow = Flow(client, world)
    request = flow.request(destination=ANDRIIVKA_BUCHA)
    assert request["katottg"].startswith("UA3208") and request["raion"] == "Бучанський"
    assert request["admin1"] == "Kyiv Oblast" and request["hromada"]
    assert request["precision"] in ("settlement", "hromada") and request["location_found"]
    again = flow.get(f"/api/v1/requests/{request['id']}")
    assert again["katottg"] == request["katottg"]


def test_request_by_code_alone_and_besides_text(client, world) -> None:
    flow = Flow(client, world)
    code = _code(flow, ANDRIIVKA_BUCHA)
    request = flow.request(destination="склад біля школи", katottg=code)
    assert request["katottg"] == code and request["destination"] == "склад біля школи"
    assert request["location_found"] and request["raion"] == "Бучанський"
    flow.request(destination="Бровари", katottg="UA00000000000000000", expect=422)
    flow.request(destination="Бровари", katottg="not-a-code", expect=422)


def test_ambiguous_or_unknown_place_is_saved_as_typed_and_flagged(client, world) -> None:
    flow = Flow(client, world)
    for typed in ("Петрівка", "Atlantis City"):
        request = flow.request(destination=typed)
        assert request["destination"] == typed
        assert request["latitude"] is None and not request["location_found"]
        assert request["katottg"] is None


def test_a_tapped_point_is_stored_with_point_precision(client, world) -> None:
    flow = Flow(client, world)
    request = flow.request(destination="поле за селом", latitude=50.6, longitude=30.1)
    assert (request["latitude"], request["precision"]) == (50.6, "point")


def test_pledge_origin_in_ukraine_and_abroad(client, world) -> None:
    flow = Flow(client, world)
    abroad = flow.pledge()
    assert abroad["katottg"] is None and abroad["location_found"]
    here = flow.pledge(origin="Бровари, Київська область")
    assert here["katottg"].startswith("UA3206") and here["precision"] == "settlement"


def test_organization_and_shipment_event_carry_codes(client, world) -> None:
    flow = Flow(client, world)
    org = client.post(
        "/api/v1/organizations",
        json={"name": "Бучанська громада", "kind": "community", "country": "UA", "place": "Буча"},
        headers=world.h("coordinator"),
    )
    assert org.status_code == 201, org.text
    assert org.json()["katottg"].startswith("UA3208") and org.json()["raion"] == "Бучанський"
    request = flow.request(quantity=1)
    pledge = flow.pledge(quantity=1)
    allocation = flow.allocate(request["id"], pledge["id"], 1)
    shipment = flow.ship([allocation["id"]])
    moved = flow.move(shipment["id"], "dispatched", "Шегині")
    event = moved["events"][-1]
    assert event["location"] == "Шегині" and event["katottg"].startswith("UA46")
    assert event["admin1"] == "Lviv Oblast"
