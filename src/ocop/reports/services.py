"""Who may make which report, over which period: the rules of the reports pages, out of the views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ocop.accounts.models import Role
from ocop.accounts.rules import PROVINCIAL
from ocop.areas.models import Province
from ocop.errors import StepRefused

from .figures import ReportFigures, Scope, build_figures
from .periods import KIND_LABELS, ReportKind, period_for

REPORT_ROLES = {*PROVINCIAL, Role.CENTRAL_STAFF}
NATIONAL = "Toàn quốc"


@dataclass(frozen=True)
class Period:
    kind: ReportKind
    start: date
    end: date
    title: str
    due: date | None = None


def may_report(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in REPORT_ROLES)


def scope_for(user: Any, province_code: int | None = None) -> Scope:
    """The province staff and leader report on their own province (another one is a 404); central
    staff on the whole country or any one province; every other role is refused (403)."""
    if not may_report(user):
        raise PermissionDenied("Vai trò của bạn không lập báo cáo / Your role does not make reports")
    if user.role in PROVINCIAL:
        if not user.province_id:
            raise PermissionDenied("Tài khoản chưa gắn với tỉnh / The account has no province")
        if province_code is not None and province_code != user.province.code:
            raise Http404("Không có báo cáo này / No such report")
        return Scope(user.province_id, user.province.name)
    if province_code is None:
        return Scope(None, NATIONAL)
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise Http404("Không có tỉnh này / No such province")
    return Scope(province.pk, province.name)


def resolve_period(
    kind: ReportKind | str, year: int | None, start: date | None = None, end: date | None = None
) -> Period:
    """The period of a six-month or annual report of `year` (rules.md §6, periods.py), or the custom
    [start, end]."""
    kind = ReportKind(kind)
    if kind == ReportKind.CUSTOM:
        if start is None or end is None:
            raise StepRefused(
                "Cần nhập ngày bắt đầu và ngày kết thúc kỳ báo cáo", "start and end dates are required"
            )
        if end < start:
            raise StepRefused("Ngày kết thúc phải sau ngày bắt đầu", "the end date is before the start date")
        return Period(
            kind, start, end, f"{KIND_LABELS[kind][0].lower()} từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
        )
    if year is None:
        raise StepRefused("Cần chọn năm báo cáo", "the year is required")
    due = period_for(kind, year)
    return Period(kind, due.period_start, due.period_end, due.label_vi, due.due)


def report(user: Any, period: Period, made_on: date, province_code: int | None = None) -> ReportFigures:
    return build_figures(scope_for(user, province_code), period.start, period.end, made_on)
