"""Vietnamese working days for the process deadlines (rules.md §3.1: "15 working days", "≥ N working days
before the meeting"). Dates hand-checked against the 2026 calendar:

- Tết Bính Ngọ: 1st day of the lunar year = Tue 17/2/2026; public days off Mon 16 → Fri 20/2 (with the
  weekends 14–15 and 21–22 a nine-day break).
- Giỗ Tổ Hùng Vương 10/3 lunar = Sun 26/4/2026, observed Mon 27/4.
- 30/4 (Thu) and 1/5 (Fri).
- Quốc khánh: Tue 1/9 and Wed 2/9; Mon 31/8 off, swapped for Sat 22/8 which is worked.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ocop.core.workdays import NATIONAL, WorkCalendar

D = date


@pytest.mark.parametrize(
    "day", [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]
)
def test_tet_2026_weekdays_are_off(day):
    assert not NATIONAL.is_working_day(day)
    assert "Tết" in (NATIONAL.holiday_name(day) or "")


def test_days_around_tet_2026_are_working():
    assert NATIONAL.is_working_day(D(2026, 2, 13))  # Fri before
    assert NATIONAL.is_working_day(D(2026, 2, 23))  # Mon after
    assert not NATIONAL.is_working_day(D(2026, 2, 14))  # Saturday
    assert not NATIONAL.is_working_day(D(2026, 2, 22))  # Sunday


def test_30_4_and_1_5_are_off():
    assert not NATIONAL.is_working_day(D(2026, 4, 30))
    assert not NATIONAL.is_working_day(D(2026, 5, 1))
    assert NATIONAL.is_working_day(D(2026, 4, 29))
    assert NATIONAL.is_working_day(D(2026, 5, 4))


def test_hung_kings_day_on_a_sunday_is_observed_on_monday_27_4_2026():
    assert NATIONAL.holiday_name(D(2026, 4, 26)) is not None
    assert not NATIONAL.is_working_day(D(2026, 4, 27))
    assert NATIONAL.is_working_day(D(2026, 4, 28))


def test_national_day_2026_with_its_substitute_day():
    assert not NATIONAL.is_working_day(D(2026, 9, 1))
    assert not NATIONAL.is_working_day(D(2026, 9, 2))
    assert not NATIONAL.is_working_day(D(2026, 8, 31))  # day off in exchange for Saturday 22/8
    assert NATIONAL.is_working_day(D(2026, 8, 22))  # that Saturday is a working day
    assert D(2026, 8, 22).weekday() == 5
    assert not NATIONAL.is_working_day(D(2026, 8, 29))  # an ordinary Saturday
    assert NATIONAL.is_working_day(D(2026, 9, 3))


def test_add_working_days_skips_the_weekend():
    assert NATIONAL.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Fri → Mon
    assert NATIONAL.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)  # Sat → Mon
    assert NATIONAL.add_working_days(D(2026, 3, 6), 0) == D(2026, 3, 6)


def test_add_working_days_across_tet():
    # Thu 12/2 + 3: Fri 13/2 (1), 14–22/2 off, Mon 23/2 (2), Tue 24/2 (3)
    assert NATIONAL.add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


def test_commune_15_working_days_across_hung_kings_and_30_4():
    # 26/2026 Art. 7.2: the commune has 15 working days. Filed Mon 20/4/2026:
    # 21–24/4 (1–4), 27/4 off, 28–29/4 (5–6), 30/4–1/5 off, 4–8/5 (7–11), 11–14/5 (12–15)
    assert NATIONAL.add_working_days(D(2026, 4, 20), 15) == D(2026, 5, 14)
    assert NATIONAL.working_days_between(D(2026, 4, 20), D(2026, 5, 14)) == 15


def test_dossier_at_least_3_working_days_before_the_meeting():
    # Meeting Thu 5/3/2026: counted back Wed 4 (1), Tue 3 (2), Mon 2 (3) → send by Mon 2/3
    assert NATIONAL.working_days_before(D(2026, 3, 5), 3) == D(2026, 3, 2)
    # Meeting Mon 23/2/2026, right after Tết: Fri 13/2 (1), Thu 12/2 (2), Wed 11/2 (3)
    assert NATIONAL.working_days_before(D(2026, 2, 23), 3) == D(2026, 2, 11)
    # 148 district: ≥ 1 working day before a Monday meeting → the Friday
    assert NATIONAL.working_days_before(D(2026, 3, 9), 1) == D(2026, 3, 6)


def test_working_days_between():
    assert NATIONAL.working_days_between(D(2026, 3, 2), D(2026, 3, 6)) == 4  # Tue–Fri
    # Fri 28/8 → Fri 4/9: 29–30 weekend, 31/8–2/9 off, Thu 3 and Fri 4
    assert NATIONAL.working_days_between(D(2026, 8, 28), D(2026, 9, 4)) == 2
    # Fri 21/8 → Mon 24/8: the worked Saturday 22/8 counts
    assert NATIONAL.working_days_between(D(2026, 8, 21), D(2026, 8, 24)) == 2
    assert NATIONAL.working_days_between(D(2026, 3, 6), D(2026, 3, 6)) == 0
    assert NATIONAL.working_days_between(D(2026, 3, 9), D(2026, 3, 6)) == 0


def test_province_declared_day_off_and_make_up_working_day():
    # A province may declare its own day off (e.g. a provincial anniversary) and a make-up Saturday
    calendar = WorkCalendar.for_province(days_off=[D(2026, 3, 10)], extra_working_days=[D(2026, 3, 14)])
    assert not calendar.is_working_day(D(2026, 3, 10))
    assert calendar.holiday_name(D(2026, 3, 10)) == "Ngày nghỉ do tỉnh công bố"
    assert calendar.is_working_day(D(2026, 3, 14))  # a Saturday
    assert calendar.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 11)
    assert calendar.add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)
    assert calendar.working_days_between(D(2026, 3, 9), D(2026, 3, 16)) == 5  # 11, 12, 13, 14, 16
    # the national calendar is untouched
    assert NATIONAL.is_working_day(D(2026, 3, 10))
    assert not NATIONAL.is_working_day(D(2026, 3, 14))


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        NATIONAL.add_working_days(D(2026, 3, 2), -1)
    with pytest.raises(ValueError):
        NATIONAL.working_days_before(D(2026, 3, 2), -1)


def test_adding_and_counting_agree_over_2026():
    day = D(2026, 1, 1)
    while day.year == 2026:
        for n in (1, 3, 15):
            end = NATIONAL.add_working_days(day, n)
            assert NATIONAL.is_working_day(end)
            assert NATIONAL.working_days_between(day, end) == n
            if NATIONAL.is_working_day(day):
                assert NATIONAL.add_working_days(NATIONAL.working_days_before(day, n), n) == day
        day += timedelta(days=5)
