"""The migration that adds registry codes fills them for existing rows where the match is
unambiguous and lists the rest in its log, moving nothing."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from tracker.db import make_engine
from tracker.migrate import downgrade, upgrade

REVISION = "39f9063bc183"


def test_fills_unambiguous_codes_and_reports_the_rest(
    database_url, db, caplog: pytest.LogCaptureFixture
) -> None:
    downgrade(database_url, REVISION + "-1")
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            insert = text(
                "INSERT INTO organization (name, kind, country, place, latitude, longitude, "
                "created_at) VALUES (:n, 'community', 'UA', :p, :lat, :lon, CURRENT_TIMESTAMP)"
            )
            conn.execute(insert, {"n": "Бровари МТГ", "p": "Бровари", "lat": 50.51, "lon": 30.79})
            conn.execute(insert, {"n": "Андріївка", "p": "Андріївка", "lat": 50.5, "lon": 30.0})
            conn.execute(insert, {"n": "Far", "p": "Полтава", "lat": 48.0, "lon": 24.0})
        with caplog.at_level(logging.INFO, logger="alembic.runtime.migration"):
            upgrade(database_url)
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT name, katottg FROM organization")).all())
            points = conn.execute(text("SELECT latitude FROM organization ORDER BY id")).all()
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM organization"))
        engine.dispose()
    assert rows["Бровари МТГ"] and rows["Бровари МТГ"].startswith("UA3206")
    assert rows["Андріївка"] is None and rows["Far"] is None
    assert [p[0] for p in points] == [50.51, 50.5, 48.0]  # nothing moved
    assert "organization: KATOTTG code filled for 1 rows" in caplog.text
    assert "'Андріївка'" in caplog.text and "'Полтава' (stored point is elsewhere)" in caplog.text
