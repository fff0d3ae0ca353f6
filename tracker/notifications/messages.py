"""What each kind of notification says, in the reader's language and time zone.

Msgids are English; the catalogues are `tracker/i18n/locale/<lang>/LC_MESSAGES/
notifications.po`. Params hold codes and raw values (the webhook sends them as they are);
`render` words vocabulary (status, unit, priority, category) and formats dates and times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_datetime, get_timezone_name

from tracker import i18n
from tracker.notifications.models import Kind
from tracker.web.labels import labeller


def _(text: str) -> str:
    """Marks a msgid for extraction."""
    return text


# kind → (title, body). Bodies may be chosen by a `variant` param (see BODY_VARIANTS).
TEXTS: dict[str, tuple[str, str]] = {
    Kind.request_created: (
        _("New request from %(community)s: %(item)s"),
        _(
            "%(community)s needs %(quantity)s %(unit)s of %(item)s (priority: %(priority)s), "
            "by %(needed_by)s."
        ),
    ),
    Kind.pledge_for_request: (
        _("%(partner)s pledged %(item)s for request %(request)s"),
        _("%(partner)s offers %(quantity)s %(unit)s of %(item)s for request %(request)s."),
    ),
    Kind.allocation_created: (
        _("Allocated: %(quantity)s %(unit)s of %(item)s"),
        _(
            "%(quantity)s %(unit)s of %(item)s from %(partner)s are allocated to %(community)s "
            "(request %(request)s)."
        ),
    ),
    Kind.allocation_removed: (
        _("Allocation removed: %(item)s"),
        _(
            "The allocation of %(quantity)s %(unit)s of %(item)s from %(partner)s to "
            "%(community)s (request %(request)s) was removed."
        ),
    ),
    Kind.shipment_moved: (
        _("Shipment %(reference)s: %(status)s"),
        _(
            "Shipment %(reference)s to %(community)s is now %(status)s. Place: %(place)s. "
            "Time: %(time)s."
        ),
    ),
    Kind.receipt_signed: (
        _("Receipt signed for shipment %(reference)s"),
        _(
            "%(community)s signed the receipt for shipment %(reference)s at %(time)s "
            "(received by %(received_by)s)."
        ),
    ),
    Kind.awaiting_receipt: (
        _("Shipment %(reference)s is waiting for your receipt"),
        _(
            "Shipment %(reference)s arrived at %(time)s and has no receipt yet. Check the goods "
            "and sign the receipt."
        ),
    ),
    Kind.shipment_delayed: (
        _("Shipment %(reference)s needs attention"),
        _(
            "Shipment %(reference)s to %(community)s is %(status)s and has had no news since "
            "%(time)s."
        ),
    ),
    Kind.comment_added: (
        _("%(author)s (%(organization)s) commented on %(subject)s"),
        _("%(author)s (%(organization)s) wrote at %(time)s: %(excerpt)s"),
    ),
}
BODY_VARIANTS: dict[tuple[str, str], str] = {
    (Kind.shipment_delayed, "late"): _(
        "Shipment %(reference)s to %(community)s was needed by %(needed_by)s and is still "
        "%(status)s."
    ),
}
NOTE = _("Note: %(note)s")
KIND_NAMES: dict[str, str] = {
    Kind.request_created: _("A new request in a twin city"),
    Kind.pledge_for_request: _("A pledge for our request"),
    Kind.allocation_created: _("An allocation"),
    Kind.allocation_removed: _("A removed allocation"),
    Kind.shipment_moved: _("A shipment moves"),
    Kind.receipt_signed: _("A receipt is signed"),
    Kind.awaiting_receipt: _("A shipment waits for our receipt"),
    Kind.shipment_delayed: _("A shipment is late or stuck"),
    Kind.comment_added: _("A comment in a thread we take part in"),
}
# Words of the e-mails around the message.
OPEN = _("Open in tracker: %(link)s")
WHY = _("You receive this e-mail because of your notification settings: %(preferences)s")
SETTINGS = _("Notification settings")
DIGEST_SUBJECT = _("tracker: your daily summary (%(count)s)")
DIGEST_INTRO = _("What happened since your last summary:")

# Params that are vocabulary codes, and the vocabulary that words them.
_VOCABULARY = {
    "status": "shipment_status",
    "unit": "unit",
    "priority": "priority",
    "category": "category",
}


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "Europe/Kyiv")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Kyiv")


def moment(value: dt.datetime, lang: str, tz: str | None) -> str:
    """A time in the reader's zone and locale, with the zone's abbreviation."""
    tzinfo = zone(tz)
    locale = Locale.parse(i18n.pick_language(lang, None))
    local = value.astimezone(tzinfo) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    text = format_datetime(local, format="short", tzinfo=tzinfo, locale=locale)
    abbreviation = local.astimezone(tzinfo).tzname() or get_timezone_name(tzinfo, locale=locale)
    return f"{text} {abbreviation}"


def _word(params: dict[str, Any], lang: str, tz: str | None, tr: Callable[[str], str]) -> dict:
    label = labeller(tr)
    locale = Locale.parse(i18n.pick_language(lang, None))
    worded: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, str) and name.endswith("_at"):
            value = dt.datetime.fromisoformat(value)
        if name in _VOCABULARY and isinstance(value, str):
            worded[name] = label(_VOCABULARY[name], value)
        elif isinstance(value, dt.datetime):
            worded[name] = moment(value, lang, tz)
        elif isinstance(value, dt.date):
            worded[name] = format_date(value, format="medium", locale=locale)
        elif isinstance(value, str) and name == "needed_by" and value:
            worded[name] = format_date(dt.date.fromisoformat(value), "medium", locale=locale)
        elif value is None or value == "":
            worded[name] = "—"
        else:
            worded[name] = value
    worded.setdefault("time", worded.get("event_at", "—"))
    return worded


def _safe(template: str, translated: str, params: dict[str, Any]) -> str:
    try:
        return translated % params
    except (KeyError, ValueError, TypeError):  # a broken translation: English beats nothing
        return template % params


def render(kind: str, params: dict[str, Any], lang: str, tz: str | None) -> tuple[str, str]:
    """The title and body of a notification for a reader of `lang` in zone `tz`."""
    tr = i18n.translations(i18n.pick_language(lang, None)).gettext
    worded = _word(params, lang, tz, tr)
    title_id, body_id = TEXTS[kind]
    body_id = BODY_VARIANTS.get((kind, params.get("variant", "")), body_id)
    title = _safe(title_id, tr(title_id), worded)
    body = _safe(body_id, tr(body_id), worded)
    if params.get("note"):
        body += "\n" + _safe(NOTE, tr(NOTE), worded)
    return title[:300], body


def text(msgid: str, lang: str, **params: Any) -> str:
    """One of the e-mail's own sentences in `lang`."""
    tr = i18n.translations(i18n.pick_language(lang, None)).gettext
    return _safe(msgid, tr(msgid), params) if params else tr(msgid)
