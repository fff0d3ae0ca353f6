"""Who hears what: notifications written in the same transaction as the change that causes them.

Domain services call one function here from inside their `write_transaction` (the hooks at
the bottom: `request_created`, `shipment_moved`, …). `notify` writes, on the caller's Session,
one `NotificationEvent`, an in-app `Notification` per recipient (in the recipient's language
and time zone), an `OutboxMessage` e-mail for those who want it immediately and a webhook
message per organization that asked for one. The caller's commit makes them real; a rollback
takes them away with the change. Delivery is `tracker.notifications.worker`'s job.

`enqueue_email` is the way to send any e-mail to an address (invitations, password resets):
call it inside the transaction that creates the token.

Preferences: per kind, `immediately` (an e-mail each time), `daily` (one digest e-mail a day)
or `off` (no e-mail). The in-app inbox lists every notification whatever the preference.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from tracker import i18n
from tracker.auth import service as accounts
from tracker.auth.models import User
from tracker.config import get_settings
from tracker.db import utcnow, write_transaction
from tracker.errors import N_, Invalid, NotFound
from tracker.notifications import egress, messages
from tracker.notifications.models import (
    Channel,
    Delivery,
    Kind,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationRead,
    OutboxMessage,
    WebhookEndpoint,
)
from tracker.vocab import Role

log = logging.getLogger("tracker.notifications")

_email_env = Environment(
    loader=FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
    autoescape=select_autoescape(default=True),
)
PREFERENCES_PATH = "/notifications/preferences"


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# Outbox ---------------------------------------------------------------------------------------


def _message_id(key: str | None) -> str:
    """An RFC 5322 Message-ID; the same `key` always gives the same id (and the unique column
    refuses a second message with it)."""
    settings = get_settings()
    domain = settings.mail_from.rsplit("@", 1)[-1].strip(" >") or "tracker.localhost"
    local = hashlib.sha256(key.encode()).hexdigest()[:32] if key else uuid.uuid4().hex
    return f"<{local}@{domain}>"


def enqueue_email(
    session: Session,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    *,
    user_id: int | None = None,
    headers: dict[str, str] | None = None,
    key: str | None = None,
) -> OutboxMessage:
    """Queue an e-mail to any address, in the caller's transaction (commit sends it).

    `key` makes the message once-only: a second message with the same key is refused by the
    database (IntegrityError). Nothing is sent here; the worker delivers after the commit.
    """
    message = OutboxMessage(
        channel=Channel.email,
        recipient=to.strip(),
        user_id=user_id,
        message_id=_message_id(key),
        # One line: a line break in a header would be refused by every send (or inject one).
        subject=" ".join(subject.split())[:300],
        body_text=text,
        body_html=html,
        headers=json.dumps(headers or {}),
    )
    session.add(message)
    return message


def _preferences_url() -> str:
    return get_settings().base_url + PREFERENCES_PATH


def _absolute(link: str) -> str:
    return get_settings().base_url + link if link.startswith("/") else link


def compose_email(
    items: list[dict[str, str]], subject: str, lang: str, intro: str = ""
) -> tuple[str, str, dict[str, str]]:
    """Plain text, HTML (escaped by Jinja) and headers of an e-mail telling `items`."""
    preferences = _preferences_url()
    parts = [intro] if intro else []
    for item in items:
        block = [item["title"], item["body"]]
        if item.get("link"):
            block.append(messages.text(messages.OPEN, lang, link=item["link"]))
        parts.append("\n".join(block))
    parts.append("-- \n" + messages.text(messages.WHY, lang, preferences=preferences))
    html = _email_env.get_template("email.html").render(
        lang=lang,
        subject=subject,
        items=items,
        open_label=messages.text(messages.OPEN, lang, link="").rstrip(": ").rstrip(),
        settings_label=messages.text(messages.SETTINGS, lang),
        preferences=preferences,
    )
    headers = {"List-Unsubscribe": f"<{preferences}>", "Content-Language": lang}
    return "\n\n".join(parts), html, headers


# Notify ---------------------------------------------------------------------------------------


def _recipients(
    session: Session,
    org_ids: Iterable[int],
    coordinators: bool,
    actor: User | None,
    user_ids: Iterable[int] = (),
) -> list[User]:
    orgs = sorted({o for o in org_ids if o is not None})
    clauses = []
    named = sorted(set(user_ids))
    if named:
        clauses.append(col(User.id).in_(named))
    if orgs:
        clauses.append(
            col(User.organization_id).in_(orgs) & col(User.role).in_([Role.community, Role.partner])
        )
    if coordinators:
        clauses.append(col(User.role) == Role.coordinator)
    if not clauses:
        return []
    condition = or_(*clauses)
    users = session.exec(select(User).where(condition, col(User.is_active)).order_by(User.id)).all()
    actor_id = actor.id if actor else None
    return [u for u in users if u.id != actor_id]


def _deliveries(session: Session, user_ids: list[int], kind: str) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.exec(
        select(NotificationPreference).where(
            col(NotificationPreference.user_id).in_(user_ids), NotificationPreference.kind == kind
        )
    ).all()
    return {row.user_id: row.delivery for row in rows}


def notify(
    session: Session,
    kind: Kind,
    *,
    params: dict[str, Any],
    link: str,
    orgs: Iterable[int] = (),
    coordinators: bool = False,
    actor: User | None = None,
    key: str | None = None,
    user_ids: Iterable[int] = (),
) -> NotificationEvent | None:
    """Tell the staff of `orgs` (and coordinators, and the accounts `user_ids`) that `kind`
    happened. Call it inside the transaction of the change. With `key`, an event already told
    is not told again (None)."""
    org_ids = [o for o in orgs if o is not None]
    if key is not None:
        told = session.exec(select(NotificationEvent.id).where(NotificationEvent.key == key))
        if told.first() is not None:
            return None
    safe = {name: _json_safe(value) for name, value in params.items()}
    event = NotificationEvent(kind=kind, key=key, payload=json.dumps(safe, ensure_ascii=False))
    session.add(event)
    session.flush()
    users = _recipients(session, org_ids, coordinators, actor, user_ids)
    deliveries = _deliveries(session, [u.id for u in users], kind)  # type: ignore[misc]
    for user in users:
        delivery = deliveries.get(user.id, Delivery.immediately)  # type: ignore[arg-type]
        title, body = messages.render(kind, params, reading_language(user), user.timezone)
        session.add(
            Notification(
                user_id=user.id,  # type: ignore[arg-type]
                event_id=event.id,
                kind=kind,
                title=title,
                body=body,
                link=link,
                created_at=event.created_at,
                digest_pending=delivery == Delivery.daily,
            )
        )
        if delivery == Delivery.immediately:
            item = {"title": title, "body": body, "link": _absolute(link)}
            text, html, headers = compose_email([item], title, reading_language(user))
            enqueue_email(
                session,
                user.email,
                title,
                text,
                html,
                user_id=user.id,
                headers=headers,
                key=f"event-{event.id}-user-{user.id}",
            )
    _enqueue_webhooks(session, event, org_ids, safe, link)
    return event


def _enqueue_webhooks(
    session: Session, event: NotificationEvent, org_ids: list[int], params: dict, link: str
) -> None:
    if not org_ids:
        return
    endpoints = session.exec(
        select(WebhookEndpoint).where(
            col(WebhookEndpoint.organization_id).in_(sorted(set(org_ids))),
            col(WebhookEndpoint.active),
        )
    ).all()
    for endpoint in endpoints:
        delivery = f"event-{event.id}-webhook-{endpoint.id}"
        body = {
            "id": delivery,
            "event": event.kind,
            "created_at": _json_safe(event.created_at),
            "organization_id": endpoint.organization_id,
            "link": _absolute(link),
            "data": params,
        }
        session.add(
            OutboxMessage(
                channel=Channel.webhook,
                recipient=endpoint.url,
                webhook_id=endpoint.id,
                message_id=delivery,
                subject=event.kind,
                payload=json.dumps(body, ensure_ascii=False, sort_keys=True),
            )
        )


# Hooks called by the domain services (one line each, inside their transaction) -------------


def _org_name(session: Session, org_id: int | None) -> str:
    from tracker.orgs.models import Organization

    org = session.get(Organization, org_id) if org_id else None
    return org.name if org else ""


def request_created(session: Session, request: Any, actor: User | None) -> None:
    """A new request: the partners twinned with the community hear of it."""
    from tracker.orgs.models import Partnership

    partners = session.exec(
        select(Partnership.partner_id).where(Partnership.community_id == request.community_id)
    ).all()
    notify(
        session,
        Kind.request_created,
        params={
            "request": request.id,
            "community": _org_name(session, request.community_id),
            "item": request.item,
            "quantity": request.quantity,
            "unit": request.unit,
            "priority": request.priority,
            "category": request.category,
            "needed_by": request.needed_by,
        },
        link=f"/requests/{request.id}",
        orgs=partners,
        actor=actor,
    )


def pledge_created(session: Session, pledge: Any, actor: User | None) -> None:
    """A pledge aimed at a request: the community and the partner hear of it."""
    if pledge.request_id is None:
        return
    from tracker.requests.models import AidRequest

    request = session.get(AidRequest, pledge.request_id)
    if request is None:
        return
    notify(
        session,
        Kind.pledge_for_request,
        params={
            "pledge": pledge.id,
            "request": request.id,
            "partner": _org_name(session, pledge.partner_id),
            "community": _org_name(session, request.community_id),
            "item": pledge.item,
            "quantity": pledge.quantity,
            "unit": pledge.unit,
        },
        link=f"/requests/{request.id}",
        orgs=[request.community_id, pledge.partner_id],
        actor=actor,
    )


def _allocation(
    session: Session, kind: Kind, allocation: Any, request: Any, pledge: Any, actor: User | None
) -> None:
    notify(
        session,
        kind,
        params={
            "allocation": allocation.id,
            "request": request.id,
            "pledge": pledge.id,
            "partner": _org_name(session, pledge.partner_id),
            "community": _org_name(session, request.community_id),
            "item": request.item,
            "quantity": allocation.quantity,
            "unit": request.unit,
        },
        link=f"/requests/{request.id}",
        orgs=[request.community_id, pledge.partner_id],
        actor=actor,
    )


def allocation_created(
    session: Session, allocation: Any, request: Any, pledge: Any, actor: User | None
) -> None:
    _allocation(session, Kind.allocation_created, allocation, request, pledge, actor)


def allocation_removed(
    session: Session, allocation: Any, request: Any, pledge: Any, actor: User | None
) -> None:
    _allocation(session, Kind.allocation_removed, allocation, request, pledge, actor)


def _sending_partners(session: Session, shipment_id: int) -> list[int]:
    from tracker.shipments.models import ShipmentLine

    return list(
        session.exec(
            select(ShipmentLine.partner_id)
            .where(ShipmentLine.shipment_id == shipment_id)
            .distinct()
        ).all()
    )


def _shipment_params(session: Session, shipment: Any) -> dict[str, Any]:
    return {
        "shipment": shipment.id,
        "reference": shipment.reference,
        "community": _org_name(session, shipment.community_id),
        "status": shipment.status,
        "place": shipment.last_location,
    }


def shipment_moved(session: Session, shipment: Any, actor: User | None, note: str = "") -> None:
    """Each move: the community and the sending partners hear of it."""
    params = _shipment_params(session, shipment)
    params.update(event_at=shipment.last_event_at or utcnow(), note=note)
    notify(
        session,
        Kind.shipment_moved,
        params=params,
        link=f"/shipments/{shipment.id}",
        orgs=[shipment.community_id, *_sending_partners(session, shipment.id)],
        actor=actor,
    )


def receipt_signed(session: Session, receipt: Any, shipment: Any, actor: User | None) -> None:
    """The receipt is signed: the partners hear of it."""
    params = _shipment_params(session, shipment)
    params.update(receipt=receipt.id, event_at=receipt.received_at, received_by=receipt.received_by)
    notify(
        session,
        Kind.receipt_signed,
        params=params,
        link=f"/shipments/{shipment.id}",
        orgs=_sending_partners(session, shipment.id),
        actor=actor,
    )


# Periodic findings (run by the worker; each told once) ---------------------------------------

RECEIPT_WAIT = dt.timedelta(days=2)


def check_shipments(session: Session, now: dt.datetime, stuck_after_days: int) -> int:
    """Arrived 2 days without a receipt → the community; stuck or late → coordinators.

    Each finding is told once: its event key (shipment and episode) is unique.
    """
    from tracker.requests.models import AidRequest
    from tracker.shipments.models import Shipment, ShipmentLine
    from tracker.vocab import ShipmentStatus as S

    told = 0
    road = [S.dispatched, S.in_transit, S.at_customs]
    waiting = session.exec(
        select(Shipment).where(
            Shipment.status == S.arrived, col(Shipment.last_event_at) < now - RECEIPT_WAIT
        )
    ).all()
    for shipment in waiting:
        params = _shipment_params(session, shipment) | {"event_at": shipment.last_event_at}
        told += _once(
            session,
            Kind.awaiting_receipt,
            params,
            shipment,
            [shipment.community_id],
            False,
            f"awaiting-receipt-{shipment.id}",
        )
    last_seen = func.coalesce(Shipment.last_event_at, Shipment.created_at)
    stuck = session.exec(
        select(Shipment).where(
            col(Shipment.status).in_(road),
            last_seen < now - dt.timedelta(days=stuck_after_days),
        )
    ).all()
    for shipment in stuck:
        seen = shipment.last_event_at or shipment.created_at
        params = _shipment_params(session, shipment) | {"event_at": seen, "variant": "stuck"}
        told += _once(
            session,
            Kind.shipment_delayed,
            params,
            shipment,
            [],
            True,
            f"stuck-{shipment.id}-{seen.timestamp():.0f}",
        )
    needed = (
        select(ShipmentLine.shipment_id, func.min(AidRequest.needed_by).label("needed_by"))
        .join(AidRequest, col(AidRequest.id) == ShipmentLine.request_id)
        .group_by(col(ShipmentLine.shipment_id))
        .subquery()
    )
    late = session.exec(
        select(Shipment, needed.c.needed_by)
        .join(needed, needed.c.shipment_id == Shipment.id)
        .where(
            col(Shipment.status).in_([S.planned, *road, S.arrived]),
            needed.c.needed_by < now.date(),
        )
    ).all()
    for shipment, needed_by in late:
        params = _shipment_params(session, shipment) | {"needed_by": needed_by, "variant": "late"}
        told += _once(
            session, Kind.shipment_delayed, params, shipment, [], True, f"late-{shipment.id}"
        )
    return told


def _once(
    session: Session,
    kind: Kind,
    params: dict,
    shipment: Any,
    orgs: list[int],
    coordinators: bool,
    key: str,
) -> int:
    """One finding in its own transaction; a finding already told (by us or by another worker
    at the same moment: the unique key) is skipped."""
    from sqlalchemy.exc import IntegrityError

    try:
        with write_transaction(session):
            event = notify(
                session,
                kind,
                params=params,
                link=f"/shipments/{shipment.id}",
                orgs=orgs,
                coordinators=coordinators,
                key=key,
            )
    except IntegrityError:
        return 0
    return 1 if event is not None else 0


# Daily digest -------------------------------------------------------------------------------

DIGEST_HOUR = 7  # local time: the digest of the past day goes out from 07:00


def send_digests(session: Session, now: dt.datetime) -> int:
    """One e-mail per user who chose `daily`, once per local day from DIGEST_HOUR."""
    user_ids = session.exec(
        select(Notification.user_id).where(col(Notification.digest_pending)).distinct()
    ).all()
    end_read = session.in_transaction()
    if end_read:
        session.commit()
    sent = 0
    for user_id in user_ids:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            continue
        local = now.astimezone(messages.zone(user.timezone))
        if local.hour < DIGEST_HOUR:
            continue
        message_id = _message_id(f"digest-{user.id}-{local.date().isoformat()}")
        with write_transaction(session):
            done = session.exec(
                select(OutboxMessage.id).where(OutboxMessage.message_id == message_id)
            ).first()
            pending = session.exec(
                select(Notification)
                .where(Notification.user_id == user.id, col(Notification.digest_pending))
                .order_by(col(Notification.created_at), col(Notification.id))
                .with_for_update()
            ).all()
            if done is not None or not pending:
                continue
            lang = reading_language(user)
            items = [{"title": n.title, "body": n.body, "link": _absolute(n.link)} for n in pending]
            subject = messages.text(messages.DIGEST_SUBJECT, lang, count=len(items))
            intro = messages.text(messages.DIGEST_INTRO, lang)
            text, html, headers = compose_email(items, subject, lang, intro)
            enqueue_email(
                session,
                user.email,
                subject,
                text,
                html,
                user_id=user.id,
                headers=headers,
                key=f"digest-{user.id}-{local.date().isoformat()}",
            )
            for notification in pending:
                notification.digest_pending = False
            sent += 1
    return sent


# The inbox ------------------------------------------------------------------------------------


def inbox(
    session: Session, user: User, *, unread: bool = False, limit: int = 50, offset: int = 0
) -> tuple[list[NotificationRead], int]:
    """The user's notifications, newest first, and how many there are."""
    where = [Notification.user_id == user.id]
    if unread:
        where.append(col(Notification.read_at).is_(None))
    total = session.exec(select(func.count()).select_from(Notification).where(*where)).one()
    rows = session.exec(
        select(Notification)
        .where(*where)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return [NotificationRead.model_validate(r, from_attributes=True) for r in rows], total


def unread_count(session: Session, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
    ).one()


def mark_read(session: Session, user: User, notification_id: int) -> NotificationRead:
    """Mark one of the user's own notifications read (404 for anyone else's)."""
    with write_transaction(session):
        notification = session.get(Notification, notification_id)
        if notification is None or notification.user_id != user.id:
            raise NotFound(
                N_("Notification %(notification)s does not exist."), notification=notification_id
            )
        if notification.read_at is None:
            notification.read_at = utcnow()
        session.flush()
        read = NotificationRead.model_validate(notification, from_attributes=True)
    return read


def mark_all_read(session: Session, user: User) -> int:
    with write_transaction(session):
        result = session.execute(
            update(Notification)
            .where(col(Notification.user_id) == user.id, col(Notification.read_at).is_(None))
            .values(read_at=utcnow())
        )
    return result.rowcount  # type: ignore[attr-defined]


# Settings: language, time zone, preferences, webhooks ------------------------------------------


def preferences_of(session: Session, user_id: int) -> dict[str, str]:
    rows = session.exec(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id)
    ).all()
    chosen = {row.kind: row.delivery for row in rows}
    return {kind.value: chosen.get(kind.value, Delivery.immediately.value) for kind in Kind}


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid(
            N_("Unknown time zone %(timezone)s (use an IANA name such as Europe/Kyiv)."),
            "timezone",
            timezone=name,
        ) from exc
    return name


def update_settings(
    session: Session,
    user: User,
    *,
    language: str | None = None,
    timezone: str | None = None,
    notifications: dict[str, str] | None = None,
) -> User:
    """Change the user's language, time zone and notification preferences."""
    if language is not None and language not in i18n.SUPPORTED:
        raise Invalid(N_("Unknown language %(language)s."), "language", language=language)
    if timezone is not None:
        check_timezone(timezone)
    for kind, delivery in (notifications or {}).items():
        if kind not in Kind.__members__ or delivery not in Delivery.__members__:
            raise Invalid(
                N_("Unknown notification preference %(kind)s: %(delivery)s."),
                "notifications",
                kind=kind,
                delivery=delivery,
            )
    with write_transaction(session):
        row = session.get(User, user.id)
        if row is None:
            raise NotFound(N_("User %(user)s does not exist."), user=user.id)
        accounts.set_preferences(row, language, timezone)
        for kind, delivery in (notifications or {}).items():
            pref = session.exec(
                select(NotificationPreference).where(
                    NotificationPreference.user_id == row.id, NotificationPreference.kind == kind
                )
            ).first()
            if pref is None:
                pref = NotificationPreference(user_id=row.id, kind=kind)  # type: ignore[arg-type]
            pref.delivery = delivery
            session.add(pref)
        session.add(row)
    return row


def set_webhook(session: Session, organization_id: int, url: str, secret: str) -> WebhookEndpoint:
    """Create or replace an organization's webhook (a public http(s) address only)."""
    from tracker.orgs.models import Organization

    try:
        egress.check_url(url, get_settings().webhook_allow_private)
    except egress.Refused as exc:
        raise Invalid(
            N_("A webhook must go to a public web address (%(reason)s)."),
            field="url",
            reason=str(exc),
        ) from exc

    with write_transaction(session):
        if session.get(Organization, organization_id) is None:
            raise NotFound(
                N_("Organization %(organization)s does not exist."), organization=organization_id
            )
        endpoint = session.exec(
            select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization_id)
        ).first() or WebhookEndpoint(organization_id=organization_id, url=url, secret=secret)
        endpoint.url, endpoint.secret, endpoint.active = url, secret, True
        session.add(endpoint)
    return endpoint


def get_webhook(session: Session, organization_id: int) -> WebhookEndpoint:
    endpoint = session.exec(
        select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization_id)
    ).first()
    if endpoint is None:
        raise NotFound(N_("This organization has no webhook."))
    return endpoint


def delete_webhook(session: Session, organization_id: int) -> None:
    """Stop the webhook (kept inactive: its past deliveries refer to it)."""
    with write_transaction(session):
        endpoint = get_webhook(session, organization_id)
        endpoint.active = False
        session.add(endpoint)


def reading_language(user: User) -> str:
    """The language a person's messages are written in: their setting, else Ukrainian."""
    return user.language or i18n.DEFAULT
