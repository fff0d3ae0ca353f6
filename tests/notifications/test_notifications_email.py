"""Who hears what, by e-mail through a real SMTP server, in the reader's language and zone."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlmodel import select

from tests.notifications.conftest import html_of, settle, text_of
from tracker.notifications.models import Notification, OutboxMessage

BROVARY = "hospital@brovary-rada.gov.ua"
JENA = "ukraine-hilfe@jena.de"
ERLANGEN = "partnerschaft@erlangen.de"
KALMAR = "poltava@kalmar.se"


def _shipment(flow, quantity: int = 5):  # type: ignore[no-untyped-def]
    request = flow.request(quantity=quantity)
    pledge = flow.pledge(quantity=quantity)
    allocation = flow.allocate(request["id"], pledge["id"], quantity)
    return flow.ship([allocation["id"]])


def test_a_shipment_move_reaches_the_community_in_ukrainian_and_the_partner_in_german(
    flow, client, world, worker, inbox
):
    settle(client, world, "jena", language="de", timezone="Europe/Berlin")
    shipment = _shipment(flow)
    worker.deliver()
    inbox.messages.clear()

    flow.move(shipment["id"], "dispatched", "Jena", note="Zwei Paletten")
    assert worker.deliver() == 2  # the community and the sending partner; not the coordinator

    (to_community,) = inbox.to(BROVARY)
    reference = shipment["reference"]
    assert to_community["Subject"] == f"Відправлення {reference}: відправлено"
    body = text_of(to_community)
    assert f"Відправлення {reference} до Brovary тепер відправлено. Місце: Jena." in body
    assert "EET" in body  # the time in Kyiv's zone
    assert "Примітка: Zwei Paletten" in body
    assert f"https://tracker.example.org/shipments/{shipment['id']}" in body
    assert to_community["Content-Language"] == "uk"

    (to_partner,) = inbox.to(JENA)
    assert to_partner["Subject"] == f"Sendung {reference}: versandt"
    body = text_of(to_partner)
    assert f"Sendung {reference} nach Brovary ist jetzt versandt. Ort: Jena." in body
    assert "MEZ" in body or "CET" in body  # Berlin's zone
    assert not inbox.to("olena@auc.org.ua")  # the coordinator moved it: no echo


def test_every_email_has_text_html_message_id_and_list_unsubscribe(flow, worker, inbox):
    flow.request(item="<script>alert(1)</script> & Co")
    flow.pledge()  # no request aimed at: nobody told
    worker.deliver()
    jena = inbox.to(JENA)
    assert len(jena) == 1 and len(inbox.to(ERLANGEN)) == 1  # Brovary's twin cities
    assert not inbox.to(KALMAR)  # Kalmar is Poltava's partner
    message = jena[0]
    assert message["List-Unsubscribe"] == "<https://tracker.example.org/notifications/preferences>"
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith(">")
    assert "<script>alert(1)</script> & Co" in text_of(message)
    html = html_of(message)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>" not in html
    assert 'href="https://tracker.example.org/notifications/preferences"' in html


def test_pledges_allocations_and_removals_reach_the_community_and_the_partner(
    flow, client, world, worker, inbox
):
    settle(client, world, "kalmar", language="sv", timezone="Europe/Stockholm")
    request = flow.request(who="poltava", destination="Полтава")
    worker.deliver()
    (twin,) = inbox.to(KALMAR)
    assert twin["Subject"].startswith("Ny begäran från Poltava")
    inbox.messages.clear()

    pledge = flow.pledge(who="kalmar", origin="Kalmar", request_id=request["id"], quantity=2)
    worker.deliver()
    (to_poltava,) = inbox.to("needs@poltava.gov.ua")
    assert "Kalmar kommun" in to_poltava["Subject"]
    assert not inbox.to(KALMAR)  # Kalmar pledged it itself
    inbox.messages.clear()

    allocation = flow.allocate(request["id"], pledge["id"], 2)
    worker.deliver()
    assert to_subjects(inbox, KALMAR) == ["Tilldelat: 2 st av Генератор 100 кВт для водоканалу"]
    assert len(inbox.to("needs@poltava.gov.ua")) == 1
    inbox.messages.clear()

    response = client.delete(
        f"/api/v1/allocations/{allocation['id']}", headers=world.h("coordinator")
    )
    assert response.status_code == 204, response.text
    worker.deliver()
    assert to_subjects(inbox, KALMAR) == ["Tilldelning borttagen: Генератор 100 кВт для водоканалу"]


def to_subjects(inbox, address: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [m["Subject"] for m in inbox.to(address)]


def test_a_signed_receipt_reaches_the_partners(flow, worker, inbox):
    shipment = _shipment(flow)
    flow.move(shipment["id"], "dispatched", "Jena")
    worker.deliver()
    inbox.messages.clear()
    flow.receive(flow.get(f"/api/v1/shipments/{shipment['id']}"))
    worker.deliver()
    (message,) = inbox.to(JENA)
    assert message["Subject"] == f"Квитанцію підписано для відправлення {shipment['reference']}"
    assert "Ihor Kovalenko" in text_of(message)
    assert not inbox.to(BROVARY)  # Brovary signed it


def test_a_rolled_back_change_sends_nothing(
    flow, client, world, worker, inbox, session, monkeypatch
):
    from tracker.notifications import service

    shipment = _shipment(flow)
    worker.deliver()
    inbox.messages.clear()
    before = session.exec(select(OutboxMessage)).all()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the process fails after the notifications were written")

    # Fails inside notify, after the Notification and e-mail rows were added to the session.
    monkeypatch.setattr(service, "_enqueue_webhooks", broken)
    response = client.post(
        f"/api/v1/shipments/{shipment['id']}/events",
        json={"status": "dispatched", "location": "Jena"},
        headers=world.h("coordinator"),
    )
    assert response.status_code == 500
    assert flow.get(f"/api/v1/shipments/{shipment['id']}")["status"] == "planned"
    session.rollback()  # a fresh snapshot
    assert len(session.exec(select(OutboxMessage)).all()) == len(before)
    kinds = {n.kind for n in session.exec(select(Notification)).all()}
    assert "shipment_moved" not in kinds
    assert worker.deliver() == 0
    assert inbox.messages == []


def test_a_refused_message_is_retried_with_backoff_and_keeps_the_error(
    flow, worker, inbox, session
):
    flow.request()
    inbox.refuse = ["451 4.3.0 Mailbox busy, try later"]
    assert worker.deliver() == 1  # Jena refused once, Erlangen received
    failed = session.exec(select(OutboxMessage).where(OutboxMessage.status == "pending")).one()
    assert failed.attempts == 1 and "451" in failed.last_error
    now = dt.datetime.now(dt.UTC)
    retry_at = failed.next_attempt_at.replace(tzinfo=dt.UTC)
    assert dt.timedelta(seconds=25) < retry_at - now <= dt.timedelta(seconds=31)

    assert worker.deliver() == 0  # not due yet
    assert worker.deliver(now=now + dt.timedelta(seconds=31)) == 1
    session.rollback()  # a fresh snapshot
    sent = session.get(OutboxMessage, failed.id)
    assert sent.status == "sent" and sent.attempts == 2 and sent.last_error == ""
    assert len(inbox.messages) == 2


def test_a_permanent_refusal_fails_without_retrying(flow, worker, inbox, session):
    flow.request()
    inbox.refuse = ["550 5.1.1 No such user"]
    worker.deliver()
    failed = session.exec(select(OutboxMessage).where(OutboxMessage.status == "failed")).one()
    assert "550" in failed.last_error and failed.attempts == 1


def test_backoff_doubles_up_to_six_hours():
    from tracker.notifications.worker import backoff

    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(40) == dt.timedelta(hours=6)


def test_without_smtp_mail_stays_in_the_outbox_and_the_log_says_so(
    app, settings, flow, session, caplog
):
    from tracker.notifications.worker import Worker

    flow.request()
    idle = Worker(app.state.engine, settings.model_copy(update={"smtp_url": None}))
    with caplog.at_level(logging.WARNING, logger="tracker.notifications"):
        assert idle.run_once() == 0
    assert "TRACKER_SMTP_URL is not set: 2 e-mails wait in the outbox" in caplog.text
    statuses = {m.status for m in session.exec(select(OutboxMessage)).all()}
    assert statuses == {"pending"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mailpit:1025", ("mailpit", 1025, False, None, None)),
        ("smtps://me%40x.org:p%3Ass@smtp.x.org", ("smtp.x.org", 465, True, "me@x.org", "p:ss")),
    ],
)
def test_smtp_urls_are_read(url, expected):
    from tracker.notifications.worker import SmtpTarget

    target = SmtpTarget.parse(url)
    assert (target.host, target.port, target.tls, target.username, target.password) == expected


def test_an_email_can_be_queued_to_any_address(session, worker, inbox, db):
    from tracker.db import write_transaction
    from tracker.notifications.service import enqueue_email

    with write_transaction(session):
        enqueue_email(session, "new.person@example.org", "Invitation", "Set your password here.")
    worker.deliver()
    (message,) = inbox.to("new.person@example.org")
    assert message["Subject"] == "Invitation"
    assert text_of(message).strip() == "Set your password here."


def test_a_line_break_in_a_subject_cannot_add_a_header(session, worker, inbox, db):
    from tracker.db import write_transaction
    from tracker.notifications.service import enqueue_email

    with write_transaction(session):
        enqueue_email(session, "a@example.org", "Generator\r\nBcc: evil@example.org", "Body")
    assert worker.deliver() == 1
    (message,) = inbox.messages
    assert message["Subject"] == "Generator Bcc: evil@example.org" and message["Bcc"] is None
