"""The numbers on the dashboard (bảng điều khiển), for one province or the whole country.

Every figure is counted here from the records; the view only renders them (as SVG bars and as tables).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from ocop.areas.models import Province
from ocop.certificates.models import Certificate, in_force_q
from ocop.core.calendar_dates import add_months
from ocop.core.process import STATE_LABELS, State
from ocop.core.rulebooks import get_rulebook
from ocop.dossiers.models import Dossier
from ocop.ideas import selectors as cycle

from .models import Plan
from .progress import Progress, plan_progress

EXPIRY_WINDOWS = (3, 6, 12)  # months ahead


@dataclass
class Dashboard:
    province: Province | None
    on: date
    by_star: list[tuple[str, int]]
    by_group: list[tuple[str, int]]
    by_area: list[tuple[str, int]]  # by commune for a province, by province for the country
    by_year: list[tuple[str, int]]
    expiring_counts: list[tuple[str, int]]
    expiring: list[Certificate]
    pipeline: list[tuple[str, int]]
    plan: Plan | None
    targets: list[Progress]
    plans: list[tuple[Plan, int, int]] = field(default_factory=list)  # national: plan, on track, total
    reports: list[Any] = field(default_factory=list)
    # The cycle's first steps this year (ocop.ideas): ideas and business plans by step.
    ideas: list[tuple[str, int]] = field(default_factory=list)
    business_plans: list[tuple[str, int]] = field(default_factory=list)
    # Support, market checks, communes' plans and reports this year, and events abroad (issue 13).
    support: Any = None
    market: Any = None
    communes: Any = None
    events_abroad: int = 0

    @property
    def in_force_total(self) -> int:
        return sum(n for _, n in self.by_star)


def certificates_in(province: Province | None) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("product__producer__commune__province")
    if province is not None:
        qs = qs.filter(product__producer__commune__province=province)
    return qs


def in_force(province: Province | None, on: date) -> QuerySet[Certificate]:
    return certificates_in(province).filter(in_force_q(on), valid_from__lte=on)


def group_label(rulebook_id: str, scorecard_number: int) -> str:
    """The product group (nhóm sản phẩm) of a certificate's scorecard. 148 and 26/2026 number their 26
    scorecards alike (rules.md §1.2), so both read the 26/2026 labels; 1048 keeps its own groups."""
    book = rulebook_id if rulebook_id.startswith("1048") else "26-2026"
    try:
        classification = get_rulebook(book).scorecard(scorecard_number).classification
    except KeyError:
        return "Chưa phân nhóm"
    code = classification.code.split(".")[0]
    return f"{code}. {classification.group.capitalize()}"


def dossiers_in(province: Province | None) -> QuerySet[Dossier]:
    """Dossiers the programme follows: every state but drafts (a draft is the producer's own work)."""
    qs = Dossier.objects.exclude(state=State.DRAFT)
    if province is not None:
        qs = qs.filter(commune__province=province)
    return qs


def build(province: Province | None, on: date) -> Dashboard:
    current = list(in_force(province, on))
    stars = Counter(c.star for c in current)
    groups = Counter(group_label(c.rulebook_id, c.scorecard_number) for c in current)
    if province is not None:
        areas = Counter(c.product.producer.commune.name for c in current)
    else:
        areas = Counter(c.product.producer.commune.province.name for c in current)
    years = (
        certificates_in(province)
        .values("decision__signed_on__year")
        .annotate(n=Count("id"))
        .order_by("decision__signed_on__year")
    )
    expiring_qs = in_force(province, on).filter(valid_until__lte=add_months(on, max(EXPIRY_WINDOWS)))
    expiring_counts = [
        (f"Trong {m} tháng", expiring_qs.filter(valid_until__lte=add_months(on, m)).count())
        for m in EXPIRY_WINDOWS
    ]
    by_state = dict(dossiers_in(province).values("state").annotate(n=Count("id")).values_list("state", "n"))
    pipeline = [(STATE_LABELS[s], by_state.get(s.value, 0)) for s in State if s != State.DRAFT]

    plan = None
    targets: list[Progress] = []
    plans: list[tuple[Plan, int, int]] = []
    if province is not None:
        plan = Plan.objects.filter(province=province, commune__isnull=True, year=on.year).first()
        targets = plan_progress(plan, on) if plan else []
    else:
        for p in Plan.objects.filter(year=on.year, commune__isnull=True).select_related("province"):
            rows = plan_progress(p, on)
            plans.append((p, sum(1 for r in rows if r.on_track), len(rows)))

    return Dashboard(
        province=province,
        on=on,
        by_star=[(f"{s} sao", stars[s]) for s in sorted({3, 4, 5} | set(stars))],
        by_group=sorted(groups.items()),
        by_area=sorted(areas.items(), key=lambda kv: (-kv[1], kv[0])),
        by_year=[(str(r["decision__signed_on__year"]), r["n"]) for r in years],
        expiring_counts=expiring_counts,
        expiring=list(expiring_qs.order_by("valid_until")),
        pipeline=pipeline,
        plan=plan,
        targets=targets,
        plans=plans,
        reports=_reports(on),
        ideas=cycle.idea_counts(province.pk if province else None, on.year, duplicates=True),
        business_plans=cycle.plan_counts(province.pk if province else None, on.year),
        **_cycle(province, on),
    )


def _cycle(province: Province | None, on: date) -> dict[str, Any]:
    """The rest of the cycle this year: support, market checks, communes, events abroad."""
    from ocop.lifecycle.market import market_figures
    from ocop.support.figures import dashboard_summary as support_summary

    from .commune_reports import dashboard_summary as commune_summary
    from .models import Event

    province_id = province.pk if province is not None else None
    events = Event.objects.filter(abroad=True, starts_on__year=on.year)
    return {
        "support": support_summary(province_id, on),
        "market": market_figures(province_id, date(on.year, 1, 1), on, on),
        "communes": commune_summary(province_id, on),
        "events_abroad": (events.filter(province=province) if province else events).count(),
    }


def _reports(on: date) -> list[Any]:
    """The next report due dates (six-month report 25/6, annual 30/11: the seeds' defaults, rules.md §6)."""
    try:
        from ocop.reports.periods import due_dates
    except ImportError:  # the reports app is optional
        return []
    upcoming = [r for r in due_dates(on.year) + due_dates(on.year + 1) if r.due >= on]
    return upcoming[:2]
