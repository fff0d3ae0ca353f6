"""Form handling for pages: the same pydantic schemas as the API, errors beside the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def _message(error: dict[str, Any], _: Callable[[str], str]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("missing", "string_too_short") and ctx.get("min_length", 1) <= 1:
        return _("This field is required.")
    if kind == "string_too_short":
        return _("Too short: at least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind == "string_too_long":
        return _("Too long: at most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind in ("greater_than", "greater_than_equal"):
        limit = ctx.get("gt", ctx.get("ge"))
        if kind == "greater_than":
            return _("Must be greater than %(n)s.") % {"n": limit}
        return _("Must be at least %(n)s.") % {"n": limit}
    if kind in ("less_than", "less_than_equal"):
        return _("Must be at most %(n)s.") % {"n": ctx.get("lt", ctx.get("le"))}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("Enter a whole number.")
    if kind in ("decimal_parsing", "float_parsing", "decimal_type", "float_type"):
        return _("Enter a number.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a date (YYYY-MM-DD).")
    if kind == "enum" or kind == "literal_error":
        return _("Choose one of the options.")
    if kind == "value_error":
        return (
            _("This value is not valid.")
            + " "
            + str(error.get("msg", "")).removeprefix("Value error, ")
        )
    return _("This value is not valid.")


def parse_form(
    model: type[M], form: dict[str, Any], _: Callable[[str], str]
) -> tuple[M | None, dict[str, str]]:
    """The validated model, or None and a message per field (in the page's language).

    Empty strings mean "not given", as browsers send every field.
    """
    data = {k: v for k, v in form.items() if v not in ("", None) and k != "csrf_token"}
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error.get("loc") else "__all__"
            errors.setdefault(field, _message(error, _))  # type: ignore[arg-type]
        return None, errors
