"""Partner and community reports: a summary, then one table per section (pledged, shipped,
delivered; or requested, received, outstanding), each with its totals per unit and currency."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer

from tracker.documents.data import ReportData, ReportSection
from tracker.documents.fonts import SANS, SANS_BOLD
from tracker.documents.layout import (
    CONTENT_WIDTH,
    Formatter,
    build_pdf,
    columns,
    data_table,
    esc,
    form_box,
    para,
    party_rows,
    styles,
)


def _section_title(fmt: Formatter, section: ReportSection) -> str:
    return fmt.labels.code("section", section.kind)


def _qty_total(fmt: Formatter, section: ReportSection) -> str:
    return fmt.quantity_totals((r.quantity, r.unit) for r in section.rows)


def _value_total(fmt: Formatter, section: ReportSection) -> str:
    return fmt.value_totals((r.value_amount, r.currency) for r in section.rows)


def _fit(texts: list[str], header: str, style_font: str, size: float) -> float:
    """Width that keeps every cell on one line and every header word unbroken."""
    words = [stringWidth(w, SANS_BOLD, 7.5) for w in header.split()] or [0.0]
    cells = [stringWidth(t, style_font, size) for t in texts] or [0.0]
    return max(*words, *cells) + 8


def _section_table(fmt: Formatter, section: ReportSection, counterpart: str) -> Flowable:
    """One section as a table. Date and reference share a column, as do status and receipt
    code, so that no code is ever broken across lines on A4 portrait."""
    lab = fmt.labels
    st = styles()
    small = st.cell_small
    rows_in = section.rows
    dates = [fmt.date(r.on) if r.on else "" for r in rows_in]
    quantities = [fmt.qty_unit(r.quantity, r.unit) for r in rows_in]
    values = [fmt.value(r.value_amount, r.currency) for r in rows_in]
    statuses = [lab.code("status", r.status) if r.status else "" for r in rows_in]
    with_status = any(r.status or r.receipt_code for r in rows_in)
    size = small.fontSize
    headers = {
        "no": lab["no"],
        "when": f"{lab['date']} / {lab['reference']}",
        "counterpart": counterpart,
        "item": lab["item"],
        "quantity": lab["quantity"],
        "value": lab["value"],
        "state": f"{lab['status']} / {lab['receipt']}",
    }
    # Every word of a header stays whole: "Reference" must fit even when no row has a date.
    fitted = {
        "no": _fit([str(len(rows_in))], headers["no"], SANS, size),
        "when": _fit(dates + [r.reference for r in rows_in], headers["when"], SANS, size),
        "quantity": _fit(quantities, headers["quantity"], SANS, size),
        "value": _fit(values, headers["value"], SANS, size),
    }
    if with_status:
        fitted["state"] = _fit(
            statuses + [r.receipt_code for r in rows_in], headers["state"], SANS, size
        )
    rest = max(CONTENT_WIDTH - sum(fitted.values()), 0.3 * CONTENT_WIDTH)
    if sum(fitted.values()) + rest > CONTENT_WIDTH:  # very long values: shrink proportionally
        scale = (CONTENT_WIDTH - rest) / sum(fitted.values())
        fitted = {key: width * scale for key, width in fitted.items()}
    order = ["no", "when", "counterpart", "item", "quantity", "value"]
    if with_status:
        order.append("state")
    widths_by = {**fitted, "counterpart": rest * 0.42, "item": rest * 0.58}
    widths = [widths_by[key] for key in order]
    header = [headers[key] for key in order]

    rows: list[list[Any]] = []
    for index, row in enumerate(rows_in):
        item = esc(row.item)
        if row.category:
            category = esc(lab.code("category", row.category))
            item += f"<br/><font size=7 color='#555555'>{category}</font>"
        cells = {
            "no": str(index + 1),
            "when": Paragraph(f"{esc(dates[index])}<br/>{esc(row.reference)}", small),
            "counterpart": row.counterpart,
            "item": Paragraph(item, small),
            "quantity": quantities[index],
            "value": values[index],
            "state": Paragraph(f"{esc(statuses[index])}<br/>{esc(row.receipt_code)}", small),
        }
        rows.append([cells[key] for key in order])
    # Totals: the label spans columns 1-3, the total (right-aligned) the rest.
    spanned = [None] * (len(order) - 5)
    for label, total in (
        (lab["total_quantity"], _qty_total(fmt, section)),
        (lab["total_value"], _value_total(fmt, section)),
    ):
        rows.append(["", label, None, None, total, *spanned])
    return data_table(
        header, rows, widths, right_cols=(0, 4, 5), footer_rows=2, font_size=small.fontSize
    )


def report_story(
    data: ReportData, fmt: Formatter, *, title: str, counterpart: str
) -> list[Flowable]:
    lab = fmt.labels
    st = styles()
    w = CONTENT_WIDTH
    period = f"{fmt.date(data.period_start)} – {fmt.date(data.period_end)}"
    story: list[Flowable] = [
        para(title, st.title),
        Spacer(1, 6),
        form_box(
            [lab["organization"], lab["period"]],
            columns(party_rows(fmt, data.organization), [period, "", ""]),
            [w * 0.65, w * 0.35],
            bold_first=True,
        ),
        para(lab["summary"], st.h2),
    ]
    widths = [w * 0.22, w * 0.1, w * 0.3, w * 0.38]
    summary = [
        [
            _section_title(fmt, s),
            str(len(s.rows)),
            _qty_total(fmt, s),
            _value_total(fmt, s),
        ]
        for s in data.sections
    ]
    story.append(
        data_table(
            [lab["section"], lab["line_count"], lab["total_quantity"], lab["total_value"]],
            summary,
            widths,
            right_cols=(1,),
        )
    )
    for section in data.sections:
        story.append(para(_section_title(fmt, section), st.h2))
        if section.rows:
            story.append(_section_table(fmt, section, counterpart))
        else:
            story.append(para(lab["no_rows"], st.body))
    return story


def _render(data: ReportData, lang: str, title_key: str, counterpart_key: str) -> bytes:
    fmt = Formatter(lang)
    title = fmt.labels[title_key]
    return build_pdf(
        report_story(data, fmt, title=title, counterpart=fmt.labels[counterpart_key]),
        fmt,
        title=title,
        reference=data.organization.name,
        generated_at=data.generated_at,
    )


def render_partner_report(data: ReportData, lang: str = "en") -> bytes:
    """What one partner pledged, shipped and saw delivered in a period (sections `pledged`,
    `shipped`, `delivered`; rows' `counterpart` is the community)."""
    return _render(data, lang, "partner_report_title", "counterpart_partner")


def render_community_report(data: ReportData, lang: str = "en") -> bytes:
    """What one community requested, received and still awaits in a period (sections
    `requested`, `received`, `outstanding`; rows' `counterpart` is the partner)."""
    return _render(data, lang, "community_report_title", "counterpart_community")
