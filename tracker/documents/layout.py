"""What every document shares: styles, number/date formatting, tables, the page frame, build."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus.tables import TableStyle

from tracker.documents.fonts import MONO, SANS, SANS_BOLD, register_fonts
from tracker.documents.labels import Labels

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

GRID = colors.HexColor("#808080")
SHADE = colors.HexColor("#E6E6E6")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1F3A5F")

# reportlab is not documented as thread-safe (font subset state lives on shared font objects);
# rendering is CPU-bound under the GIL anyway, so one build at a time costs nothing.
_BUILD_LOCK = threading.Lock()


def esc(text: object) -> str:
    """Escape user text for Paragraph markup: `<50 kW> & cables` renders literally."""
    return escape(str(text)).replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_bold: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_small: ParagraphStyle
    cell_small_right: ParagraphStyle
    head: ParagraphStyle
    title: ParagraphStyle
    h2: ParagraphStyle
    label: ParagraphStyle
    mono: ParagraphStyle
    big: ParagraphStyle


def _make_styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=SANS, fontSize=9, leading=11.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    return Styles(
        body=body,
        body_bold=ParagraphStyle("body_bold", parent=body, fontName=SANS_BOLD),
        small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7.5, leading=9.5),
        cell_small_right=ParagraphStyle(
            "cell_small_right", parent=cell, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
        ),
        head=ParagraphStyle("head", parent=cell, fontName=SANS_BOLD, fontSize=7.5, leading=9.5),
        title=ParagraphStyle(
            "title", parent=body, fontName=SANS_BOLD, fontSize=15, leading=18, textColor=ACCENT
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=4,
            textColor=ACCENT,
        ),
        label=ParagraphStyle("label", parent=body, fontSize=7, leading=8.5, textColor=MUTED),
        mono=ParagraphStyle("mono", parent=body, fontName=MONO, fontSize=8.5, leading=10.5),
        big=ParagraphStyle("big", parent=body, fontName=SANS_BOLD, fontSize=12, leading=14.5),
    )


_styles: Styles | None = None


def styles() -> Styles:
    global _styles
    if _styles is None:
        _styles = _make_styles()
    return _styles


class Formatter:
    """Numbers, money and dates for one language (Babel), plus its labels."""

    def __init__(self, lang: str) -> None:
        self.labels = Labels(lang)
        self.lang = self.labels.lang

    def qty(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=self.lang)

    def money(self, amount: Decimal | int, currency: str) -> str:
        # ISO code after the amount, as customs papers print it, with the language's separators.
        return format_currency(
            amount, currency, format="#,##0.00\u00a0¤¤", locale=self.lang, currency_digits=True
        )

    def qty_unit(self, value: Decimal | int, unit: str) -> str:
        return f"{self.qty(value)}\u00a0{self.labels.code('unit', unit)}"

    def date(self, value: date | None) -> str:
        if value is None:
            return self.labels["none"]
        if isinstance(value, datetime):
            value = value.date()
        return format_date(value, "medium", locale=self.lang)

    def datetime(self, value: datetime) -> str:
        """Date and time in the value's own time zone, with its UTC offset (naive = UTC)."""
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        offset = value.utcoffset()
        if not offset:
            zone = "UTC"
        else:
            total = int(offset.total_seconds()) // 60
            sign = "+" if total >= 0 else "-"
            zone = f"UTC{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
        clock = format_time(value, "short", tzinfo=value.tzinfo, locale=self.lang)
        return f"{self.date(value.date())}, {clock} {zone}"

    def quantity_totals(self, pairs: Iterable[tuple[Decimal | int, str]]) -> str:
        """`12 pcs; 3 t`: quantities summed per unit, units in order of first appearance."""
        sums: dict[str, Decimal] = {}
        for quantity, unit in pairs:
            sums[unit] = sums.get(unit, Decimal(0)) + Decimal(quantity)
        return "; ".join(self.qty_unit(v, u) for u, v in sums.items()) or self.labels["none"]

    def value_totals(self, pairs: Iterable[tuple[Decimal | int | None, str | None]]) -> str:
        """`1 000,00 EUR; 3 900 000,00 UAH`: values summed per currency; missing ones skipped."""
        sums: dict[str, Decimal] = {}
        for amount, currency in pairs:
            if amount is None or not currency:
                continue
            sums[currency] = sums.get(currency, Decimal(0)) + Decimal(amount)
        return "; ".join(self.money(v, c) for c, v in sums.items()) or self.labels["none"]

    def value(self, amount: Decimal | int | None, currency: str | None) -> str:
        if amount is None or not currency:
            return self.labels["none"]
        return self.money(amount, currency)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from plain (unescaped) text."""
    return Paragraph(esc(text), style)


def cell(text: str, width: float, style: ParagraphStyle | None = None) -> str | Paragraph:
    """A table cell: the plain string when it fits on one line, else a wrapping Paragraph.

    Plain strings are drawn literally (no markup to escape) and cost far less than Paragraphs;
    `width` is the column width, the style defaults to the table's cell style.
    """
    st = style or styles().cell
    if "\n" not in text and stringWidth(text, st.fontName, st.fontSize) <= width - 7:
        return text
    return para(text, st)


def party_rows(fmt: Formatter, party: Any) -> list[str]:
    """Name, then `address, place, region, country`, then contact (a Party's printed lines)."""
    parts = (party.address, party.place, party.region, fmt.labels.country(party.country))
    return [party.name, ", ".join(p for p in parts if p), party.contact]


def columns(*cols: Sequence[str]) -> list[list[str]]:
    """Turn per-column value lists into table rows, dropping rows that are empty everywhere."""
    rows = [list(r) for r in zip(*cols, strict=True)]
    return [r for r in rows if any(r)]


def form_box(
    captions: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    bold_first: bool = False,
) -> Table:
    """Boxed form fields: a row of small grey captions over rows of values, one column each.

    Values are plain strings where they fit (cheap to lay out) and wrapping Paragraphs where
    they don't. Boxes stacked one under another share their borders.
    """
    st = styles()
    data: list[list[Any]] = [
        [cell(c, wd, st.label) for c, wd in zip(captions, widths, strict=True)]
    ]
    for index, row in enumerate(rows):
        style = st.body_bold if bold_first and index == 0 else st.body
        data.append([cell(v or "", wd, style) for v, wd in zip(row, widths, strict=True)])
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, 0), SANS),
        ("FONTSIZE", (0, 0), (-1, 0), 7),
        ("LEADING", (0, 0), (-1, 0), 8.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("FONTNAME", (0, 1), (-1, -1), SANS),
        ("FONTSIZE", (0, 1), (-1, -1), 9),
        ("LEADING", (0, 1), (-1, -1), 11.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ("TOPPADDING", (0, 0), (-1, 0), 3),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
    ]
    if bold_first and rows:
        commands.append(("FONTNAME", (0, 1), (-1, 1), SANS_BOLD))
    return Table(data, colWidths=list(widths), style=TableStyle(commands))


def boxed(rows: Sequence[Sequence[Any]], widths: Sequence[float], **kw: Any) -> Table:
    """A grid of boxes (the waybill's header look)."""
    table = Table([list(r) for r in rows], colWidths=list(widths), **kw)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    right_cols: Sequence[int] = (),
    footer_rows: int = 0,
    row_height: float | None = None,
    font_size: float = 8.5,
) -> Table:
    """A lines table that splits across pages and repeats its header row on each.

    Cells may be Paragraphs or plain strings (plain strings don't wrap; keep them short).
    The last `footer_rows` rows are totals, printed in bold on a shaded background.
    """
    st = styles()
    data: list[list[Any]] = [[Paragraph(esc(h), st.head) for h in header]]
    data.extend(list(r) for r in rows)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size + 2),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for col in right_cols:
        commands.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    if footer_rows:
        commands += [
            ("BACKGROUND", (0, -footer_rows), (-1, -1), SHADE),
            ("FONTNAME", (0, -footer_rows), (-1, -1), SANS_BOLD),
            ("LINEABOVE", (0, -footer_rows), (-1, -footer_rows), 0.9, colors.black),
        ]
    heights = None if row_height is None else [None] + [row_height] * len(rows)
    return Table(
        data, colWidths=list(widths), rowHeights=heights, repeatRows=1, style=TableStyle(commands)
    )


def signature_grid(fmt: Formatter, roles: Sequence[tuple[str, str]]) -> Table:
    """Rows of blank boxes to sign by hand: (role label, pre-printed name) per row."""
    lab = fmt.labels
    st = styles()
    header = ["", lab["name"], lab["role"], lab["signature"], lab["date"], lab["stamp"]]
    widths = [w * CONTENT_WIDTH for w in (0.22, 0.2, 0.14, 0.18, 0.12, 0.14)]
    rows = [
        [cell(role, widths[0], st.cell_bold), cell(name, widths[1]), "", "", "", ""]
        for role, name in roles
    ]
    # Rows tall enough to sign by hand.
    table = data_table(header, rows, widths, row_height=34)
    table.setStyle(TableStyle([("FONTNAME", (0, 1), (0, -1), SANS_BOLD)]))
    return table


class _NumberedCanvas(Canvas):
    """Defers each page until the end so every footer can say "page X of Y" in one pass."""

    def __init__(self, *args: Any, decor: _Decor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decor.draw(self, number, total)
            super().showPage()
        super().save()


@dataclass(frozen=True)
class _Decor:
    title: str
    reference: str
    footer_left: str
    page_of: str

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFillColor(MUTED)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.4)
        top = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
        canv.setFont(SANS, 7.5)
        canv.drawString(MARGIN_X, top, self.title)
        canv.drawRightString(PAGE_WIDTH - MARGIN_X, top, self.reference)
        canv.line(MARGIN_X, top - 2, PAGE_WIDTH - MARGIN_X, top - 2)
        bottom = MARGIN_BOTTOM - 9 * mm
        canv.line(MARGIN_X, bottom + 9, PAGE_WIDTH - MARGIN_X, bottom + 9)
        canv.drawString(MARGIN_X, bottom, self.footer_left)
        canv.drawRightString(
            PAGE_WIDTH - MARGIN_X, bottom, self.page_of.format(page=page, pages=pages)
        )
        canv.restoreState()


def build_pdf(
    story: list[Flowable],
    fmt: Formatter,
    *,
    title: str,
    reference: str,
    generated_at: datetime | None,
) -> bytes:
    """Lay the story out on A4 pages with the running header and footer; return PDF bytes."""
    register_fonts()
    when = generated_at or datetime.now(UTC)
    decor = _Decor(
        title=title,
        reference=reference,
        footer_left=fmt.labels["generated"].format(when=fmt.datetime(when)) + " · tracker",
        page_of=fmt.labels["page_of"],
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{title} {reference}".strip(),
        author="tracker",
        creator="tracker",
        subject=title,
        lang=fmt.lang,
        invariant=1,
        initialFontName=SANS,
        pageCompression=1,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        return _NumberedCanvas(*args, decor=decor, **kwargs)

    with _BUILD_LOCK:
        doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()
