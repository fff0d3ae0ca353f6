"""Who is active, remembered for a few seconds.

Every API call and page needs its caller's account. Reading it costs a database round trip
and a hop to a worker thread (database calls never run on the event loop), which was most of
the cost of a cheap call. Remembering the answer for `TRACKER_AUTH_CACHE_SECONDS` (default 5)
keeps the check per account, not per call. The price: an account disabled in the database keeps
working in each server process for at most that long. 0 looks the account up on every call.
"""

from __future__ import annotations

from cachetools import TTLCache
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from tracker.auth.models import User
from tracker.auth.service import active_user

MAX_ACCOUNTS = 10_000


class ActiveUsers:
    """Active accounts by id, each answer kept at most `seconds`; used only from the event loop."""

    def __init__(self, engine: Engine, seconds: float) -> None:
        self._engine = engine
        self._known: TTLCache[int, User | None] | None = (
            TTLCache(maxsize=MAX_ACCOUNTS, ttl=seconds) if seconds > 0 else None
        )

    async def get(self, user_id: int) -> User | None:
        """The active account with this id, or None for an unknown or disabled one.

        The `User` returned is detached and may be shared by concurrent calls: read it only.
        """
        if self._known is not None and user_id in self._known:
            return self._known[user_id]
        user = await run_in_threadpool(self._load, user_id)
        if self._known is not None:
            self._known[user_id] = user
        return user

    def clear(self) -> None:
        """Forget every answer (after accounts were changed or removed in bulk)."""
        if self._known is not None:
            self._known.clear()

    def _load(self, user_id: int) -> User | None:
        with Session(self._engine) as session:
            return active_user(session, user_id)
