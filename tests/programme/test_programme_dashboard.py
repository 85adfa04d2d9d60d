"""The dashboard's numbers match the records; province staff see their own province, central staff any."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from ocop.areas.models import Province
from ocop.core.calendar_dates import add_months
from ocop.dossiers.models import Dossier
from ocop.programme.charts import bar_chart
from ocop.programme.dashboard import build, group_label

ON = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: Any) -> None:
    """The pages count as of ON, whatever the machine's clock says."""
    monkeypatch.setattr("ocop.programme.views.today", lambda: ON)


@pytest.fixture
def records(decide: Any, products: dict[str, Any], demo: dict[str, Any]) -> None:
    """Lạng Sơn: three certificates in force (3★, 4★, 4★), one expired, one revoked; Cao Bằng: one 3★."""
    decide(products["Na Chi Lăng"], "recognised", 4, date(2024, 1, 10), valid_until=add_months(ON, 2))
    decide(products["Hoa hồi khô Văn Quan"], "recognised", 3, date(2024, 6, 1), valid_until=add_months(ON, 5))
    decide(products["Rượu Mẫu Sơn 29 độ"], "recognised", 4, date(2026, 3, 1))  # until 2029
    decide(products["Khâu nhục Lạng Sơn"], "recognised", 3, date(2022, 3, 1), valid_until=date(2025, 3, 1))
    decide(products["Na sấy dẻo Chi Lăng"], "recognised", 3, date(2026, 2, 1), status="revoked")
    decide(products["Tinh dầu hồi Văn Quan"], "not_recognised", None, date(2026, 3, 1))
    decide(products["Miến dong Quảng Lâm"], "recognised", 3, date(2026, 3, 1))
    # Dossiers moving: one filed, one complete; and a draft, which the dashboard does not count.
    for state in ("filed", "complete", "draft"):
        Dossier.objects.create(
            product=products["Tinh dầu hồi Văn Quan"],
            kind="first",
            rulebook_id="26-2026",
            state=state,
            commune=products["Tinh dầu hồi Văn Quan"].producer.commune,
            created_by=demo["chuthe.hoivanquan"],
        )


def test_province_numbers(records: None) -> None:
    d = build(Province.objects.get(code=20), ON)
    assert d.by_star == [("3 sao", 1), ("4 sao", 2), ("5 sao", 0)]
    assert d.in_force_total == 3
    # Scorecards 1 (I.1.a), 10 (I.4.b), 14 (II.1.a).
    assert d.by_group == [("I. Sản phẩm thực phẩm", 2), ("II. Sản phẩm đồ uống", 1)]
    assert d.by_area == [("Xã Chi Lăng", 1), ("Xã Mẫu Sơn", 1), ("Xã Văn Quan", 1)]
    # Every certificate ever issued in the province, by the year of its decision.
    assert d.by_year == [("2022", 1), ("2024", 2), ("2026", 2)]
    assert d.expiring_counts == [("Trong 3 tháng", 1), ("Trong 6 tháng", 2), ("Trong 12 tháng", 2)]
    assert [c.product_name for c in d.expiring] == ["Na Chi Lăng", "Hoa hồi khô Văn Quan"]
    pipeline = dict(d.pipeline)
    assert pipeline["Đã nộp tại UBND xã"] == 1
    assert pipeline["Hồ sơ đầy đủ, chờ Hội đồng"] == 1
    assert pipeline["Đã có quyết định công nhận"] == 5
    assert pipeline["Không đạt"] == 1
    assert "Đang soạn hồ sơ" not in pipeline


def test_national_numbers_include_every_province(records: None) -> None:
    d = build(None, ON)
    assert d.by_star == [("3 sao", 2), ("4 sao", 2), ("5 sao", 0)]
    assert dict(d.by_area) == {"Lạng Sơn": 3, "Cao Bằng": 1}


def test_group_labels_follow_the_rulebook() -> None:
    assert group_label("26-2026", 14) == "II. Sản phẩm đồ uống"
    assert group_label("148-2023", 14) == "II. Sản phẩm đồ uống"  # 148 numbers its scorecards alike


def test_bar_chart_draws_one_bar_per_row_scaled_to_the_largest() -> None:
    svg = str(bar_chart([("3 sao", 1), ("4 sao", 2), ("5 sao", 0)], "Sao <b>"))
    widths = [int(w) for w in re.findall(r'class="bar" x="0" y="\d+" width="(\d+)"', svg)]
    assert widths == [125, 250, 0]
    assert "<title>Sao &lt;b&gt;</title>" in svg and 'role="img"' in svg


def test_dashboard_page_for_province_staff(records: None, demo: dict[str, Any], settings: Any) -> None:
    c = Client()
    c.force_login(demo["tinh"])
    page = c.get("/bang-dieu-khien/").content.decode()
    assert page.count("<svg") == 8  # six of the rating cycle, two of ideas and plans (ocop.ideas)
    assert "Lạng Sơn" in page
    stars = page.split('id="chart-stars"')[1].split("</section>")[0]
    assert '<td>3 sao</td><td class="num">1</td>' in stars and '<td>4 sao</td><td class="num">2</td>' in stars
    assert "Miến dong" not in page  # Cao Bằng is not in Lạng Sơn's figures
    # Report due dates from the reports app (25/6 and 30/11 by default).
    assert "30/11/2026" in page and "Báo cáo năm 2026" in page and "25/06/2027" in page
    # Another province, asked for by code: 404.
    assert c.get("/bang-dieu-khien/?tinh=4").status_code == 404
    assert c.get("/bang-dieu-khien/?tinh=20").status_code == 200


def test_dashboard_for_central_staff_filters_by_province(records: None, demo: dict[str, Any]) -> None:
    c = Client()
    c.force_login(demo["trunguong"])
    national = c.get("/bang-dieu-khien/").content.decode()
    assert "Toàn quốc" in national and '<td>Cao Bằng</td><td class="num">1</td>' in national
    cao_bang = c.get("/bang-dieu-khien/?tinh=4").content.decode()
    stars = cao_bang.split('id="chart-stars"')[1].split("</section>")[0]
    assert '<td>3 sao</td><td class="num">1</td>' in stars and '<td>4 sao</td><td class="num">0</td>' in stars
    assert c.get("/bang-dieu-khien/?tinh=9999").status_code == 404


def test_dashboard_shows_plan_targets(records: None, demo: dict[str, Any], plan: Any) -> None:
    from ocop.programme.models import Target

    Target.objects.create(plan=plan, kind="count_4star", value=3)
    c = Client()
    c.force_login(demo["lanhdao"])
    page = c.get("/bang-dieu-khien/").content.decode()
    assert plan.title in page and 'data-kind="count_4star"' in page
