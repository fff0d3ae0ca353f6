"""SQLite → PostgreSQL → SQLite and PostgreSQL → SQLite → PostgreSQL keep every row; an archive
made by an older schema is restored and upgraded; a non-empty target is refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from tests.backup.conftest import column, read_archive, snapshot, write_archive
from tracker.backup.service import BackupError, create_backup, restore_backup
from tracker.demo import load_demo
from tracker.migrate import alembic_config
from tracker.orgs.models import Organization
from tracker.shipments.models import Shipment

OTHER = {"sqlite": "postgresql", "postgresql": "sqlite"}


def test_round_trip_through_the_other_engine_keeps_every_row(
    session, settings, new_database, tmp_path
):
    load_demo(settings)
    here = session.get_bind().dialect.name
    before = snapshot(settings.database_url)
    assert sum(map(len, before.values())) > 200

    create_backup(settings.database_url, tmp_path / "data", tmp_path / "1.tar.gz")
    other = new_database(OTHER[here])
    restore_backup(other, tmp_path / "data-1", tmp_path / "1.tar.gz")
    assert snapshot(other) == before

    manifest = create_backup(other, tmp_path / "data-1", tmp_path / "2.tar.gz")
    assert manifest["source_engine"] == OTHER[here]
    back = new_database(here)
    restore_backup(back, tmp_path / "data-2", tmp_path / "2.tar.gz")
    assert snapshot(back) == before


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(session, settings, tmp_path):
    load_demo(settings)
    archive = tmp_path / "b.tar.gz"
    create_backup(settings.database_url, tmp_path / "data", archive)
    before = snapshot(settings.database_url)
    late = Organization(name="Added after the backup", kind="partner", country="PL", place="x")
    session.add(late)
    session.commit()

    with pytest.raises(BackupError, match="not empty") as refused:
        restore_backup(settings.database_url, tmp_path / "data", archive)
    assert "organization: 33 rows" in str(refused.value)
    assert len(snapshot(settings.database_url)["organization"]) == 33, "nothing was touched"

    session.get_bind().dispose()
    restore_backup(settings.database_url, tmp_path / "data", archive, force=True)
    assert snapshot(settings.database_url) == before


def test_restore_refuses_a_data_folder_that_is_not_empty_unless_forced(
    session, settings, new_database, tmp_path
):
    load_demo(settings)
    source = tmp_path / "data"
    (source / "docs").mkdir(parents=True)
    (source / "docs" / "a.txt").write_text("from the backup")
    archive = tmp_path / "b.tar.gz"
    create_backup(settings.database_url, source, archive)
    (source / "docs" / "a.txt").write_text("changed since")
    (source / "docs" / "new.txt").write_text("added since")
    (source / "cache").mkdir()
    (source / "cache" / "index.npz").write_text("a cache is not data")

    target = new_database("sqlite")
    with pytest.raises(BackupError, match="2 files in"):
        restore_backup(target, source, archive)
    restore_backup(target, source, archive, force=True)
    assert (source / "docs" / "a.txt").read_text() == "from the backup"
    assert not (source / "docs" / "new.txt").exists()
    assert (source / "cache" / "index.npz").exists(), "caches are left alone"


def test_an_empty_migrated_database_is_empty(session, settings, new_database, tmp_path):
    """docker-compose migrates before anything else runs: a schema without rows is restorable."""
    from tracker.migrate import upgrade

    load_demo(settings)
    archive = tmp_path / "b.tar.gz"
    create_backup(settings.database_url, tmp_path / "data", archive)
    target = new_database(session.get_bind().dialect.name)
    upgrade(target)
    restore_backup(target, tmp_path / "restored", archive)
    assert snapshot(target) == snapshot(settings.database_url)


def test_an_older_archive_is_restored_at_its_revision_then_upgraded(
    session, settings, new_database, tmp_path
):
    """An archive made before receipt copies and transport details existed (revision
    201bfefeda0a) loads into that schema and is then migrated to the newest."""
    load_demo(settings)
    archive = tmp_path / "b.tar.gz"
    create_backup(settings.database_url, tmp_path / "data", archive)
    members = read_archive(archive)
    manifest = json.loads(members["manifest.json"])
    manifest["schema_revision"] = "201bfefeda0a"
    # Keep only the tables and columns that revision had (later branches add more of both).
    then = _schema_at("201bfefeda0a", tmp_path / "then.db")
    assert "receipt_copy" not in then and "driver_name" not in then["shipment"]
    for name in list(manifest["tables"]):
        if name not in then:
            del manifest["tables"][name]
            del members[f"database/{name}.jsonl"]
            continue
        kept = then[name]
        manifest["tables"][name]["columns"] = [
            c for c in manifest["tables"][name]["columns"] if c in kept
        ]
        rows = [json.loads(line) for line in members[f"database/{name}.jsonl"].splitlines()]
        members[f"database/{name}.jsonl"] = b"".join(
            json.dumps({k: v for k, v in row.items() if k in kept}).encode() + b"\n" for row in rows
        )
    members["manifest.json"] = json.dumps(manifest).encode()
    old = tmp_path / "old.tar.gz"
    write_archive(old, members, rehash=True)

    target = new_database(session.get_bind().dialect.name)
    result = restore_backup(target, tmp_path / "restored", old)

    head = ScriptDirectory.from_config(alembic_config(target)).get_current_head()
    assert result.revision == "201bfefeda0a" and result.upgraded_to == head
    assert all(count.restored == count.manifest for count in result.tables)
    restored = snapshot(target)
    original = snapshot(settings.database_url)
    assert restored["receipt_copy"] == []
    assert restored["organization"] == original["organization"]
    assert len(restored["shipment"]) == len(original["shipment"])
    shipment_names = [c.name for c in Shipment.__table__.columns]  # type: ignore[attr-defined]
    for row in restored["shipment"]:
        assert row[shipment_names.index("driver_name")] == ""


def test_an_archive_from_a_newer_tracker_is_refused(session, settings, new_database, tmp_path):
    create_backup(settings.database_url, tmp_path / "data", tmp_path / "b.tar.gz")
    members = read_archive(tmp_path / "b.tar.gz")
    manifest = json.loads(members["manifest.json"])
    manifest["schema_revision"] = "ffffffffffff"
    members["manifest.json"] = json.dumps(manifest).encode()
    write_archive(tmp_path / "newer.tar.gz", members, rehash=True)
    target = new_database("sqlite")
    with pytest.raises(BackupError, match="newer version"):
        restore_backup(target, tmp_path / "restored", tmp_path / "newer.tar.gz")


def test_a_database_not_yet_upgraded_is_backed_up_as_it_is(database_url, new_database, tmp_path):
    """The backup taken before `tracker db upgrade` reads the older schema and restores to head."""
    from sqlalchemy import MetaData, insert
    from sqlalchemy.engine import make_url

    from tracker.db import make_engine
    from tracker.migrate import upgrade

    kind = make_url(database_url).get_backend_name()
    source = new_database(kind)
    upgrade(source, "201bfefeda0a")
    at = dt.datetime(2026, 3, 1, 9, 30, 15, 250000, tzinfo=dt.UTC)
    engine = make_engine(source)
    with engine.begin() as conn:
        old = MetaData()
        old.reflect(conn)
        conn.execute(
            insert(old.tables["organization"]),
            [
                {
                    "id": 3,
                    "name": "Бровари",
                    "kind": "community",
                    "country": "UA",
                    "place": "Бровари",
                    "admin1": "",
                    "created_at": at,
                },
                {
                    "id": 9,
                    "name": "Jena",
                    "kind": "partner",
                    "country": "DE",
                    "place": "Jena",
                    "admin1": "",
                    "created_at": at,
                },
            ],
        )
    engine.dispose()

    manifest = create_backup(source, tmp_path / "data", tmp_path / "old.tar.gz")
    assert manifest["schema_revision"] == "201bfefeda0a"
    assert "receipt_copy" not in manifest["tables"], "that table came later"
    assert "alembic_version" not in manifest["tables"]
    rows = read_archive(tmp_path / "old.tar.gz")["database/organization.jsonl"].splitlines()
    assert json.loads(rows[0])["created_at"] == {"$datetime": "2026-03-01T09:30:15.250000+00:00"}

    target = new_database(kind)
    result = restore_backup(target, tmp_path / "restored", tmp_path / "old.tar.gz")
    head = ScriptDirectory.from_config(alembic_config(target)).get_current_head()
    assert result.upgraded_to == head
    organizations = snapshot(target)["organization"]
    at_id, at_name = column("organization", "id"), column("organization", "name")
    at_created = column("organization", "created_at")
    assert [(row[at_id], row[at_name], row[at_created]) for row in organizations] == [
        (3, "Бровари", at),
        (9, "Jena", at),
    ]


def test_a_database_without_schema_is_not_backed_up(new_database, tmp_path):
    with pytest.raises(BackupError, match="no tracker schema"):
        create_backup(new_database("sqlite"), tmp_path / "data", tmp_path / "b.tar.gz")
    assert not list(tmp_path.glob("*.tar.gz*")), "no archive, not even a partial one"


def _schema_at(revision: str, path: Path) -> dict[str, set[str]]:
    """Each table's column names at an old revision, read from a scratch SQLite database."""
    from alembic import command
    from sqlalchemy import create_engine, inspect

    url = f"sqlite:///{path}"
    command.upgrade(alembic_config(url), revision)
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return {
            name: {c["name"] for c in found.get_columns(name)}
            for name in found.get_table_names()
            if name != "alembic_version"
        }
    finally:
        engine.dispose()
