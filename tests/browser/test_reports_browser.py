"""Province staff on a phone: the annual report downloaded as Excel, and a register with a bad row
uploaded to see the import preview."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest

from ocop.demo.load import PASSWORD, load_demo
from ocop.registers.columns import COLUMNS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
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
        None,
    ],
    [
        "Hộ kinh doanh Miến Văn Quan",
        "Hộ kinh doanh",
        "Nông Văn Bình",
        "Xã Văn Quan",
        "Huyện Văn Quan",
        "Tỉnh Lạng Sơn",
        6253,
        "Miến dong Văn Quan",
        6,
        5,
        72,
        "LS-2025-010",
        "2001/QĐ-UBND",
        "01/09/2025",
        None,
        "148-2023",
        None,
    ],
]  # the second row claims 5★ for 72 points: the preview must say so


def _sign_in(page: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(pipeline=True)
    page.goto(page.base_url + "/dang-nhap/")
    page.fill("input[name=username]", "tinh")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_download_the_annual_report(page: Any, settings: Any, shot: Any) -> None:
    _sign_in(page, settings)
    page.click("header >> text=Báo cáo")
    page.select_option("select[name=kind]", "annual")
    page.fill("input[name=year]", str(date.today().year))
    page.click("button:has-text('Xem báo cáo')")
    assert "Lạng Sơn" in page.text_content("h2")
    shot(page, "report-annual")
    with page.expect_download() as info:
        page.click("a:has-text('Tải Excel')")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as f:  # the saved download has no extension
        wb = openpyxl.load_workbook(io.BytesIO(f.read()))
    certified = list(wb["Được công nhận"].iter_rows(values_only=True))
    assert certified[2][2] == "Tên sản phẩm"
    assert [r[2] for r in certified[3:]] == ["Na Chi Lăng"]  # the pipeline's 4★ certificate


def test_upload_a_register_with_a_bad_row(page: Any, settings: Any, shot: Any, tmp_path: Any) -> None:
    _sign_in(page, settings)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.heading for c in COLUMNS])
    for row in ROWS:
        ws.append(row)
    path = tmp_path / "so-theo-doi.xlsx"
    wb.save(path)
    page.goto(page.base_url + "/nhap-so/")
    page.set_input_files("input[name=tep]", str(path))
    page.click("button:has-text('Tải lên và kiểm tra')")
    assert "Xem trước khi ghi" in page.text_content("h1")
    bad = page.locator("#dong-3")
    assert "5 sao không khớp tổng điểm 72" in bad.text_content()
    assert page.locator("#problems-left").text_content() == "1"
    assert page.locator("button[value=confirm]").is_disabled()
    shot(page, "register-preview")
    page.click("button[value=exclude_bad]")
    assert page.locator("#problems-left").text_content() == "0"
    page.click("button[value=confirm]")
    assert "Đã ghi 1 giấy chứng nhận" in page.text_content(".messages")
    shot(page, "register-confirmed")
