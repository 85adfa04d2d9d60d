"""The report rendered: the Excel opens with openpyxl with Vietnamese headings and the right rows;
the PDF's text carries the Vietnamese letters."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pypdf

from ocop.reports.excel import SHEET_NAMES, excel_report
from ocop.reports.figures import LIST_HEADINGS, Scope, build_figures
from ocop.reports.pdf import pdf_report

PERIOD = (date(2024, 1, 1), date(2024, 12, 31))
MADE_ON = date(2025, 3, 1)


def _figures(demo: dict[str, Any]) -> Any:
    user = demo["tinh"]
    return build_figures(Scope(user.province_id, user.province.name), *PERIOD, MADE_ON)


def test_excel_has_the_summary_and_the_lists(history: dict[str, Any], demo: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(excel_report(_figures(demo))))
    assert wb.sheetnames == ["Tổng hợp", *SHEET_NAMES]
    summary = wb["Tổng hợp"]
    values = [[c for c in row] for row in summary.iter_rows(values_only=True)]
    assert values[0][0] == "Báo cáo kết quả thực hiện Chương trình OCOP — Lạng Sơn"
    assert values[1][0] == "Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 31/12/2024"
    header = next(r for r in values if r[0] == "Chỉ tiêu")
    assert list(header[:8]) == [
        "Chỉ tiêu",
        "Tổng số",
        "1 sao",
        "2 sao",
        "3 sao",
        "4 sao",
        "5 sao",
        "Không xếp hạng",
    ]
    issued = next(r for r in values if r[0] == "Sản phẩm được công nhận, cấp giấy chứng nhận")
    assert list(issued[1:8]) == [3, 0, 0, 1, 1, 1, 0]
    groups = [r for r in values if r[0] in ("Đồ uống", "Thực phẩm")]
    assert [(r[0], r[2]) for r in groups] == [("Đồ uống", 2), ("Thực phẩm", 1)]

    certified = wb["Được công nhận"]
    rows = list(certified.iter_rows(values_only=True))
    assert rows[0][0] == "SẢN PHẨM ĐƯỢC CÔNG NHẬN TRONG KỲ"
    assert list(rows[2]) == list(LIST_HEADINGS)
    data = rows[3:]
    assert sorted(r[1] for r in data) == ["C/2024", "D/2024", "E/2024"]
    c = next(r for r in data if r[1] == "C/2024")
    assert c[2] == "Rượu B" and c[7] == 4 and c[12].date() == date(2024, 2, 20)
    assert certified.column_dimensions["C"].width == 36
    assert certified.freeze_panes == "A4"
    revoked = list(wb["Bị thu hồi"].iter_rows(values_only=True))[3:]
    assert [r[1] for r in revoked] == ["D/2024"] and "99/QĐ-UBND" in revoked[0][16]


def test_pdf_text_has_vietnamese_letters(history: dict[str, Any], demo: dict[str, Any]) -> None:
    data = pdf_report(_figures(demo), "Báo cáo năm 2024 — Lạng Sơn")
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ỦY BAN NHÂN DÂN",
        "Kết quả thực hiện Chương trình OCOP",
        "Sản phẩm được công nhận, cấp giấy chứng nhận",
        "Rượu B",
        "Đồ uống",
        "GIẤY CHỨNG NHẬN BỊ THU HỒI TRONG KỲ",
    ):
        assert expected in text, expected
    assert len(reader.pages) >= 5  # the body, then one landscape page per list


def test_pdf_caps_long_lists(history: dict[str, Any], demo: dict[str, Any], monkeypatch: Any) -> None:
    import ocop.reports.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "PDF_LIST_LIMIT", 1)
    data = pdf_module.pdf_report(_figures(demo), "Báo cáo năm 2024")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Bản PDF in 1 dòng đầu; tệp Excel có đủ danh sách." in text
