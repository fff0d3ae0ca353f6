"""Receipt rules: filing (once per shipment), the canonical content and its hash, verification.

A receipt is never edited: the ORM refuses updates and deletes of filed receipts and lines.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, select

from tracker.allocations import service as allocations
from tracker.allocations.models import Allocation
from tracker.audit import service as audit
from tracker.auth.models import User
from tracker.db import as_utc, lock_rows, utcnow, write_transaction
from tracker.errors import N_, Conflict, Forbidden, Invalid, NotFound
from tracker.notifications import service as notifications
from tracker.orgs.models import Organization
from tracker.pledges import service as pledge_service
from tracker.pledges.models import Pledge
from tracker.receipts.models import (
    Receipt,
    ReceiptCreate,
    ReceiptLine,
    ReceiptLineRead,
    ReceiptRead,
)
from tracker.requests import service as request_service
from tracker.requests.models import AidRequest
from tracker.shipments import service as shipments
from tracker.shipments import states
from tracker.shipments.models import Shipment, ShipmentLine
from tracker.vocab import Condition, Role, ShipmentStatus

# No 0/O, 1/I/L: the code is read aloud on the phone and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"RCPT-{chars[:4]}-{chars[4:]}"


def canonical_json(content: dict[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 text: the same content always gives the same bytes."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@event.listens_for(Receipt, "before_update")
@event.listens_for(ReceiptLine, "before_update")
def _refuse_update(mapper: Any, connection: Any, target: Any) -> None:
    raise Conflict(N_("A filed receipt is never changed; file a correction instead."))


@event.listens_for(Receipt, "before_delete")
@event.listens_for(ReceiptLine, "before_delete")
def _refuse_delete(mapper: Any, connection: Any, target: Any) -> None:
    raise Conflict(N_("A filed receipt is never deleted."))


def file_receipt(session: Session, shipment_id: int, data: ReceiptCreate, actor: User) -> Receipt:
    """Record what arrived, move the shipment to delivered and credit the requests."""
    shipment = shipments.get_visible(session, shipment_id, actor)
    if not (
        actor.is_coordinator
        or (actor.role == Role.community and actor.organization_id == shipment.community_id)
    ):
        raise Forbidden(N_("Only the receiving community or a coordinator may sign the receipt."))
    with write_transaction(session):
        shipment = lock_rows(session, Shipment, [shipment_id])[shipment_id]
        status = ShipmentStatus(shipment.status)
        if status == ShipmentStatus.delivered:
            raise Conflict(N_("This shipment has already been received."))
        if status == ShipmentStatus.planned:
            raise Conflict(N_("This shipment has not been dispatched yet; it cannot be received."))
        if status not in states.RECEIVABLE:
            raise Conflict(
                N_("This shipment is %(shipment_status)s; it cannot be received."),
                shipment_status=status.value,
            )
        lines, requests, pledges, allocs = shipments._locked_parts(session, shipment)
        by_id = {line.id: line for line in lines}
        given = {}
        for entry in data.lines:
            if entry.line_id not in by_id:
                raise Invalid(
                    N_("Line %(line)s is not part of this shipment."), "lines", line=entry.line_id
                )
            if entry.line_id in given:
                raise Invalid(N_("Line %(line)s is listed twice."), "lines", line=entry.line_id)
            given[entry.line_id] = entry
        left_out = [i for i in by_id if i not in given]
        if left_out:
            raise Invalid(
                N_(
                    "Say what arrived for every line; missing line(s): %(lines)s "
                    "(enter 0 with condition 'missing' for what did not come)."
                ),
                "lines",
                lines=left_out,
            )
        for line_id, entry in given.items():
            line = by_id[line_id]
            if entry.quantity_received > line.quantity:
                raise Conflict(
                    N_(
                        "Line %(line)s (%(item)s): received %(received)s "
                        "but only %(quantity)s %(unit)s were shipped."
                    ),
                    line=line_id,
                    item=line.item,
                    received=entry.quantity_received,
                    quantity=line.quantity,
                    unit=line.unit,
                )
        now = utcnow()
        receipt = Receipt(
            shipment_id=shipment.id,
            code=_unused_code(session),
            received_by=data.received_by.strip(),
            received_role=data.received_role.strip(),
            received_at=now,
            filed_by_id=actor.id,
            content="",
            sha256="",
        )
        community = session.get(Organization, shipment.community_id)
        partner_names = _partner_names(session, [line.partner_id for line in lines])
        receipt_lines = []
        for line in lines:
            entry = given[line.id]
            receipt_lines.append(
                ReceiptLine(
                    shipment_line_id=line.id,
                    quantity_shipped=line.quantity,
                    quantity_received=entry.quantity_received,
                    condition=entry.condition.value,
                    note=entry.note.strip(),
                )
            )
            _credit(
                requests[line.request_id],
                pledges[line.pledge_id],
                allocs[line.allocation_id],
                line,
                entry.quantity_received,
                entry.condition,
            )
        content = receipt_content(receipt, shipment, community, partner_names, lines, receipt_lines)
        receipt.content = canonical_json(content)
        receipt.sha256 = sha256_of(receipt.content)
        session.add(receipt)
        session.flush()
        for receipt_line in receipt_lines:
            receipt_line.receipt_id = receipt.id
            session.add(receipt_line)
        audit.record(
            session,
            actor,
            "receipt",
            receipt.id,
            "create",
            after={"code": receipt.code, "sha256": receipt.sha256, "shipment_id": shipment.id},
        )
        shipments.mark_delivered(
            session, shipment, status, receipt.code, receipt.received_by, actor, now
        )
        notifications.receipt_signed(session, receipt, shipment, actor)
    return receipt


def _credit(
    request: AidRequest,
    pledge: Pledge,
    allocation: Allocation,
    line: ShipmentLine,
    received: int,
    condition: Condition,
) -> None:
    """Good items count as delivered; the shortfall is handed back to the request.

    The pledge keeps its quantity allocated: those goods left the partner, damaged or not.
    Damaged items and items not received are recorded on the request as discrepancies.
    """
    good = received if condition == Condition.good else 0
    request_service.credit_receipt(
        request,
        shipped=line.quantity,
        good=good,
        damaged=received if condition == Condition.damaged else 0,
        missing=line.quantity - received + (received if condition == Condition.missing else 0),
    )
    pledge_service.refresh_status(pledge)
    allocations.mark_delivered(allocation, good)


def _unused_code(session: Session) -> str:
    for _ in range(20):
        code = new_code()
        if session.exec(select(Receipt.id).where(Receipt.code == code)).first() is None:
            return code
    raise RuntimeError("could not find a free receipt code")  # 31^8 codes: never in practice


def _partner_names(session: Session, partner_ids: list[int]) -> list[str]:
    rows = session.exec(
        select(Organization.name).where(Organization.id.in_(sorted(set(partner_ids))))  # type: ignore[attr-defined]
    ).all()
    return sorted(rows)


def receipt_content(
    receipt: Receipt,
    shipment: Shipment,
    community: Organization | None,
    partner_names: list[str],
    lines: list[ShipmentLine],
    receipt_lines: list[ReceiptLine],
) -> dict[str, Any]:
    """What the hash covers: who received what, from whom, when. No account data."""
    by_line = {x.id: x for x in lines}
    return {
        "type": "tracker.delivery_receipt",
        "version": 1,
        "code": receipt.code,
        "shipment": shipment.reference,
        "community": community.name if community else None,
        "partners": partner_names,
        "received_by": receipt.received_by,
        "received_role": receipt.received_role,
        "received_at": as_utc(receipt.received_at).isoformat(timespec="seconds"),  # type: ignore[union-attr]
        "lines": [
            {
                "line": rl.shipment_line_id,
                "item": by_line[rl.shipment_line_id].item,
                "unit": by_line[rl.shipment_line_id].unit,
                "shipped": rl.quantity_shipped,
                "received": rl.quantity_received,
                "condition": rl.condition,
                "note": rl.note,
            }
            for rl in receipt_lines
        ],
    }


def verify_content(receipt: Receipt) -> bool:
    """The stored content still hashes to the stored digest."""
    return sha256_of(receipt.content) == receipt.sha256


def get_visible(session: Session, receipt_id: int, user: User) -> Receipt:
    receipt = session.get(Receipt, receipt_id)
    if receipt is None:
        raise NotFound(N_("Receipt %(receipt)s does not exist."), receipt=receipt_id)
    try:
        shipments.get_visible(session, receipt.shipment_id, user)
    except NotFound:
        raise NotFound(N_("Receipt %(receipt)s does not exist."), receipt=receipt_id) from None
    return receipt


def get_by_code(session: Session, code: str) -> Receipt:
    normalised = code.strip().upper()
    receipt = session.exec(select(Receipt).where(Receipt.code == normalised)).first()
    if receipt is None:
        raise NotFound(N_("No receipt has the code %(code)s."), code=normalised)
    return receipt


def to_read(session: Session, receipt: Receipt, base_url: str) -> ReceiptRead:
    content = json.loads(receipt.content)
    shipment = session.get(Shipment, receipt.shipment_id)
    assert shipment is not None
    rows = session.exec(
        select(ReceiptLine).where(ReceiptLine.receipt_id == receipt.id).order_by(ReceiptLine.id)
    ).all()
    items = {x["line"]: x for x in content["lines"]}
    return ReceiptRead(
        id=receipt.id,  # type: ignore[arg-type]
        code=receipt.code,
        shipment_id=shipment.id,  # type: ignore[arg-type]
        shipment_reference=shipment.reference,
        community_id=shipment.community_id,
        community_name=content["community"] or "",
        partner_names=content["partners"],
        received_by=receipt.received_by,
        received_role=receipt.received_role,
        received_at=receipt.received_at,
        sha256=receipt.sha256,
        lines=[
            ReceiptLineRead(
                id=row.id,  # type: ignore[arg-type]
                line_id=row.shipment_line_id,
                item=items[row.shipment_line_id]["item"],
                unit=items[row.shipment_line_id]["unit"],
                quantity_shipped=row.quantity_shipped,
                quantity_received=row.quantity_received,
                condition=row.condition,
                note=row.note,
            )
            for row in rows
        ],
        verify_url=f"{base_url}/verify/{receipt.code}",
    )
