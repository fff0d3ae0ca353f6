"""The start page shows each role what it acts on next."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from tests.helpers import Flow, sign_in
from tracker.shipments.models import Shipment

EN = {"Accept-Language": "en"}


def _on_the_way(flow: Flow, item: str = "Генератор 100 кВт для водоканалу") -> tuple[dict, dict]:
    """A Brovary request served by Jena, dispatched and reported in transit at Lviv."""
    request = flow.request(item=item)
    pledge = flow.pledge()
    allocation = flow.allocate(request["id"], pledge["id"], 5)
    shipment = flow.ship([allocation["id"]])
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "in_transit", "Lviv")
    return request, shipment


def test_a_stranger_is_sent_to_sign_in(client, world):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


def test_community_staff_see_their_requests_and_what_is_on_the_way(client, world):
    flow = Flow(client, world)
    request, shipment = _on_the_way(flow)
    flow.request(who="poltava", item="Poltava's own school bus", category="vehicle")
    sign_in(client, "hospital@brovary-rada.gov.ua")

    page = client.get("/", headers=EN)

    assert page.status_code == 200
    text = page.text
    assert "Your requests" in text and request["item"] in text
    assert "Poltava&#39;s own school bus" not in text and "school bus" not in text
    assert "pledged" in text  # the request's status, as text
    assert "On the way to you" in text and shipment["reference"] in text
    assert "in transit" in text and "Lviv" in text
    assert " km" in text and "estimated" in text
    assert f'href="/shipments/{shipment["id"]}/receipt"' in text


def test_partners_see_their_twin_cities_needs_first(client, world):
    flow = Flow(client, world)
    # Poltava's need is more urgent, but Jena is Brovary's twin city.
    flow.request(who="poltava", item="Poltava water pump", priority="critical")
    flow.request(who="brovary", item="Brovary school bus", category="vehicle", priority="low")
    flow.pledge(who="jena", item="Jena spare generator")
    sign_in(client, "ukraine-hilfe@jena.de")

    text = client.get("/", headers=EN).text

    assert "Needs of your twin cities" in text
    assert text.index("Brovary school bus") < text.index("Poltava water pump")
    assert text.index("Needs of your twin cities") < text.index("Brovary school bus")
    assert text.index("Other open needs") < text.index("Poltava water pump")
    assert "Your pledges" in text and "Jena spare generator" in text


def test_coordinators_see_unmatched_requests_and_stuck_shipments(client, world, session):
    flow = Flow(client, world)
    _, shipment = _on_the_way(flow)
    flow.request(who="poltava", item="Critical oxygen concentrators", priority="critical")
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    session.exec(
        update(Shipment).where(Shipment.id == shipment["id"]).values(last_event_at=long_ago)
    )
    session.commit()
    sign_in(client, "olena@auc.org.ua")

    text = client.get("/", headers=EN).text

    assert "Unmatched requests" in text and "Critical oxygen concentrators" in text
    assert "critical" in text
    assert "Late or stuck shipments" in text and shipment["reference"] in text
    assert "stuck" in text
    assert "Open requests" in text and "Shipments on the way" in text
    assert "Receipts this month" in text
    assert "<svg" in text  # the open needs chart


def test_the_dashboard_speaks_ukrainian(client, world):
    flow = Flow(client, world)
    _on_the_way(flow)
    sign_in(client, "hospital@brovary-rada.gov.ua")

    text = client.get("/", headers={"Accept-Language": "uk"}).text

    assert 'lang="uk"' in text
    assert "Ваші запити" in text and "В дорозі до вас" in text
    assert "в дорозі" in text  # the shipment's status
    assert "орієнтовно" in text
    assert "Your requests" not in text


def test_the_arrival_estimate_counts_road_days_and_a_day_at_customs():
    from tracker.dashboard.queries import estimate_days

    assert estimate_days(1200.0, past_customs=False) == 4  # 2.4 days on the road + customs
    assert estimate_days(1200.0, past_customs=True) == 3
    assert estimate_days(0.0, past_customs=True) == 0
    assert estimate_days(None, past_customs=False) is None


def test_the_dashboard_offers_to_sign_exactly_what_may_be_signed():
    """ "To sign" on the dashboard is the shipments' own rule, for every status (it had drifted:
    a shipment dispatched or at customs could be signed but was not listed)."""
    from tracker.auth.models import User
    from tracker.dashboard.queries import Incoming
    from tracker.shipments import service as shipments
    from tracker.vocab import Role, ShipmentStatus

    coordinator = User(id=1, email="c@example.org", role=Role.coordinator, password_hash="x")
    for status in ShipmentStatus:
        shipment = Shipment(id=1, community_id=1, status=status)
        may_sign = shipments.may_sign_receipt(shipment, coordinator)
        assert Incoming(shipment=shipment).to_sign is may_sign, status
