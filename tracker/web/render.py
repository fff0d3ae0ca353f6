"""Rendering pages: one Jinja2 environment (autoescape on, gettext), full page or fragment.

A page template extends `base.html` and names the regions htmx swaps as blocks. `render`
returns the whole page for a normal request (and for htmx history restores or full-page
swaps) and only the named block for an htmx partial request; `Vary` keeps caches honest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader
from jinja2.ext import _make_new_gettext, _make_new_ngettext
from jinja2_fragments.fastapi import Jinja2Blocks

from tracker import i18n
from tracker.errors import DomainError
from tracker.geo.forms import place_choices
from tracker.web.labels import LABELS, labeller
from tracker.web.security import csrf_token, session_user

PACKAGE = Path(__file__).resolve().parent.parent  # templates and static ship inside tracker/
STATIC_DIR = PACKAGE / "static"
_env = Environment(
    loader=FileSystemLoader(str(PACKAGE / "templates")),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
)
_env.policies["ext.i18n.trimmed"] = True
_env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
_env.globals["place_choices"] = place_choices
templates = Jinja2Blocks(env=_env)


def user_language(user: Any) -> str | None:
    """The signed-in user's own language setting (`User.language`), if the account has one.

    The one place pages read the setting: the `language` column arrives with the account
    settings; until then, and for signed-out visitors, this is None."""
    code = getattr(user, "language", None) if user is not None else None
    return code if isinstance(code, str) and code in i18n.PAGE_LANGUAGES else None


def user_timezone(user: Any) -> str:
    """The reader's IANA time zone: the user's own setting (`User.timezone`, arriving with the
    account settings) if valid, else Europe/Kyiv. The one place pages read it."""
    name = getattr(user, "timezone", None) if user is not None else None
    return i18n.zone(name if isinstance(name, str) else None).key


def language(request: Request) -> str:
    """?lang=, then the user's setting, then the `lang` cookie the switcher sets (signed-out
    visitors), then the browser's Accept-Language, then Ukrainian."""
    explicit = request.query_params.get("lang")
    if explicit and explicit in i18n.PAGE_LANGUAGES:
        return explicit
    return i18n.pick_language(
        user_language(session_user(request)) or request.cookies.get("lang"),
        request.headers.get("accept-language"),
        i18n.PAGE_LANGUAGES,
    )


# The list filters each export accepts (`/api/v1/export/{kind}.csv`, which the session
# cookie opens for GET).
EXPORT_FILTERS = {
    "requests": ("status", "category", "community_id", "priority", "q"),
    "pledges": ("status", "category", "partner_id", "q"),
    "shipments": ("status", "category", "community_id", "partner_id", "q"),
}


def export_url(kind: str, filters: dict[str, Any] | None = None, hxl: bool = False) -> str:
    """The CSV export of a list with the list's filters (empty ones left out)."""
    params = [
        (key, str(value))
        for key, value in (filters or {}).items()
        if key in EXPORT_FILTERS[kind] and value not in (None, "")
    ]
    if hxl:
        params.append(("hxl", "true"))
    query = urlencode(params)
    return f"/api/v1/export/{kind}.csv" + (f"?{query}" if query else "")


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_fragment(request: Request) -> bool:
    return (
        is_htmx(request)
        and request.headers.get("HX-Request-Type") != "full"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _vocabulary_kind(name: str) -> str | None:
    """The vocabulary a message param holds, by its name: `unit`, `request_unit` → "unit";
    `shipment_status`, `target_shipment_status` → "shipment_status"; `roles` → "role"."""
    for candidate in (name, name.removesuffix("s")):
        for kind in LABELS:
            if candidate == kind or candidate.endswith("_" + kind):
                return kind
    return None


def error_text(request: Request, exc: DomainError) -> str:
    """A service's error message in the page's language (vocabulary params in words)."""
    tr = i18n.translations(language(request)).gettext
    label = labeller(tr)

    def vocabulary(name: str, value: Any) -> Any:
        kind = _vocabulary_kind(name)
        return label(kind, value) if kind and isinstance(value, str) else value

    return exc.translated(tr, vocabulary)


def page_context(request: Request) -> dict[str, Any]:
    lang = language(request)
    tz = user_timezone(session_user(request))
    tr = i18n.translations(lang)
    return {
        "lang": lang,
        "languages": {code: i18n.LANGUAGE_NAMES[code] for code in i18n.PAGE_LANGUAGES},
        # The i18n extension's "newstyle" wrappers: autoescaping and %(name)s formatting.
        "gettext": _make_new_gettext(tr.gettext),
        "ngettext": _make_new_ngettext(tr.ngettext),
        "_": _make_new_gettext(tr.gettext),
        "tr": tr.gettext,
        "label": labeller(tr.gettext),
        "vocab": LABELS,
        "user": session_user(request),
        "csrf_token": csrf_token(request),
        "num": lambda value: i18n.number(value, lang),
        "qty": lambda value, unit: i18n.quantity(value, unit, lang),
        "day": lambda value: i18n.day(value, lang, tz),
        "moment": lambda value: i18n.moment(value, lang, tz),
        "path": request.url.path,
        "export_url": export_url,
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    block: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The page, or only `block` of it when htmx asks for a fragment."""
    full_context = page_context(request) | (context or {})
    block_name = block if block and wants_fragment(request) else None
    response = templates.TemplateResponse(
        request, name, full_context, status_code=status, block_name=block_name
    )
    response.headers["Vary"] = "HX-Request, HX-Request-Type, Cookie"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response
