"""PostgreSQL sessions killed under load: short 503s, /readyz says so, nothing answered 2xx lost.

A real uvicorn serves the app on 127.0.0.1; a few threads write through the JSON API
(requests, pledges, allocations and their removal) for a bounded number of calls, while the
database's sessions are terminated repeatedly and, once, new connections are refused for two
seconds. Afterwards every write that was answered 2xx must be in the database, every removal
answered 2xx must be gone, no creation answered "503, nothing was changed" may exist, and each
request's and pledge's allocated counter must equal the sum of its allocations.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from tests.core.live_server import live_server
from tests.core.pg_faults import refusing_connections, terminate_backends

pytestmark = pytest.mark.slow

THREADS = 3
MAX_CALLS_PER_THREAD = 300  # and until the faults end
PAUSE_SECONDS = 0.03
LONGEST_OUTAGE_SECONDS = 4.0  # the two-second refusal, plus reconnecting


@dataclass
class Call:
    thread: int
    op: str
    status: int  # 0: no HTTP answer at all
    at: float
    body: Any = None
    sent: dict = field(default_factory=dict)


@pytest.fixture
def pg_url(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite runs in the process: there is no server connection to lose")
    return database_url


@pytest.fixture
def served(pg_url, settings, world):  # type: ignore[no-untyped-def]
    """The app on a real server, with its own connection pool."""
    from tracker.app import create_app
    from tracker.geo.locate import locate

    # The gazetteer loads on first use (a minute on a busy machine): not while under test.
    locate("Бровари", 50.511, 30.791, prefer_country="UA")
    app = create_app(settings)
    with live_server(app) as base:
        yield base, world
    app.state.engine.dispose()


def _request_body(n: str) -> dict[str, Any]:
    return {
        "category": "generator",
        "item": f"Generator {n}",
        "quantity": 1000,
        "unit": "pcs",
        "priority": "critical",
        "destination": "Бровари",
        "latitude": 50.511,
        "longitude": 30.791,
    }


def _pledge_body(n: str) -> dict[str, Any]:
    return {
        "category": "generator",
        "item": f"Stromgenerator {n}",
        "quantity": 1000,
        "unit": "pcs",
        "origin": "Jena",
        "latitude": 50.927,
        "longitude": 11.589,
    }


def _worker(
    index: int, base: str, world, targets: dict, stop: threading.Event, calls: list[Call]
) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(index)
    mine: list[int] = []  # allocations this thread made (answered 201) and has not removed
    with httpx.Client(base_url=base, timeout=15) as client:
        for n in range(MAX_CALLS_PER_THREAD):
            if stop.is_set():
                return
            roll = rng.random()
            if roll < 0.2:
                op, who, method, path = "request", "brovary", "POST", "/api/v1/requests"
                sent = _request_body(f"{index}-{n}")
            elif roll < 0.4:
                op, who, method, path = "pledge", "jena", "POST", "/api/v1/pledges"
                sent = _pledge_body(f"{index}-{n}")
            elif roll < 0.85 or not mine:
                op, who, method, path = "allocate", "coordinator", "POST", "/api/v1/allocations"
                sent = {
                    "request_id": rng.choice(targets["requests"]),
                    "pledge_id": rng.choice(targets["pledges"]),
                    "quantity": rng.randint(1, 3),
                }
            else:
                allocation = mine.pop(rng.randrange(len(mine)))
                op, who, method = "release", "coordinator", "DELETE"
                path, sent = f"/api/v1/allocations/{allocation}", {"id": allocation}
            try:
                response = client.request(
                    method, path, json=sent if method == "POST" else None, headers=world.h(who)
                )
                status = response.status_code
                body = response.json() if response.content else None
            except httpx.HTTPError as err:
                status, body = 0, repr(err)
            calls.append(Call(index, op, status, time.monotonic(), body, sent))
            if op == "allocate" and status == 201:
                mine.append(body["id"])
            time.sleep(PAUSE_SECONDS)


def _faults(pg_url: str, base: str, readiness: list[tuple[float, int]]) -> None:
    """Kill every session three times, refuse connections for two seconds, kill twice more."""
    with httpx.Client(base_url=base, timeout=5) as probe:
        for _ in range(3):
            time.sleep(1.0)
            terminate_backends(pg_url)
        time.sleep(1.0)
        with refusing_connections(pg_url):
            refused_until = time.monotonic() + 2.0
            while time.monotonic() < refused_until:
                readiness.append((time.monotonic(), probe.get("/readyz").status_code))
                time.sleep(0.3)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            status = probe.get("/readyz").status_code
            readiness.append((time.monotonic(), status))
            if status == 200:
                break
            time.sleep(0.2)
        for _ in range(2):
            time.sleep(1.0)
            terminate_backends(pg_url)
        time.sleep(1.5)


def test_killed_connections_cost_short_503s_and_lose_nothing(served, pg_url, engine):  # type: ignore[no-untyped-def]
    base, world = served
    with httpx.Client(base_url=base, timeout=60) as client:
        targets = {
            "requests": [
                client.post(
                    "/api/v1/requests", json=_request_body(f"t{i}"), headers=world.h("brovary")
                ).json()["id"]
                for i in range(4)
            ],
            "pledges": [
                client.post(
                    "/api/v1/pledges", json=_pledge_body(f"t{i}"), headers=world.h("jena")
                ).json()["id"]
                for i in range(4)
            ],
        }
    calls: list[Call] = []
    readiness: list[tuple[float, int]] = []
    stop = threading.Event()
    workers = [
        threading.Thread(target=_worker, args=(i, base, world, targets, stop, calls))
        for i in range(THREADS)
    ]
    for worker in workers:
        worker.start()
    try:
        _faults(pg_url, base, readiness)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
        engine.dispose()  # the shared app's pool lost its connections too

    statuses = sorted({c.status for c in calls})
    assert set(statuses) <= {200, 201, 204, 503}, [
        (c.op, c.status, c.body) for c in calls if c.status not in (200, 201, 204, 503)
    ]
    assert sum(c.status == 503 for c in calls) > 0, "the faults never reached a request"
    assert sum(c.status in (200, 201, 204) for c in calls) > 30

    # /readyz said "down" while connections were refused, and "up" again soon after.
    assert 503 in [status for _, status in readiness]
    assert readiness[-1][1] == 200

    # Each thread's failures ended within seconds: the next call succeeded.
    for index in range(THREADS):
        mine = [c for c in calls if c.thread == index]
        outage_started = None
        for c in mine:
            if c.status == 503 and outage_started is None:
                outage_started = c.at
            elif c.status != 503 and outage_started is not None:
                assert c.at - outage_started < LONGEST_OUTAGE_SECONDS
                outage_started = None

    # Nothing answered 2xx is lost; counters equal the sum of their rows.
    with engine.connect() as conn:
        requests = {r.id: r for r in conn.execute(text("SELECT * FROM aid_request"))}
        pledges = {p.id: p for p in conn.execute(text("SELECT * FROM pledge"))}
        allocations = {a.id: a for a in conn.execute(text("SELECT * FROM allocation"))}
    released = {c.sent["id"] for c in calls if c.op == "release" and c.status == 204}
    for c in calls:
        if c.status not in (200, 201):
            continue
        if c.op == "request":
            assert requests[c.body["id"]].item == c.sent["item"]
        elif c.op == "pledge":
            assert pledges[c.body["id"]].item == c.sent["item"]
        elif c.op == "allocate" and c.body["id"] not in released:
            row = allocations[c.body["id"]]
            assert (row.request_id, row.pledge_id, row.quantity) == (
                c.sent["request_id"],
                c.sent["pledge_id"],
                c.sent["quantity"],
            )
    assert released.isdisjoint(allocations)
    items = {r.item for r in requests.values()} | {p.item for p in pledges.values()}
    # A 503 that says "nothing was changed" changed nothing.
    said_nothing = [
        c.sent["item"]
        for c in calls
        if c.status == 503
        and c.op in ("request", "pledge")
        and c.body["detail"].endswith("nothing was changed.")
    ]
    assert items.isdisjoint(said_nothing)
    for rows, key in ((requests, "request_id"), (pledges, "pledge_id")):
        for row in rows.values():
            held = sum(
                a.quantity
                for a in allocations.values()
                if getattr(a, key) == row.id and a.status != "released"
            )
            assert row.quantity_allocated == held, (key, row.id)
