"""Support in figures: grants grouped by product, producer, commune, programme, year, funding source or
kind, and the support section of the six-month and annual reports. Counted from the records only.

A grant belongs to the year of its approval (the day the official approved it); what was disbursed is
summed from the disbursements (all of them for the grouped report; within the period for the periodic
report, which also counts the applications received and decided in the period).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import BigIntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from .models import (
    ApplicationState,
    Disbursement,
    FundingSource,
    SupportApplication,
    SupportKind,
    SupportProgramme,
)
from .money import dong

GROUPINGS: dict[str, Any] = {
    "programme": _l("Theo chương trình hỗ trợ"),
    "producer": _l("Theo chủ thể"),
    "product": _l("Theo sản phẩm"),
    "commune": _l("Theo xã, phường"),
    "year": _l("Theo năm"),
    "source": _l("Theo nguồn kinh phí"),
    "kind": _l("Theo nội dung hỗ trợ"),
}
SOURCE_LABELS = dict(FundingSource.choices)
KIND_LABELS = dict(SupportKind.choices)


@dataclass(frozen=True)
class Grant:
    """One approved application, as the reports list it."""

    pk: int
    programme: str
    kind: str
    source: str
    year: int
    producer: str
    commune: str
    product: str
    requested: int
    granted: int
    disbursed: int
    decision_reference: str


@dataclass
class Group:
    label: str
    grants: int = 0
    requested: int = 0
    granted: int = 0
    disbursed: int = 0

    def add(self, g: Grant) -> None:
        self.grants += 1
        self.requested += g.requested
        self.granted += g.granted
        self.disbursed += g.disbursed


def grants(applications: QuerySet[SupportApplication]) -> list[Grant]:
    """The approved applications of `applications`, with what was disbursed on each."""
    rows = (
        applications.filter(state=ApplicationState.APPROVED)
        .annotate(paid=Coalesce(Sum("disbursements__amount"), Value(0), output_field=BigIntegerField()))
        .select_related("programme", "producer__commune", "product")
        .order_by("decided_at", "pk")
    )
    out = []
    for a in rows:
        assert a.decided_at is not None and a.granted is not None
        out.append(
            Grant(
                pk=a.pk,
                programme=a.programme.title,
                kind=str(KIND_LABELS.get(a.programme.kind, a.programme.kind)),
                source=str(SOURCE_LABELS.get(a.programme.funding_source, a.programme.funding_source)),
                year=timezone.localtime(a.decided_at).year,
                producer=a.producer.name,
                commune=a.producer.commune.name,
                product=a.product.name if a.product else _("(không gắn sản phẩm)"),
                requested=a.requested,
                granted=a.granted,
                disbursed=int(a.paid),
                decision_reference=a.decision_reference,
            )
        )
    return out


def _key(grant: Grant, by: str) -> str:
    return str(grant.year) if by == "year" else str(getattr(grant, by))


def grouped(rows: Iterable[Grant], by: str) -> tuple[list[Group], Group]:
    """Groups sorted by label (years in order), and the total."""
    groups: dict[str, Group] = {}
    total = Group(_("Tổng cộng"))
    for g in rows:
        key = _key(g, by)
        groups.setdefault(key, Group(key)).add(g)
        total.add(g)
    return sorted(groups.values(), key=lambda x: x.label), total


# --- the periodic report's section -----------------------------------------------------------------


@dataclass
class SupportSection:
    """Support in a report's period and scope (one province, or the whole country)."""

    programmes: int = 0
    budget: int = 0
    received: int = 0
    approved: int = 0
    refused: int = 0
    granted: int = 0
    disbursed: int = 0
    producers: int = 0
    by_source: list[Group] = field(default_factory=list)
    by_kind: list[Group] = field(default_factory=list)


def report_section(province_id: int | None, start: date, end: date) -> SupportSection:
    """Programmes running in [start, end] and their budgets; applications received and decided in it;
    money disbursed in it; grants decided in it by funding source and by kind."""
    where = Q() if province_id is None else Q(province=province_id)
    programmes = SupportProgramme.objects.filter(where, starts_on__lte=end, ends_on__gte=start)
    in_scope = SupportApplication.objects.filter(
        Q() if province_id is None else Q(programme__province=province_id)
    )
    decided = in_scope.filter(decided_at__date__gte=start, decided_at__date__lte=end)
    section = SupportSection(
        programmes=programmes.count(),
        budget=int(programmes.aggregate(s=Sum("budget"))["s"] or 0),
        received=in_scope.filter(submitted_at__date__gte=start, submitted_at__date__lte=end).count(),
        approved=decided.filter(state=ApplicationState.APPROVED).count(),
        refused=decided.filter(state=ApplicationState.REFUSED).count(),
        granted=int(decided.filter(state=ApplicationState.APPROVED).aggregate(s=Sum("granted"))["s"] or 0),
        disbursed=int(
            Disbursement.objects.filter(
                application__in=in_scope, paid_on__gte=start, paid_on__lte=end
            ).aggregate(s=Sum("amount"))["s"]
            or 0
        ),
        producers=decided.filter(state=ApplicationState.APPROVED).values("producer").distinct().count(),
    )
    period_grants = grants(decided)
    section.by_source = grouped(period_grants, "source")[0]
    section.by_kind = grouped(period_grants, "kind")[0]
    return section


def section_lines(section: SupportSection) -> list[tuple[str, str]]:
    """The section as (label, value) lines, the same on the page, in Excel and in the PDF."""
    return [
        (_("Chương trình hỗ trợ thực hiện trong kỳ"), str(section.programmes)),
        (_("Tổng kinh phí các chương trình"), dong(section.budget)),
        (_("Đơn đề nghị hỗ trợ nhận trong kỳ"), str(section.received)),
        (_("Đơn được duyệt trong kỳ"), str(section.approved)),
        (_("Đơn không được duyệt trong kỳ"), str(section.refused)),
        (_("Chủ thể được hỗ trợ"), str(section.producers)),
        (_("Kinh phí được duyệt hỗ trợ trong kỳ"), dong(section.granted)),
        (_("Kinh phí đã giải ngân trong kỳ"), dong(section.disbursed)),
    ]


# --- the dashboard ---------------------------------------------------------------------------------


@dataclass
class SupportSummary:
    """Support this year in a province (or the country), for the dashboard."""

    programmes: int
    budget: int
    granted: int
    disbursed: int
    waiting: int  # applications not yet decided
    plans: list[Any]  # development plans in force, with their progress

    @property
    def remaining(self) -> int:
        return self.budget - self.granted


def dashboard_summary(province_id: int | None, on: date) -> SupportSummary:
    from .development import plan_progress
    from .models import DevelopmentPlan

    where = Q() if province_id is None else Q(province=province_id)
    programmes = SupportProgramme.objects.filter(where, starts_on__lte=on, ends_on__gte=date(on.year, 1, 1))
    applications = SupportApplication.objects.filter(programme__in=programmes)
    approved = applications.filter(state=ApplicationState.APPROVED)
    plans = DevelopmentPlan.objects.filter(where, starts_on__lte=on, ends_on__gte=on).select_related(
        "province"
    )
    return SupportSummary(
        programmes=programmes.count(),
        budget=int(programmes.aggregate(s=Sum("budget"))["s"] or 0),
        granted=int(approved.aggregate(s=Sum("granted"))["s"] or 0),
        disbursed=int(
            Disbursement.objects.filter(application__in=approved).aggregate(s=Sum("amount"))["s"] or 0
        ),
        waiting=applications.filter(state=ApplicationState.SUBMITTED).count(),
        plans=[plan_progress(p, on) for p in plans],
    )
