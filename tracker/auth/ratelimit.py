"""Slow down password guessing: a few failures per address and account, then wait."""

from __future__ import annotations

import threading
import time
from collections import deque

from fastapi import Request

from tracker.errors import N_, DomainError


class TooManyAttempts(DomainError):
    status_code = 429


class LoginLimiter:
    """In-process sliding window. Enough for one server; a shared store would be needed for many."""

    def __init__(self, max_failures: int = 10, window_seconds: float = 300.0) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _keys(self, request: Request, email: str) -> list[str]:
        host = request.client.host if request.client else "unknown"
        return [f"ip:{host}", f"email:{email.strip().lower()}"]

    def check(self, request: Request, email: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in self._keys(request, email):
                times = self._failures.get(key)
                while times and now - times[0] > self.window:
                    times.popleft()
                if times and len(times) >= self.max_failures:
                    wait = int(self.window - (now - times[0])) + 1
                    raise TooManyAttempts(
                        N_("Too many failed sign-ins. Try again in %(seconds)s seconds."),
                        seconds=wait,
                    )

    def failed(self, request: Request, email: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in self._keys(request, email):
                self._failures.setdefault(key, deque()).append(now)
