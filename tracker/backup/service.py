"""Create, verify and restore tracker backups (no HTTP; the CLI is `tracker backup`).

One archive (`.tar.gz`) holds:

- `manifest.json`: format version, tracker version, time, source engine, Alembic revision, and
  per table its columns, row count and the SHA-256 of its rows; per file its size and SHA-256.
- `database/<table>.jsonl`: every row of every table of `tracker.models.metadata`, one JSON
  object per line, in primary-key order (values typed as `tracker.backup.codec` describes).
- `files/<path>`: the files under `TRACKER_DATA_DIR`, except what is regenerated or secret
  (`EXCLUDED`): the gazetteer cache and the development secret key.

Why rows as JSON Lines and not `pg_dump` / SQLite's backup API
---------------------------------------------------------------
A backup must restore across engines: a pilot on a laptop (SQLite) becomes a server deployment
(PostgreSQL), and a server's data can be taken back to a laptop to investigate. `pg_dump`'s
custom format restores only into PostgreSQL and a SQLite file only into SQLite; supporting both
would mean three code paths (and a translator between them) where one will do. Native dumps are
also tied to the server version (`pg_dump` 15, which is what this machine has, refuses to dump
the PostgreSQL 16 of docker-compose) and the app image ships no PostgreSQL client at all. An
engine-neutral dump of every table's rows has none of these problems, and it is what `verify`
can check row by row without a database.

Consistency comes from reading every table in one transaction: on PostgreSQL a REPEATABLE READ,
READ ONLY transaction (one snapshot for all tables; writers are never blocked), on SQLite one
read transaction (in WAL mode a snapshot too). A backup taken while the app writes therefore
holds a state that existed at one instant: every counter equals the sum of its rows.

The files are copied after the rows: a file a restored row refers to was written before the
snapshot, so it is in the archive (a file newer than the snapshot may be there too, unreferenced).
The table dumps are written beside the output archive while it is made; a restore unpacks the
archive into the temporary folder (`TMPDIR`) and checks every hash before it touches anything.

Restoring recreates the schema at the archive's revision with Alembic, loads the rows in
foreign-key order in one transaction, sets PostgreSQL's sequences past the restored ids, then
upgrades to the newest revision if the archive is older. Passwords are stored as hashes and stay
hashes; `TRACKER_SECRET_KEY` is configuration, never written into a backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from alembic.script import ScriptDirectory
from sqlalchemy import DateTime, MetaData, Table, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from tracker import __version__
from tracker.backup.codec import decode_row, encode_row
from tracker.db import make_engine
from tracker.migrate import alembic_config, upgrade

FORMAT = "tracker-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
FILES_DIR = "files"
# Under TRACKER_DATA_DIR: regenerated on demand (the gazetteer's compiled index) or secret (the
# key a development install generates for itself). Everything else there is data.
EXCLUDED = frozenset({"cache", ".secret_key"})
BATCH = 1000
_WORK_PREFIX = ".tracker-backup-"
_CHUNK = 1 << 20


class BackupError(RuntimeError):
    """A backup cannot be made, checked or restored; the message says why."""


class Reporter:
    """Progress of a long step (the CLI draws it with rich; tests pass nothing)."""

    def start(self, description: str, total: int) -> None:  # noqa: B027 - optional hook
        pass

    def advance(self, amount: int = 1) -> None:  # noqa: B027 - optional hook
        pass


@dataclass
class TableCount:
    name: str
    manifest: int
    restored: int


@dataclass
class RestoreResult:
    revision: str
    upgraded_to: str | None
    tables: list[TableCount] = field(default_factory=list)
    files: int = 0


# --- create -------------------------------------------------------------------------------


def create_backup(
    database_url: str,
    data_dir: Path,
    output: Path,
    reporter: Reporter | None = None,
) -> dict[str, Any]:
    """Write the archive to `output` (atomically: a partial file never has the final name)."""
    from tracker.models import metadata

    reporter = reporter or Reporter()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tracker_version": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "source_engine": make_url(database_url).get_backend_name(),
        "schema_revision": None,
        "tables": {},
        "files": {},
    }
    with tempfile.TemporaryDirectory(prefix=_WORK_PREFIX, dir=output.parent) as tmp:
        engine = make_engine(database_url, poolclass=NullPool)
        try:
            manifest["schema_revision"] = _dump_database(
                engine, metadata, Path(tmp), manifest["tables"], reporter
            )
        finally:
            engine.dispose()
        skip = _skipped_paths(database_url, output, partial)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                for name in manifest["tables"]:
                    tar.add(Path(tmp) / f"{name}.jsonl", arcname=f"{DATABASE_DIR}/{name}.jsonl")
                _add_files(tar, data_dir, skip, manifest["files"], reporter)
                body = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
                tar.addfile(info, io.BytesIO(body))
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def _dump_database(
    engine: Engine,
    metadata: MetaData,
    tmp: Path,
    tables_out: dict[str, Any],
    reporter: Reporter,
) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with conn.begin():
            revision = _revision(conn)
            script = ScriptDirectory.from_config(alembic_config(str(engine.url)))
            if revision is None:
                raise BackupError(
                    "The database has no tracker schema: there is nothing to back up."
                )
            if revision in script.get_heads():
                tables = list(metadata.sorted_tables)
            elif _known(script, revision):
                # Not yet upgraded to this version's schema (the backup before `db upgrade`):
                # the tables as they are; restore upgrades them.
                existing = MetaData()
                existing.reflect(conn)
                tables = [t for t in existing.sorted_tables if t.name != "alembic_version"]
            else:
                raise BackupError(
                    f"The database is at schema revision {revision}, which this tracker "
                    f"({__version__}) does not know: back it up with the version that migrated it."
                )
            counts = {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in tables
            }
            reporter.start("Database rows", sum(counts.values()))
            for table in tables:
                model = metadata.tables.get(table.name)
                aware = _aware(table) | (_aware(model) if model is not None else frozenset())
                tables_out[table.name] = _dump_table(
                    conn, table, aware, tmp, counts[table.name], reporter
                )
    return revision


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for an unknown revision
        return False


def _aware(table: Table) -> frozenset[str]:
    """Columns of UTC instants (SQLite reflects them without the flag: the models say it)."""
    names = []
    for column in table.columns:
        kind = getattr(column.type, "impl", column.type)  # UTCDateTime decorates DateTime
        if isinstance(kind, DateTime) and kind.timezone:
            names.append(column.name)
    return frozenset(names)


def _dump_table(
    conn: Connection,
    table: Table,
    aware: frozenset[str],
    tmp: Path,
    expected: int,
    reporter: Reporter,
) -> dict[str, Any]:
    order = list(table.primary_key.columns) or list(table.columns)
    digest = hashlib.sha256()
    rows = 0
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*order)
    )
    with (tmp / f"{table.name}.jsonl").open("wb") as out:
        for partition in result.mappings().partitions():
            for row in partition:
                line = encode_row(row, aware)
                digest.update(line)
                out.write(line)
            rows += len(partition)
            reporter.advance(len(partition))
    if rows != expected:  # cannot happen inside one snapshot; a guard, not a retry
        raise BackupError(f"Table {table.name} changed while it was read; back up again.")
    return {"columns": [c.name for c in table.columns], "rows": rows, "sha256": digest.hexdigest()}


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _skipped_paths(database_url: str, *outputs: Path) -> set[Path]:
    """The SQLite database (copied as rows, never as a live file) and the archive being written."""
    skip = {p.resolve() for p in outputs}
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        db = Path(url.database).resolve()
        skip |= {db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    return skip


def data_files(data_dir: Path, skip: set[Path] | None = None) -> Iterator[tuple[str, Path]]:
    """(posix path relative to the data dir, path) of every file a backup holds, sorted."""
    if not data_dir.is_dir():
        return
    root = data_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if d not in EXCLUDED]
        # Work folders of a backup being written (this one's, if its archive is in here).
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(_WORK_PREFIX))
        for name in sorted(filenames):
            path = here / name
            if here == root and name in EXCLUDED:
                continue
            if path.resolve() in (skip or set()):
                continue
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(root).as_posix(), path


def _add_files(
    tar: tarfile.TarFile,
    data_dir: Path,
    skip: set[Path],
    files_out: dict[str, Any],
    reporter: Reporter,
) -> None:
    found = list(data_files(data_dir, skip))
    reporter.start("Files", len(found))
    for relative, path in found:
        with path.open("rb") as source:
            stat = os.fstat(source.fileno())
            info = tarfile.TarInfo(f"{FILES_DIR}/{relative}")
            info.size = stat.st_size
            info.mtime = int(stat.st_mtime)
            info.mode = 0o600
            reader = _HashingReader(source)
            tar.addfile(info, reader)
        files_out[relative] = {"size": stat.st_size, "sha256": reader.digest.hexdigest()}
        reporter.advance()


class _HashingReader(io.RawIOBase):
    """Hashes exactly the bytes tarfile copies into the archive."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        return data


# --- verify -------------------------------------------------------------------------------


def verify_backup(
    archive: Path, extract_to: Path | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The manifest and every mismatch between it and the archive's content (empty: all good).

    With `extract_to`, the content is also written there (what restore then loads is exactly
    what was checked).
    """
    problems: list[str] = []
    seen_tables: dict[str, tuple[int, str]] = {}
    seen_files: dict[str, tuple[int, str]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                name = member.name
                if not member.isfile():
                    problems.append(f"{name}: not a regular file")
                    continue
                source = tar.extractfile(member)
                assert source is not None
                if name == MANIFEST:
                    manifest = _read_manifest(source.read(), problems)
                    continue
                target = _safe_target(name, extract_to, problems)
                if target is _REJECTED:
                    continue
                if name.startswith(f"{DATABASE_DIR}/") and name.endswith(".jsonl"):
                    table = name[len(DATABASE_DIR) + 1 : -len(".jsonl")]
                    seen_tables[table] = _check_rows(source, target, name, problems)
                else:
                    relative = name[len(FILES_DIR) + 1 :]
                    seen_files[relative] = _copy_hashing(source, target)
    except (OSError, tarfile.TarError, EOFError, zlib.error) as exc:
        return manifest or {}, [*problems, f"The archive cannot be read: {exc}"]
    if manifest is None:
        return {}, [*problems, f"The archive has no {MANIFEST}: it is not a tracker backup."]
    _compare(manifest.get("tables", {}), seen_tables, "table", "rows", problems)
    _compare(manifest.get("files", {}), seen_files, "file", "size", problems)
    return manifest, problems


_REJECTED: Any = object()


def _safe_target(name: str, extract_to: Path | None, problems: list[str]) -> Any:
    path = PurePosixPath(name)
    top = path.parts[0] if path.parts else ""
    if (
        path.is_absolute()
        or ".." in path.parts
        or top not in (DATABASE_DIR, FILES_DIR)
        or len(path.parts) < 2
        or (top == DATABASE_DIR and (len(path.parts) != 2 or path.suffix != ".jsonl"))
    ):
        problems.append(f"{name}: unexpected entry in the archive")
        return _REJECTED
    if extract_to is None:
        return None
    target = extract_to.joinpath(*path.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _read_manifest(body: bytes, problems: list[str]) -> dict[str, Any] | None:
    try:
        manifest = json.loads(body)
    except ValueError as exc:
        problems.append(f"{MANIFEST} is not valid JSON: {exc}")
        return {}
    if manifest.get("format") != FORMAT:
        problems.append(f"{MANIFEST}: not a tracker backup")
    elif manifest.get("format_version") != FORMAT_VERSION:
        problems.append(
            f"{MANIFEST}: backup format {manifest.get('format_version')} is not supported by "
            f"this tracker (format {FORMAT_VERSION}); use the tracker version that made it."
        )
    return manifest


def _check_rows(
    source: IO[bytes], target: Path | None, name: str, problems: list[str]
) -> tuple[int, str]:
    """(row count, SHA-256 of the rows); every line must decode to a row."""
    digest = hashlib.sha256()
    rows = 0
    out = target.open("wb") if target is not None else None
    try:
        for line in source:
            digest.update(line)
            rows += 1
            if out is not None:
                out.write(line)
            try:
                decode_row(line)
            except ValueError as exc:
                problems.append(f"{name}: row {rows} cannot be read ({exc})")
                break
    finally:
        if out is not None:
            out.close()
    return rows, digest.hexdigest()


def _copy_hashing(source: IO[bytes], target: Path | None) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    out = target.open("wb") if target is not None else None
    try:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
    finally:
        if out is not None:
            out.close()
    return size, digest.hexdigest()


def _compare(
    expected: dict[str, Any],
    seen: dict[str, tuple[int, str]],
    kind: str,
    amount: str,
    problems: list[str],
) -> None:
    for name, entry in expected.items():
        if name not in seen:
            problems.append(f"{kind} {name}: listed in the manifest, missing from the archive")
            continue
        count, digest = seen[name]
        if count != entry.get(amount):
            problems.append(
                f"{kind} {name}: the manifest says {entry.get(amount)} {amount}, "
                f"the archive holds {count}"
            )
        elif digest != entry.get("sha256"):
            problems.append(f"{kind} {name}: SHA-256 differs from the manifest's")
    for name in sorted(set(seen) - set(expected)):
        problems.append(f"{kind} {name}: in the archive but not in the manifest")


# --- restore ------------------------------------------------------------------------------


def restore_backup(
    database_url: str,
    data_dir: Path,
    archive: Path,
    *,
    force: bool = False,
    reporter: Reporter | None = None,
) -> RestoreResult:
    """Restore the archive into an empty database and data folder (`force`: replace them)."""
    from tracker.models import metadata

    reporter = reporter or Reporter()
    with tempfile.TemporaryDirectory(prefix="tracker-restore-") as tmp:
        staged = Path(tmp)
        manifest, problems = verify_backup(archive, extract_to=staged)
        if problems:
            raise BackupError("The archive does not match its manifest:\n" + "\n".join(problems))
        revision = manifest["schema_revision"]
        script = ScriptDirectory.from_config(alembic_config(database_url))
        if not _known(script, revision):
            raise BackupError(
                f"The archive's schema revision {revision} is unknown to this tracker "
                f"({__version__}); it was made by a newer version. Restore it with that version."
            )
        heads = set(script.get_heads())
        engine = make_engine(database_url, poolclass=NullPool)
        try:
            known = set(manifest["tables"]) | {t.name for t in metadata.sorted_tables}
            replaced = _refuse_non_empty(engine, data_dir, known, force)
            _drop(engine, known)
            upgrade(database_url, revision)
            result = RestoreResult(revision=revision, upgraded_to=None)
            _load(engine, staged / DATABASE_DIR, manifest, result, reporter)
        finally:
            engine.dispose()
        if revision not in heads:
            upgrade(database_url, "head")
            result.upgraded_to = ", ".join(sorted(heads))
        for path in replaced:  # only once the database is restored
            path.unlink(missing_ok=True)
        result.files = _restore_files(staged / FILES_DIR, data_dir, manifest, reporter)
    return result


def _refuse_non_empty(engine: Engine, data_dir: Path, known: set[str], force: bool) -> list[Path]:
    """The data files a forced restore replaces; raises when there is data and no `force`."""
    found: list[str] = []
    with engine.connect() as conn:
        existing = set(inspect(conn).get_table_names())
        for name in sorted(known & existing):
            table = Table(name, MetaData())
            count = conn.execute(select(func.count()).select_from(table)).scalar_one()
            if count:
                found.append(f"table {name}: {count} rows")
    files = list(data_files(data_dir, _skipped_paths(str(engine.url))))
    if files:
        found.append(f"{len(files)} files in {data_dir}")
    if found and not force:
        raise BackupError(
            "The database or the data folder is not empty; restoring would replace it. "
            "Pass --force to replace it.\n" + "\n".join(found)
        )
    return [path for _relative, path in files]


def _drop(engine: Engine, known: set[str]) -> None:
    """Drop tracker's tables (emptied or empty) so that Alembic builds the archive's schema."""
    with engine.begin() as conn:
        existing = set(inspect(conn).get_table_names())
        reflected = MetaData()
        reflected.reflect(conn, only=sorted((known | {"alembic_version"}) & existing))
        reflected.drop_all(conn)


def _load(
    engine: Engine,
    source: Path,
    manifest: dict[str, Any],
    result: RestoreResult,
    reporter: Reporter,
) -> None:
    wanted = manifest["tables"]
    reporter.start("Database rows", sum(entry["rows"] for entry in wanted.values()))
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # Foreign keys are checked at commit: rows of tables that refer to each other load
            # whatever their order. (PostgreSQL gets them in foreign-key order.)
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        schema = MetaData()
        schema.reflect(conn)
        missing = sorted(set(wanted) - set(schema.tables))
        if missing:
            raise BackupError(f"The schema at {result.revision} has no table {', '.join(missing)}.")
        order = [t for t in schema.sorted_tables if t.name in wanted]
        for table in order:
            unknown = set(wanted[table.name]["columns"]) - set(table.columns.keys())
            if unknown:
                raise BackupError(f"Table {table.name} has no column {', '.join(sorted(unknown))}.")
            path = source / f"{table.name}.jsonl"
            with path.open("rb") as lines:
                batch: list[dict[str, Any]] = []
                for line in lines:
                    batch.append(decode_row(line))
                    if len(batch) >= BATCH:
                        conn.execute(table.insert(), batch)
                        reporter.advance(len(batch))
                        batch = []
                if batch:
                    conn.execute(table.insert(), batch)
                    reporter.advance(len(batch))
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, order)
        for table in order:
            restored = conn.execute(select(func.count()).select_from(table)).scalar_one()
            result.tables.append(TableCount(table.name, wanted[table.name]["rows"], restored))


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Next ids follow the restored ones (rows were inserted with their ids)."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            quoted = conn.dialect.identifier_preparer.quote
            conn.execute(
                text(
                    f"SELECT setval(:sequence, COALESCE(MAX({quoted(column.name)}), 1), "
                    f"MAX({quoted(column.name)}) IS NOT NULL) FROM {quoted(table.name)}"
                ),
                {"sequence": sequence},
            )


def _restore_files(
    source: Path, data_dir: Path, manifest: dict[str, Any], reporter: Reporter
) -> int:
    files = manifest["files"]
    reporter.start("Files", len(files))
    for relative in files:
        target = data_dir.joinpath(*PurePosixPath(relative).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(source.joinpath(*PurePosixPath(relative).parts), partial)
        os.replace(partial, target)
        reporter.advance()
    return len(files)


def default_name(now: dt.datetime | None = None) -> str:
    """tracker-backup-20261204T154352Z.tar.gz: sorts by time, safe in every file system."""
    return f"tracker-backup-{(now or dt.datetime.now(dt.UTC)):%Y%m%dT%H%M%SZ}.tar.gz"
