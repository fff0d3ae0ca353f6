"""Every table, imported in one place so Alembic and the app see the whole metadata."""

from sqlmodel import SQLModel

from tracker.accounts.models import AccountToken
from tracker.allocations.models import Allocation
from tracker.attachments.models import Attachment, Comment
from tracker.audit.models import AuditEntry
from tracker.auth.models import AuthSession, Throttle, User
from tracker.notifications.models import (
    Notification,
    NotificationEvent,
    NotificationPreference,
    OutboxMessage,
    WebhookEndpoint,
)
from tracker.orgs.models import Organization, Partnership
from tracker.pledges.models import Pledge
from tracker.receipts.models import Receipt, ReceiptCopy, ReceiptLine
from tracker.requests.models import AidRequest
from tracker.shipments.models import Shipment, ShipmentEvent, ShipmentLine

metadata = SQLModel.metadata

__all__ = [
    "AccountToken",
    "AidRequest",
    "Allocation",
    "Attachment",
    "AuditEntry",
    "AuthSession",
    "Comment",
    "Notification",
    "NotificationEvent",
    "NotificationPreference",
    "Organization",
    "OutboxMessage",
    "Partnership",
    "Pledge",
    "Receipt",
    "ReceiptCopy",
    "ReceiptLine",
    "Shipment",
    "ShipmentEvent",
    "ShipmentLine",
    "Throttle",
    "User",
    "WebhookEndpoint",
    "metadata",
]
