"""Delivering the outbox: e-mails over SMTP and webhooks over HTTP, with retries.

How a message goes out, and what a crash does
---------------------------------------------
1. *Claim* (one short transaction): due rows are selected `FOR UPDATE SKIP LOCKED` on
   PostgreSQL (two workers never pick the same row; neither waits for the other), under
   `BEGIN IMMEDIATE` on SQLite (claims are serialised). Each claimed row becomes `sending`
   with a fresh `claim_token`, `attempts + 1`, and a lease `claimed_until = now + lease`.
2. *Send*, one message at a time over one SMTP connection per batch. Each message carries its
   `Message-ID` (webhooks: `X-Tracker-Delivery`), fixed when the row was written.
3. *Mark* (one short transaction per message, right after the server's 250/2xx): `sent`,
   only where the `claim_token` is still ours. A failure makes the row `pending` again with
   `next_attempt_at = now + 30 s · 2^(attempts-1)` (at most 6 h) and `last_error`; after
   `MAX_ATTEMPTS`, or on a permanent refusal (SMTP 5xx, HTTP 4xx but 408/429), `failed`.

No transaction stays open while talking to a mail server, so SQLite writers are never held
up by a slow SMTP server.

A worker killed mid-batch: messages it had marked are sent and are never claimed again; the
ones it had claimed but not sent stay `sending` until their lease ends, then any worker
claims them and sends them (once). The one case that can repeat a transmission is a crash in
the instant between the server's acceptance and our mark: that message is sent again after
the lease, *with the same Message-ID*, so receivers (and mail clients, which collapse equal
Message-IDs) see one message. That is at-least-once transmission made exactly-once by the
idempotency key; the tests kill a worker mid-batch and find each Message-ID exactly once.
A worker also never sends a claimed message whose lease is about to run out (another worker
could be about to take it): it hands the rest of its batch back instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime as email_date
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from tracker.config import Settings
from tracker.db import as_utc, utcnow, write_transaction
from tracker.notifications import egress, service
from tracker.notifications.models import Channel, OutboxMessage, OutboxStatus, WebhookEndpoint

log = logging.getLogger("tracker.notifications")

MAX_ATTEMPTS = 12
BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_MAX = dt.timedelta(hours=6)
SEND_TIMEOUT = 30.0
BATCH = 100


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed try: 30 s, 1 min, 2 min … at most 6 h."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


class PermanentError(Exception):
    """The receiver refused for good; retrying cannot help."""


# SMTP ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    tls: bool
    username: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        """`smtp://[user:pass@]host:port` (STARTTLS when offered) or `smtps://…` (TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("TRACKER_SMTP_URL must look like smtp://[user:pass@]host:port")
        tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if tls else 25),
            tls=tls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


class Mailer:
    """One SMTP connection, opened on first use and reused for a batch."""

    def __init__(self, target: SmtpTarget, mail_from: str) -> None:
        self.target = target
        self.mail_from = mail_from
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        t = self.target
        if t.tls:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                t.host, t.port, timeout=SEND_TIMEOUT, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(t.host, t.port, timeout=SEND_TIMEOUT)
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
        if t.username:
            smtp.login(t.username, t.password or "")
        return smtp

    def build(self, message: OutboxMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.mail_from
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Message-ID"] = message.message_id
        email["Date"] = email_date(as_utc(message.created_at) or utcnow())
        email.set_content(message.body_text)
        if message.body_html:
            email.add_alternative(message.body_html, subtype="html")
        # After the content: setting content clears Content-* headers (Content-Language).
        for name, value in json.loads(message.headers or "{}").items():
            email[name] = value
        return email

    def send(self, message: OutboxMessage) -> None:
        email = self.build(message)
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(email)
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:
                raise PermanentError(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
            self.close()
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentError(str(exc.recipients)) from exc
        except (smtplib.SMTPException, OSError):
            self.close()
            raise

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


# Webhooks -----------------------------------------------------------------------------------


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of the body with the organization's secret>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(message: OutboxMessage, secret: str, allow_private: bool = False) -> None:
    """POST the event; only to a public address (checked on connect), never following a
    redirect. A refused address or a 3xx/4xx answer will not get better by retrying."""
    body = message.payload.encode()
    request = urllib.request.Request(
        message.recipient,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "tracker-webhooks/1",
            "X-Tracker-Event": message.subject,
            "X-Tracker-Delivery": message.message_id,
            "X-Tracker-Signature": signature(secret, body),
        },
    )
    try:
        with egress.opener(allow_private).open(request, timeout=SEND_TIMEOUT) as response:
            response.read(1024)
    except egress.Refused as exc:
        raise PermanentError(str(exc)) from exc
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 500 and exc.code not in (408, 429):
            raise PermanentError(f"HTTP {exc.code}") from exc
        raise


# The worker ---------------------------------------------------------------------------------


class Worker:
    """Claims due outbox rows and delivers them; also runs the periodic checks and digests."""

    def __init__(self, engine: Engine, settings: Settings, *, batch: int = BATCH) -> None:
        self.engine = engine
        self.settings = settings
        self.batch = batch
        self.lease = dt.timedelta(seconds=settings.worker_lease_seconds)
        self.mailer = (
            Mailer(SmtpTarget.parse(settings.smtp_url), settings.mail_from)
            if settings.smtp_url
            else None
        )
        self.name = uuid.uuid4().hex[:8]
        self._last_checks = 0.0
        self._last_unset_warning = 0.0

    # Claiming ---------------------------------------------------------------------------

    def claim(self, session: Session, now: dt.datetime) -> list[OutboxMessage]:
        channels = [Channel.webhook] + ([Channel.email] if self.mailer else [])
        due = or_(
            (col(OutboxMessage.status) == OutboxStatus.pending)
            & (col(OutboxMessage.next_attempt_at) <= now),
            (col(OutboxMessage.status) == OutboxStatus.sending)
            & (col(OutboxMessage.claimed_until) < now),
        )
        token = uuid.uuid4().hex
        with write_transaction(session):
            rows = session.exec(
                select(OutboxMessage)
                .where(due, col(OutboxMessage.channel).in_(channels))
                .order_by(col(OutboxMessage.id))
                .limit(self.batch)
                .with_for_update(skip_locked=True)
                .execution_options(populate_existing=True)
            ).all()
            for row in rows:
                row.status = OutboxStatus.sending
                row.claim_token = token
                row.claimed_until = now + self.lease
                row.attempts += 1
                session.add(row)
        return list(rows)

    def _mark(self, session: Session, message: OutboxMessage, **values: Any) -> bool:
        with write_transaction(session):
            result = session.execute(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.id) == message.id,
                    col(OutboxMessage.claim_token) == message.claim_token,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    # Sending ----------------------------------------------------------------------------

    def _send(self, session: Session, message: OutboxMessage) -> None:
        if message.channel == Channel.email:
            assert self.mailer is not None
            self.mailer.send(message)
            return
        endpoint = session.get(WebhookEndpoint, message.webhook_id) if message.webhook_id else None
        session.commit()  # end the read before the HTTP call
        if endpoint is None or not endpoint.active:
            raise PermanentError("the webhook was removed")
        post_webhook(message, endpoint.secret, self.settings.webhook_allow_private)

    def deliver(self, now: dt.datetime | None = None) -> int:
        """One batch: claim, send, mark. Returns how many were sent."""
        sent = 0
        # A message is sent only while the lease has time left for one send.
        margin = min(dt.timedelta(seconds=SEND_TIMEOUT), self.lease / 3)
        with Session(self.engine, expire_on_commit=False) as session:
            claimed = self.claim(session, now or utcnow())
            try:
                for index, message in enumerate(claimed):
                    lease_end = as_utc(message.claimed_until)
                    if lease_end and utcnow() + margin > lease_end:
                        self._give_back(session, claimed[index:])
                        break
                    sent += self._deliver_one(session, message)
            finally:
                if self.mailer:
                    self.mailer.close()
        return sent

    def _deliver_one(self, session: Session, message: OutboxMessage) -> int:
        try:
            self._send(session, message)
        except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
            permanent = isinstance(exc, PermanentError) or message.attempts >= MAX_ATTEMPTS
            error = f"{type(exc).__name__}: {exc}"[:1000]
            log.warning(
                "outbox %s to %s failed (try %s): %s",
                message.id,
                message.recipient,
                message.attempts,
                error,
            )
            self._mark(
                session,
                message,
                status=OutboxStatus.failed if permanent else OutboxStatus.pending,
                last_error=error,
                next_attempt_at=utcnow() + backoff(message.attempts),
                claimed_until=None,
                claim_token=None,
            )
            return 0
        self._mark(
            session,
            message,
            status=OutboxStatus.sent,
            sent_at=utcnow(),
            claimed_until=None,
            last_error="",
        )
        return 1

    def _give_back(self, session: Session, rest: list[OutboxMessage]) -> None:
        for message in rest:
            self._mark(
                session,
                message,
                status=OutboxStatus.pending,
                attempts=message.attempts - 1,
                claimed_until=None,
                claim_token=None,
            )

    # The loop ---------------------------------------------------------------------------

    def checks(self, now: dt.datetime | None = None) -> int:
        """Shipments waiting for a receipt, stuck or late; then the daily digests."""
        now = now or utcnow()
        with Session(self.engine, expire_on_commit=False) as session:
            told = service.check_shipments(session, now, self.settings.stuck_after_days)
            session.commit()
            told += service.send_digests(session, now)
        return told

    def _warn_without_smtp(self) -> None:
        if self.mailer is not None or time.monotonic() - self._last_unset_warning < 300:
            return
        self._last_unset_warning = time.monotonic()
        with Session(self.engine) as session:
            waiting = len(
                session.exec(
                    select(OutboxMessage.id).where(
                        OutboxMessage.channel == Channel.email,
                        OutboxMessage.status == OutboxStatus.pending,
                    )
                ).all()
            )
        if waiting:
            log.warning("TRACKER_SMTP_URL is not set: %s e-mails wait in the outbox", waiting)

    def run_once(self) -> int:
        if time.monotonic() - self._last_checks > 60:
            self._last_checks = time.monotonic()
            self.checks()
        self._warn_without_smtp()
        return self.deliver()

    def run(self, stop: threading.Event, idle: float = 1.0) -> None:
        """Deliver until `stop` is set; a full batch is followed at once by the next."""
        log.info(
            "notification worker %s started (SMTP %s)",
            self.name,
            "configured" if self.mailer else "not configured",
        )
        while not stop.is_set():
            try:
                sent = self.run_once()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the worker
                log.exception("notification worker %s: delivery round failed", self.name)
                sent = 0
            if sent < self.batch:
                stop.wait(idle)


def start_embedded(engine: Engine, settings: Settings) -> tuple[threading.Thread, threading.Event]:
    """The background delivery `tracker serve` runs (unless TRACKER_WORKER=external)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=Worker(engine, settings).run, args=(stop,), name="tracker-outbox", daemon=True
    )
    thread.start()
    return thread, stop
