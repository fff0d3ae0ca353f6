"""CSV exports of requests, pledges and shipment lines, streamed in chunks.

Rows are read with `yield_per` (a server-side cursor on PostgreSQL) as plain column tuples,
never as a whole table or as ORM objects, and written to the client chunk by chunk, so a
100,000-row export runs in constant memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session

from tracker.auth.models import User
from tracker.db import as_utc
from tracker.listing import contains_pattern, like_search
from tracker.orgs.models import Organization
from tracker.pledges import service as pledges
from tracker.pledges.models import Pledge
from tracker.reports.columns import COLUMNS, ExportKind
from tracker.requests import service as requests
from tracker.requests.models import AidRequest
from tracker.shipments.models import Shipment, ShipmentLine
from tracker.shipments.service import visible_clause

CHUNK_ROWS = 1000


@dataclass
class ExportFilters:
    """The list filters; each kind uses the ones its list has (the others are ignored)."""

    status: str | None = None
    category: str | None = None
    community_id: int | None = None
    partner_id: int | None = None
    priority: str | None = None
    q: str | None = None


def header(kind: ExportKind) -> list[str]:
    return [name for name, _ in COLUMNS[kind]]


def hashtags(kind: ExportKind) -> list[str]:
    return [tag for _, tag in COLUMNS[kind]]


def export_query(kind: ExportKind, filters: ExportFilters, user: User | None) -> Select:
    """The rows of an export, in the order of `COLUMNS[kind]` (pledges: one extra at the end)."""
    if kind == "requests":
        return _requests_query(filters)
    if kind == "pledges":
        return _pledges_query(filters)
    return _shipments_query(filters, user)


def _requests_query(filters: ExportFilters) -> Select:
    query = requests._filtered(
        requests.Filters(
            status=filters.status,  # type: ignore[arg-type]
            category=filters.category,
            community_id=filters.community_id,
            priority=filters.priority,
            q=filters.q,
        )
    )
    r = AidRequest
    return query.with_only_columns(
        r.id,
        r.community_id,
        Organization.name,
        r.category,
        r.item,
        r.quantity,
        r.unit,
        r.priority,
        r.needed_by,
        r.destination,
        r.admin1,
        r.latitude,
        r.longitude,
        r.justification,
        r.status,
        r.quantity_allocated,
        r.quantity_shipped,
        r.quantity_delivered,
        r.created_at,
        maintain_column_froms=True,
    ).order_by(r.id)


def _pledges_query(filters: ExportFilters) -> Select:
    query = pledges._filtered(
        pledges.Filters(
            status=filters.status,  # type: ignore[arg-type]
            category=filters.category,
            partner_id=filters.partner_id,
            q=filters.q,
        )
    )
    p = Pledge
    return query.with_only_columns(
        p.id,
        p.partner_id,
        Organization.name,
        p.request_id,
        p.category,
        p.item,
        p.quantity,
        p.unit,
        p.origin,
        p.latitude,
        p.longitude,
        p.available_from,
        p.value_amount,
        p.currency,
        p.status,
        p.quantity_allocated,
        p.quantity_withdrawn,
        p.quantity_available.label("quantity_available"),
        p.created_at,
        maintain_column_froms=True,
    ).order_by(p.id)


def _shipments_query(filters: ExportFilters, user: User | None) -> Select:
    from tracker.receipts.models import Receipt, ReceiptLine

    community = aliased(Organization, name="community")
    partner = aliased(Organization, name="partner")
    s, line = Shipment, ShipmentLine
    query = (
        select(
            line.id,
            s.id,
            s.reference,
            s.status,
            s.community_id,
            community.name,
            s.destination,
            s.destination_latitude,
            s.destination_longitude,
            line.partner_id,
            partner.name,
            line.request_id,
            line.pledge_id,
            line.item,
            line.category,
            line.quantity,
            line.unit,
            line.value_amount,
            line.currency,
            s.carrier,
            s.transport_document,
            s.seal_numbers,
            s.gross_weight_kg,
            s.volume_m3,
            s.dispatched_at,
            s.delivered_at,
            Receipt.code,
            ReceiptLine.quantity_received,
        )
        .select_from(line)
        .join(s, s.id == line.shipment_id)
        .join(community, community.id == s.community_id)
        .join(partner, partner.id == line.partner_id)
        .outerjoin(Receipt, Receipt.shipment_id == s.id)
        .outerjoin(ReceiptLine, ReceiptLine.shipment_line_id == line.id)
    )
    if user is not None:
        clause = visible_clause(user)
        if clause is not None:
            # A subquery of its own: the clause may correlate shipment_line, already joined here.
            visible = select(Shipment.id).where(clause).correlate(None)
            query = query.where(s.id.in_(visible))  # type: ignore[union-attr]
    if filters.status:
        query = query.where(s.status == filters.status)
    if filters.category:
        query = query.where(line.category == filters.category)
    if filters.community_id:
        query = query.where(s.community_id == filters.community_id)
    if filters.partner_id:
        query = query.where(line.partner_id == filters.partner_id)
    if filters.q and filters.q.strip():
        pattern = contains_pattern(filters.q)
        query = query.where(
            or_(
                like_search(s.reference, pattern),
                like_search(s.destination, pattern),
                like_search(community.name, pattern),
                like_search(line.item, pattern),
            )
        )
    return query.order_by(s.id, line.id)


# What a spreadsheet may read as a formula (OWASP "CSV injection"): a cell beginning with one
# of these characters.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def safe_cell(text: str) -> str:
    """`text` as a spreadsheet will show it and never run it: a cell that would start a
    formula gets a leading `'` (shown by no spreadsheet, kept by a CSV reader). A number
    (`-5`, `+1.5`) is left as it is, so it stays a number. Every CSV writer uses this."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: Any) -> str:
    """One value as written in the CSV: ISO dates, UTC timestamps, plain decimals, and text
    that cannot start a formula (`safe_cell`)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return as_utc(value).isoformat()  # type: ignore[union-attr]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return safe_cell(str(value))


def _row_cells(row: Sequence[Any]) -> list[str]:
    return [cell(v) for v in row]


def iter_rows(
    session: Session,
    kind: ExportKind,
    filters: ExportFilters,
    user: User | None,
    chunk: int = CHUNK_ROWS,
) -> Iterator[list[list[str]]]:
    """The export's data rows as lists of CSV cells, a chunk at a time."""
    result = session.execute(export_query(kind, filters, user).execution_options(yield_per=chunk))
    for partition in result.partitions():
        yield [_row_cells(row) for row in partition]


def iter_csv(
    engine: Engine,
    kind: ExportKind,
    filters: ExportFilters,
    user: User | None = None,
    hxl: bool = False,
    chunk: int = CHUNK_ROWS,
) -> Iterator[bytes]:
    """The CSV file as UTF-8 byte chunks: the header row, the HXL row if asked, the data.

    Opens its own session, so it can outlive the request's (a StreamingResponse is iterated
    after the route returned).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(kind))
    if hxl:
        writer.writerow(hashtags(kind))
    with Session(engine) as session:
        for rows in iter_rows(session, kind, filters, user, chunk):
            writer.writerows(rows)
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")
