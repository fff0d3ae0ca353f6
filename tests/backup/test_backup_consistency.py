"""A backup taken while allocations are being written holds one instant of the database: every
counter equals the sum of its rows, every allocation has its audit entry."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from tests.backup.conftest import snapshot
from tracker.allocations import service as allocations
from tracker.allocations.models import Allocation, AllocationCreate
from tracker.audit.models import AuditEntry
from tracker.auth.models import User
from tracker.backup.service import create_backup, restore_backup
from tracker.pledges import service as pledges
from tracker.pledges.models import Pledge, PledgeCreate
from tracker.requests import service as requests
from tracker.requests.models import AidRequest, RequestCreate

TIME_LIMIT = 20.0


def _open_needs(session: Session, world) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    coordinator = session.get(User, world.users["coordinator"])
    request_ids, pledge_ids = [], []
    for community in ("Brovary", "Poltava"):
        request_ids.append(
            requests.create(
                session,
                RequestCreate(
                    community_id=world.orgs[community],
                    category="food",
                    item="Борошно",
                    quantity=1_000_000,
                    unit="kg",
                    priority="high",
                    destination="Бровари",
                    justification="Bakery",
                ),
                coordinator,  # type: ignore[arg-type]
            ).id
        )
    for partner in ("Jena", "Kalmar kommun"):
        pledge_ids.append(
            pledges.create(
                session,
                PledgeCreate(
                    partner_id=world.orgs[partner],
                    category="food",
                    item="Mehl",
                    quantity=1_000_000,
                    unit="kg",
                    origin="Jena",
                    available_from=date(2026, 12, 1),
                    value_amount=Decimal("1.50"),
                    currency="EUR",
                ),
                coordinator,  # type: ignore[arg-type]
            ).id
        )
    return request_ids, pledge_ids  # type: ignore[return-value]


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Allocation)).one()


def test_backup_during_writes_restores_consistent_counters(
    session, world, engine, settings, new_database, tmp_path
):
    request_ids, pledge_ids = _open_needs(session, world)
    stop = threading.Event()
    failures: list[BaseException] = []

    def write_load() -> None:
        deadline = time.monotonic() + TIME_LIMIT
        with Session(engine, expire_on_commit=False) as s:
            coordinator = s.get(User, world.users["coordinator"])
            n = 0
            try:
                while not stop.is_set() and time.monotonic() < deadline:
                    allocations.create(
                        s,
                        AllocationCreate(
                            request_id=request_ids[n % 2],
                            pledge_id=pledge_ids[(n // 2) % 2],
                            quantity=1 + n % 7,
                        ),
                        coordinator,  # type: ignore[arg-type]
                    )
                    n += 1
            except BaseException as exc:  # noqa: BLE001 - reported by the test below
                failures.append(exc)

    writer = threading.Thread(target=write_load)
    writer.start()
    try:
        while _count(engine) < 10 and writer.is_alive():
            time.sleep(0.02)
        archive = tmp_path / "during.tar.gz"
        manifest = create_backup(settings.database_url, tmp_path / "data", archive)
        during = _count(engine)
        while _count(engine) < during + 10 and writer.is_alive():
            time.sleep(0.02)
    finally:
        stop.set()
        writer.join()
    assert failures == []
    backed_up = manifest["tables"]["allocation"]["rows"]
    assert 10 <= backed_up < _count(engine), "the backup ran while allocations were written"

    target = new_database(engine.dialect.name)
    restore_backup(target, tmp_path / "restored", archive)
    rows = snapshot(target)
    assert len(rows["allocation"]) == backed_up

    cols = {t: [c.name for c in m.__table__.columns] for t, m in _MODELS.items()}  # type: ignore[attr-defined]
    by_request: dict[int, int] = defaultdict(int)
    by_pledge: dict[int, int] = defaultdict(int)
    a = cols["allocation"]
    for row in rows["allocation"]:
        by_request[row[a.index("request_id")]] += row[a.index("quantity")]
        by_pledge[row[a.index("pledge_id")]] += row[a.index("quantity")]
    r = cols["aid_request"]
    for row in rows["aid_request"]:
        assert row[r.index("quantity_allocated")] == by_request[row[r.index("id")]]
    p = cols["pledge"]
    for row in rows["pledge"]:
        assert row[p.index("quantity_allocated")] == by_pledge[row[p.index("id")]]
    audit = [c.name for c in AuditEntry.__table__.columns]  # type: ignore[attr-defined]
    created = [
        row
        for row in rows["audit_entry"]
        if row[audit.index("entity")] == "allocation" and row[audit.index("action")] == "create"
    ]
    assert len(created) == backed_up


_MODELS = {"allocation": Allocation, "aid_request": AidRequest, "pledge": Pledge}
