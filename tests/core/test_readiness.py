"""/readyz follows the database: 503 while it refuses connections, 200 again after."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PG_ADMIN_URL
from tests.core.pg_faults import refusing_connections


@pytest.fixture
def pg_url(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite runs in the process: it cannot refuse connections")
    return database_url


def test_readyz_turns_503_while_the_database_refuses_connections_and_back(pg_url, client, engine):  # type: ignore[no-untyped-def]
    # A pooled connection exists and keeps working while the server refuses new ones.
    assert client.get("/readyz").status_code == 200
    try:
        with refusing_connections(pg_url):
            started = time.monotonic()
            down = client.get("/readyz")
            assert down.status_code == 503, down.text
            assert down.json() == {"status": "unavailable", "database": "down"}
            assert time.monotonic() - started < 3
        up = client.get("/readyz")
        assert up.status_code == 200 and up.json()["database"] == "up"
    finally:
        engine.dispose()  # the shared app's pool lost its connections


def test_readyz_is_503_while_refused_even_when_pooled_connections_still_work(
    pg_url, client, engine
):  # type: ignore[no-untyped-def]
    """Sessions opened before the refusal survive it; the app still cannot open new ones."""
    assert client.get("/readyz").status_code == 200  # leaves a live connection in the pool
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = engine.url.database
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        with engine.connect() as pooled:
            assert pooled.execute(text("SELECT 1")).scalar_one() == 1
        assert client.get("/readyz").status_code == 503
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
        engine.dispose()
    assert client.get("/readyz").status_code == 200
