"""Pooled PostgreSQL connections: tested before use after sitting idle, not on every call."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

import tracker.db
from tracker.db import make_engine


@pytest.fixture
def pg_url(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite runs in the process: there is no server connection to lose")
    return database_url


def _backend_pid(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(url: str, pid: int) -> None:
    """The server ends one session, as a restart or a dropped socket would."""
    admin = create_engine(url, poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def test_a_connection_lost_while_idle_is_replaced_before_use(pg_url, monkeypatch):
    monkeypatch.setattr(tracker.db, "PING_AFTER_IDLE_SECONDS", 0.0)
    engine = make_engine(pg_url, pool_size=1, max_overflow=0)
    try:
        lost = _backend_pid(engine)
        _terminate(pg_url, lost)
        assert _backend_pid(engine) != lost
    finally:
        engine.dispose()


def test_a_connection_lost_while_busy_fails_one_call_then_the_pool_recovers(pg_url):
    engine = make_engine(pg_url, pool_size=2, max_overflow=0)
    try:
        lost = _backend_pid(engine)
        _terminate(pg_url, lost)
        # Back in use within seconds: handed out untested, so this one call fails.
        with pytest.raises(OperationalError):
            _backend_pid(engine)
        assert _backend_pid(engine) != lost
    finally:
        engine.dispose()
