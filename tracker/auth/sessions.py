"""Sessions and tokens kept in the database, so that ending one ends it everywhere.

A browser's session cookie (Starlette's signed cookie) carries only a random session id and
its CSRF token; a bearer token (JWT) carries a random `jti`. Both secrets are looked up, as
their SHA-256, in `auth_session`, joined with the account, on every call: one indexed read
returns the session and its user, and a revoked or expired session, or a disabled account,
is refused at once on every worker and machine.

There is deliberately no per-process cache of the answer: the contract says that logout,
disabling an account and a password change end its sessions at once, and any cache would let
a revoked session keep working on the workers that still remember it. The one lookup replaces
the account lookup every call made before, so a call costs what it did. `last_seen_at` is
written at most every `TOUCH_EVERY` per session, never on each call.

These functions do not commit: callers run them inside `write_transaction` (the account
rules in `tracker.auth.service`) or commit themselves.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, true, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tracker.auth.models import AuthSession, SessionKind, User
from tracker.auth.security import create_token
from tracker.db import as_utc, utcnow, write_transaction

WEB_LIFETIME = timedelta(days=14)
TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class Caller:
    """Who is calling, and through which session (to end it on logout)."""

    user: User
    session_id: int
    kind: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(
    session: Session,
    user_id: int,
    kind: SessionKind,
    lifetime: timedelta,
    *,
    user_agent: str = "",
    address: str = "",
) -> tuple[str, AuthSession]:
    """A new session for this account: the secret to hand to the client, and its row."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    row = AuthSession(
        token_hash=digest(secret),
        user_id=user_id,
        kind=kind.value,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        user_agent=user_agent[:300],
        address=address[:64],
    )
    session.add(row)
    session.flush()
    return secret, row


def issue_api_token(
    session: Session,
    user_id: int,
    secret_key: str,
    minutes: int,
    *,
    user_agent: str = "",
    address: str = "",
) -> str:
    """A bearer token (JWT) whose `jti` is a new session's secret. The caller commits."""
    jti, _row = start(
        session,
        user_id,
        SessionKind.api,
        timedelta(minutes=minutes),
        user_agent=user_agent,
        address=address,
    )
    return create_token(user_id, secret_key, minutes, jti=jti)


_USER_COLUMNS = list(User.__table__.columns)  # type: ignore[attr-defined]
_LOOKUP = (
    select(  # type: ignore[call-overload]
        *_USER_COLUMNS,
        AuthSession.id.label("s_id"),  # type: ignore[union-attr]
        AuthSession.last_seen_at.label("s_last_seen"),  # type: ignore[attr-defined]
    )
    .join(User, User.id == AuthSession.user_id)  # type: ignore[arg-type]
    .where(
        AuthSession.token_hash == bindparam("token_hash"),
        AuthSession.kind == bindparam("kind"),
        AuthSession.revoked_at.is_(None),  # type: ignore[union-attr]
        AuthSession.expires_at > bindparam("now"),
        User.is_active == true(),
    )
)


def lookup(engine: Engine, secret: str, kind: SessionKind) -> Caller | None:
    """The live session with this secret and its active account, or None.

    Runs on its own short connection (callers are the auth dependencies, in a worker
    thread). The `User` returned is detached: read it only.
    """
    now = utcnow()
    with Session(engine) as session:
        params = {"token_hash": digest(secret), "kind": kind.value, "now": now}
        row = session.connection().execute(_LOOKUP, params).first()
        if row is None:
            return None
        values = row._mapping
        user = User(**{column.name: values[column.name] for column in _USER_COLUMNS})
        caller = Caller(user=user, session_id=values["s_id"], kind=kind.value)
        last_seen = as_utc(values["s_last_seen"])
        if last_seen is None or now - last_seen > TOUCH_EVERY:
            session.commit()  # end the read: on SQLite the write starts as BEGIN IMMEDIATE
            with write_transaction(session):
                session.connection().execute(
                    update(AuthSession)
                    .where(AuthSession.id == caller.session_id)  # type: ignore[arg-type]
                    .values(last_seen_at=now)
                )
    return caller


def revoke(session: Session, session_id: int, now: datetime | None = None) -> None:
    """End one session (logout). Idempotent."""
    session.connection().execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))  # type: ignore[arg-type, union-attr]
        .values(revoked_at=now or utcnow())
    )


def revoke_secret(session: Session, secret: str) -> None:
    """End the session whose client holds this secret (a cookie being signed out)."""
    session.connection().execute(
        update(AuthSession)
        .where(AuthSession.token_hash == digest(secret), AuthSession.revoked_at.is_(None))  # type: ignore[arg-type, union-attr]
        .values(revoked_at=utcnow())
    )


def revoke_all(session: Session, user_id: int, *, keep: int | None = None) -> int:
    """End every live session and token of this account (except `keep`); how many ended."""
    statement = update(AuthSession).where(
        AuthSession.user_id == user_id,  # type: ignore[arg-type]
        AuthSession.revoked_at.is_(None),  # type: ignore[union-attr]
        AuthSession.expires_at > utcnow(),
    )
    if keep is not None:
        statement = statement.where(AuthSession.id != keep)  # type: ignore[arg-type]
    result = session.connection().execute(statement.values(revoked_at=utcnow()))
    return result.rowcount or 0


def live_sessions(session: Session, user_id: int) -> list[AuthSession]:
    """The account's sessions that still work, newest first (for an "active sessions" list)."""
    statement = (
        select(AuthSession)
        .where(
            AuthSession.user_id == user_id,
            AuthSession.revoked_at.is_(None),  # type: ignore[union-attr]
            AuthSession.expires_at > utcnow(),
        )
        .order_by(AuthSession.created_at.desc())  # type: ignore[attr-defined]
    )
    return list(session.exec(statement).all())
