"""Plans, targets, events, courses and revenue over HTTP: who may see and change what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ocop.audit.models import AuditEvent
from ocop.programme.models import Attendance, Course, DeclaredRevenue, Event, Plan, Target


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_province_staff_creates_a_plan_and_sets_targets(demo: dict[str, Any]) -> None:
    c = _client(demo["tinh"])
    r = c.post("/ke-hoach/", {"year": "2026", "title": "Kế hoạch OCOP 2026", "reference": "45/KH-UBND"})
    plan = Plan.objects.get()
    assert r.status_code == 302 and r.url == f"/ke-hoach/{plan.pk}/"
    assert plan.province.code == 20 and plan.created_by == demo["tinh"]

    r = c.post(f"/ke-hoach/{plan.pk}/", {"kind": "share_3star", "value": "70", "note": "≥ 70%"}, follow=True)
    assert "Đã lưu chỉ tiêu" in r.content.decode()
    c.post(f"/ke-hoach/{plan.pk}/", {"kind": "share_3star", "value": "75"})  # a change, not a second row
    target = Target.objects.get()
    assert (target.kind, target.value, target.unit) == ("share_3star", Decimal("75.00"), "%")
    assert AuditEvent.objects.filter(action="programme.target_set").count() == 2

    page = c.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Tỷ lệ sản phẩm tham gia đánh giá đạt từ 3 sao trở lên" in page
    assert "Chưa có số liệu" in page  # no decision yet: progress is not invented


@pytest.mark.parametrize(
    ("value", "message"),
    [("120", "Tỷ lệ không được vượt quá 100%"), ("abc", "phải là một số"), ("0", "lớn hơn 0")],
)
def test_bad_target_values_are_refused(demo: dict[str, Any], plan: Any, value: str, message: str) -> None:
    r = _client(demo["tinh"]).post(f"/ke-hoach/{plan.pk}/", {"kind": "share_3star", "value": value})
    assert r.status_code == 200 and message in r.content.decode()
    assert not Target.objects.exists()


def test_count_targets_are_whole_numbers(demo: dict[str, Any], plan: Any) -> None:
    r = _client(demo["tinh"]).post(f"/ke-hoach/{plan.pk}/", {"kind": "count_4star", "value": "2.5"})
    assert "số nguyên" in r.content.decode() and not Target.objects.exists()


def test_a_second_plan_for_the_same_year_is_refused(demo: dict[str, Any], plan: Any) -> None:
    r = _client(demo["tinh"]).post("/ke-hoach/", {"year": "2026", "title": "Lần hai"})
    assert r.status_code == 200 and "đã có kế hoạch năm 2026" in r.content.decode()
    assert Plan.objects.count() == 1


def test_another_province_gets_404(demo: dict[str, Any], plan: Any) -> None:
    c = _client(demo["tinh.caobang"])
    assert c.get(f"/ke-hoach/{plan.pk}/").status_code == 404
    assert c.post(f"/ke-hoach/{plan.pk}/", {"kind": "count_4star", "value": "3"}).status_code == 404
    assert plan.title not in c.get("/ke-hoach/").content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize("username", ["chuthe.nachilang", "xa.chilang", "hoidong1", "thuky"])
def test_producers_and_others_get_403(demo: dict[str, Any], plan: Any, username: str) -> None:
    c = _client(demo[username])
    # A commune officer has plan pages (its commune's own plans, its province's to read): see
    # tests/programme/test_commune_plans.py.
    plans = () if username == "xa.chilang" else ("/ke-hoach/", f"/ke-hoach/{plan.pk}/")
    for url in (*plans, "/su-kien/", "/doanh-thu/", "/bang-dieu-khien/"):
        assert c.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(db: Any) -> None:
    r = Client().get("/bang-dieu-khien/")
    assert r.status_code == 302 and r.url.startswith("/dang-nhap/")


def test_leader_and_central_staff_read_but_cannot_change(demo: dict[str, Any], plan: Any) -> None:
    for username in ("lanhdao", "trunguong"):
        c = _client(demo[username])
        page = c.get(f"/ke-hoach/{plan.pk}/").content.decode()
        assert plan.title in page and 'name="value"' not in page
        r = c.post(f"/ke-hoach/{plan.pk}/", {"kind": "count_4star", "value": "3"})
        assert "Chỉ cơ quan tham mưu OCOP của tỉnh" in r.content.decode()
    assert not Target.objects.exists()
    # Central staff see every province's plans.
    assert plan.title in _client(demo["trunguong"]).get("/ke-hoach/").content.decode()


def test_target_delete(demo: dict[str, Any], plan: Any) -> None:
    target = Target.objects.create(plan=plan, kind="events", value=4)
    assert _client(demo["lanhdao"]).post(f"/ke-hoach/{plan.pk}/chi-tieu/{target.pk}/xoa/").status_code == 302
    assert Target.objects.exists()  # the leader may not
    assert (
        _client(demo["tinh.caobang"]).post(f"/ke-hoach/{plan.pk}/chi-tieu/{target.pk}/xoa/").status_code
        == 404
    )
    _client(demo["tinh"]).post(f"/ke-hoach/{plan.pk}/chi-tieu/{target.pk}/xoa/")
    assert not Target.objects.exists()


def test_plan_page_shows_computed_progress(
    demo: dict[str, Any], plan: Any, decide: Any, products: Any
) -> None:
    decide(products["Na Chi Lăng"], "recognised", 4, date(2026, 3, 5))
    decide(products["Hoa hồi khô Văn Quan"], "not_recognised", None, date(2026, 3, 5))
    Target.objects.create(plan=plan, kind="share_3star", value=70)
    page = _client(demo["tinh"]).get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "1/2 sản phẩm" in page and "50%</span> / 70%" in page and "71,4%" in page  # 50 of 70 → 71.4 %


def test_event_create_and_results(demo: dict[str, Any]) -> None:
    from ocop.producers.models import Producer, Product

    c = _client(demo["tinh"])
    r = c.post(
        "/su-kien/",
        {
            "what": "event",
            "kind": "fair",
            "title": "Hội chợ OCOP 2026",
            "starts_on": "2026-04-10",
            "ends_on": "2026-04-14",
            "place": "Lạng Sơn",
        },
    )
    event = Event.objects.get()
    assert r.status_code == 302 and event.province.code == 20
    na = Producer.objects.get(name="Hợp tác xã Na Chi Lăng")
    product = Product.objects.get(name="Na Chi Lăng")
    c.post(
        f"/su-kien/{event.pk}/",
        {"results": "Bán 300 kg na", "producers": [na.pk], "products": [product.pk]},
    )
    event.refresh_from_db()
    assert event.results == "Bán 300 kg na" and list(event.producers.all()) == [na]
    # A producer of another province cannot be put on the event.
    other = Producer.objects.get(name="Hợp tác xã Miến dong Quảng Lâm")
    r = c.post(f"/su-kien/{event.pk}/", {"results": "x", "producers": [other.pk]})
    assert "không thuộc tỉnh" in r.content.decode()
    event.refresh_from_db()
    assert event.results == "Bán 300 kg na"
    assert _client(demo["tinh.caobang"]).get(f"/su-kien/{event.pk}/").status_code == 404


def test_event_with_end_before_start_is_refused(demo: dict[str, Any]) -> None:
    r = _client(demo["tinh"]).post(
        "/su-kien/",
        {
            "what": "event",
            "kind": "fair",
            "title": "X",
            "starts_on": "2026-04-10",
            "ends_on": "2026-04-01",
            "place": "Y",
        },
    )
    assert "Ngày kết thúc trước ngày bắt đầu" in r.content.decode() and not Event.objects.exists()


def test_course_attendance(demo: dict[str, Any]) -> None:
    from ocop.producers.models import Producer

    c = _client(demo["tinh"])
    c.post(
        "/su-kien/",
        {"what": "course", "title": "Tập huấn OCOP", "starts_on": "2026-05-20", "place": "Lạng Sơn"},
    )
    course = Course.objects.get()
    assert course.ends_on == date(2026, 5, 20)
    c.post(f"/tap-huan/{course.pk}/", {"person": demo["xa.chilang"].pk, "attended": "1"})
    na = Producer.objects.get(name="Hợp tác xã Na Chi Lăng")
    c.post(
        f"/tap-huan/{course.pk}/", {"producer": na.pk, "name": "Hoàng Văn Thắng"}
    )  # registered, not yet present
    rows = {a.name: a for a in Attendance.objects.all()}
    assert rows["Hà Văn Tùng (UBND xã Chi Lăng)"].attended is True
    assert rows["Hoàng Văn Thắng"].attended is False and rows["Hoàng Văn Thắng"].producer == na
    # The same official twice is refused; an official of another province is not found.
    r = c.post(f"/tap-huan/{course.pk}/", {"person": demo["xa.chilang"].pk, "attended": "1"})
    assert "đã có trong danh sách" in r.content.decode()
    r = c.post(f"/tap-huan/{course.pk}/", {"person": demo["xa.quanglam"].pk, "attended": "1"})
    assert "không thuộc tỉnh" in r.content.decode()
    assert Attendance.objects.count() == 2
    # Marked present afterwards.
    c.post(f"/tap-huan/{course.pk}/hoc-vien/{rows['Hoàng Văn Thắng'].pk}/", {"attended": "1"})
    assert Attendance.objects.get(name="Hoàng Văn Thắng").attended is True
    assert _client(demo["tinh.caobang"]).get(f"/tap-huan/{course.pk}/").status_code == 404


def test_revenue_declaration(demo: dict[str, Any]) -> None:
    from ocop.producers.models import Producer

    na = Producer.objects.get(name="Hợp tác xã Na Chi Lăng")
    c = _client(demo["tinh"])
    c.post("/doanh-thu/", {"producer": na.pk, "year": "2025", "amount": "4200,5"})
    c.post("/doanh-thu/", {"producer": na.pk, "year": "2025", "amount": "4300"})  # corrected
    row = DeclaredRevenue.objects.get()
    assert (row.year, row.amount) == (2025, Decimal("4300.0"))
    r = c.post("/doanh-thu/", {"producer": na.pk, "year": "2025", "amount": "-5"})
    assert "không được âm" in r.content.decode()
    other = Producer.objects.get(name="Hợp tác xã Miến dong Quảng Lâm")
    assert c.post("/doanh-thu/", {"producer": other.pk, "year": "2025", "amount": "1"}).status_code == 404
    assert DeclaredRevenue.objects.count() == 1
