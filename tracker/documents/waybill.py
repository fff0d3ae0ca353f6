"""The humanitarian waybill, in the manner of Logistics Cluster / WFP and Red Cross waybills:
a boxed header (number, consignor, consignee, transport), a numbered lines table, totals and
a signature grid for loading, transport and arrival."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from tracker.documents.data import WaybillData
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


def waybill_story(data: WaybillData, fmt: Formatter) -> list[Flowable]:
    lab = fmt.labels
    st = styles()
    w = CONTENT_WIDTH

    title_cell: list[Piece] = [
        (lab["waybill_title"], st.title),
        2,
        (lab["humanitarian_note"], st.small),
    ]
    number_cell: list[Piece] = [
        (lab["waybill_number"], st.label),
        (data.reference, st.big),
        3,
        (lab["status"], st.label),
        (lab.code("status", data.status), st.body),
    ]
    head_row = [title_cell, number_cell]
    widths = [0.52 * w, 0.3 * w, 0.18 * w]
    if data.qr_url:
        qr_size = widths[2] - 8
        head_row.append([QRFlowable(data.qr_url, qr_size), (lab["scan_shipment"], st.small)])
    else:
        widths = [0.6 * w, 0.4 * w]
    story: list[Flowable] = [boxed([head_row], widths)]

    story.append(
        form_box(
            [lab["consignor"], lab["consignee"]],
            columns(party_rows(fmt, data.consignor), party_rows(fmt, data.consignee)),
            [w / 2, w / 2],
            bold_first=True,
        )
    )
    captions = [lab["shipment_reference"], lab["carrier"], lab["vehicle"], lab["dispatch_date"]]
    values = [data.reference, data.carrier, data.vehicle, fmt.date(data.dispatch_date)]
    shares = [0.25, 0.25, 0.25, 0.25]
    if data.declaration_code:
        captions.append(lab["declaration_code"])
        values.append(data.declaration_code)
        shares = [0.19, 0.2, 0.2, 0.16, 0.25]
    story.append(form_box(captions, [values], [f * w for f in shares]))
    # Always printed: what is not known when the waybill is printed is written in by hand.
    driver = ", ".join(part for part in (data.driver_name, data.driver_phone) if part)
    story.append(
        form_box(
            [
                lab["driver"],
                lab["transport_document"],
                lab["seal_numbers"],
                lab["gross_weight"],
                lab["volume"],
            ],
            [
                [
                    driver,
                    data.transport_document,
                    data.seal_numbers,
                    fmt.qty(data.gross_weight_kg) if data.gross_weight_kg is not None else "",
                    fmt.qty(data.volume_m3) if data.volume_m3 is not None else "",
                ]
            ],
            [f * w for f in (0.27, 0.2, 0.23, 0.15, 0.15)],
        )
    )

    story += [Spacer(1, 8), para(lab["lines"], st.h2)]
    widths = [f * w for f in (0.06, 0.37, 0.19, 0.11, 0.09, 0.18)]
    rows: list[list[str | list[Piece] | None]] = [
        [
            str(number),
            line.item if not line.note else [(line.item, st.cell), (line.note, st.cell_note)],
            lab.code("category", line.category),
            fmt.qty(line.quantity),
            lab.code("unit", line.unit),
            fmt.value(line.value_amount, line.currency),
        ]
        for number, line in enumerate(data.lines, start=1)
    ]
    totals_qty = fmt.quantity_totals((ln.quantity, ln.unit) for ln in data.lines)
    totals_val = fmt.value_totals((ln.value_amount, ln.currency) for ln in data.lines)
    for label, total in ((lab["total_quantity"], totals_qty), (lab["total_value"], totals_val)):
        # The label spans item and category, the total (left-aligned) the three number columns.
        rows.append(["", label, None, [(total, st.cell_bold)], None, None])
    table = data_table(
        [lab["no"], lab["item"], lab["category"], lab["quantity"], lab["unit"], lab["value"]],
        rows,
        widths,
        right_cols=(0, 3, 5),
        footer_rows=2,
    )
    story.append(table)

    story.append(
        KeepTogether(
            [
                Spacer(1, 8),
                para(lab["signatures"], st.h2),
                signature_grid(
                    fmt,
                    [
                        (lab["loaded_by"], ""),
                        (lab["transported_by"], ""),
                        (lab["received_by_arrival"], ""),
                    ],
                ),
            ]
        )
    )
    return story


def render_waybill(data: WaybillData, lang: str = "en") -> bytes:
    """The waybill of one shipment as A4 PDF bytes."""
    fmt = Formatter(lang)
    return build_pdf(
        waybill_story(data, fmt),
        fmt,
        title=fmt.labels["waybill_title"],
        reference=data.reference,
        generated_at=data.generated_at,
    )
