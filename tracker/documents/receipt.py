"""The delivery receipt (goods received note) that the community signs.

It carries what the verification page checks: the receipt code, the SHA-256 of the receipt's
content (computed by the caller, printed in full) and a QR code to `/verify/{code}`.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether, Spacer

from tracker.documents.data import ReceiptData
from tracker.documents.layout import (
    CONTENT_WIDTH,
    Formatter,
    Piece,
    boxed,
    build_pdf,
    columns,
    data_table,
    form_box,
    para,
    party_rows,
    signature_grid,
    styles,
)
from tracker.documents.qr import QRFlowable


def receipt_story(data: ReceiptData, fmt: Formatter) -> list[Flowable]:
    lab = fmt.labels
    st = styles()
    w = CONTENT_WIDTH

    qr_width = 0.2 * w
    head: list[list[list[Piece]]] = [
        [
            [
                (lab["receipt_title"], st.title),
                4,
                (lab["receipt_code"], st.label),
                (data.code, st.big),
            ],
            [QRFlowable(data.verify_url, qr_width - 8)],
        ]
    ]
    story: list[Flowable] = [boxed(head, [w - qr_width, qr_width])]
    story.append(
        form_box(
            [lab["from"], lab["to"]],
            columns(party_rows(fmt, data.consignor), party_rows(fmt, data.consignee)),
            [w / 2, w / 2],
            bold_first=True,
        )
    )
    received_by = data.received_by + (f", {data.received_by_role}" if data.received_by_role else "")
    story.append(
        form_box(
            [lab["shipment_reference"], lab["received_at"], lab["received_by"]],
            [[data.shipment_reference, fmt.datetime(data.received_at), received_by]],
            [w * 0.28, w * 0.32, w * 0.4],
        )
    )

    story += [Spacer(1, 8), para(lab["lines"], st.h2)]
    widths = [f * w for f in (0.05, 0.29, 0.08, 0.14, 0.13, 0.14, 0.17)]
    rows = [
        [
            str(number),
            line.item,
            lab.code("unit", line.unit),
            fmt.qty(line.quantity_shipped),
            fmt.qty(line.quantity_received),
            lab.code("condition", line.condition),
            line.note,
        ]
        for number, line in enumerate(data.lines, start=1)
    ]
    header = [
        lab["no"],
        lab["item"],
        lab["unit"],
        lab["shipped"],
        lab["received"],
        lab["condition"],
        lab["note"],
    ]
    story.append(data_table(header, rows, widths, right_cols=(0, 3, 4)))

    story.append(para(lab["discrepancies"], st.h2))
    numbered = [(n, ln) for n, ln in enumerate(data.lines, start=1) if ln.is_discrepancy]
    if numbered:
        widths = [f * w for f in (0.05, 0.23, 0.145, 0.13, 0.125, 0.14, 0.18)]
        rows = [
            [
                str(number),
                line.item,
                fmt.qty_unit(line.quantity_shipped, line.unit),
                fmt.qty_unit(line.quantity_received, line.unit),
                fmt.qty_unit(
                    max(Decimal(line.quantity_shipped) - Decimal(line.quantity_received), 0),
                    line.unit,
                ),
                lab.code("condition", line.condition),
                line.note,
            ]
            for number, line in numbered
        ]
        header = [
            lab["no"],
            lab["item"],
            lab["shipped"],
            lab["received"],
            lab["difference"],
            lab["condition"],
            lab["note"],
        ]
        story.append(data_table(header, rows, widths, right_cols=(0, 2, 3, 4)))
    else:
        story.append(para(lab["no_discrepancies"], st.body))

    if data.attachments:
        story.append(para(lab["attachments"], st.h2))
        widths = [f * w for f in (0.06, 0.24, 0.7)]
        rows = [[str(a.line) if a.line else "—", a.filename, a.sha256] for a in data.attachments]
        header = [lab["attachment_line"], lab["attachment_file"], lab["attachment_sha256"]]
        story.append(data_table(header, rows, widths, right_cols=(0,)))

    verification = boxed(
        [
            [
                [
                    (lab["sha256"], st.label),
                    (data.sha256, st.cell),
                    3,
                    (lab["verify"], st.label),
                    (data.verify_url, st.cell),
                    (lab["verify_hint"], st.small),
                ]
            ]
        ],
        [w],
    )
    signatures = signature_grid(
        fmt,
        [(lab["delivered_by"], ""), (lab["received_by"], data.received_by, data.received_by_role)],
    )
    story.append(
        KeepTogether(
            [Spacer(1, 10), verification, Spacer(1, 8), para(lab["signatures"], st.h2), signatures]
        )
    )
    return story


def render_receipt(data: ReceiptData, lang: str = "en") -> bytes:
    """The delivery receipt as A4 PDF bytes."""
    fmt = Formatter(lang)
    return build_pdf(
        receipt_story(data, fmt),
        fmt,
        title=fmt.labels["receipt_title"],
        reference=data.code,
        generated_at=data.generated_at,
    )
