"""Report periods and due dates (rules.md §6: six-month report by 25/6, annual report by 30/11)."""

from __future__ import annotations

from datetime import date

import pytest

from ocop.reports.periods import (
    DEFAULT_SCHEDULES,
    ReportKind,
    ReportSchedule,
    due_dates,
    next_due,
    period_for,
)


def test_due_dates_of_a_year_are_25_june_and_30_november() -> None:
    reports = due_dates(2026)
    assert [(r.kind, r.due) for r in reports] == [
        (ReportKind.SIX_MONTH, date(2026, 6, 25)),
        (ReportKind.ANNUAL, date(2026, 11, 30)),
    ]
    six, annual = reports
    assert (six.period_start, six.period_end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert (annual.period_start, annual.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert six.label_vi == "Báo cáo 6 tháng năm 2026"
    assert annual.label_en == "Annual report 2026"
    assert annual.label_vi == "Báo cáo năm 2026"


@pytest.mark.parametrize(
    ("on", "kind", "due"),
    [
        (date(2026, 1, 1), ReportKind.SIX_MONTH, date(2026, 6, 25)),
        (date(2026, 6, 25), ReportKind.SIX_MONTH, date(2026, 6, 25)),
        (date(2026, 6, 26), ReportKind.ANNUAL, date(2026, 11, 30)),
        (date(2026, 11, 30), ReportKind.ANNUAL, date(2026, 11, 30)),
        (date(2026, 12, 1), ReportKind.SIX_MONTH, date(2027, 6, 25)),
    ],
)
def test_next_due(on: date, kind: ReportKind, due: date) -> None:
    report = next_due(on)
    assert (report.kind, report.due) == (kind, due)
    assert report.days_left(on) == (due - on).days


def test_schedules_are_configurable() -> None:
    quarterly = (ReportSchedule(ReportKind.SIX_MONTH, start=(1, 1), end=(6, 30), due=(7, 10)),)
    assert next_due(date(2026, 7, 1), quarterly).due == date(2026, 7, 10)
    assert period_for("annual", 2027).due == date(2027, 11, 30)
    with pytest.raises(ValueError):
        period_for(ReportKind.CUSTOM, 2026)
    with pytest.raises(ValueError):
        next_due(date(2026, 1, 1), ())
    assert len(DEFAULT_SCHEDULES) == 2


def test_days_left_is_negative_when_late() -> None:
    assert period_for(ReportKind.SIX_MONTH, 2026).days_left(date(2026, 6, 30)) == -5
