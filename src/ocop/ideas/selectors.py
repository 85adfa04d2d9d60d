"""Which ideas, plans and survey lines a user may see, and the figures read from them.

- producer: the ideas it proposed and the community ideas it carries;
- commune officer: every idea and survey line of their commune;
- provincial staff and leader: those of every commune of their province (they follow the cycle);
- everyone else (council, central staff, administrator): none; the dashboard shows the counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.accounts.rules import PROVINCIAL
from ocop.producers.models import Product

from .models import BusinessPlan, Idea, IdeaState, PlanState, PotentialProduct, Review


def ideas_for(user: Any) -> QuerySet[Idea]:
    qs = Idea.objects.select_related("commune__province", "producer", "product")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == Role.PRODUCER:
        return qs.filter(producer=user.producer_id) if user.producer_id else qs.none()
    if user.role == Role.COMMUNE_OFFICER:
        return qs.filter(commune=user.commune_id) if user.commune_id else qs.none()
    if user.role in PROVINCIAL:
        return qs.filter(commune__province=user.province_id) if user.province_id else qs.none()
    return qs.none()


def sees_idea(user: Any, idea: Idea) -> bool:
    return ideas_for(user).filter(pk=idea.pk).exists()


def surveys_for(user: Any) -> QuerySet[PotentialProduct]:
    qs = PotentialProduct.objects.select_related("commune__province", "recorded_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == Role.COMMUNE_OFFICER:
        return qs.filter(commune=user.commune_id) if user.commune_id else qs.none()
    if user.role in PROVINCIAL:
        return qs.filter(commune__province=user.province_id) if user.province_id else qs.none()
    return qs.none()


def plan_of(idea: Idea) -> BusinessPlan | None:
    """The idea's plan as stored now (never a cached copy: services read it after locking the idea)."""
    return BusinessPlan.objects.filter(idea_id=idea.pk).first()


def approved_plan_for(product: Product) -> BusinessPlan | None:
    return (
        BusinessPlan.objects.filter(idea__product=product, state=PlanState.APPROVED)
        .order_by("-decided_at")
        .first()
    )


# --- duplicates ------------------------------------------------------------------------------------

# An idea "proposed" by its commune: forwarded to the province (its plan at any step).
PROPOSED = (IdeaState.FORWARDED,)


@dataclass(frozen=True)
class DuplicateGroup:
    """Ideas of the same kind (kinds.kind_key) proposed by two or more communes of a province in a year."""

    key: str
    ideas: tuple[Idea, ...]

    @property
    def communes(self) -> list[str]:
        return sorted({i.commune.name for i in self.ideas})


def duplicate_groups(province_id: int | None, year: int) -> list[DuplicateGroup]:
    """Every kind proposed by more than one commune (one province, or all of them when None)."""
    qs = Idea.objects.filter(year=year, state__in=PROPOSED)
    if province_id is not None:
        qs = qs.filter(commune__province=province_id)
    shared = (
        qs.order_by()
        .values("commune__province", "kind_key")
        .annotate(n=Count("commune", distinct=True))
        .filter(n__gt=1)
        .values_list("commune__province", "kind_key")
    )
    if not shared:
        return []
    wanted = Q()
    for province, key in shared:
        wanted |= Q(commune__province=province, kind_key=key)
    groups: dict[tuple[int, str], list[Idea]] = defaultdict(list)
    for idea in qs.filter(wanted).select_related("commune__province", "producer").order_by("commune__name"):
        groups[(idea.commune.province_id, idea.kind_key)].append(idea)
    return [DuplicateGroup(key, tuple(ideas)) for (_, key), ideas in sorted(groups.items())]


def same_kind_elsewhere(idea: Idea) -> list[Idea]:
    """Ideas of the same kind proposed by other communes of the province in the same year."""
    return list(
        Idea.objects.filter(
            year=idea.year,
            state__in=PROPOSED,
            kind_key=idea.kind_key,
            commune__province=idea.commune.province_id,
        )
        .exclude(commune=idea.commune_id)
        .select_related("commune")
        .order_by("commune__name")
    )


# --- figures ---------------------------------------------------------------------------------------


def idea_counts(province_id: int | None, year: int, duplicates: bool = False) -> list[tuple[str, int]]:
    """Ideas of the year by step, every step shown (0 included), in the cycle's order; with
    `duplicates`, then the ideas of a kind two or more communes proposed (flagged to the province)."""
    qs = Idea.objects.filter(year=year)
    if province_id is not None:
        qs = qs.filter(commune__province=province_id)
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    rows = [(str(label), counts.get(value, 0)) for value, label in IdeaState.choices]
    if duplicates:
        flagged = sum(len(group.ideas) for group in duplicate_groups(province_id, year))
        rows.append((str(_("Trong đó: trùng loại giữa các xã")), flagged))
    return rows


def plan_counts(province_id: int | None, year: int) -> list[tuple[str, int]]:
    """Plans of the year's ideas by step."""
    qs = BusinessPlan.objects.filter(idea__year=year)
    if province_id is not None:
        qs = qs.filter(idea__commune__province=province_id)
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in PlanState.choices]


def period_counts(province_id: int | None, start: date, end: date) -> list[tuple[str, int]]:
    """The cycle's first steps taken in [start, end] (the six-month and annual reports): ideas
    registered, forwarded by their commune, plans submitted (their latest submission), approved and
    returned (each return counts: a plan returned twice was returned twice)."""
    ideas = Idea.objects.all()
    reviews = Review.objects.filter(at__date__gte=start, at__date__lte=end)
    plans = BusinessPlan.objects.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
    if province_id is not None:
        ideas = ideas.filter(commune__province=province_id)
        reviews = reviews.filter(idea__commune__province=province_id)
        plans = plans.filter(idea__commune__province=province_id)
    decided = dict(
        reviews.order_by().values_list("decision").annotate(n=Count("pk")).values_list("decision", "n")
    )
    return [
        (
            str(_("Ý tưởng sản phẩm được đăng ký")),
            ideas.filter(created_at__date__gte=start, created_at__date__lte=end).count(),
        ),
        (str(_("Ý tưởng được UBND xã chuyển tỉnh")), decided.get(Review.Decision.FORWARD, 0)),
        (str(_("Phương án sản xuất kinh doanh nộp tỉnh")), plans.count()),
        (str(_("Phương án được tỉnh phê duyệt")), decided.get(Review.Decision.APPROVE, 0)),
        (
            str(_("Lượt phương án bị trả lại để hoàn thiện")),
            reviews.filter(stage=Review.Stage.PLAN, decision=Review.Decision.RETURN).count(),
        ),
    ]
