"""The periodic report as an Excel workbook (documents.spreadsheet: write-only, lists of any length
stream out, every text written as text).

Sheets: "Tổng hợp" (the figures by star, group, kind of producer and area), then one sheet per list
(certified, re-rated, expired, revoked). Vietnamese headings, dates as dates (dd/mm/yyyy), fixed
column widths, the heading row frozen and filtered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from ocop.documents.spreadsheet import Book, Sheet

from .figures import (
    CYCLE_TITLE,
    DIMENSIONS,
    INDICATORS,
    LIST_HEADINGS,
    LISTS,
    STAR_HEADINGS,
    ReportFigures,
    dimension_rows,
    list_values,
    star_rows,
)
from .sections import excel_rows

LIST_WIDTHS = (6, 20, 36, 36, 24, 22, 18, 9, 10, 22, 14, 18, 14, 14, 14, 18, 40)
SHEET_NAMES = ("Được công nhận", "Đánh giá lại", "Hết hiệu lực", "Bị thu hồi")
DATE_FORMAT = "dd/mm/yyyy"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
WRAP = Alignment(wrap_text=True, vertical="center")


def _styled(ws: Sheet, value: Any, font: Font = BOLD, fill: PatternFill | None = None) -> Any:
    return ws.cell(value, font=font, fill=fill, alignment=WRAP if fill is not None else None)


def _heading_row(ws: Sheet, values: Iterable[Any]) -> list[Any]:
    return [_styled(ws, v, BOLD, HEAD_FILL) for v in values]


def report_title(figures: ReportFigures) -> str:
    return f"Báo cáo kết quả thực hiện Chương trình OCOP — {figures.scope.name}"


def period_line(figures: ReportFigures) -> str:
    return f"Kỳ báo cáo: từ ngày {figures.start:%d/%m/%Y} đến ngày {figures.end:%d/%m/%Y}"


def excel_report(figures: ReportFigures) -> bytes:
    book = Book()
    book.wb.add_named_style(NamedStyle(name="ocop_date", number_format=DATE_FORMAT))
    _summary(book.sheet("Tổng hợp"), figures)
    for (attr, vi, _), name in zip(LISTS, SHEET_NAMES, strict=True):
        _list_sheet(book.sheet(name), vi, getattr(figures, attr), figures)
    return book.save()


def _summary(ws: Sheet, figures: ReportFigures) -> None:
    ws.ws.column_dimensions["A"].width = 48
    for col in range(2, 2 + len(INDICATORS) + 1):
        ws.ws.column_dimensions[get_column_letter(col)].width = 14
    ws.append([_styled(ws, report_title(figures), TITLE)])
    ws.append([period_line(figures)])
    ws.append([f"Ngày lập báo cáo: {figures.made_on:%d/%m/%Y}"])
    ws.append([f"Số liệu còn hiệu lực tính đến ngày {figures.counted_on:%d/%m/%Y}"])
    ws.append([])

    ws.append([_styled(ws, "I. Số liệu theo hạng sao")])
    ws.append(_heading_row(ws, ("Chỉ tiêu", "Tổng số", *STAR_HEADINGS)))
    for label, total, counts in star_rows(figures):
        ws.append([label, total, *counts])
    ws.append([])

    ws.append([_styled(ws, "Giấy chứng nhận cấp trong kỳ theo loại đánh giá")])
    ws.append(_heading_row(ws, ("Loại đánh giá", "Số giấy chứng nhận")))
    for label, count in sorted(figures.issued_by_evaluation.items()):
        ws.append([label, count])
    ws.append([])

    headings = [vi for _, vi, _ in INDICATORS]
    for numeral, (dimension, vi, _) in zip(("II", "III", "IV"), DIMENSIONS, strict=True):
        title = vi if dimension != "by_area" else f"{vi} ({figures.scope.area_label[0].lower()})"
        ws.append([_styled(ws, f"{numeral}. {title}")])
        ws.append(
            _heading_row(ws, (figures.scope.area_label[0] if dimension == "by_area" else vi, *headings))
        )
        for label, counts in dimension_rows(figures, dimension):
            ws.append([label, *counts])
        ws.append([])

    if figures.cycle:
        ws.append([_styled(ws, f"V. {CYCLE_TITLE}")])
        ws.append(_heading_row(ws, ("Chỉ tiêu", "Số lượng")))
        for label, count in figures.cycle:
            ws.append([label, count])
        ws.append([])
    excel_rows(ws, figures, BOLD)  # support, market checks (reports/sections.py)


def _list_sheet(ws: Sheet, title: str, rows: list[Any], figures: ReportFigures) -> None:
    for col, width in enumerate(LIST_WIDTHS, start=1):
        ws.ws.column_dimensions[get_column_letter(col)].width = width
    ws.ws.freeze_panes = "A4"
    ws.append([_styled(ws, title.upper(), TITLE)])
    ws.append([f"{figures.scope.name}. {period_line(figures)}. Tổng số: {len(rows)}"])
    ws.append(_heading_row(ws, LIST_HEADINGS))
    if rows:
        ws.ws.auto_filter.ref = f"A3:{get_column_letter(len(LIST_HEADINGS))}{len(rows) + 3}"
    for n, row in enumerate(rows, start=1):
        ws.append([ws.cell(v, style="ocop_date") if isinstance(v, date) else v for v in list_values(n, row)])
