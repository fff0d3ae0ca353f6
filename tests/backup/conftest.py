"""Fresh databases to restore into, and what "the same data" means when comparing two of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_ADMIN_URL, REQUIRE_PG, _postgres_available
from tracker.db import make_engine


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """new_database("sqlite" | "postgresql"): the URL of an empty database (no schema)."""
    created: list[str] = []

    def make(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:8]}.db'}"
        reason = _postgres_available()
        if reason is not None:
            if REQUIRE_PG:
                pytest.fail(f"PostgreSQL not reachable: {reason}")
            pytest.skip(f"PostgreSQL not reachable: {reason}")
        name = f"tracker_restore_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        created.append(name)
        return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    if created:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in created:
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _normal(value: Any) -> Any:
    """One form per value on both engines: UTC-aware datetimes, Decimals as their value."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the metadata, in primary-key order."""
    from tracker.models import metadata

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(_normal(v) for v in row)
                    for row in conn.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (relative posix path → bytes)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def read_archive(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def write_archive(path: Path, members: dict[str, bytes], *, rehash: bool) -> None:
    """An archive of these members; `rehash` recomputes the manifest (a well-formed backup)."""
    members = dict(members)
    if rehash:
        manifest = json.loads(members["manifest.json"])
        for name, entry in manifest["tables"].items():
            body = members[f"database/{name}.jsonl"]
            entry["rows"] = body.count(b"\n")
            entry["sha256"] = hashlib.sha256(body).hexdigest()
        for name, entry in manifest["files"].items():
            body = members[f"files/{name}"]
            entry["size"] = len(body)
            entry["sha256"] = hashlib.sha256(body).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))


def drop_everything(url: str) -> None:
    """Every table gone, alembic_version included: the database as after a disaster."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            everything = MetaData()
            everything.reflect(conn)
            everything.drop_all(conn)
    finally:
        engine.dispose()


def column(table: str, name: str) -> int:
    """The position of a column in the rows `snapshot` gives (mixins put some columns first)."""
    from tracker.models import metadata

    return [c.name for c in metadata.tables[table].columns].index(name)
