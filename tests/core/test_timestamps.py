"""Moments in time are UTC and time-zone aware on both databases, in and out of the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import DateTime
from sqlmodel import select

from tests.helpers import Flow
from tracker.models import metadata
from tracker.requests.models import AidRequest


def test_every_timestamp_column_reads_back_aware():
    from tracker.db import UTCDateTime

    plain = [
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, DateTime) and not isinstance(column.type, UTCDateTime)
    ]
    assert plain == [], "use tracker.db.UTCDateTime for these columns"


def test_the_api_publishes_timestamps_with_their_offset(client, world):
    created = Flow(client, world).request()
    read = client.get(f"/api/v1/requests/{created['id']}", headers=world.h("coordinator")).json()
    for name in ("created_at", "updated_at"):
        moment = datetime.fromisoformat(read[name])
        assert moment.utcoffset() == timedelta(0), read[name]


def test_a_moment_given_in_another_zone_is_stored_as_the_same_instant(client, world, session):
    created = Flow(client, world).request()
    kyiv_noon = datetime(2026, 7, 1, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    row = session.get(AidRequest, created["id"])
    row.created_at = kyiv_noon
    session.commit()
    session.expunge_all()
    stored = session.exec(select(AidRequest.created_at).where(AidRequest.id == created["id"])).one()
    assert stored == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert stored.tzinfo is not None
