"""Commune plans (the programme's plans with a commune), communes' periodic reports, and trade events
held abroad, over HTTP; progress from the same machinery, counted in the commune only."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ocop.programme.models import CommuneReport, Event, Plan, Target

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def commune_plan(demo: dict[str, Any]) -> Plan:
    from ocop.programme import services

    return services.create_plan(demo["xa.chilang"], year=2026, title="Kế hoạch OCOP xã Chi Lăng năm 2026")


def test_a_commune_keeps_its_own_plan(demo: dict[str, Any]) -> None:
    c = _client(demo["xa.chilang"])
    r = c.post("/ke-hoach/", {"year": "2026", "title": "Kế hoạch OCOP xã Chi Lăng 2026"})
    plan = Plan.objects.get()
    assert r.status_code == 302 and plan.commune == demo["xa.chilang"].commune and plan.province.code == 20
    r = c.post("/ke-hoach/", {"year": "2026", "title": "Lần hai"})
    assert "Xã đã có kế hoạch năm 2026" in r.content.decode()
    # The province's own plan of the same year is another plan.
    assert (
        _client(demo["tinh"]).post("/ke-hoach/", {"year": "2026", "title": "Kế hoạch tỉnh"}).status_code
        == 302
    )
    assert Plan.objects.count() == 2
    page = _client(demo["tinh"]).get("/ke-hoach/").content.decode()
    assert "Kế hoạch OCOP xã Chi Lăng 2026" in page and "kế hoạch của xã" in page
    # Each commune sees its own plan and its province's, not another commune's.
    assert (
        "Kế hoạch OCOP xã Chi Lăng 2026" not in _client(demo["xa.vanquan"]).get("/ke-hoach/").content.decode()
    )
    assert _client(demo["xa.vanquan"]).get(f"/ke-hoach/{plan.pk}/").status_code == 404
    assert _client(demo["tinh.caobang"]).get(f"/ke-hoach/{plan.pk}/").status_code == 404


def test_commune_targets(demo: dict[str, Any], commune_plan: Plan) -> None:
    c = _client(demo["xa.chilang"])
    url = f"/ke-hoach/{commune_plan.pk}/"
    page = c.get(url).content.decode()
    assert (
        'value="dossiers_filed"' in page and 'value="events"' not in page
    )  # the province's kinds are not offered
    r = c.post(url, {"kind": "dossiers_filed", "value": "3"}, follow=True)
    assert "Đã lưu chỉ tiêu" in r.content.decode()
    r = c.post(url, {"kind": "events", "value": "2"})
    assert "Kế hoạch của xã không đặt chỉ tiêu" in r.content.decode()
    r = c.post(url, {"kind": "sales_point_coverage", "value": "100"})
    assert "Kế hoạch của xã không đặt chỉ tiêu" in r.content.decode()
    for username in ("tinh", "lanhdao"):
        r = _client(demo[username]).post(url, {"kind": "count_3star", "value": "1"})
        assert "Chỉ UBND xã có kế hoạch được cập nhật kế hoạch của xã" in r.content.decode()
    assert _client(demo["xa.vanquan"]).post(url, {"kind": "count_3star", "value": "1"}).status_code == 404
    assert list(Target.objects.values_list("kind", flat=True)) == ["dossiers_filed"]


def test_commune_progress_counts_the_commune_only(
    demo: dict[str, Any], commune_plan: Plan, decide: Any, products: dict[str, Any]
) -> None:
    from ocop.programme.progress import plan_progress

    Target.objects.create(plan=commune_plan, kind="count_4star", value=2)
    Target.objects.create(plan=commune_plan, kind="share_3star", value=70)
    decide(products["Na Chi Lăng"], "recognised", 4, date(2026, 3, 5))  # Chi Lăng
    decide(products["Na sấy dẻo Chi Lăng"], "not_recognised", None, date(2026, 3, 5))  # Chi Lăng
    decide(products["Hoa hồi khô Văn Quan"], "recognised", 4, date(2026, 3, 5))  # Văn Quan: not counted
    rows = {r.target.kind: r for r in plan_progress(commune_plan, date(2026, 10, 1))}
    assert rows["count_4star"].measure.value == Decimal(1)
    assert (rows["share_3star"].measure.numerator, rows["share_3star"].measure.denominator) == (1, 2)


# --- the commune's periodic report ---------------------------------------------------------------


def _report(c: Client, **values: str) -> Any:
    page = c.get("/bao-cao-xa/").content.decode()
    number = re.search(r'name="number" value="([^"]+)"', page).group(1)
    data = {
        "kind": "six_month",
        "year": "2026",
        "number": number,
        "submitted_on": timezone.localdate().isoformat(),
        "results": "Hướng dẫn 3 chủ thể hoàn thiện hồ sơ; 1 sản phẩm đạt 4 sao.",
        **values,
    }
    return c.post("/bao-cao-xa/", data, follow=True)


def test_the_commune_reports_to_the_province(
    demo: dict[str, Any], commune_plan: Plan, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    Target.objects.create(plan=commune_plan, kind="dossiers_filed", value=4)
    c = _client(demo["xa.chilang"])
    with django_capture_on_commit_callbacks(execute=True):
        r = _report(c)
    assert "Đã gửi báo cáo lên tỉnh" in r.content.decode()
    report = CommuneReport.objects.get()
    assert report.number.endswith("/BC-UBND") and report.plan == commune_plan
    labels = [row["label"] for row in report.figures]
    assert "Sản phẩm nộp hồ sơ đánh giá trong kỳ" in labels
    assert "Số sản phẩm nộp hồ sơ đánh giá, phân hạng trong năm" in labels  # the plan's target, as it stood
    assert any("tinh@demo.ocop.invalid" in m.to for m in mail.outbox)
    # The same period again is refused, whatever the number.
    r = _report(c)
    assert "Xã đã gửi báo cáo 6 tháng năm 2026" in r.content.decode()
    assert CommuneReport.objects.count() == 1
    # The province reads it; another province does not.
    assert _client(demo["tinh"]).get(f"/bao-cao-xa/{report.pk}/").status_code == 200
    assert _client(demo["tinh.caobang"]).get(f"/bao-cao-xa/{report.pk}/").status_code == 404
    assert _client(demo["xa.vanquan"]).get(f"/bao-cao-xa/{report.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"results": ""}, "Kết quả thực hiện"),
        ({"submitted_on": "2099-01-01"}, "Ngày báo cáo không thể ở tương lai"),
        ({"submitted_on": "2025-06-01"}, "Ngày báo cáo trước kỳ báo cáo"),
        ({"number": "BC"}, "Số văn bản phải có dạng"),
        ({"kind": "weekly"}, "Loại báo cáo"),
    ],
)
def test_bad_reports_change_nothing(demo: dict[str, Any], values: dict[str, str], message: str) -> None:
    from ocop.numbering.models import IssuedNumber

    r = _report(_client(demo["xa.chilang"]), **values)
    assert message in r.content.decode()
    assert (
        not CommuneReport.objects.exists()
        and not IssuedNumber.objects.filter(kind="programme_report").exists()
    )


def test_only_commune_officers_send_reports(demo: dict[str, Any]) -> None:
    data = {
        "kind": "annual",
        "year": "2026",
        "number": "1/BC-UBND",
        "submitted_on": "2026-11-20",
        "results": "x",
    }
    for username in ("tinh", "lanhdao", "trunguong"):
        assert _client(demo[username]).post("/bao-cao-xa/", data).status_code == 403
    for username in ("chuthe.nachilang", "hoidong1"):
        assert _client(demo[username]).get("/bao-cao-xa/").status_code == 403
    assert not CommuneReport.objects.exists()


def test_the_province_acknowledges_or_returns(demo: dict[str, Any]) -> None:
    c = _client(demo["xa.chilang"])
    _report(c)
    report = CommuneReport.objects.get()
    staff = _client(demo["tinh"])
    page = staff.get(f"/bao-cao-xa/{report.pk}/").content.decode()
    seen = re.search(r'name="version" value="(\d+)"', page).group(1)
    r = staff.post(
        f"/bao-cao-xa/{report.pk}/", {"decision": "return", "note": "", "version": seen}, follow=True
    )
    assert "Cần ghi rõ nội dung cần bổ sung" in r.content.decode()
    for username in ("lanhdao", "xa.chilang"):
        r = _client(demo[username]).post(
            f"/bao-cao-xa/{report.pk}/", {"decision": "accept", "version": seen}, follow=True
        )
        assert "Chỉ cơ quan tham mưu OCOP của tỉnh" in r.content.decode()
    staff.post(
        f"/bao-cao-xa/{report.pk}/",
        {"decision": "return", "note": "Bổ sung số liệu doanh thu.", "version": seen},
    )
    report.refresh_from_db()
    assert report.state == "returned"
    # A second official on the same page: stale.
    r = staff.post(f"/bao-cao-xa/{report.pk}/", {"decision": "accept", "version": seen}, follow=True)
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in r.content.decode()
    # The commune sends a corrected report for the same period, with a new number.
    r = _report(c, results="Đã bổ sung số liệu doanh thu.")
    assert "Đã gửi báo cáo lên tỉnh" in r.content.decode()
    corrected = CommuneReport.objects.exclude(pk=report.pk).get()
    assert corrected.number != report.number and corrected.state == "submitted"
    staff.post(f"/bao-cao-xa/{corrected.pk}/", {"decision": "accept", "version": str(corrected.version)})
    corrected.refresh_from_db()
    assert corrected.state == "acknowledged"


# --- trade events abroad ------------------------------------------------------------------------


def test_events_held_abroad(demo: dict[str, Any]) -> None:
    from ocop.programme.progress import events_abroad

    c = _client(demo["tinh"])
    data = {
        "what": "event",
        "kind": "trade_promotion",
        "title": "Tuần hàng Việt Nam tại Nam Ninh",
        "starts_on": "2026-10-12",
        "place": "Nam Ninh",
    }
    r = c.post("/su-kien/", {**data, "abroad": "1"})
    assert "Sự kiện ở nước ngoài cần ghi quốc gia" in r.content.decode() and not Event.objects.exists()
    assert c.post("/su-kien/", {**data, "abroad": "1", "country": "Trung Quốc"}).status_code == 302
    c.post("/su-kien/", {**data, "title": "Hội chợ trong tỉnh", "country": "bỏ qua"})
    abroad, home = Event.objects.get(abroad=True), Event.objects.get(abroad=False)
    assert abroad.country == "Trung Quốc" and home.country == ""
    assert "ở nước ngoài: Trung Quốc" in c.get("/su-kien/").content.decode()
    measure = events_abroad(abroad.province, 2026, date(2026, 12, 31))
    assert measure.value == Decimal(1)
    assert events_abroad(abroad.province, 2026, date(2026, 10, 1)).value == Decimal(0)


def test_the_dashboard_ignores_commune_plans(demo: dict[str, Any], commune_plan: Plan) -> None:
    from ocop.programme.dashboard import build

    data = build(commune_plan.province, date(2026, 6, 1))
    assert data.plan is None  # the province has no plan of its own yet
