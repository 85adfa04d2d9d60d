"""The report's figures against hand-counted data (see conftest.py for the counts)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from ocop.reports.figures import Scope, build_figures, dimension_rows, star_rows

PERIOD = (date(2024, 1, 1), date(2024, 12, 31))  # as in conftest.py
MADE_ON = date(2025, 3, 1)


def _province(demo: dict[str, Any], username: str) -> Scope:
    user = demo[username]
    return Scope(user.province_id, user.province.name)


def test_province_figures_match_the_hand_count(history: dict[str, Any], demo: dict[str, Any]) -> None:
    f = build_figures(_province(demo, "tinh"), *PERIOD, MADE_ON)
    assert f.issued.total == 3
    assert dict(f.issued.by_star) == {3: 1, 4: 1, 5: 1}
    assert {r.number for r in f.certified_list} == {"C/2024", "D/2024", "E/2024"}
    assert [r.number for r in f.rerated_list] == ["C/2024"]
    assert [r.number for r in f.expired_list] == ["A/2021"]
    assert [r.number for r in f.revoked_list] == ["D/2024"]
    assert "99/QĐ-UBND" in f.revoked_list[0].note
    assert f.in_force.total == 2 and dict(f.in_force.by_star) == {4: 1, 5: 1}
    assert f.producers_in_force.total == 2
    assert dict(f.issued.by_group) == {"Đồ uống": 2, "Thực phẩm": 1}
    assert dict(f.issued.by_kind) == {
        "Hộ sản xuất, hộ kinh doanh": 1,
        "Hợp tác xã": 1,
        "Doanh nghiệp nhỏ và vừa": 1,
    }
    van_quan = next(r.commune for r in f.certified_list if r.number == "C/2024")
    assert f.issued.by_area[van_quan] == 2
    assert f.issued_by_evaluation == {"Nhập từ sổ theo dõi": 3}
    assert f.evaluated.total == 0


def test_national_figures_add_the_other_province(history: dict[str, Any]) -> None:
    f = build_figures(Scope(None, "Toàn quốc"), *PERIOD, MADE_ON)
    assert f.issued.total == 4
    assert sum(f.issued.by_area.values()) == 4 and len(f.issued.by_area) == 2
    assert f.in_force.total == 3  # C, E and Cao Bằng's F


def test_other_province_sees_only_its_own(history: dict[str, Any], demo: dict[str, Any]) -> None:
    f = build_figures(_province(demo, "tinh.caobang"), *PERIOD, MADE_ON)
    assert [r.number for r in f.certified_list] == ["F/2024"]
    assert f.revoked.total == f.expired.total == 0


def test_expiry_after_the_report_day_is_not_counted(history: dict[str, Any], demo: dict[str, Any]) -> None:
    # Made on 01/05/2024: A's term (to 10/05/2024) has not ended yet.
    f = build_figures(_province(demo, "tinh"), PERIOD[0], PERIOD[1], PERIOD[0] + timedelta(days=121))
    assert f.expired.total == 0


def test_evaluations_come_from_council_results(demo: dict[str, Any]) -> None:
    from ocop.demo.pipeline import load_pipeline

    load_pipeline()
    today = timezone.localdate()
    f = build_figures(_province(demo, "tinh"), today - timedelta(days=1), today + timedelta(days=1), today)
    assert f.evaluated.total == 1 and dict(f.evaluated.by_star) == {4: 1}
    assert f.issued.total == 1 and f.issued_by_evaluation == {"Đánh giá lần đầu": 1}
    rows = {label: total for label, total, _ in star_rows(f)}
    assert rows["Lượt sản phẩm được đánh giá, phân hạng"] == 1
    groups = dimension_rows(f, "by_group")
    assert groups[-1] == ("Tổng cộng", [1, 1, 0, 0, 0, 1, 1])
