"""Engine, sessions and transaction helpers.

Writes that check quantities run inside `write_transaction`: on PostgreSQL the service then
locks the rows it reads with `SELECT … FOR UPDATE`; on SQLite the transaction itself starts
with `BEGIN IMMEDIATE`, which serialises writers, because SQLite ignores FOR UPDATE.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import DateTime, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine, select

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

log = logging.getLogger("tracker")
_IMMEDIATE = "tracker_sqlite_immediate"
ModelT = TypeVar("ModelT", bound=SQLModel)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, stored in UTC and always read back time-zone aware (UTC).

    PostgreSQL keeps the zone (timestamptz); SQLite stores text without one and would hand
    back naive datetimes, which the API would then publish without an offset.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        value = as_utc(value).astimezone(UTC)  # type: ignore[union-attr]
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else as_utc(value).astimezone(UTC)  # type: ignore[union-attr]


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        connect_args = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
    # A server that does not answer fails the call in seconds (503), not after the OS's minutes.
    kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS} | kwargs.get(
        "connect_args", {}
    )
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        _ping_when_idle(engine, PING_AFTER_IDLE_SECONDS)
    return engine


# A pooled connection unused for longer than this is tested before it is handed out.
PING_AFTER_IDLE_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 5
# Readiness answers within a probe's usual timeout even when the server does not.
READY_CONNECT_TIMEOUT_SECONDS = 2


def readiness_engine(engine: Engine) -> Engine:
    """What /readyz checks through: a new connection per check on a server database.

    Pooled connections opened earlier keep working while the server refuses new ones (a
    database being restored, `ALLOW_CONNECTIONS false`, max_connections reached), so a check
    through the pool would say "ready" while every call that needs a new connection fails.
    SQLite has no server (and an in-memory database exists only on its own connection).
    """
    if engine.dialect.name == "sqlite":
        return engine
    return create_engine(
        engine.url,
        poolclass=NullPool,
        connect_args={"connect_timeout": READY_CONNECT_TIMEOUT_SECONDS},
    )


def database_answers(engine: Engine) -> bool:
    """Does the database answer a query now (through `readiness_engine`)?"""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        log.warning("readiness check failed", exc_info=True)
        return False
    return True


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Test a pooled connection before use only when it has sat idle for `idle_seconds`.

    What breaks pooled connections (a database restart, a firewall dropping quiet sockets)
    mostly happens while they sit idle. Testing every checkout (`pool_pre_ping`) costs a round
    trip on every call; a connection back in use within seconds is handed out as it is. If the
    database restarted in those seconds, the one call that meets the dead connection fails
    with 503 and nothing changed (its transaction never ran), and SQLAlchemy then discards
    every connection of the pool.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return
        dialect = engine.dialect
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            if dialect.is_disconnect(err, dbapi_connection, None):
                # The pool drops this connection and hands out another.
                raise DisconnectionError() from err
            raise


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself so that we can choose BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        # SQLite's lower() knows only ASCII; searches must fold Cyrillic and ä/ö/å too.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_sqlite(session: Session) -> bool:
    bind = session.get_bind()
    return bind.dialect.name == "sqlite"


# Set in a session's `info` once one of its write transactions has committed.
WROTE = "tracker_wrote"


def committed_a_write(request: Request) -> bool:
    """Did this HTTP request's session commit a change (before whatever failed afterwards)?"""
    session = getattr(request.state, "db_session", None)
    return bool(session is not None and session.info.get(WROTE))


@contextmanager
def write_transaction(session: Session) -> Iterator[Session]:
    """One atomic write: commit on success, roll back on any error.

    Whatever read transaction the session had is ended first, so that on SQLite the write
    starts as BEGIN IMMEDIATE (never upgraded from a read, which could fail under load).
    """
    if session.in_transaction():
        session.commit()
    if is_sqlite(session):
        session.connection(execution_options={_IMMEDIATE: True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    session.info[WROTE] = True


def single_read(session: Session) -> Connection:
    """The connection for a read done in one statement (a list page and its total).

    On PostgreSQL, outside a transaction, it runs in autocommit: one statement is its own
    snapshot, so BEGIN and COMMIT would be two round trips that protect nothing. Inside a
    transaction, and on SQLite (no round trips, and WAL reads want their BEGIN), it is the
    session's own connection.
    """
    if session.in_transaction() or is_sqlite(session):
        return session.connection()
    return session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def end_read(session: Session) -> None:
    """Close a read-only transaction early (releases SQLite snapshots and PG locks)."""
    if session.in_transaction():
        session.commit()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per HTTP request, on the engine the app was created with.

    Async so that FastAPI does not hop to a worker thread to create it: opening a Session
    touches no connection; the routes that use it run in the threadpool. Closing one that
    still holds a transaction is a round trip to the database (ROLLBACK), so it is done in a
    worker thread too: on the event loop it would stall every other request meanwhile.
    """
    session = Session(request.app.state.engine, expire_on_commit=False)
    request.state.db_session = session  # for the error handler: was anything saved?
    try:
        yield session
    finally:
        # This runs once the answer is on its way: an error here could no longer change it,
        # and raised, it would make the server drop the connection mid-answer. A ROLLBACK
        # that fails because the connection was lost has nothing left to undo.
        try:
            if session.in_transaction():
                await run_in_threadpool(session.close)
            else:
                session.close()
        except SQLAlchemyError:
            log.warning("closing a request's session failed", exc_info=True)


SessionDep = Annotated[Session, Depends(get_session)]


def lock_rows(session: Session, model: type[ModelT], ids: Iterable[int]) -> dict[int, ModelT]:
    """Fetch rows by id for update, in id order (a fixed order avoids deadlocks).

    PostgreSQL takes row locks; SQLite is already serialised by BEGIN IMMEDIATE.
    `populate_existing` refreshes objects the session had loaded before the lock.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    statement = (
        select(model)
        .where(model.id.in_(wanted))  # type: ignore[attr-defined]
        .order_by(model.id)  # type: ignore[attr-defined]
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {row.id: row for row in session.exec(statement).all()}  # type: ignore[attr-defined]


# Rows per INSERT statement when writing many records at once (the importer's batches).
WRITE_BATCH = 2000


def insert_many(
    session: Session, table: Any, rows: list[dict[str, Any]], returning_ids: bool = False
) -> list[int]:
    """Batched Core INSERTs (executemany) in the caller's transaction; with `returning_ids`,
    the new ids in the rows' order. The ORM's per-object bookkeeping was most of the time of
    a 10,000-row import."""
    from sqlalchemy import insert

    ids: list[int] = []
    for start in range(0, len(rows), WRITE_BATCH):
        batch = rows[start : start + WRITE_BATCH]
        if returning_ids:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids.extend(session.execute(statement, batch).scalars().all())
        else:
            session.execute(insert(table), batch)
    return ids
