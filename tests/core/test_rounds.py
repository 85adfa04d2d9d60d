"""Evaluation rounds on fixed dates (26/2026 Art. 5, rules.md §3.1), hand-checked."""

from datetime import date

import pytest

from ocop.core.rounds import round_for
from ocop.core.rulebooks import get_rulebook

R26 = get_rulebook("26-2026")


@pytest.mark.parametrize(
    ("proposed", "number", "cutoff", "held_before"),
    [
        (date(2026, 3, 1), 1, date(2026, 4, 30), date(2026, 6, 30)),
        (date(2026, 4, 29), 1, date(2026, 4, 30), date(2026, 6, 30)),
        # Art. 5.1 "đề nghị trước ngày 30 tháng 4": the 30th is not before the 30th, so round 2
        (date(2026, 4, 30), 2, date(2026, 10, 30), date(2026, 12, 30)),
        (date(2026, 5, 1), 2, date(2026, 10, 30), date(2026, 12, 30)),
        (date(2026, 10, 30), 1, date(2027, 4, 30), date(2027, 6, 30)),  # on round 2's cut-off: next year
        (date(2026, 10, 31), 1, date(2027, 4, 30), date(2027, 6, 30)),
    ],
)
def test_province_rounds(proposed: date, number: int, cutoff: date, held_before: date) -> None:
    r = round_for(R26, "province", proposed)
    assert r is not None
    assert (r.number, r.cutoff, r.held_before) == (number, cutoff, held_before)


def test_central_cut_off_day_itself_goes_to_the_next_round() -> None:
    # Art. 5.2 "đợt 01 trước ngày 30 tháng 9 đối với các hồ sơ được UBND cấp tỉnh đề nghị trước ngày 30 tháng 7"
    assert round_for(R26, "central", date(2026, 7, 29)).number == 1
    on_the_day = round_for(R26, "central", date(2026, 7, 30))
    assert (on_the_day.number, on_the_day.cutoff) == (2, date(2027, 1, 30))


def test_central_round_2_is_held_in_march_after_a_january_cut_off() -> None:
    r = round_for(R26, "central", date(2026, 8, 15))
    assert r is not None
    # after 30/7 the next cut-off is 30/01/2027, held before 30/3/2027
    assert (r.number, r.cutoff, r.held_before) == (2, date(2027, 1, 30), date(2027, 3, 30))


def test_older_rulebooks_have_no_national_calendar() -> None:
    assert round_for(get_rulebook("148-2023"), "province", date(2024, 3, 1)) is None
