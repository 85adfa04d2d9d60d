"""The support report as an Excel workbook, through the project's safe writer (documents.spreadsheet:
every text stays a text, a programme named "=HYPERLINK(…)" included)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ocop.documents.spreadsheet import Book, Sheet

from .figures import GROUPINGS, Grant, grouped

BOLD = Font(bold=True)


def bold_row(ws: Sheet, values: list[Any]) -> None:
    ws.append([ws.cell(v, font=BOLD) if v is not None else None for v in values])


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
    book = Book()
    for by, label in GROUPINGS.items():
        ws = book.sheet(str(label).removeprefix("Theo ").capitalize()[:31])
        ws.ws.column_dimensions["A"].width = 48
        for col in range(2, 6):
            ws.ws.column_dimensions[get_column_letter(col)].width = 20
        bold_row(ws, [title])
        ws.append([str(label)])
        bold_row(ws, ["", *map(str, HEADINGS)])
        groups, total = grouped(rows, by)
        for g in groups:
            ws.append([g.label, g.grants, g.requested, g.granted, g.disbursed])
        bold_row(ws, [total.label, total.grants, total.requested, total.granted, total.disbursed])
    ws = book.sheet(_("Danh sách"))
    for col, width in enumerate((6, 40, 30, 26, 10, 36, 22, 30, 16, 16, 16, 22), start=1):
        ws.ws.column_dimensions[get_column_letter(col)].width = width
    bold_row(ws, [title])
    bold_row(ws, [str(h) for h in DETAIL_HEADINGS])
    for n, g in enumerate(rows, start=1):
        ws.append(
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
            ]
        )
    return book.save()
