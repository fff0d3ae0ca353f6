"""`tracker serve` delivers in the background unless TRACKER_WORKER=external; `tracker worker`."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from typer.testing import CliRunner


def _outbox_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "tracker-outbox" and t.is_alive())


def test_the_app_delivers_in_the_background_by_default(settings, smtp, world, db):
    from tracker.app import create_app

    inbox, smtp_url = smtp
    embedded = settings.model_copy(update={"smtp_url": smtp_url, "worker": "embedded"})
    app = create_app(embedded)
    before = _outbox_threads()
    with TestClient(app) as client:
        assert _outbox_threads() == before + 1
        response = client.post(
            "/api/v1/requests",
            json={
                "category": "generator",
                "item": "Generator",
                "quantity": 1,
                "unit": "pcs",
                "priority": "high",
                "needed_by": "2027-01-20",
                "destination": "Бровари",
            },
            headers=world.h("brovary"),
        )
        assert response.status_code == 201, response.text
        deadline = time.monotonic() + 20
        while len(inbox.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert sorted(m["To"] for m in inbox.messages) == [
        "partnerschaft@erlangen.de",
        "ukraine-hilfe@jena.de",
    ]
    assert _outbox_threads() == before  # stopped with the app


def test_external_turns_the_embedded_worker_off(settings, db):
    from tracker.app import create_app

    external = settings.model_copy(update={"worker": "external"})
    before = _outbox_threads()
    with TestClient(create_app(external)):
        assert _outbox_threads() == before


def test_tracker_worker_has_help():
    from tracker.cli import app

    result = CliRunner().invoke(app, ["worker", "--help"])
    assert result.exit_code == 0
    assert "Deliver notifications" in result.output and "--once" in result.output
