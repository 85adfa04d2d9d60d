"""Vietnamese working days (ngày làm việc) for the process deadlines.

A working day is Monday–Friday that is not a public holiday, including the official substitute days
off; Saturdays the government declares as make-up working days count as working days. Holidays and
substitutions come from the `holidays` package (lunar Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9…). A
province may declare further days off, or make-up working days, on top (`WorkCalendar`).

Counting follows the civil-code convention (Bộ luật Dân sự Art. 147): a period "within N working
days of X" starts the day after X, and "at least N working days before Y" means on or before the
N-th working day counted back from Y.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

import holidays


@cache
def _national() -> Any:
    return holidays.country_holidays("VN", language="vi")


@dataclass(frozen=True)
class WorkCalendar:
    days_off: frozenset[date] = field(default_factory=frozenset)  # declared by the province
    extra_working_days: frozenset[date] = field(default_factory=frozenset)  # declared make-up days

    @classmethod
    def for_province(
        cls, days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
    ) -> WorkCalendar:
        return cls(frozenset(days_off), frozenset(extra_working_days))

    def holiday_name(self, day: date) -> str | None:
        if day in self.days_off:
            return "Ngày nghỉ do tỉnh công bố"
        name = _national().get(day)
        return str(name) if name else None

    def is_working_day(self, day: date) -> bool:
        if day in self.days_off:
            return False
        if day in self.extra_working_days:
            return True
        return bool(_national().is_working_day(day))

    def add_working_days(self, start: date, n: int) -> date:
        """The N-th working day after `start` (the deadline of "within N working days of start")."""
        if n < 0:
            raise ValueError("n must be ≥ 0")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_before(self, day: date, n: int) -> date:
        """The latest date that is at least N working days before `day` (N-th working day counted back)."""
        if n < 0:
            raise ValueError("n must be ≥ 0")
        current = day
        while n:
            current -= timedelta(days=1)
            if self.is_working_day(current):
                n -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end ≤ start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


NATIONAL = WorkCalendar()
