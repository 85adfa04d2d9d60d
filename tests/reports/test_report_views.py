"""The reports pages over HTTP: who may see what, and the downloads."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.test import Client

ANNUAL_2024 = {"kind": "annual", "year": "2024"}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_province_staff_sees_the_form_and_figures(history: dict[str, Any], demo: dict[str, Any]) -> None:
    client = _client(demo["tinh"])
    page = client.get("/bao-cao/")
    assert page.status_code == 200
    assert "Báo cáo định kỳ" in page.content.decode()
    page = client.get("/bao-cao/", ANNUAL_2024)
    html = page.content.decode()
    assert "Báo cáo năm 2024 — Lạng Sơn" in html
    assert 'hạn nộp <span class="en">due</span> 30/11/2024' in html
    assert "/bao-cao/excel/?kind=annual&amp;year=2024" in html


def test_excel_and_pdf_downloads(history: dict[str, Any], demo: dict[str, Any]) -> None:
    client = _client(demo["lanhdao"])
    response = client.get("/bao-cao/excel/", ANNUAL_2024)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bao-cao-ocop-lang-son-20240101-20241231.xlsx"'
    )
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    numbers = sorted(r[1] for r in list(wb["Được công nhận"].iter_rows(values_only=True))[3:])
    assert numbers == ["C/2024", "D/2024", "E/2024"]  # Cao Bằng's F is not in Lạng Sơn's report
    response = client.get("/bao-cao/pdf/", {"kind": "six_month", "year": "2024"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_custom_period_needs_both_dates(demo: dict[str, Any]) -> None:
    client = _client(demo["tinh"])
    response = client.get("/bao-cao/excel/", {"kind": "custom", "tu": "2024-05-01"})
    assert response.status_code == 400
    assert "Cần nhập ngày bắt đầu và ngày kết thúc" in response.content.decode()
    page = client.get("/bao-cao/", {"kind": "custom", "tu": "2024-05-01", "den": "2024-04-01"})
    assert "Ngày kết thúc phải sau ngày bắt đầu" in page.content.decode()


def test_other_province_is_404_and_producers_403(history: dict[str, Any], demo: dict[str, Any]) -> None:
    assert _client(demo["tinh"]).get("/bao-cao/excel/", {**ANNUAL_2024, "tinh": "4"}).status_code == 404
    assert (
        _client(demo["tinh.caobang"]).get("/bao-cao/pdf/", {**ANNUAL_2024, "tinh": "20"}).status_code == 404
    )
    for username in ("chuthe.nachilang", "xa.chilang", "hoidong1"):
        client = _client(demo[username])
        assert client.get("/bao-cao/").status_code == 403
        assert client.get("/bao-cao/excel/", ANNUAL_2024).status_code == 403
    assert Client().get("/bao-cao/").status_code == 302  # to the login page


def test_central_staff_reports_nationally_or_on_one_province(
    history: dict[str, Any], demo: dict[str, Any]
) -> None:
    client = _client(demo["trunguong"])
    response = client.get("/bao-cao/excel/", ANNUAL_2024)
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    numbers = sorted(r[1] for r in list(wb["Được công nhận"].iter_rows(values_only=True))[3:])
    assert numbers == ["C/2024", "D/2024", "E/2024", "F/2024"]
    response = client.get("/bao-cao/excel/", {**ANNUAL_2024, "tinh": "4"})
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [r[1] for r in list(wb["Được công nhận"].iter_rows(values_only=True))[3:]] == ["F/2024"]
    assert "Toàn quốc" in client.get("/bao-cao/", ANNUAL_2024).content.decode()
