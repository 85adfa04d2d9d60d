"""Tiny server-rendered SVG bar charts: readable on a phone, no JavaScript, no library.

Each row is a label above a horizontal bar, with the number at the bar's end. The same numbers are
always shown in a table next to the chart (the chart is `role="img"` with a title; the table is the
accessible form).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
BAR_MAX = 250
ROW = 34
LABEL_CHARS = 42


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(rows: Sequence[tuple[str, int | float]], title: str, *, css_class: str = "") -> SafeString:
    """An inline SVG of horizontal bars, one per (label, value) row; zero values draw no bar."""
    top = max((v for _, v in rows), default=0)
    height = max(ROW * len(rows), ROW) + 4
    parts = [
        f'<svg class="chart {escape(css_class)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    if not rows:
        parts.append(f'<text x="0" y="20" class="empty">{escape("Chưa có số liệu / no data")}</text>')
    for i, (label, value) in enumerate(rows):
        y = i * ROW
        width = round(BAR_MAX * value / top) if top else 0
        parts.append(f'<text x="0" y="{y + 12}" class="label">{escape(_short(label))}</text>')
        parts.append(
            f'<rect class="bar" x="0" y="{y + 16}" width="{width}" height="14" rx="2" '
            f'data-value="{value}"><title>{escape(label)}: {value}</title></rect>'
        )
        parts.append(f'<text x="{width + 4}" y="{y + 28}" class="value">{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
