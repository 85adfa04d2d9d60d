"""Calendar arithmetic of the rules: certificate terms in months (36 months, rules.md §5.1)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same calendar day `months` later; the month's last day when it has no such day (29/2 → 28/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
