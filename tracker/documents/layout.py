"""What every document shares: styles, number/date formatting, tables, the page frame, build."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from typing import Any, Literal
from xml.sax.saxutils import escape

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, parse_pattern
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from tracker.documents.fonts import SANS, SANS_BOLD, register_fonts
from tracker.documents.labels import Labels, babel_locale

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

SPACE_SHRINKAGE = 0.05
"""How far a wrapped line may overrun, per space in it, as a share of a space (Paragraph's)."""


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
    cell_small: ParagraphStyle
    cell_note: ParagraphStyle
    head: ParagraphStyle
    title: ParagraphStyle
    h2: ParagraphStyle
    label: ParagraphStyle
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
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7.5, leading=9.5),
        cell_note=ParagraphStyle("cell_note", parent=cell, fontSize=7, leading=9, textColor=MUTED),
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
        big=ParagraphStyle("big", parent=body, fontName=SANS_BOLD, fontSize=12, leading=14.5),
    )


_styles: Styles | None = None


def styles() -> Styles:
    global _styles
    if _styles is None:
        _styles = _make_styles()
    return _styles


_MONEY = parse_pattern("#,##0.00\u00a0¤¤")
"""Money: the ISO code after the amount, as customs papers print it (parsed once)."""


class Formatter:
    """Numbers, money and dates for one language (Babel), plus its labels."""

    def __init__(self, lang: str) -> None:
        self.labels = Labels(lang)
        self.lang = self.labels.lang
        self.locale = babel_locale(self.lang)

    def qty(self, value: Decimal | int) -> str:
        return format_decimal(value, locale=self.locale)

    def money(self, amount: Decimal | int, currency: str) -> str:
        return format_currency(
            amount, currency, format=_MONEY, locale=self.locale, currency_digits=True
        )

    def qty_unit(self, value: Decimal | int, unit: str) -> str:
        return f"{self.qty(value)}\u00a0{self.labels.code('unit', unit)}"

    def date(self, value: date | None) -> str:
        if value is None:
            return self.labels["none"]
        if isinstance(value, datetime):
            value = value.date()
        return format_date(value, "medium", locale=self.locale)

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
        clock = format_time(value, "short", tzinfo=value.tzinfo, locale=self.locale)
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


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Break plain text into lines no wider than `width`, as Paragraph would.

    Lines break at spaces (runs of them collapse; no-break spaces hold), a newline always
    breaks, and a word wider than the line is cut between characters. Like Paragraph, a
    line may overrun by 5 % of a space per space in it (its `spaceShrinkage`).
    """
    space = stringWidth(" ", font, size)
    shrink = SPACE_SHRINKAGE * space
    lines: list[str] = []
    for hard_line in text.split("\n"):
        words = [w for w in hard_line.replace("\t", " ").split(" ") if w]
        line: list[str] = []
        used = 0.0
        for word in words:
            word_width = stringWidth(word, font, size)
            if line and used + space + word_width <= width + shrink * len(line):
                line.append(word)
                used += space + word_width
                continue
            if line and word_width > width:  # too long for any line: start it on this one
                cut = _fitting_prefix(word, font, size, width - used - space)
                if cut:
                    line.append(word[:cut])
                    word = word[cut:]
                    word_width = stringWidth(word, font, size)
            if line:
                lines.append(" ".join(line))
            while word_width > width and len(word) > 1:
                cut = max(_fitting_prefix(word, font, size, width), 1)
                lines.append(word[:cut])
                word = word[cut:]
                word_width = stringWidth(word, font, size)
            line, used = [word], word_width
        lines.append(" ".join(line))
    return lines if any(lines) else []


def _fitting_prefix(word: str, font: str, size: float, width: float) -> int:
    """Length of the longest prefix of `word` that fits in `width` (0 if not even one does)."""
    if stringWidth(word[:1], font, size) > width:
        return 0
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(word[:mid], font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return low


class Text(Flowable):
    """Plain text in one style: what a Paragraph draws for text without markup, for a fraction
    of its cost (no markup parser, no fragments). Wraps like `wrap_text`; the style's font,
    size, leading, colour, alignment and space before/after apply.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.lines: list[str] = []
        self._wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth != self._wrapped_width:
            st = self.style
            self.lines = wrap_text(self.text, st.fontName, st.fontSize, availWidth)
            self._wrapped_width = availWidth
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.leading)
        if fit < 1 or fit >= len(self.lines):
            return []
        return [
            Text("\n".join(self.lines[:fit]), self.style),
            Text("\n".join(self.lines[fit:]), self.style),
        ]

    def draw(self) -> None:
        st = self.style
        text = self.canv.beginText()
        text.setFont(st.fontName, st.fontSize, st.leading)
        text.setFillColor(st.textColor)
        y = self.height - st.fontSize
        for line in self.lines:
            x = 0.0
            if st.alignment != TA_LEFT:
                spare = self.width - stringWidth(line, st.fontName, st.fontSize)
                x = spare if st.alignment == TA_RIGHT else spare / 2
            text.setTextOrigin(x, y)
            text.textOut(line)
            y -= st.leading
        self.canv.drawText(text)


def para(text: str, style: ParagraphStyle) -> Text:
    """A block of plain text (nothing in it is markup) in `style`."""
    return Text(text, style)


def party_rows(fmt: Formatter, party: Any) -> list[str]:
    """Name, then `address, place, region, country`, then contact (a Party's printed lines)."""
    parts = (party.address, party.place, party.region, fmt.labels.country(party.country))
    return [party.name, ", ".join(p for p in parts if p), party.contact]


def columns(*cols: Sequence[str]) -> list[list[str]]:
    """Turn per-column value lists into table rows, dropping rows that are empty everywhere."""
    rows = [list(r) for r in zip(*cols, strict=True)]
    return [r for r in rows if any(r)]


Piece = tuple[str, ParagraphStyle] | float | Flowable
"""What a `Box` cell holds, top to bottom: text in a style, a gap in points, or a flowable."""

Cell = Sequence[Piece] | None
"""A `Box` cell; None is a cell covered by the one to its left, which spans it."""


class Box(Flowable):
    """A grid of ruled cells: header boxes, form fields, lines tables, signature rows.

    What reportlab's Table draws for these, for a fraction of its cost: Table keeps a style
    object per cell and starts a text object per string, while a Box draws all its text in
    one text object and its rules in one path per weight. Text wraps to its cell's width
    (like `wrap_text`); a row is as tall as its fullest cell, or its `min_heights` entry.

    `rules`: "grid" rules between all cells, "columns" only between columns. `header`
    shades the first row and rules it off in black; `footer_rows` does the same for the
    last rows (totals). Paddings are (left, right) for every cell and (top, bottom) per
    row. A Box splits between rows across pages only if `repeat_header` (the header row
    is then repeated on each page); otherwise it moves to the next page whole.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[Cell]],
        widths: Sequence[float],
        *,
        padding: tuple[float, float] = (4, 4),
        row_padding: Sequence[tuple[float, float]] | None = None,
        min_heights: Sequence[float] | None = None,
        rules: Literal["grid", "columns"] = "grid",
        inner_width: float = 0.5,
        header: bool = False,
        footer_rows: int = 0,
        repeat_header: bool = False,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.widths = list(widths)
        self.padding = padding
        self.row_padding = list(row_padding or [(3, 4)] * len(rows))
        self.min_heights = list(min_heights or [0.0] * len(rows))
        self.rules = rules
        self.inner_width = inner_width
        self.header = header
        self.footer_rows = footer_rows
        self.repeat_header = repeat_header
        self.width = sum(self.widths)
        self.height = 0.0
        self._x = [sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        self._laid_out: list[list[list[Any] | None]] | None = None
        self._heights: list[float] = []

    def _span_end(self, row: Sequence[Cell], col: int) -> int:
        """The column after the last one that the cell at `col` spans."""
        end = col + 1
        while end < len(row) and row[end] is None:
            end += 1
        return end

    def _layout(self) -> None:
        left, right = self.padding
        laid_out: list[list[list[Any] | None]] = []
        heights: list[float] = []
        for row, (top, bottom), least in zip(
            self.rows, self.row_padding, self.min_heights, strict=True
        ):
            cells: list[list[Any] | None] = []
            tallest = 0.0
            for col, pieces in enumerate(row):
                if pieces is None:
                    cells.append(None)
                    continue
                room = self._x[self._span_end(row, col)] - self._x[col] - left - right
                items: list[Any] = []
                used = 0.0
                for piece in pieces:
                    if isinstance(piece, tuple):
                        text, st = piece
                        lines = wrap_text(text, st.fontName, st.fontSize, room)
                        items.append((lines, st, room))
                        used += len(lines) * st.leading
                    elif isinstance(piece, Flowable):
                        _, h = piece.wrap(room, PAGE_HEIGHT)
                        items.append((piece, h))
                        used += h
                    else:
                        items.append(piece)
                        used += piece
                cells.append(items)
                tallest = max(tallest, used)
            laid_out.append(cells)
            heights.append(max(least, tallest + top + bottom))
        self._laid_out, self._heights = laid_out, heights
        self.height = sum(heights)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._laid_out is None:
            self._layout()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if not self.repeat_header:
            return []
        self.wrap(availWidth, availHeight)
        used, end = self._heights[0], 1
        while end < len(self.rows) and used + self._heights[end] <= availHeight:
            used += self._heights[end]
            end += 1
        if end <= 1 or end >= len(self.rows):
            return []
        rest = len(self.rows) - end
        return [
            self._part(list(range(end)), max(self.footer_rows - rest, 0)),
            self._part([0, *range(end, len(self.rows))], min(self.footer_rows, rest)),
        ]

    def _part(self, picked: list[int], footer_rows: int) -> Box:
        """A Box of some of this one's rows, in the same look."""
        return Box(
            [self.rows[i] for i in picked],
            self.widths,
            padding=self.padding,
            row_padding=[self.row_padding[i] for i in picked],
            min_heights=[self.min_heights[i] for i in picked],
            rules=self.rules,
            inner_width=self.inner_width,
            header=self.header,
            footer_rows=footer_rows,
            repeat_header=self.repeat_header,
        )

    def draw(self) -> None:
        if self._laid_out is None:
            self._layout()
        assert self._laid_out is not None
        canv = self.canv
        left = self.padding[0]
        tops = [self.height - above for above in accumulate(self._heights, initial=0.0)]
        shaded = [0] if self.header else []
        shaded += range(len(self._heights) - self.footer_rows, len(self._heights))
        if shaded:
            canv.setFillColor(SHADE)
            for i in shaded:
                canv.rect(0, tops[i + 1], self.width, self._heights[i], stroke=0, fill=1)
        text = canv.beginText()
        font: tuple[str, float, float] | None = None
        colour: Any = None
        flowables: list[tuple[Flowable, float, float]] = []
        for cells, row_top, (top, _) in zip(
            self._laid_out, tops[:-1], self.row_padding, strict=True
        ):
            for col, items in enumerate(cells):
                if items is None:
                    continue
                x, y = self._x[col] + left, row_top - top
                for item in items:
                    if not isinstance(item, tuple):
                        y -= item
                    elif isinstance(item[0], Flowable):
                        flowables.append((item[0], x, y - item[1]))
                        y -= item[1]
                    else:
                        lines, st, room = item
                        if font != (st.fontName, st.fontSize, st.leading):
                            font = (st.fontName, st.fontSize, st.leading)
                            text.setFont(*font)
                        if colour is not st.textColor:
                            colour = st.textColor
                            text.setFillColor(colour)
                        for line in lines:
                            offset = 0.0
                            if st.alignment != TA_LEFT:
                                spare = room - stringWidth(line, st.fontName, st.fontSize)
                                offset = spare if st.alignment == TA_RIGHT else spare / 2
                            text.setTextOrigin(x + offset, y - st.fontSize)
                            text.textOut(line)
                            y -= st.leading
        canv.drawText(text)
        for flowable, fx, fy in flowables:
            flowable.drawOn(canv, fx, fy)
        self._draw_rules(tops)

    def _draw_rules(self, tops: list[float]) -> None:
        canv = self.canv
        inner = canv.beginPath()
        for col in range(1, len(self.widths)):
            x = self._x[col]
            start: float | None = None  # top of the rule being drawn down this boundary
            for row, row_top in zip(self.rows, tops[:-1], strict=True):
                if row[col] is None:  # spanned over: no rule here
                    if start is not None:
                        inner.moveTo(x, start)
                        inner.lineTo(x, row_top)
                    start = None
                elif start is None:
                    start = row_top
            if start is not None:
                inner.moveTo(x, start)
                inner.lineTo(x, 0)
        if self.rules == "grid":
            for y in tops[1:-1]:
                inner.moveTo(0, y)
                inner.lineTo(self.width, y)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(self.inner_width)
        canv.drawPath(inner, stroke=1, fill=0)
        canv.setStrokeColor(colors.black)
        canv.setLineWidth(0.9)
        rows = len(self._heights)
        if self.header and rows > 1:
            canv.line(0, tops[1], self.width, tops[1])
        if 0 < self.footer_rows < rows:
            canv.line(0, tops[rows - self.footer_rows], self.width, tops[rows - self.footer_rows])
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def form_box(
    captions: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    bold_first: bool = False,
) -> Box:
    """Boxed form fields: a row of small grey captions over rows of values, one column each.

    Boxes stacked one under another share their borders.
    """
    st = styles()
    data: list[list[list[Piece]]] = [[[(c, st.label)] for c in captions]]
    for index, row in enumerate(rows):
        style = st.body_bold if bold_first and index == 0 else st.body
        data.append([[(v or "", style)] for v in row])
    last = len(data) - 1
    padding = [(3 if i == 0 else 0.5, 4 if i == last else 0.5) for i in range(len(data))]
    return Box(data, widths, row_padding=padding, rules="columns")


def boxed(rows: Sequence[Sequence[Sequence[Piece]]], widths: Sequence[float]) -> Box:
    """A grid of boxes (the documents' header look)."""
    return Box(rows, widths)


@lru_cache(maxsize=32)
def _cell_style(size: float, bold: bool, right: bool) -> ParagraphStyle:
    """A lines table's text style: `size` points, bold in totals rows, right in number columns."""
    return ParagraphStyle(
        f"cell_{size}{'_bold' if bold else ''}{'_right' if right else ''}",
        parent=styles().cell,
        fontName=SANS_BOLD if bold else SANS,
        fontSize=size,
        leading=size + 2,
        alignment=TA_RIGHT if right else TA_LEFT,
    )


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable | Sequence[Piece] | None]],
    widths: Sequence[float],
    *,
    right_cols: Sequence[int] = (),
    footer_rows: int = 0,
    font_size: float = 8.5,
) -> Box:
    """A lines table that splits across pages and repeats its header row on each.

    A cell is a string (it wraps to its column), a flowable, a list of `Piece`s, or None
    where the cell to its left spans it. Strings in `right_cols` are right-aligned. The last
    `footer_rows` rows are totals: their strings bold, the rows shaded and ruled off.
    """
    st = styles()
    data: list[list[Cell]] = [[[(h, st.head)] for h in header]]
    for index, row in enumerate(rows):
        bold = index >= len(rows) - footer_rows
        cells: list[Cell] = []
        for col, value in enumerate(row):
            if isinstance(value, str):
                cells.append([(value, _cell_style(font_size, bold, col in right_cols))])
            elif isinstance(value, Flowable):
                cells.append([value])
            else:
                cells.append(value)
        data.append(cells)
    return Box(
        data,
        widths,
        padding=(3, 3),
        row_padding=[(2, 3)] * len(data),
        inner_width=0.4,
        header=True,
        footer_rows=footer_rows,
        repeat_header=True,
    )


def signature_grid(fmt: Formatter, roles: Sequence[tuple[str, str] | tuple[str, str, str]]) -> Box:
    """Rows of boxes to sign by hand: (role label, pre-printed name[, pre-printed function])
    per row; the signature, date and stamp boxes stay blank."""
    lab = fmt.labels
    st = styles()
    header = ["", lab["name"], lab["role"], lab["signature"], lab["date"], lab["stamp"]]
    widths = [w * CONTENT_WIDTH for w in (0.22, 0.2, 0.14, 0.18, 0.12, 0.14)]
    rows: list[list[list[Piece]]] = [[[(h, st.head)] for h in header]]
    for role, name, *function in roles:
        job = [(function[0], st.cell)] if function and function[0] else []
        rows.append([[(role, st.cell_bold)], [(name, st.cell)], job, [], [], []])
    # Rows tall enough to sign by hand.
    return Box(
        rows,
        widths,
        padding=(3, 3),
        row_padding=[(2, 3)] * len(rows),
        min_heights=[0, *[34] * len(roles)],
        inner_width=0.4,
        header=True,
    )


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
