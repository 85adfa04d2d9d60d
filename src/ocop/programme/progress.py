"""Progress of a plan's targets, computed from the records: one function per target kind.

Nothing here is typed in by a user. Each function takes the plan's area (a province, or one of its
communes for a commune's own plan: `Area`), the plan year and the day of measurement, and returns a `Measure` (the value in the kind's unit, what it was counted from, and a
bilingual explanation of the count). `progress()` sets the measure against the target.

Choices the rules leave open (rules.md §6: the targets are provincial) are made here and written next
to each function, so a province can see exactly what is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, Sum

from ocop.accounts.models import Role, User
from ocop.areas.models import Commune, Province
from ocop.certificates.models import Certificate, DecisionItem
from ocop.producers.models import Producer, ProducerKind

from .models import Attendance, DeclaredRevenue, Event, EventKind, Target, TargetKind

HUNDRED = Decimal(100)

# Officials of the programme in a province: the people whose training the "officials trained" share counts.
OFFICIAL_ROLES = (
    Role.COMMUNE_OFFICER,
    Role.PROVINCE_STAFF,
    Role.PROVINCE_LEADER,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
)
# Economic organisations (tổ chức kinh tế) among producers (rules.md §1.4): not households or farms.
ORGANISATION_KINDS = (ProducerKind.COOPERATIVE, ProducerKind.COOPERATIVE_GROUP, ProducerKind.ENTERPRISE)
PROMOTION_EVENT_KINDS = (EventKind.FAIR, EventKind.TRADE_PROMOTION)


@dataclass(frozen=True)
class Area:
    """Where a plan's targets are counted: a province, or one commune of it (a commune's own plan)."""

    province: Province
    commune: Commune | None = None

    def within(self, prefix: str) -> Q:
        """Records whose commune, reached through `prefix` (e.g. "producer__commune"), is in the area."""
        if self.commune is not None:
            return Q(**{prefix: self.commune})
        return Q(**{f"{prefix}__province": self.province})

    @property
    def label(self) -> str:
        return self.commune.name if self.commune is not None else self.province.name


def _area(where: Area | Province) -> Area:
    return where if isinstance(where, Area) else Area(where)


@dataclass(frozen=True)
class Measure:
    value: Decimal | None  # None: nothing to count yet (e.g. no product evaluated this year)
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    vi: str
    en: str


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _count_measure(n: int, vi: str, en: str) -> Measure:
    return Measure(Decimal(n), n, None, vi, en)


def share_3star(where: Area | Province, year: int, on: date) -> Measure:
    """Products evaluated by the provincial council with a decision signed in `year`, and how many of them
    reached 3★ or more (recognised, or ≥ 90 and proposed to the centre). A product counts once, whatever
    the number of its dossiers; a scored dossier without a signed decision is not counted yet."""
    items = DecisionItem.objects.filter(
        _area(where).within("dossier__commune"),
        decision__level="province",
        decision__signed_on__year=year,
        decision__signed_on__lte=on,
    )
    entered = set(items.values_list("dossier__product_id", flat=True))
    passed = set(
        items.filter(
            outcome__in=[DecisionItem.Outcome.RECOGNISED, DecisionItem.Outcome.FORWARDED]
        ).values_list("dossier__product_id", flat=True)
    )
    return Measure(
        _share(len(passed), len(entered)),
        len(passed),
        len(entered),
        f"{len(passed)}/{len(entered)} sản phẩm được Hội đồng tỉnh đánh giá (quyết định ký năm {year}) đạt từ 3 sao",
        f"{len(passed)} of {len(entered)} products decided on in {year} reached 3★ or more",
    )


def _recognised(where: Area | Province, year: int, on: date, star: int) -> int:
    """Distinct products recognised at `star` by a decision signed in `year` (provincial or central), in
    force or since expired but not revoked. Re-ratings (which keep a star already held) do not count:
    the target is products that newly reach the star, by first rating or upgrade."""
    return (
        Certificate.objects.filter(
            _area(where).within("product__producer__commune"),
            star=star,
            decision__signed_on__year=year,
            decision__signed_on__lte=on,
        )
        .exclude(status=Certificate.Status.REVOKED)
        .exclude(dossier__kind="rerating")
        .values("product_id")
        .distinct()
        .count()
    )


def count_3star(where: Area | Province, year: int, on: date) -> Measure:
    n = _recognised(where, year, on, 3)
    return _count_measure(
        n,
        f"{n} sản phẩm được công nhận 3 sao năm {year} (đánh giá lần đầu hoặc nâng hạng)",
        f"{n} products newly recognised 3★ in {year}",
    )


def count_4star(where: Area | Province, year: int, on: date) -> Measure:
    n = _recognised(where, year, on, 4)
    return _count_measure(
        n,
        f"{n} sản phẩm được công nhận 4 sao năm {year} (đánh giá lần đầu hoặc nâng hạng)",
        f"{n} products newly recognised 4★ in {year}",
    )


def count_5star(where: Area | Province, year: int, on: date) -> Measure:
    n = _recognised(where, year, on, 5)
    return _count_measure(
        n,
        f"{n} sản phẩm được công nhận 5 sao năm {year} (đánh giá lần đầu hoặc nâng hạng)",
        f"{n} products newly recognised 5★ in {year}",
    )


def dossiers_filed(where: Area | Province, year: int, on: date) -> Measure:
    """Products whose dossier was filed at the commune in the year (first rating, upgrade or
    re-rating), up to the day; a product counts once, a withdrawn dossier counts (it was filed)."""
    from ocop.dossiers.models import Dossier

    n = (
        Dossier.objects.filter(_area(where).within("commune"), filed_on__year=year, filed_on__lte=on)
        .values("product_id")
        .distinct()
        .count()
    )
    return _count_measure(
        n,
        f"{n} sản phẩm nộp hồ sơ đánh giá, phân hạng năm {year}",
        f"{n} products filed for rating in {year}",
    )


def new_organisations(where: Area | Province, year: int, on: date) -> Measure:
    """Cooperatives, cooperative groups and enterprises registered as producers in the year (by the day the
    producer was entered in the system; a strengthened organisation that was already registered is not
    visible in the records and is not counted)."""
    qs = Producer.objects.filter(
        _area(where).within("commune"),
        kind__in=ORGANISATION_KINDS,
        created_at__year=year,
        created_at__date__lte=on,
    )
    by_kind = {k: qs.filter(kind=k).count() for k in ORGANISATION_KINDS}
    n = sum(by_kind.values())
    detail = ", ".join(f"{ProducerKind(k).label}: {v}" for k, v in by_kind.items())
    return _count_measure(
        n,
        f"{n} tổ chức kinh tế mới đăng ký chủ thể năm {year} ({detail})",
        f"{n} cooperatives, cooperative groups and enterprises registered in {year}",
    )


def sales_point_coverage(where: Area | Province, year: int, on: date) -> Measure:
    """Communes of the province with at least one active OCOP sales point, over all its communes."""
    from ocop.catalogue.models import SalesPoint

    area = _area(where)
    communes = Commune.objects.filter(province=area.province).count()
    covered = (
        SalesPoint.objects.filter(province=area.province, active=True, commune__isnull=False)
        .values("commune_id")
        .distinct()
        .count()
    )
    return Measure(
        _share(covered, communes),
        covered,
        communes,
        f"{covered}/{communes} xã, phường có điểm giới thiệu và bán sản phẩm OCOP đang hoạt động",
        f"{covered} of {communes} communes have an active OCOP sales point",
    )


def events(where: Area | Province, year: int, on: date) -> Measure:
    """Fairs and trade-promotion events of the province that started in the year, up to the day."""
    n = Event.objects.filter(
        province=_area(where).province,
        kind__in=PROMOTION_EVENT_KINDS,
        starts_on__year=year,
        starts_on__lte=on,
    ).count()
    return _count_measure(
        n,
        f"{n} hội chợ, chuyến xúc tiến thương mại năm {year}",
        f"{n} fairs and trade-promotion events in {year}",
    )


def _attended(year: int, on: date) -> Any:
    return Attendance.objects.filter(attended=True, course__starts_on__year=year, course__starts_on__lte=on)


def events_abroad(where: Area | Province, year: int, on: date) -> Measure:
    """Fairs and trade-promotion events of the province held abroad that started in the year."""
    n = Event.objects.filter(
        province=_area(where).province,
        kind__in=PROMOTION_EVENT_KINDS,
        abroad=True,
        starts_on__year=year,
        starts_on__lte=on,
    ).count()
    return _count_measure(
        n,
        f"{n} hội chợ, chuyến xúc tiến thương mại ở nước ngoài năm {year}",
        f"{n} fairs and trade-promotion events abroad in {year}",
    )


def officials_trained(where: Area | Province, year: int, on: date) -> Measure:
    """Active officials of the province (commune officers, provincial staff and leaders, council members
    and secretaries) who attended at least one course held in the year, over all of them; for a
    commune's plan, the commune's own officers."""
    area = _area(where)
    officials = User.objects.filter(province=area.province, role__in=OFFICIAL_ROLES, is_active=True)
    if area.commune is not None:
        officials = officials.filter(commune=area.commune)
    trained = officials.filter(pk__in=_attended(year, on).values("user_id")).count()
    total = officials.count()
    return Measure(
        _share(trained, total),
        trained,
        total,
        f"{trained}/{total} cán bộ đã tham dự ít nhất một lớp tập huấn năm {year}",
        f"{trained} of {total} officials attended a course in {year}",
    )


def producers_trained(where: Area | Province, year: int, on: date) -> Measure:
    """Producers of the province with someone (the producer itself or one of its users) who attended at
    least one course held in the year, over all producers of the province."""
    producers = Producer.objects.filter(_area(where).within("commune"))
    attended = _attended(year, on)
    trained = producers.filter(
        Q(pk__in=attended.values("producer_id")) | Q(pk__in=attended.values("user__producer_id"))
    ).count()
    total = producers.count()
    return Measure(
        _share(trained, total),
        trained,
        total,
        f"{trained}/{total} chủ thể có người tham dự lớp tập huấn năm {year}",
        f"{trained} of {total} producers attended a course in {year}",
    )


def revenue_growth(where: Area | Province, year: int, on: date) -> Measure:
    """Growth of the summed declared revenue of certified producers, `year` against `year - 1`.

    Certified producers: those with a certificate in force on the day measured (or on 31/12 for a past
    year). Only producers who declared both years count, so a missing declaration does not look like a
    fall in revenue."""
    ref = min(on, date(year, 12, 31))
    certified = Producer.objects.filter(
        _area(where).within("commune"),
        products__certificates__status=Certificate.Status.VALID,
        products__certificates__valid_from__lte=ref,
        products__certificates__valid_until__gte=ref,
    ).distinct()
    both = certified.filter(revenues__year=year).filter(revenues__year=year - 1).values("pk")
    rows = DeclaredRevenue.objects.filter(producer__in=both)
    current = rows.filter(year=year).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    previous = rows.filter(year=year - 1).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    n = len({pk for pk in both.values_list("pk", flat=True)})
    value = None
    if previous > 0:
        value = ((current - previous) * HUNDRED / previous).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Measure(
        value,
        current,
        previous,
        f"{n} chủ thể có sản phẩm OCOP còn hiệu lực kê khai đủ hai năm: {current} / {previous} triệu đồng "
        f"(năm {year} / năm {year - 1})",
        f"{n} certified producers declared both years: {current} vs {previous} million VND",
    )


MEASURES: dict[TargetKind, Callable[[Area | Province, int, date], Measure]] = {
    TargetKind.SHARE_3STAR: share_3star,
    TargetKind.COUNT_3STAR: count_3star,
    TargetKind.DOSSIERS_FILED: dossiers_filed,
    TargetKind.EVENTS_ABROAD: events_abroad,
    TargetKind.COUNT_4STAR: count_4star,
    TargetKind.COUNT_5STAR: count_5star,
    TargetKind.NEW_ORGANISATIONS: new_organisations,
    TargetKind.SALES_POINT_COVERAGE: sales_point_coverage,
    TargetKind.EVENTS: events,
    TargetKind.OFFICIALS_TRAINED: officials_trained,
    TargetKind.PRODUCERS_TRAINED: producers_trained,
    TargetKind.REVENUE_GROWTH: revenue_growth,
}

# Kinds that build up through the year: their pace is checked against the share of the year gone.
# The others (shares of evaluated products, coverage, growth) are compared with the target as they stand.
CUMULATIVE = {
    TargetKind.COUNT_3STAR,
    TargetKind.DOSSIERS_FILED,
    TargetKind.EVENTS_ABROAD,
    TargetKind.COUNT_4STAR,
    TargetKind.COUNT_5STAR,
    TargetKind.NEW_ORGANISATIONS,
    TargetKind.EVENTS,
    TargetKind.OFFICIALS_TRAINED,
    TargetKind.PRODUCERS_TRAINED,
}


def year_elapsed(year: int, on: date) -> Decimal:
    """The share of `year` gone by `on` (0 before it starts, 1 after it ends)."""
    if on < date(year, 1, 1):
        return Decimal(0)
    if on >= date(year, 12, 31):
        return Decimal(1)
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return Decimal((on - date(year, 1, 1)).days + 1) / Decimal(days)


@dataclass(frozen=True)
class Progress:
    target: Target
    measure: Measure
    percent: Decimal | None  # of the target reached
    expected: Decimal  # what the pace asks for by the day measured
    achieved: bool
    on_track: bool | None  # None: nothing to measure yet

    @property
    def meter(self) -> int:
        """The width of the progress meter, 0–100."""
        return int(min(self.percent, HUNDRED)) if self.percent and self.percent > 0 else 0

    @property
    def status_vi(self) -> str:
        if self.on_track is None:
            return "Chưa có số liệu"
        if self.achieved:
            return "Đã đạt"
        return "Đúng tiến độ" if self.on_track else "Chậm tiến độ"

    @property
    def status_en(self) -> str:
        if self.on_track is None:
            return "no data yet"
        if self.achieved:
            return "achieved"
        return "on track" if self.on_track else "behind"


def progress(target: Target, on: date) -> Progress:
    kind = TargetKind(target.kind)
    plan = target.plan
    measure = MEASURES[kind](Area(plan.province, plan.commune), plan.year, on)
    goal = Decimal(target.value)
    expected = goal * year_elapsed(plan.year, on) if kind in CUMULATIVE else goal
    expected = expected.quantize(Decimal("0.1"), ROUND_HALF_UP)
    if measure.value is None:
        return Progress(target, measure, None, expected, False, None)
    percent = (measure.value * HUNDRED / goal).quantize(Decimal("0.1"), ROUND_HALF_UP) if goal else None
    achieved = measure.value >= goal
    return Progress(target, measure, percent, expected, achieved, achieved or measure.value >= expected)


def plan_progress(plan: Any, on: date) -> list[Progress]:
    return [progress(t, on) for t in plan.targets.select_related("plan__province", "plan__commune")]
