"""Throttles kept in the database, so that every worker and machine counts together.

A `Rule` counts events (failed sign-ins, views of a public page) per key in a window. The
first `free` events of a window cost nothing; each one after that blocks the key for a delay
that doubles, from `first_delay` up to `max_delay`. A window ends `window` after it began,
and the count starts again.

Keys are stored as the SHA-256 of the rule's name and what it counts, never in clear.
`record` is one upsert (INSERT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike), so
concurrent events are all counted. Old rows are pruned now and then by `record` itself.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from sqlalchemy import case, delete, literal, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import DateTime
from sqlmodel import Session, select

from tracker.auth.models import Throttle
from tracker.db import as_utc, utcnow

PRUNE_AFTER = timedelta(days=1)
PRUNE_CHANCE = 0.01


@dataclass(frozen=True)
class Rule:
    name: str
    free: int
    window: timedelta
    first_delay: timedelta
    max_delay: timedelta

    def key(self, *parts: str) -> str:
        text = "\x1f".join((self.name, *parts))
        return hashlib.sha256(text.encode()).hexdigest()

    def delay(self, count: int) -> timedelta:
        """How long the key waits after its `count`-th event of the window."""
        over = count - self.free
        if over <= 0:
            return timedelta(0)
        return min(self.first_delay * (2 ** min(over - 1, 30)), self.max_delay)


def wait_seconds(session: Session, keys: list[str], now: datetime | None = None) -> int:
    """How many seconds the longest-blocked of these keys must still wait (0: none is)."""
    now = now or utcnow()
    rows = session.exec(select(Throttle.blocked_until).where(Throttle.key.in_(keys)))  # type: ignore[attr-defined]
    waits = [
        (blocked - now).total_seconds()
        for blocked in (as_utc(value) for value in rows.all())
        if blocked is not None and blocked > now
    ]
    return ceil(max(waits)) if waits else 0


def record(session: Session, rule: Rule, key: str, now: datetime | None = None) -> int:
    """Count one event for `key` under `rule` (blocking it if over); the window's count.

    Runs in the caller's transaction; the caller commits.
    """
    now = now or utcnow()
    stamp = literal(now, DateTime(timezone=True))
    expired = Throttle.window_start < literal(now - rule.window, DateTime(timezone=True))
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Throttle)
        .values(key=key, count=1, window_start=now, blocked_until=None)
        .on_conflict_do_update(
            index_elements=["key"],
            set_={
                "count": case((expired, 1), else_=Throttle.count + 1),
                "window_start": case((expired, stamp), else_=Throttle.window_start),
                "blocked_until": case((expired, None), else_=Throttle.blocked_until),
            },
        )
        .returning(Throttle.count)
    )
    count = int(session.connection().execute(statement).scalar_one())
    delay = rule.delay(count)
    if delay:
        session.connection().execute(
            update(Throttle).where(Throttle.key == key).values(blocked_until=now + delay)  # type: ignore[arg-type]
        )
    if random.random() < PRUNE_CHANCE:
        prune(session, now)
    return count


def reset(session: Session, key: str) -> None:
    """Forget a key (a successful sign-in clears its account-and-address counter)."""
    session.connection().execute(delete(Throttle).where(Throttle.key == key))  # type: ignore[arg-type]


def prune(session: Session, now: datetime | None = None) -> None:
    """Drop counters whose window is long over and that block nothing any more."""
    now = now or utcnow()
    session.connection().execute(
        delete(Throttle).where(
            Throttle.window_start < now - PRUNE_AFTER,  # type: ignore[operator]
            or_(Throttle.blocked_until.is_(None), Throttle.blocked_until < now),  # type: ignore[union-attr, operator]
        )
    )
