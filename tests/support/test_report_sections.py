"""The six-month and annual report's support (V) and market-check (VI) sections, counted by hand, on the
page, in Excel and in the PDF; and the same figures on the dashboard."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

import openpyxl
import pypdf
import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(demo: dict[str, Any], programme: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """This year in Lạng Sơn: one grant of 20.000.000 (8.000.000 paid), one refusal, one waiting;
    one market check with an expired product still sold and one in order."""
    from ocop.lifecycle import market
    from ocop.lifecycle.demo import make_certificate
    from ocop.producers.models import Product
    from ocop.support import services

    settings.MEDIA_ROOT = tmp_path
    staff, today = demo["tinh"], timezone.localdate()
    a = services.apply(
        demo["chuthe.nachilang"],
        programme,
        activity="x",
        cost=40_000_000,
        requested=20_000_000,
        token=uuid.uuid4(),
    )
    services.decide(staff, a, approve=True, granted=20_000_000, reasons="")
    services.disburse(staff, a, amount=8_000_000, paid_on=today, reference="UNC", token=uuid.uuid4())
    b = services.apply(
        demo["chuthe.hoivanquan"],
        programme,
        activity="y",
        cost=10_000_000,
        requested=5_000_000,
        token=uuid.uuid4(),
    )
    services.decide(staff, b, approve=False, reasons="Không đủ điều kiện")
    services.apply(
        demo["chuthe.ruoumauson"],
        programme,
        activity="z",
        cost=10_000_000,
        requested=5_000_000,
        token=uuid.uuid4(),
    )

    liquor = Product.objects.get(name="Rượu Mẫu Sơn 29 độ")
    valid = make_certificate(
        liquor,
        star=4,
        signed_on=today - timedelta(days=100),
        decision_number="1/QĐ-UBND",
        signer=demo["lanhdao"],
    )
    check = market.record_market_check(
        staff, checked_on=today, place_kind="shop", place="Cửa hàng A", address="Lạng Sơn", inspectors="Đoàn"
    )
    market.record_finding(
        staff, check, product_label="Rượu", certificate_reference=valid.number, claimed_star=4
    )
    market.record_finding(
        staff,
        check,
        product_label="Miến giả",
        claimed_star=5,
        follow_up="Chuyển quản lý thị trường",
        follow_up_deadline=today + timedelta(days=5),
    )
    return {"today": today}


def _figures(demo: dict[str, Any], today: Any) -> Any:
    from ocop.reports.figures import Scope, build_figures

    user = demo["tinh"]
    return build_figures(
        Scope(user.province_id, user.province.name), today.replace(month=1, day=1), today, today
    )


def test_the_sections_count_the_period(demo: dict[str, Any], cycle: dict[str, Any]) -> None:
    figures = _figures(demo, cycle["today"])
    support = figures.support
    assert (support.programmes, support.budget, support.received, support.approved, support.refused) == (
        1,
        100_000_000,
        3,
        1,
        1,
    )
    assert (support.granted, support.disbursed, support.producers) == (20_000_000, 8_000_000, 1)
    assert [(g.label, g.granted) for g in support.by_source] == [("Ngân sách tỉnh", 20_000_000)]
    market = figures.market
    assert (market.checks, market.products, market.violations, market.open_follow_ups) == (1, 2, 1, 1)
    # Another province's report counts none of it.
    from ocop.reports.figures import Scope, build_figures

    other = demo["tinh.caobang"]
    far = build_figures(
        Scope(other.province_id, other.province.name),
        cycle["today"].replace(month=1, day=1),
        cycle["today"],
        cycle["today"],
    )
    assert far.support.granted == 0 and far.market.products == 0


def test_excel_pdf_and_page_carry_the_sections(
    demo: dict[str, Any], cycle: dict[str, Any], client_for: Any
) -> None:
    from ocop.reports.excel import SHEET_NAMES, excel_report
    from ocop.reports.pdf import pdf_report

    figures = _figures(demo, cycle["today"])
    wb = openpyxl.load_workbook(io.BytesIO(excel_report(figures)))
    assert wb.sheetnames == ["Tổng hợp", *SHEET_NAMES]  # the sections are in the summary sheet
    rows = {r[0]: r[1:] for r in wb["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    # After the ideas and plans section (V) when the period has one.
    support, market = ("VI", "VII") if figures.cycle else ("V", "VI")
    assert f"{support}. Hỗ trợ chủ thể" in rows
    assert rows["Kinh phí được duyệt hỗ trợ trong kỳ"][0] == "20.000.000 đồng"
    assert rows["Kinh phí đã giải ngân trong kỳ"][0] == "8.000.000 đồng"
    assert rows["— Dùng nhãn OCOP khi sản phẩm chưa được công nhận"][0] == "1"
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in pypdf.PdfReader(io.BytesIO(pdf_report(figures, "Báo cáo"))).pages
    )
    assert f"{support}. Hỗ trợ chủ thể" in text and "20.000.000 đồng" in text
    assert f"{market}. Kiểm tra sản phẩm OCOP trên thị trường" in text
    page = client_for("tinh").get(f"/bao-cao/?kind=annual&year={cycle['today'].year}").content.decode()
    assert f"{support}. Hỗ trợ chủ thể" in page and "8.000.000 đồng" in page and "Ngân sách tỉnh" in page


def test_the_dashboard_shows_the_cycle(demo: dict[str, Any], cycle: dict[str, Any], client_for: Any) -> None:
    page = client_for("tinh").get("/bang-dieu-khien/").content.decode()
    assert 'id="cycle"' in page
    assert "20.000.000 đồng" in page and "8.000.000 đồng" in page  # granted, paid
    assert "Đơn đề nghị hỗ trợ chờ xét duyệt" in page
    national = client_for("trunguong").get("/bang-dieu-khien/").content.decode()
    assert "20.000.000 đồng" in national
    other = client_for("tinh.caobang").get("/bang-dieu-khien/").content.decode()
    assert "20.000.000 đồng" not in other
