"""The periodic report as a PDF: the project's administrative layout (Decree 30/2020 header, Liberation
Serif with every Vietnamese letter), the figures as tables, then the lists on landscape pages.

A national list can run to thousands of lines: the PDF prints at most `PDF_LIST_LIMIT` lines of each
list and says so; the Excel file always has every line.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext
from fpdf.enums import Align, TableCellFillMode, VAlign
from fpdf.fonts import FontFace

from ocop.documents.formatting import date_line, dmy
from ocop.documents.layout import PT, DocumentPDF
from ocop.documents.model import Issuer, Signer

from .figures import (
    CYCLE_TITLE,
    DIMENSIONS,
    INDICATORS,
    LISTS,
    SHORT_INDICATORS,
    STAR_HEADINGS,
    CertificateRow,
    ReportFigures,
    dimension_rows,
    star_rows,
)
from .sections import GROUP_HEADINGS, blocks

PDF_LIST_LIMIT = 1000
LIST_COLUMNS = (
    "STT",
    "Số GCN",
    "Tên sản phẩm",
    "Chủ thể",
    "Địa bàn",
    "Sao",
    "Nhóm",
    "Quyết định",
    "Hiệu lực đến",
    "Ghi chú",
)
LIST_WIDTHS = (10, 30, 45, 45, 28, 10, 24, 30, 20, 17)  # mm, 259 in all (landscape, 20/18 mm margins)
HEADING = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


def _issuer(figures: ReportFigures) -> Issuer:
    if figures.scope.national:
        return Issuer(name="Bộ Nông nghiệp và Môi trường", place="Hà Nội")
    return Issuer(name=f"Ủy ban nhân dân tỉnh {figures.scope.name}", place=figures.scope.name)


def _signer(figures: ReportFigures) -> Signer:
    # The rules name no signer of a periodic report: the block is left for the competent person.
    if figures.scope.national:
        return Signer("Bộ trưởng", "", on_behalf="")
    return Signer("Chủ tịch", "", on_behalf="TM. Ủy ban nhân dân")


def pdf_report(figures: ReportFigures, title: str) -> bytes:
    pdf = DocumentPDF("P")
    pdf.set_title(f"Báo cáo: {title}")
    pdf.set_author(_issuer(figures).name)
    pdf.add_page()
    issuer = _issuer(figures)
    suffix = "BC-BNNMT" if figures.scope.national else "BC-UBND"
    pdf.admin_header(issuer, f"……/{suffix}", date_line(issuer.place, figures.made_on))
    pdf.document_title("BÁO CÁO", f"Kết quả thực hiện Chương trình OCOP: {title}")
    pdf.paragraph(
        f"Kỳ báo cáo: từ ngày {dmy(figures.start)} đến ngày {dmy(figures.end)}. Phạm vi: {figures.scope.name}. "
        f"Số liệu sản phẩm còn hiệu lực tính đến ngày {dmy(figures.counted_on)}."
    )

    pdf.paragraph("I. Số liệu theo hạng sao", style="B", indent=0)
    _table(
        pdf,
        ("Chỉ tiêu", "Tổng", *(h.replace("Không xếp hạng", "Không xếp") for h in STAR_HEADINGS)),
        [(label, str(total), *map(str, counts)) for label, total, counts in star_rows(figures)],
        (60, 15, *([15] * 6)),
    )
    if figures.issued_by_evaluation:
        text = "; ".join(f"{label}: {n}" for label, n in sorted(figures.issued_by_evaluation.items()))
        pdf.paragraph(f"Giấy chứng nhận cấp trong kỳ theo loại đánh giá: {text}.", size=12)

    for numeral, (dimension, vi, _) in zip(("II", "III", "IV"), DIMENSIONS, strict=True):
        first = (
            figures.scope.area_label[0] if dimension == "by_area" else vi.removeprefix("Theo ").capitalize()
        )
        pdf.paragraph(f"{numeral}. {vi}", style="B", indent=0)
        _table(
            pdf,
            (first, *SHORT_INDICATORS),
            [(label, *map(str, counts)) for label, counts in dimension_rows(figures, dimension)],
            (46, *([17] * len(INDICATORS))),
            size=10,
        )

    if figures.cycle:
        pdf.paragraph(f"V. {CYCLE_TITLE}", style="B", indent=0)
        _table(pdf, ("Chỉ tiêu", "Số lượng"), [(label, str(n)) for label, n in figures.cycle], (120, 30))

    for block in blocks(figures):  # support, market checks (reports/sections.py)
        pdf.paragraph(block["title"], style="B", indent=0)
        _table(pdf, (gettext("Chỉ tiêu"), gettext("Số liệu")), block["lines"], (120, 50), size=10)
        for heading, table_rows in block["tables"]:
            if table_rows:
                _table(pdf, (heading, *map(str, GROUP_HEADINGS)), table_rows, (64, 32, 37, 37), size=10)

    pdf.closing_blocks(_recipients(figures), _signer(figures))

    pdf.set_margins(left=20, top=20, right=18)
    for attr, vi, _ in LISTS:
        rows: list[CertificateRow] = getattr(figures, attr)
        pdf.add_page(orientation="L")
        pdf.text_block(pdf.l_margin, pdf.epw, vi.upper(), style="B", size=13)
        pdf.text_block(pdf.l_margin, pdf.epw, f"(Kèm theo báo cáo: {title})", style="I", size=12)
        pdf.set_y(pdf.y + 3)
        if not rows:
            pdf.text_block(pdf.l_margin, pdf.epw, "Không có.", style="I", size=12, align=Align.L)
            continue
        shown = rows[:PDF_LIST_LIMIT]
        _table(
            pdf,
            LIST_COLUMNS,
            [_list_cells(n, row, figures.scope.national) for n, row in enumerate(shown, start=1)],
            LIST_WIDTHS,
            size=9,
        )
        more = (
            f" Bản PDF in {len(shown)} dòng đầu; tệp Excel có đủ danh sách." if len(rows) > len(shown) else ""
        )
        pdf.text_block(
            pdf.l_margin, pdf.epw, f"Tổng số: {len(rows)}.{more}", style="I", size=12, align=Align.L
        )
    return bytes(pdf.output())


def _recipients(figures: ReportFigures) -> list[str]:
    if figures.scope.national:
        return ["Lưu: VT"]
    return ["Bộ Nông nghiệp và Môi trường (cơ quan tham mưu quản lý OCOP trung ương)", "Lưu: VT"]


def _list_cells(n: int, row: CertificateRow, national: bool) -> tuple[str, ...]:
    area = f"{row.commune}, {row.province}" if national else row.commune
    return (
        str(n),
        row.number,
        row.product,
        row.producer,
        area,
        str(row.star),
        row.group,
        f"{row.decision_number} ({dmy(row.decision_date)})",
        dmy(row.valid_until),
        row.note,
    )


def _table(
    pdf: DocumentPDF,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    size: float = 11,
) -> None:
    pdf.font("", size)
    pdf.set_y(pdf.y + 2)
    align = ("L", *(["C"] * (len(headings) - 1)))
    with pdf.table(
        col_widths=tuple(widths),
        width=min(sum(widths), pdf.epw),
        text_align=align,
        v_align=VAlign.M,
        line_height=size * PT * 1.2,
        padding=(0.8, 1.0),
        headings_style=HEADING,
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
    ) as table:
        header = table.row()
        for title in headings:
            header.cell(title, align=Align.C)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.set_y(pdf.y + 3)
