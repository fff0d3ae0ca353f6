"""A real SMTP server (aiosmtpd) and a real HTTP receiver for webhooks, on free local ports,
plus the aid workflow driven through the API (tests/workflow's Flow)."""

from __future__ import annotations

import asyncio
import email
import json
import socket
import threading
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.workflow.conftest import Flow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the SMTP server accepted. `refuse` answers the next DATA commands with codes;
    `hold_at_mail` pauses (and sets `held`) when the n-th MAIL FROM arrives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: list[str] = []
        self.mail_count = 0
        self.hold_at_mail: int | None = None
        self.held = threading.Event()
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        self.mail_count += 1
        if self.hold_at_mail is not None and self.mail_count >= self.hold_at_mail:
            self.held.set()
            await asyncio.sleep(30)  # the client is killed meanwhile
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.refuse:
            return self.refuse.pop(0)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, str]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@pytest.fixture
def inbox(smtp: tuple[Inbox, str]) -> Inbox:
    return smtp[0]


@pytest.fixture
def worker(app, settings, smtp, db):  # type: ignore[no-untyped-def]
    """A delivery worker on the test database, pointed at the local SMTP server."""
    from tracker.notifications.worker import Worker

    # The test's webhook receiver listens on 127.0.0.1, a private address.
    mail_settings = settings.model_copy(update={"smtp_url": smtp[1], "webhook_allow_private": True})
    return Worker(app.state.engine, mail_settings)


class Hooks:
    """A local webhook receiver; `statuses` answers the next requests with these codes."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.statuses: list[int] = []


@pytest.fixture
def hooks() -> Iterator[tuple[Hooks, str]]:
    state = Hooks()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = state.statuses.pop(0) if state.statuses else 204
            if status < 300:
                state.received.append({"headers": dict(self.headers), "body": body})
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/tracker-events"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def flow(client, world) -> Flow:  # type: ignore[no-untyped-def]
    return Flow(client, world)


def settle(client, world, who: str, **fields: Any) -> dict:  # type: ignore[no-untyped-def]
    response = client.patch("/api/v1/users/me", json=fields, headers=world.h(who))
    assert response.status_code == 200, response.text
    return response.json()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def as_json(body: bytes) -> Any:
    return json.loads(body)


@pytest.fixture(autouse=True)
def _service_settings(settings, monkeypatch):  # type: ignore[no-untyped-def]
    """Links in e-mails use the app's base URL: the test app's settings, not the process's."""
    from tracker.notifications import service

    local = settings.model_copy(update={"webhook_allow_private": True})  # receiver on 127.0.0.1
    monkeypatch.setattr(service, "get_settings", lambda: local)
