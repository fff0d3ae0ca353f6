"""Notifications benchmark: 10,000 notifications through the outbox to a local SMTP server.

Run: `.venv/bin/python benchmarks/notifications_bench.py [--count 10000] [--rate 200]
[--workers 1] [--backends sqlite,postgresql]`. Writes benchmarks/results/notifications.json.

For each backend, a fresh migrated database (a SQLite file; on PostgreSQL a database
`tracker_bench_<random>` dropped at the end) gets 100 partner organizations with one user
each. A producer thread then makes `--count` changes at `--rate` changes per second, each its
own transaction calling `notify()` for one organization (one notification, one e-mail), while
`--workers` `tracker worker` processes (default settings, 1 s idle poll) send to an aiosmtpd
server on 127.0.0.1 running in its own process. Measured: messages per second from the
first change to the last delivery, the workers' own rate (first to last delivery), and the
delay from each change's commit to its arrival at the SMTP server (median, p95, max).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

os.environ.setdefault("TRACKER_SECRET_KEY", "notifications-bench-secret-key-" + "x" * 32)
os.environ.setdefault("TRACKER_DATA_DIR", tempfile.mkdtemp(prefix="tracker-bench-"))

from tracker.auth.models import User  # noqa: E402
from tracker.config import Settings  # noqa: E402
from tracker.db import make_engine, write_transaction  # noqa: E402
from tracker.migrate import upgrade  # noqa: E402
from tracker.notifications import service  # noqa: E402
from tracker.notifications.models import Kind  # noqa: E402
from tracker.orgs.models import Organization  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "notifications.json"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ORGS = 100


SINK = r"""
import asyncio, sys, time
from aiosmtpd.controller import Controller

class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                self.out.write(f"{line.split(b':', 1)[1].strip().decode()}\t{now}\n")
                self.out.flush()
                break
        return "250 OK"

with open(sys.argv[2], "w") as out:
    controller = Controller(Sink(out), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
    controller.stop()
"""


def _arrivals(path: Path) -> tuple[dict[str, float], int]:
    arrived: dict[str, float] = {}
    duplicates = 0
    for line in path.read_text().splitlines():
        key, _, when = line.partition("\t")
        if key in arrived:
            duplicates += 1
        arrived.setdefault(key, float(when))
    return arrived, duplicates


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(engine) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """Organization id → its one user's id."""
    users = {}
    with Session(engine) as session, write_transaction(session):
        for n in range(ORGS):
            org = Organization(name=f"Partner {n}", kind="partner", country="DE", place="Jena")
            session.add(org)
            session.flush()
            user = User(
                email=f"staff{n}@partner{n}.example.org",
                password_hash="-",
                role="partner",
                organization_id=org.id,
                language=("uk", "en", "de", "sv")[n % 4],
            )
            session.add(user)
            session.flush()
            users[org.id] = user.id
    return users


def run(url: str, count: int, rate: float, workers: int) -> dict[str, Any]:
    upgrade(url)
    engine = make_engine(url)
    users = _seed(engine)
    org_ids = sorted(users)
    port = _free_port()
    log = Path(tempfile.mkdtemp(prefix="tracker-bench-smtp-")) / "arrivals.tsv"
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port), str(log)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None and sink.stdout.readline().strip() == "ready"
    settings = Settings(DATABASE_URL=url, TRACKER_SMTP_URL=f"smtp://127.0.0.1:{port}")
    service.get_settings = lambda: settings  # type: ignore[assignment]
    committed: dict[str, float] = {}
    env = os.environ | {"DATABASE_URL": url, "TRACKER_SMTP_URL": settings.smtp_url or ""}
    workers_running = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker.cli", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]

    def produce_one(n: int, session: Session) -> None:
        org_id = org_ids[n % len(org_ids)]
        with write_transaction(session):
            event = service.notify(
                session,
                Kind.request_created,
                params={
                    "request": n,
                    "community": "Brovary",
                    "item": f"Generator {n}",
                    "quantity": 1,
                    "unit": "pcs",
                    "priority": "high",
                    "needed_by": "2027-01-31",
                },
                link=f"/requests/{n}",
                orgs=[org_id],
            )
        committed_at = time.time()
        # The e-mail's Message-ID, as notify() derives it from the event and the user.
        key = f"event-{event.id}-user-{users[org_id]}"  # type: ignore[union-attr]
        committed[service._message_id(key)] = committed_at

    def produce() -> None:
        started = time.time()
        with Session(engine, expire_on_commit=False) as session:
            for n in range(count):
                wait = started + n / rate - time.time()
                if wait > 0:
                    time.sleep(wait)
                produce_one(n, session)

    # Warm-up: one change delivered before the clock starts (the workers have started).
    with Session(engine, expire_on_commit=False) as session:
        produce_one(-1, session)
    (warm_key,) = committed
    warm_deadline = time.time() + 60
    while warm_key not in _arrivals(log)[0] and time.time() < warm_deadline:
        time.sleep(0.2)
    committed.clear()

    first_change = time.time()
    producer = threading.Thread(target=produce)
    producer.start()
    producer.join()
    produced = time.time()
    deadline = time.time() + 900
    while len(_arrivals(log)[0]) < count + 1 and time.time() < deadline:
        time.sleep(0.5)
    for worker in workers_running:
        worker.send_signal(signal.SIGTERM)
        worker.wait(60)
    sink.communicate("")
    engine.dispose()
    arrived, duplicates = _arrivals(log)
    arrived = {key: when for key, when in arrived.items() if key in committed}

    delays = sorted(arrived[k] - committed[k] for k in committed if k in arrived)
    arrivals = sorted(arrived.values())
    return {
        "messages": count,
        "delivered": len(arrived),
        "duplicates": duplicates,
        "target_rate_changes_per_s": rate,
        "producer_rate_changes_per_s": round(count / (produced - first_change), 1),
        "messages_per_s_end_to_end": round(len(arrivals) / (arrivals[-1] - first_change), 1),
        "messages_per_s_workers": round(len(arrivals) / max(arrivals[-1] - arrivals[0], 1e-9), 1),
        "delay_s": {
            "median": round(statistics.median(delays), 3),
            "p95": round(delays[int(len(delays) * 0.95) - 1], 3),
            "max": round(delays[-1], 3),
        },
        "workers": workers,
    }


def _postgres(admin_url: str):  # type: ignore[no-untyped-def]
    name = f"tracker_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return admin, name, make_url(admin_url).set(database=name).render_as_string(False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0, help="changes per second")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=os.environ.get("TRACKER_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },  # fmt: skip
        "backends": {},
    }
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{tmp}/bench.db"
                results["backends"]["sqlite"] = run(url, args.count, args.rate, args.workers)
        elif backend == "postgresql":
            admin, name, url = _postgres(args.postgres_url or DEFAULT_PG_URL)
            try:
                results["backends"]["postgresql"] = run(url, args.count, args.rate, args.workers)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        print(backend, json.dumps(results["backends"].get(backend), indent=2))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
