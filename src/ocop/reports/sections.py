"""The report's sections on the rest of the cycle: producer support and checks of products on the
market (numbered after the ideas section, VI and VII, or V and VI when the period has no ideas). Their figures come from the support and lifecycle apps; this module lays them out once for
the page, the Excel workbook and the PDF, so the three say the same.

Excel rows go through the project's safe writer (documents.spreadsheet): a programme's name never
becomes a formula.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _l

from ocop.documents.spreadsheet import Sheet
from ocop.lifecycle.market import MarketFigures, figure_lines, market_figures
from ocop.support.figures import SupportSection, report_section, section_lines
from ocop.support.money import dong

SUPPORT_TITLE = _l("Hỗ trợ chủ thể")
MARKET_TITLE = _l("Kiểm tra sản phẩm OCOP trên thị trường, tự công bố chất lượng")
# The report's parts run I–IV (stars, groups, kinds, areas), then V (ideas and plans, when the period
# has any: ocop.ideas), then these.
NUMERALS = ("V", "VI", "VII", "VIII")
GROUP_HEADINGS = (_l("Số đơn được duyệt"), _l("Được hỗ trợ"), _l("Đã giải ngân"))


def support_section(province_id: int | None, start: date, end: date) -> SupportSection:
    return report_section(province_id, start, end)


def market_section(province_id: int | None, start: date, end: date, made_on: date) -> MarketFigures:
    return market_figures(province_id, start, end, made_on)


def blocks(figures: Any) -> list[dict[str, Any]]:
    """Each section: its numbered title, its (label, value) lines and its tables of (heading, rows)."""
    out: list[dict[str, Any]] = []
    numerals = iter(NUMERALS[1:] if getattr(figures, "cycle", None) else NUMERALS)
    if figures.support is not None:
        section: SupportSection = figures.support
        tables = []
        for title, groups in (
            ("Theo nguồn kinh phí", section.by_source),
            ("Theo nội dung hỗ trợ", section.by_kind),
        ):
            tables.append(
                (title, [(g.label, str(g.grants), dong(g.granted), dong(g.disbursed)) for g in groups])
            )
        out.append(
            {"title": f"{next(numerals)}. {SUPPORT_TITLE}", "lines": section_lines(section), "tables": tables}
        )
    if figures.market is not None:
        out.append(
            {
                "title": f"{next(numerals)}. {MARKET_TITLE}",
                "lines": figure_lines(figures.market),
                "tables": [],
            }
        )
    return out


def excel_rows(ws: Sheet, figures: Any, bold: Any) -> None:
    """Append the sections to the summary sheet (`bold`: the font of the sheet's other titles)."""
    for block in blocks(figures):
        ws.append([ws.cell(block["title"], font=bold)])
        for label, value in block["lines"]:
            ws.append([label, value])
        for title, rows in block["tables"]:
            ws.append([ws.cell(h, font=bold) for h in (title, *map(str, GROUP_HEADINGS))])
            for row in rows:
                ws.append(list(row))
        ws.append([])
