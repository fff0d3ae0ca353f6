"""The change history in words: "Quantity: 3 → 4 · Olena Koval · 4 Dec 2026, 16:35 EET".

The audit trail stores field names and JSON values (ISO dates, codes, decimal strings); pages
show the field's name, the value as the reader writes it, and who changed it by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

from tracker import i18n
from tracker.audit.models import AuditEntry
from tracker.auth.models import User
from tracker.web.labels import labeller


def _(text: str) -> str:
    """Marks a msgid for extraction; translated when shown."""
    return text


FIELD_NAMES: dict[str, str] = {
    "category": _("Category"),
    "item": _("Item"),
    "quantity": _("Quantity"),
    "unit": _("Unit"),
    "priority": _("Priority"),
    "needed_by": _("Needed by"),
    "destination": _("Destination"),
    "origin": _("Origin"),
    "justification": _("Why it is needed"),
    "status": _("Status"),
    "available_from": _("Available from"),
    "value_amount": _("Value"),
    "currency": _("Currency"),
    "request_id": _("For request"),
    "community_id": _("Community"),
    "partner_id": _("Partner"),
    "quantity_allocated": _("Allocated"),
    "quantity_withdrawn": _("Withdrawn"),
    "quantity_shipped": _("Shipped"),
    "quantity_delivered": _("Delivered"),
    "quantity_damaged": _("Damaged"),
    "quantity_missing": _("Missing"),
    "admin1": _("Oblast"),
    "reference": _("Reference"),
    "last_location": _("Last known place"),
    "note": _("Note"),
}
# Bookkeeping that says nothing to a reader (the time is the entry's own; coordinates follow
# the place name, which is shown).
HIDDEN = {"id", "created_at", "updated_at", "created_by_id", "latitude", "longitude"}
VOCABULARY = {"category", "unit", "priority", "condition"}
NUMBERS = {"quantity", "value_amount"} | {k for k in FIELD_NAMES if k.startswith("quantity_")}
DATES = {"needed_by", "available_from"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    action: str
    who: str
    email: str | None
    at: dt.datetime
    first: bool
    changes: list[Change] = field(default_factory=list)


class Describer:
    """Field names and values of one entity's history in one language and time zone."""

    def __init__(self, entity: str, lang: str, tz: str) -> None:
        self.entity, self.lang, self.tz = entity, lang, tz
        self.tr: Callable[[str], str] = i18n.translations(lang).gettext
        self.label = labeller(self.tr)

    def field_name(self, key: str) -> str:
        known = FIELD_NAMES.get(key)
        return self.tr(known) if known else key.replace("_", " ").capitalize()

    def value(self, key: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if key == "status" and isinstance(value, str):
            return self.label(f"{self.entity}_status", value)
        if key in VOCABULARY and isinstance(value, str):
            return self.label(key, value)
        if key in DATES and isinstance(value, str):
            try:
                return i18n.day(dt.date.fromisoformat(value[:10]), self.lang)
            except ValueError:
                return value
        if key.endswith("_at") and isinstance(value, str):
            try:
                return i18n.moment(value, self.lang, self.tz)
            except ValueError:
                return value
        if key in NUMBERS and not isinstance(value, bool):
            try:
                return i18n.number(Decimal(str(value)), self.lang)
            except InvalidOperation:
                return str(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return i18n.number(value, self.lang)
        return str(value)

    def changes(self, before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
        keys = [k for k in dict.fromkeys([*before, *after]) if k not in HIDDEN]
        return [
            Change(self.field_name(k), self.value(k, before.get(k)), self.value(k, after.get(k)))
            for k in keys
            if before.get(k) != after.get(k)
        ]


def describe(
    session: Session,
    rows: Iterable[tuple[AuditEntry, str | None]],
    entity: str,
    lang: str,
    tz: str,
) -> list[HistoryEntry]:
    """Audit rows (entry, actor's e-mail) as readable history, newest first as given."""
    rows = list(rows)
    emails = {email for _entry, email in rows if email}
    names: dict[str, str] = {}
    if emails:
        found = session.exec(select(User.email, User.full_name).where(User.email.in_(emails)))
        names = {email: name for email, name in found if name}
    words = Describer(entity, lang, tz)
    history = []
    for entry, email in rows:
        first = entry.action == "create"
        history.append(
            HistoryEntry(
                action=entry.action,
                who=names.get(email or "", email or words.tr("system")),
                email=email,
                at=entry.at,
                first=first,
                changes=[] if first else words.changes(entry.before or {}, entry.after or {}),
            )
        )
    return history
