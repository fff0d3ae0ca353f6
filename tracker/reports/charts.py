"""Small server-rendered SVG charts for the dashboard and printed reports.

Each bar carries its label and its number as text, so the chart reads without colour, on a
phone, in print and to a screen reader (`role="img"` with a title and a description).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from tracker.reports.summary import Summary

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 210
VALUE_WIDTH = 90
TITLE_HEIGHT = 30
FONT = "DejaVu Sans, Arial, sans-serif"


def _number(value: float) -> str:
    """1234567 → '1 234 567' (thin spaces read well in Ukrainian and English)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.2f}".replace(",", "\u202f")


def bar_chart_svg(
    bars: Sequence[tuple[str, float]],
    title: str,
    width: int = 640,
    empty_text: str = "Nothing to show",
) -> str:
    """Horizontal bars, longest first as given: label on the left, value after the bar."""
    plot = max(width - LABEL_WIDTH - VALUE_WIDTH, 50)
    rows = max(len(bars), 1)
    height = TITLE_HEIGHT + rows * (BAR_HEIGHT + GAP) + GAP
    top = max((v for _, v in bars), default=0) or 1
    ref = "chart-" + hashlib.sha1(title.encode()).hexdigest()[:8]  # unique ids per page
    description = "; ".join(f"{label}: {_number(v)}" for label, v in bars) or empty_text
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ref}-title {ref}-desc" '
        f'font-family={quoteattr(FONT)} font-size="13">',
        f'<title id="{ref}-title">{escape(title)}</title>',
        f'<desc id="{ref}-desc">{escape(description)}</desc>',
        f'<text x="0" y="18" font-weight="bold" font-size="15">{escape(title)}</text>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="{TITLE_HEIGHT + 16}">{escape(empty_text)}</text>')
    for index, (label, value) in enumerate(bars):
        y = TITLE_HEIGHT + index * (BAR_HEIGHT + GAP)
        length = max(round(plot * value / top), 1 if value else 0)
        shown = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<g><text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(shown)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="#1f5fa8" stroke="#000" stroke-width="0.5"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 16}">{escape(_number(value))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def open_needs_chart(summary: Summary, title: str = "Open needs by category") -> str:
    """The quantity still unallocated per category (and unit, which cannot be added up)."""
    bars = [
        (f"{need.category} ({need.unit})", float(need.quantity_open))
        for need in summary.open_needs_by_category
    ]
    return bar_chart_svg(bars, title)
