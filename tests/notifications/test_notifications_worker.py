"""The outbox under failure and concurrency: a killed worker, two workers at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from sqlmodel import Session, select

from tracker.db import write_transaction
from tracker.notifications.models import OutboxMessage
from tracker.notifications.service import enqueue_email


def _queue(engine, count: int) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session, write_transaction(session):
        for n in range(count):
            enqueue_email(session, f"person{n}@example.org", f"Message {n}", f"Body {n}")


def _statuses(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage.status)).all()
    return {status: rows.count(status) for status in set(rows)}


def _worker(database_url: str, smtp_url: str, *args: str, lease: int = 2) -> subprocess.Popen:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "TRACKER_SMTP_URL": smtp_url,
        "TRACKER_WORKER_LEASE_SECONDS": str(lease),
        "TRACKER_ENV": "test",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tracker.cli", "worker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_a_worker_killed_mid_batch_and_restarted_sends_each_message_exactly_once(
    engine, database_url, smtp, db
):
    inbox, smtp_url = smtp
    _queue(engine, 30)
    inbox.hold_at_mail = 11  # the 11th message is on the wire when the worker dies
    first = _worker(database_url, smtp_url)
    try:
        assert inbox.held.wait(60), first.stdout.read().decode() if first.poll() else "no send"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    inbox.hold_at_mail = None
    assert len(inbox.messages) == 10
    assert _statuses(engine) == {"sent": 10, "sending": 20}  # claimed by the dead worker

    time.sleep(2.5)  # its lease runs out
    # The new worker's own lease is long enough for the 20 sends on a loaded machine.
    second = _worker(database_url, smtp_url, "--once", lease=120)
    output = second.communicate(timeout=120)[0].decode()
    assert second.returncode == 0, output

    ids = inbox.ids()
    assert len(ids) == 30 and len(set(ids)) == 30
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        f"person{n}@example.org" for n in range(30)
    )
    assert _statuses(engine) == {"sent": 30}


def test_two_workers_never_send_a_message_twice(app, settings, engine, smtp, db):
    from tracker.notifications.worker import Worker

    inbox, smtp_url = smtp
    _queue(engine, 200)
    mail_settings = settings.model_copy(update={"smtp_url": smtp_url})
    sent = [0, 0]
    errors: list[BaseException] = []

    def run(index: int) -> None:
        worker = Worker(engine, mail_settings, batch=15)
        try:
            while True:
                delivered = worker.deliver()
                sent[index] += delivered
                if delivered == 0:
                    return
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors
    ids = inbox.ids()
    assert len(ids) == 200 and len(set(ids)) == 200
    assert sum(sent) == 200
    assert _statuses(engine) == {"sent": 200}
