"""Webhooks reach only public addresses: no POSTs to loopback, metadata or office networks."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tracker.notifications import egress
from tracker.notifications.models import OutboxMessage
from tracker.notifications.worker import Worker

REFUSED = [
    "http://127.0.0.1:8000/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://169.254.169.254/latest/meta-data/",  # the cloud's metadata service
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://localhost/hook",
    "http://printer.local/hook",
    "http://intranet.corp.internal/hook",
    "ftp://example.org/hook",
    "file:///etc/passwd",
    "https://user:secret@hooks.example.org/x",
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_and_odd_urls_are_refused(url):
    with pytest.raises(egress.Refused):
        egress.check_url(url)


@pytest.mark.parametrize("url", ["https://93.184.216.34/hook", "https://[2606:4700::1111]/x"])
def test_public_addresses_are_accepted(url):
    egress.check_url(url)


def test_a_closed_network_may_allow_private_addresses():
    egress.check_url("http://10.1.2.3/hook", allow_private=True)
    with pytest.raises(egress.Refused):  # still only http(s)
        egress.check_url("gopher://10.1.2.3/", allow_private=True)


def test_saving_a_metadata_url_is_refused_beside_the_field(client, world, settings, monkeypatch):
    from tracker.notifications import service

    strict = settings.model_copy(update={"webhook_allow_private": False})
    monkeypatch.setattr(service, "get_settings", lambda: strict)
    response = client.put(
        f"/api/v1/organizations/{world.orgs['Jena']}/webhook",
        json={"url": "http://169.254.169.254/latest/", "secret": "jena-webhook-secret-0123456789"},
        headers=world.h("jena"),
    )
    assert response.status_code == 422, response.text
    assert "public" in response.text
    gone = client.get(
        f"/api/v1/organizations/{world.orgs['Jena']}/webhook", headers=world.h("jena")
    )
    assert gone.status_code == 404


def _hook(client, world, url: str) -> None:
    response = client.put(
        f"/api/v1/organizations/{world.orgs['Jena']}/webhook",
        json={"url": url, "secret": "jena-webhook-secret-0123456789"},
        headers=world.h("jena"),
    )
    assert response.status_code == 200, response.text


def _webhook_message(session) -> OutboxMessage:
    session.expire_all()
    return session.exec(select(OutboxMessage).where(OutboxMessage.channel == "webhook")).one()


def test_delivery_checks_the_address_it_connects_to(
    flow, client, world, app, settings, hooks, session
):
    """A name saved while public may resolve to a private address later: checked on connect."""
    receiver, url = hooks
    _hook(client, world, url)  # saved while private addresses were allowed
    strict = Worker(app.state.engine, settings.model_copy(update={"webhook_allow_private": False}))
    flow.request()
    strict.deliver()
    message = _webhook_message(session)
    assert message.status == "failed" and "private" in message.last_error
    assert receiver.received == []


def test_redirects_are_not_followed(flow, client, world, worker, hooks, session):
    receiver, url = hooks
    _hook(client, world, url)
    receiver.statuses = [302]
    flow.request()
    worker.deliver()
    message = _webhook_message(session)
    assert message.status == "failed" and "302" in message.last_error
    assert receiver.received == []
