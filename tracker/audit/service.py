"""Writing and reading the audit trail. Every change to the aid records goes through `record`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from tracker.audit.models import AuditEntry
from tracker.auth.models import User
from tracker.db import insert_many, utcnow


def snapshot(obj: SQLModel, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of a row's columns (or the named ones), for before/after."""
    data = obj.model_dump(include=set(fields) if fields else None)
    return {key: _json_safe(value) for key, value in data.items()}


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the keys whose values differ, on both sides."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    session: Session,
    actor: User | None,
    entity: str,
    entity_id: int | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit row in the caller's transaction (so it commits or rolls back with it)."""
    assert entity_id is not None, "audit needs a flushed row"
    session.add(
        AuditEntry(
            actor_id=actor.id if actor else None,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
        )
    )


def record_many(
    session: Session,
    actor: User | None,
    entity: str,
    action: str,
    entries: list[tuple[int, dict[str, Any]]],
) -> None:
    """Audit rows `(entity_id, after)` for many records at once, as batched INSERTs in the
    caller's transaction (what `record` does one row at a time)."""
    now = utcnow()
    actor_id = actor.id if actor else None
    rows = [
        {
            "at": now,
            "actor_id": actor_id,
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "before": None,
            "after": {key: _json_safe(value) for key, value in after.items()},
        }
        for entity_id, after in entries
    ]
    insert_many(session, AuditEntry.__table__, rows)


def list_entries(
    session: Session, entity: str | None, entity_id: int | None, limit: int, offset: int
) -> tuple[list[tuple[AuditEntry, str | None]], int]:
    query = select(AuditEntry, User.email).join(User, isouter=True)
    count = select(func.count()).select_from(AuditEntry)
    if entity:
        query = query.where(AuditEntry.entity == entity)
        count = count.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
        count = count.where(AuditEntry.entity_id == entity_id)
    rows = session.exec(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)).all()
    return [(row[0], row[1]) for row in rows], session.exec(count).one()
