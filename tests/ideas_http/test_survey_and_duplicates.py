"""The communes' survey of potential products, and the same kind proposed by two communes flagged to
the province; the dashboard and the report count the cycle's first steps."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cycle_data import text
from ocop.ideas.models import Idea, PotentialProduct, Review
from ocop.ideas.selectors import duplicate_groups
from ocop.ideas.services import IdeaFields, register_idea, review_idea, save_plan
from ocop.producers.models import Producer

pytestmark = pytest.mark.django_db

SURVEY = {
    "name": "Gà đồi",
    "scorecard_number": "2",
    "raw_material_area": "Vườn na các thôn",
    "area_ha": "120,5",
}


def test_the_commune_records_its_survey_and_the_province_reads_it(as_user: Callable[[str], Client]) -> None:
    commune = as_user("xa.chilang")
    assert "Ghi thêm sản phẩm tiềm năng" in text(commune.get("/khao-sat-tiem-nang/"))
    response = commune.post("/khao-sat-tiem-nang/", {**SURVEY, "area_ha": "120.5"})
    assert response.status_code == 302
    entry = PotentialProduct.objects.get(name="Gà đồi")
    assert (entry.commune.name, str(entry.area_ha), entry.kind_key) == ("Xã Chi Lăng", "120.50", "2:ga doi")
    # The same line again (a second click) is refused; bad values are refused; nothing else recorded.
    for changes, message in (
        ({}, "đã có trong khảo sát"),
        ({"name": "Na", "area_ha": "-3"}, "Nhỏ quá giới hạn cho phép"),
        ({"name": "Na", "area_ha": "1" * 12}, "Lớn quá giới hạn cho phép"),
        ({"name": "Na", "raw_material_area": ""}, "Vui lòng nhập thông tin này"),
        ({"name": "Na", "scorecard_number": "0"}, "Lựa chọn không hợp lệ"),
    ):
        response = commune.post("/khao-sat-tiem-nang/", {**SURVEY, "area_ha": "120.5", **changes})
        assert response.status_code == 400 and message in text(response), changes
    assert PotentialProduct.objects.count() == 1
    # The province reads every commune's lines, records none; producers and others do not see it.
    staff = as_user("tinh")
    assert "Gà đồi" in text(staff.get("/khao-sat-tiem-nang/")) and "Ghi thêm" not in text(
        staff.get("/khao-sat-tiem-nang/")
    )
    assert staff.post("/khao-sat-tiem-nang/", SURVEY).status_code == 403
    for username in ("chuthe.nachilang", "hoidong1", "trunguong"):
        assert as_user(username).get("/khao-sat-tiem-nang/").status_code == 403, username
    assert "Gà đồi" not in text(as_user("xa.vanquan").get("/khao-sat-tiem-nang/"))
    assert "Gà đồi" not in text(as_user("tinh.caobang").get("/khao-sat-tiem-nang/"))
    # Only its commune corrects a line, and a stale page is refused.
    url = f"/khao-sat-tiem-nang/{entry.pk}/"
    assert as_user("xa.vanquan").get(url).status_code == 404 and staff.get(url).status_code == 403
    opened = entry.version
    assert commune.post(url, {**SURVEY, "area_ha": "130", "version": opened}).status_code == 302
    response = commune.post(url, {**SURVEY, "area_ha": "140", "version": opened})
    assert response.status_code == 400 and "Bản ghi đã được sửa trong lúc bạn mở trang" in text(response)
    entry.refresh_from_db()
    assert entry.area_ha == 130


def _forwarded(demo: dict[str, Any], producer: str, officer: str, name: str, card: int, **extra: Any) -> Idea:
    fields = IdeaFields(name=name, scorecard_number=card, origin="traditional", description="Gà thả đồi")
    idea = register_idea(demo[producer], fields, producer=extra.get("carrier"))
    review_idea(demo[officer], idea, Review.Decision.FORWARD, "", None, extra.get("carrier"))
    idea.refresh_from_db()
    return idea


def test_the_same_kind_from_two_communes_is_flagged_to_the_province(
    demo: dict[str, Any], as_user: Callable[[str], Client], django_capture_on_commit_callbacks: Any
) -> None:
    chi_lang = _forwarded(demo, "chuthe.nachilang", "xa.chilang", "Gà đồi Chi Lăng", 2)
    assert duplicate_groups(demo["tinh"].province_id, chi_lang.year) == []
    # A fresh-vegetable card with the same words is another kind; so is the same commune again.
    _forwarded(demo, "chuthe.nachilang", "xa.chilang", "Gà đồi", 2)
    _forwarded(demo, "chuthe.hoivanquan", "xa.vanquan", "Gà đồi Văn Quan mới", 2)
    assert duplicate_groups(demo["tinh"].province_id, chi_lang.year) == []
    carrier = Producer.objects.get(name="Hợp tác xã Hồi Văn Quan")
    with django_capture_on_commit_callbacks(execute=True):
        van_quan = _forwarded(demo, "xa.vanquan", "xa.vanquan", "Gà đồi Văn Quan", 2, carrier=carrier)
    assert mail.outbox[-1].to == ["tinh@demo.ocop.invalid"]
    assert "cùng loại với ý tưởng đã được Xã Chi Lăng đề xuất" in mail.outbox[-1].body
    [group] = duplicate_groups(demo["tinh"].province_id, chi_lang.year)
    assert group.key == "2:ga doi" and {i.pk for i in group.ideas} >= {chi_lang.pk, van_quan.pk}
    assert group.communes == ["Xã Chi Lăng", "Xã Văn Quan"]
    page = text(as_user("tinh").get("/y-tuong/"))
    assert "Ý tưởng trùng loại giữa các xã" in page and "Xã Chi Lăng, Xã Văn Quan" in page
    assert "Trùng loại với ý tưởng của xã khác cùng năm: Gà đồi Văn Quan (Xã Văn Quan)" in text(
        as_user("tinh").get(f"/y-tuong/{chi_lang.pk}/")
    )
    # Another province's list does not show it; the flag counts on the dashboard.
    assert "Gà đồi" not in text(as_user("tinh.caobang").get("/y-tuong/"))
    dashboard = as_user("tinh").get("/bang-dieu-khien/").content.decode()
    ideas = dashboard.split('id="chart-ideas"')[1].split("</section>")[0]
    assert '<td>UBND xã đã chuyển tỉnh</td><td class="num">4</td>' in ideas
    # Chi Lăng's "Gà đồi" and "Gà đồi Chi Lăng" are one kind: with Văn Quan's, three ideas flagged.
    assert '<td>Trong đó: trùng loại giữa các xã</td><td class="num">3</td>' in ideas


def test_the_dashboard_and_the_report_count_ideas_and_plans(
    demo: dict[str, Any], as_user: Callable[[str], Client]
) -> None:
    idea = _forwarded(demo, "chuthe.nachilang", "xa.chilang", "Mứt na Chi Lăng", 7)
    save_plan(demo["chuthe.nachilang"], idea, {"raw_materials": "x"}, 0)
    waiting = register_idea(
        demo["chuthe.nachilang"],
        IdeaFields(name="Bánh na", scorecard_number=6, origin="new", description="x"),
    )
    assert waiting.state == "registered"
    page = as_user("tinh").get("/bang-dieu-khien/").content.decode()
    ideas = page.split('id="chart-ideas"')[1].split("</section>")[0]
    plans = page.split('id="chart-business-plans"')[1].split("</section>")[0]
    assert '<td>Chờ UBND xã xem xét</td><td class="num">1</td>' in ideas
    assert '<td>UBND xã đã chuyển tỉnh</td><td class="num">1</td>' in ideas
    assert '<td>Đang soạn</td><td class="num">1</td>' in plans
    # Cao Bằng's dashboard does not count Lạng Sơn's.
    other = as_user("tinh.caobang").get("/bang-dieu-khien/").content.decode()
    assert '<td>Chờ UBND xã xem xét</td><td class="num">0</td>' in other.split('id="chart-ideas"')[1]

    year = timezone.localdate().year
    workbook = openpyxl.load_workbook(
        io.BytesIO(as_user("tinh").get(f"/bao-cao/excel/?kind=annual&year={year}").content)
    )
    rows = {r[0]: r[1] for r in workbook["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert "V. Ý tưởng sản phẩm và phương án sản xuất kinh doanh trong kỳ" in rows
    assert rows["Ý tưởng sản phẩm được đăng ký"] == 2
    assert rows["Ý tưởng được UBND xã chuyển tỉnh"] == 1
    assert rows["Phương án sản xuất kinh doanh nộp tỉnh"] == 0
    # Last year's report counts the base demo's ideas, recorded as registered then (ideas.demo).
    past = openpyxl.load_workbook(
        io.BytesIO(as_user("tinh").get(f"/bao-cao/excel/?kind=annual&year={year - 1}").content)
    )
    past_rows = {r[0]: r[1] for r in past["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert past_rows["Ý tưởng sản phẩm được đăng ký"] == 6  # Lạng Sơn's six products
    assert past_rows["Phương án được tỉnh phê duyệt"] == 0  # recorded, not decided on the system
    assert date(year, 1, 1) <= idea.created_at.date()
