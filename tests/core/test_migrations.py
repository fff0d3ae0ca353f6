"""The migrated schema equals the models, and the migrations go down as well as up."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tracker.db import make_engine
from tracker.migrate import downgrade, upgrade
from tracker.models import metadata


def _diff(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "target_metadata": metadata}
            )
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def test_no_pending_autogenerate_diff(database_url):
    assert _diff(database_url) == []


def test_downgrade_to_base_and_back(database_url, db):
    # The session-wide database is migrated to head; go down to nothing and up again.
    downgrade(database_url, "base")
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
    finally:
        engine.dispose()
    upgrade(database_url)
    assert _diff(database_url) == []
