"""One error type per kind of failure. Services raise these; the app maps them to HTTP."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotAuthenticated(DomainError):
    status_code = 401


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    """The action clashes with the current state or the quantities (409)."""

    status_code = 409


class Invalid(DomainError):
    """The input is well-formed but not acceptable (422)."""

    status_code = 422

    def __init__(self, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.field = field
