"""One error type per kind of failure. Services raise these; the app maps them to HTTP.

A message is an English %-format template with named params, marked with `N_` so the
catalogues pick it up:

    raise Conflict(N_("Pledge %(pledge)s was withdrawn."), pledge=7)

`exc.detail` is the English text (the JSON API's `detail`); `exc.translated(gettext)` is the
same message in a page's language. With params the template is %-formatted (write a literal
`%` as `%%`; a list param is joined with ", "); without params it is used as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Vocabulary = Callable[[str, Any], Any]


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def _format(template: str, params: Mapping[str, Any]) -> str:
    """`template % params` (a list param reads "3, 5, 8"); without params, the template."""
    if not params:
        return template
    flat = {
        name: ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
        for name, value in params.items()
    }
    return template % flat


class DomainError(Exception):
    status_code = 400

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        self.detail = _format(template, params)
        super().__init__(self.detail)

    def translated(
        self, gettext: Callable[[str], str], vocabulary: Vocabulary | None = None
    ) -> str:
        """The message in `gettext`'s language; `vocabulary(name, value)` words the params
        (a list param item by item)."""
        params = self.params
        if vocabulary is not None:
            params = {
                name: [vocabulary(name, v) for v in value]
                if isinstance(value, list | tuple)
                else vocabulary(name, value)
                for name, value in params.items()
            }
        try:
            return _format(gettext(self.template), params)
        except (KeyError, ValueError, TypeError):  # a broken translation: English beats nothing
            return _format(self.template, params)


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
    """The input is well-formed but not acceptable (422); `field` names the input at fault."""

    status_code = 422

    def __init__(self, template: str, field: str | None = None, **params: Any) -> None:
        super().__init__(template, **params)
        self.field = field
