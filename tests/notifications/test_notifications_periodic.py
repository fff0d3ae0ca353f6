"""Findings of the worker's periodic check (each told once) and the daily digest."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from sqlmodel import select

from tests.notifications.conftest import settle, text_of
from tracker.notifications.models import OutboxMessage
from tracker.shipments.models import Shipment

BROVARY = "hospital@brovary-rada.gov.ua"
COORDINATOR = "olena@auc.org.ua"


def _shipment(flow):  # type: ignore[no-untyped-def]
    request = flow.request()
    pledge = flow.pledge()
    allocation = flow.allocate(request["id"], pledge["id"], 5)
    return flow.ship([allocation["id"]])


def _age(session, shipment_id: int, days: float) -> None:  # type: ignore[no-untyped-def]
    row = session.get(Shipment, shipment_id)
    row.last_event_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    session.add(row)
    session.commit()


def test_an_arrived_shipment_without_receipt_for_two_days_reminds_the_community_once(
    flow, worker, inbox, session
):
    shipment = _shipment(flow)
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "arrived", "Бровари")
    _age(session, shipment["id"], 1.5)
    worker.checks()
    worker.deliver()
    inbox.messages.clear()
    assert worker.checks() == 0  # not two days yet

    _age(session, shipment["id"], 2.1)
    assert worker.checks() == 1
    assert worker.checks() == 0  # told once
    worker.deliver()
    (reminder,) = inbox.to(BROVARY)
    assert reminder["Subject"] == f"Відправлення {shipment['reference']} чекає на вашу квитанцію"
    assert not inbox.to(COORDINATOR)


def test_a_stuck_shipment_tells_the_coordinators_once(flow, worker, inbox, session):
    shipment = _shipment(flow)
    flow.move(shipment["id"], "dispatched", "Jena")
    _age(session, shipment["id"], 8)  # TRACKER_STUCK_AFTER_DAYS is 7
    worker.deliver()
    inbox.messages.clear()
    assert worker.checks() == 1
    assert worker.checks() == 0
    worker.deliver()
    (alert,) = inbox.to(COORDINATOR)
    assert alert["Subject"] == f"Відправлення {shipment['reference']} потребує уваги"
    assert "немає новин" in text_of(alert)
    assert not inbox.to(BROVARY)


def test_a_late_shipment_tells_the_coordinators_once(flow, worker, inbox, session):
    from tracker.requests.models import AidRequest

    shipment = _shipment(flow)
    request = session.get(AidRequest, shipment["lines"][0]["request_id"])
    request.needed_by = dt.date.today() - dt.timedelta(days=1)
    session.add(request)
    session.commit()
    assert worker.checks() == 1
    assert worker.checks() == 0
    worker.deliver()
    (alert,) = [m for m in inbox.to(COORDINATOR) if "потребує уваги" in m["Subject"]]
    assert "було потрібне до" in text_of(alert)


def test_the_daily_digest_gathers_a_days_messages_into_one_email(
    flow, client, world, worker, inbox, session
):
    from tracker.notifications.service import send_digests

    settle(client, world, "brovary", notifications={"shipment_moved": "daily"})
    shipment = _shipment(flow)
    worker.deliver()
    inbox.messages.clear()
    flow.move(shipment["id"], "dispatched", "Jena")
    flow.move(shipment["id"], "in_transit", "Kraków")
    worker.deliver()
    assert not inbox.to(BROVARY)  # nothing immediately
    assert len(inbox.to("ukraine-hilfe@jena.de")) == 2  # Jena wants each move at once

    early = dt.datetime(2026, 12, 5, 4, 0, tzinfo=dt.UTC)  # 06:00 in Kyiv: too early
    assert send_digests(session, early) == 0
    morning = dt.datetime(2026, 12, 5, 6, 0, tzinfo=dt.UTC)  # 08:00 in Kyiv
    assert send_digests(session, morning) == 1
    assert send_digests(session, morning + dt.timedelta(hours=3)) == 0  # once a day
    worker.deliver()
    (digest,) = inbox.to(BROVARY)
    assert digest["Subject"] == "tracker: ваш щоденний підсумок (2)"
    body = text_of(digest)
    assert "відправлено" in body and "в дорозі" in body and "Kraków" in body


def test_webhooks_are_signed_and_retried(flow, client, world, worker, hooks, session):
    receiver, url = hooks
    secret = "jena-webhook-secret-0123456789"
    response = client.put(
        f"/api/v1/organizations/{world.orgs['Jena']}/webhook",
        json={"url": url, "secret": secret},
        headers=world.h("jena"),
    )
    assert response.status_code == 200, response.text
    assert "secret" not in response.json()
    other = client.put(
        f"/api/v1/organizations/{world.orgs['Jena']}/webhook",
        json={"url": url, "secret": secret},
        headers=world.h("kalmar"),
    )
    assert other.status_code == 403

    receiver.statuses = [503]  # the first POST fails
    flow.request()
    assert worker.deliver() == 2  # two e-mails sent; the webhook waits for its retry
    failed = session.exec(select(OutboxMessage).where(OutboxMessage.channel == "webhook")).one()
    assert failed.status == "pending" and "503" in failed.last_error
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    assert worker.deliver(now=later) == 1

    (delivery,) = receiver.received
    body, headers = delivery["body"], delivery["headers"]
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Tracker-Signature"] == expected
    assert headers["X-Tracker-Event"] == "request_created"
    event = json.loads(body)
    assert event["event"] == "request_created" and event["organization_id"] == world.orgs["Jena"]
    assert event["data"]["community"] == "Brovary" and event["data"]["quantity"] == 5
    assert event["id"] == headers["X-Tracker-Delivery"]
