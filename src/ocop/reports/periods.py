"""Periodic report types, their periods and due dates (rules.md §6).

The rules found no national reporting deadline [?]: provinces set their own, and the seeds use a
six-month report due 25/6 and an annual report due 30/11. The rules say to make report types and due
dates configurable per plan, so every function here takes the schedules as a parameter and
`DEFAULT_SCHEDULES` only holds those seed defaults.

The period a report covers is not stated either [?]. The default reads the names: the six-month report
covers the first half of the year (1/1–30/6), the annual report the calendar year (1/1–31/12). Both are
due before their period ends, so a report made on its due date counts what is recorded up to that day.

Pure Python (no Django): usable from services, views, the programme calendar and reminders.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ReportKind(StrEnum):
    SIX_MONTH = "six_month"
    ANNUAL = "annual"
    CUSTOM = "custom"


KIND_LABELS: dict[ReportKind, tuple[str, str]] = {
    ReportKind.SIX_MONTH: ("Báo cáo 6 tháng", "Six-month report"),
    ReportKind.ANNUAL: ("Báo cáo năm", "Annual report"),
    ReportKind.CUSTOM: ("Báo cáo theo kỳ tùy chọn", "Custom period report"),
}


@dataclass(frozen=True)
class ReportSchedule:
    """One recurring report: its period inside the year (month, day) and its due day (month, day)."""

    kind: ReportKind
    start: tuple[int, int]
    end: tuple[int, int]
    due: tuple[int, int]


@dataclass(frozen=True)
class ReportDue:
    """One occurrence of a report: which year, the period it covers and the day it is due."""

    kind: ReportKind
    year: int
    period_start: date
    period_end: date
    due: date

    @property
    def label_vi(self) -> str:
        label = KIND_LABELS[self.kind][0]
        return f"{label} {self.year}" if label.endswith(" năm") else f"{label} năm {self.year}"

    @property
    def label_en(self) -> str:
        return f"{KIND_LABELS[self.kind][1]} {self.year}"

    def days_left(self, on: date) -> int:
        """Calendar days from `on` to the due date (negative when late)."""
        return (self.due - on).days


# rules.md §6: "the seeds use a 6-month report by 25/6 and an annual report by 30/11" [?], configurable.
DEFAULT_SCHEDULES: tuple[ReportSchedule, ...] = (
    ReportSchedule(ReportKind.SIX_MONTH, start=(1, 1), end=(6, 30), due=(6, 25)),
    ReportSchedule(ReportKind.ANNUAL, start=(1, 1), end=(12, 31), due=(11, 30)),
)


def _day(year: int, month_day: tuple[int, int]) -> date:
    month, day = month_day
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrence(schedule: ReportSchedule, year: int) -> ReportDue:
    """The report of `schedule` for `year`."""
    return ReportDue(
        kind=schedule.kind,
        year=year,
        period_start=_day(year, schedule.start),
        period_end=_day(year, schedule.end),
        due=_day(year, schedule.due),
    )


def due_dates(year: int, schedules: tuple[ReportSchedule, ...] = DEFAULT_SCHEDULES) -> list[ReportDue]:
    """Every report due in `year`, earliest due date first."""
    return sorted((occurrence(s, year) for s in schedules), key=lambda r: (r.due, r.kind))


def next_due(on: date, schedules: tuple[ReportSchedule, ...] = DEFAULT_SCHEDULES) -> ReportDue:
    """The first report due on or after `on` (a report due today is still next)."""
    if not schedules:
        raise ValueError("no report schedule")
    for year in (on.year, on.year + 1):
        for report in due_dates(year, schedules):
            if report.due >= on:
                return report
    raise AssertionError("unreachable: every schedule has a due date each year")


def period_for(
    kind: ReportKind | str, year: int, schedules: tuple[ReportSchedule, ...] = DEFAULT_SCHEDULES
) -> ReportDue:
    """The period and due date of the `kind` report for `year` (not for CUSTOM, which has none)."""
    wanted = ReportKind(kind)
    for schedule in schedules:
        if schedule.kind == wanted:
            return occurrence(schedule, year)
    raise ValueError(f"no schedule for report kind {wanted}")
