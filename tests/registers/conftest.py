"""A small register of certified products (Lạng Sơn), good rows and one bad row of each kind."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
from openpyxl import Workbook

from ocop.registers.columns import COLUMNS

HEADINGS = [c.heading for c in COLUMNS]

# producer, kind, representative, old commune, old district, old province, new code, product,
# scorecard, star, total, certificate, decision, decision date, valid until, rulebook, issuer
GOOD = [
    [
        "Hợp tác xã Na Chi Lăng",
        "Hợp tác xã",
        "Hoàng Văn Thắng",
        "Thị trấn Đồng Mỏ",
        "Huyện Chi Lăng",
        "Tỉnh Lạng Sơn",
        6463,
        "Na Chi Lăng",
        1,
        4,
        75,
        "LS-2022-001",
        "1234/QĐ-UBND",
        "15/08/2022",
        None,
        "148-2023",
        "UBND tỉnh Lạng Sơn",
    ],
    [
        "Hộ kinh doanh Miến Văn Quan",
        "Hộ kinh doanh",
        "Nông Văn Bình",
        "Xã Văn Quan",
        "Huyện Văn Quan",
        "Tỉnh Lạng Sơn",
        None,
        "Miến dong Văn Quan",
        "Chế biến từ gạo, ngũ cốc",
        "3 sao",
        "62,5",
        "LS-2025-010",
        "2001/QĐ-UBND",
        datetime(2024, 9, 1),  # a 3★ under 148 as first issued: a district decision (rules.md §3.3)
        None,
        "QĐ 148/QĐ-TTg",
        None,
    ],
]


def bad_rows() -> list[list[Any]]:
    def variant(**changes: Any) -> list[Any]:
        row = list(GOOD[1])
        for key, value in changes.items():
            row[[c.key for c in COLUMNS].index(key)] = value
        return row

    return [
        variant(old_commune="Xã Không Có", old_district="Huyện Xyz", certificate="BAD-ADDR"),
        variant(scorecard="Đồ chơi trẻ em", certificate="BAD-GROUP"),
        variant(star=5, total=72, certificate="BAD-STAR"),
        variant(certificate="LS-2022-001"),
        variant(decision_date="31/02/2022", certificate="BAD-DATE"),
        variant(product="", certificate="BAD-MISSING"),
    ]


# what the preview must say for each bad row (file rows 6–11: title, blank, heading, 2 good rows first)
PROBLEMS = {
    6: "Không xác định được xã mới của địa chỉ cũ «Xã Không Có, Huyện Xyz, Tỉnh Lạng Sơn»",
    7: "Không có bộ sản phẩm «Đồ chơi trẻ em» trong bộ quy tắc 148-2023",
    8: "5 sao không khớp tổng điểm 72 (bộ quy tắc 148-2023: 70 đến dưới 90 điểm là 4 sao)",
    9: "Số giấy chứng nhận LS-2022-001 trùng với dòng 4",
    10: "Ngày quyết định không hợp lệ: «31/02/2022»",
    11: "Thiếu «Tên sản phẩm»",
}


def xlsx(rows: list[list[Any]], title: bool = True) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["SỔ THEO DÕI SẢN PHẨM OCOP TỈNH LẠNG SƠN"])
        ws.append([])
    ws.append(HEADINGS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def register_file() -> bytes:
    return xlsx(GOOD + bad_rows())


@pytest.fixture
def sample() -> Any:
    """The sample data for the tests (fixtures, so that no test module imports a conftest)."""

    class Sample:
        good = GOOD
        problems = PROBLEMS
        bad = staticmethod(bad_rows)
        workbook = staticmethod(xlsx)

    return Sample
