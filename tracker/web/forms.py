"""Form handling for pages: the same pydantic schemas as the API, errors beside the fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Annotated, Any, TypeVar, get_args

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from tracker import i18n
from tracker.errors import Conflict, Forbidden, Invalid
from tracker.web.render import error_text, language

M = TypeVar("M", bound=BaseModel)


async def form_data(request: Request) -> dict[str, str]:
    """The posted form's text fields (read once; the CSRF check reads the same parsed form)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormData = Annotated[dict[str, str], Depends(form_data)]


async def form_lists(request: Request) -> dict[str, list[str]]:
    """Every text value of each posted field, in order: checkboxes and repeated rows send the
    same name several times, which `FormData` (one value per name) would drop."""
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


FormLists = Annotated[dict[str, list[str]], Depends(form_lists)]


def translator(request: Request) -> Callable[[str], str]:
    """Plain gettext in the page's language, for messages written in views."""
    return i18n.gettext_for(language(request))


def _message(error: dict[str, Any], _: Callable[[str], str]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("missing", "string_too_short") and ctx.get("min_length", 1) <= 1:
        return _("This field is required.")
    if kind in ("string_too_short", "too_short"):  # too_short: optional text (tracker.fields)
        return _("Too short: at least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind == "control_characters":
        return _("Remove control characters (NUL bytes, line breaks) from this text.")
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


def _is_number(annotation: Any) -> bool:
    """int, float or Decimal, also inside Optional/Annotated/conint-style wrappers."""
    if isinstance(annotation, type):
        return issubclass(annotation, int | float | Decimal) and not issubclass(annotation, bool)
    return any(_is_number(arg) for arg in get_args(annotation))


def number_fields(model: type[BaseModel]) -> set[str]:
    return {name for name, f in model.model_fields.items() if _is_number(f.annotation)}


def parse_form(
    model: type[M], form: dict[str, Any], _: Callable[[str], str]
) -> tuple[M | None, dict[str, str]]:
    """The validated model, or None and a message per field (in the page's language).

    Empty strings mean "not given", as browsers send every field.
    """
    data = {k: v for k, v in form.items() if v not in ("", None) and k != "csrf_token"}
    for name in number_fields(model) & data.keys():
        if isinstance(data[name], str):  # "18 500,50" as typed → "18500.50"
            data[name] = i18n.normalize_number(data[name])
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error.get("loc") else "__all__"
            errors.setdefault(field, _message(error, _))  # type: ignore[arg-type]
        return None, errors


def service_problem(
    request: Request,
    exc: Invalid | Conflict | Forbidden,
    errors: dict[str, str],
    fields: Iterable[str],
) -> str | None:
    """Put a service's message beside its field when it names one, else return it for the top."""
    field = getattr(exc, "field", None)
    if field in set(fields):
        errors[field] = error_text(request, exc)
        return None
    return error_text(request, exc)


def submit_form(
    request: Request,
    model: type[M],
    values: dict[str, Any],
    fields: Iterable[str],
    save: Callable[[M], str],
    form_again: Callable[..., Response],
) -> Response:
    """A form's round trip: validate `values` with the API's schema and `save` them, then go to
    the address `save` returns (303). On bad input the form comes back with a message beside
    each field (422); when the service refuses, with its message beside the field it names or
    above the form, and its status. `form_again` draws the form with `errors`, `problem` and
    `status`."""
    data, errors = parse_form(model, values, translator(request))
    if data is None:
        return form_again(errors=errors, status=422)
    try:
        location = save(data)
    except (Invalid, Conflict, Forbidden) as exc:
        problem = service_problem(request, exc, errors, fields)
        return form_again(errors=errors, problem=problem, status=exc.status_code)
    return RedirectResponse(location, status_code=303)
