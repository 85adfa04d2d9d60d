"""The support report as an Excel workbook, written through `text_safe_row`.

`text_safe_row` is the one way this module (and the support and market-check sections of the periodic
report) puts a row into a sheet: a text that a spreadsheet would read as a formula (it starts with
=, +, -, @, a tab or a carriage return) is written as a text cell with Excel's quote prefix, so a
programme named "=HYPERLINK(…)" stays a name. It stands in for the project's safe writer
(`documents/spreadsheet.py`, engineer H's) until that lands on main; then this function gives way to it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .figures import GROUPINGS, Grant, grouped

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


def _text_cell(ws: Any, value: str, font: Font | None = None) -> Any:
    cell = WriteOnlyCell(ws)
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = text
    cell.data_type = "s"  # after the value: assigning "=…" made it a formula
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def text_safe_row(ws: Any, values: Iterable[Any], bold: bool = False) -> None:
    """Append one row: every text as a text cell (never a formula), numbers as numbers."""
    row = []
    for value in values:
        if isinstance(value, str):
            row.append(_text_cell(ws, value, BOLD if bold else None))
        elif bold and value is not None:
            cell = WriteOnlyCell(ws, value=value)
            cell.font = BOLD
            row.append(cell)
        else:
            row.append(value)
    ws.append(row)


HEADINGS = (
    _l("Số đơn được duyệt"),
    _l("Đề nghị (đồng)"),
    _l("Được hỗ trợ (đồng)"),
    _l("Đã giải ngân (đồng)"),
)
DETAIL_HEADINGS = (
    _l("STT"),
    _l("Chương trình hỗ trợ"),
    _l("Nội dung hỗ trợ"),
    _l("Nguồn kinh phí"),
    _l("Năm duyệt"),
    _l("Chủ thể"),
    _l("Xã, phường"),
    _l("Sản phẩm"),
    _l("Đề nghị (đồng)"),
    _l("Được hỗ trợ (đồng)"),
    _l("Đã giải ngân (đồng)"),
    _l("Văn bản phê duyệt"),
)


def support_workbook(title: str, rows: list[Grant]) -> bytes:
    """One sheet per grouping (programme, producer, product, commune, year, source, kind) and the list."""
    wb = Workbook(write_only=True)
    for by, label in GROUPINGS.items():
        ws = wb.create_sheet(str(label).removeprefix("Theo ").capitalize()[:31])
        ws.column_dimensions["A"].width = 48
        for col in range(2, 6):
            ws.column_dimensions[get_column_letter(col)].width = 20
        text_safe_row(ws, [title], bold=True)
        text_safe_row(ws, [str(label)])
        text_safe_row(ws, ["", *map(str, HEADINGS)], bold=True)
        groups, total = grouped(rows, by)
        for g in [*groups, total]:
            text_safe_row(ws, [g.label, g.grants, g.requested, g.granted, g.disbursed], bold=g is total)
    ws = wb.create_sheet(_("Danh sách"))
    for col, width in enumerate((6, 40, 30, 26, 10, 36, 22, 30, 16, 16, 16, 22), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    text_safe_row(ws, [title], bold=True)
    text_safe_row(ws, [str(h) for h in DETAIL_HEADINGS], bold=True)
    for n, g in enumerate(rows, start=1):
        text_safe_row(
            ws,
            [
                n,
                g.programme,
                g.kind,
                g.source,
                g.year,
                g.producer,
                g.commune,
                g.product,
                g.requested,
                g.granted,
                g.disbursed,
                g.decision_reference,
            ],
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
