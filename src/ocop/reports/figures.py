"""The figures of a periodic report (rules.md §6), built once and rendered as Excel or PDF.

rules.md §6 asks to keep statistics by star, group or scorecard, area (province/commune) and producer
type. A report covers a period [start, end] and a scope (one province, or the whole country):

- evaluations: council results computed in the period (a gate stop counts, a "re-score" does not);
- certificates issued in the period (the decision's date), imported history included;
- re-rated: issued in the period on a re-rating dossier, or (imported) for a product that had an
  earlier certificate;
- expired: the term ended in the period (first day out of force in the period, not after the day the
  report is made) and the certificate was neither replaced nor revoked;
- revoked: revocation decisions dated in the period (lifecycle);
- in force at the end of the period (or on the day the report is made, if earlier): products, by star,
  group, producer kind and area, and the producers behind them;
- the cycle's first steps in the period: ideas registered and forwarded, business plans submitted,
  approved and returned (a part of its own: they have no star, group or producer kind to split by).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Q
from django.db.models.functions import Coalesce

from ocop.certificates.models import Certificate
from ocop.core.rulebooks import get_rulebook
from ocop.councils.models import Result
from ocop.ideas.selectors import period_counts
from ocop.lifecycle.models import Revocation
from ocop.producers.models import ProducerKind

NO_STAR = 0  # an evaluation that ended on a gate has no star
OTHER = "Khác"


@dataclass(frozen=True)
class Scope:
    """One province (its id and name) or the whole country (province_id None)."""

    province_id: int | None
    name: str

    @property
    def national(self) -> bool:
        return self.province_id is None

    @property
    def area_label(self) -> tuple[str, str]:
        return ("Tỉnh/thành phố", "Province") if self.national else ("Xã/phường", "Commune")


@dataclass
class Breakdown:
    """A count and its splits. Keys are display labels; stars are ints (0: no star)."""

    total: int = 0
    by_star: Counter[int] = field(default_factory=Counter)
    by_group: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    by_area: Counter[str] = field(default_factory=Counter)

    def add(self, star: int, group: str, kind: str, area: str) -> None:
        self.total += 1
        self.by_star[star] += 1
        self.by_group[group] += 1
        self.by_kind[kind] += 1
        self.by_area[area] += 1


@dataclass(frozen=True)
class CertificateRow:
    """One line of a list: a certificate with its product, producer, area and decision."""

    number: str
    product: str
    producer: str
    producer_kind: str
    commune: str
    province: str
    star: int
    scorecard: int
    group: str
    rulebook_id: str
    decision_number: str
    decision_date: date
    valid_from: date
    valid_until: date
    status: str
    note: str = ""


@dataclass
class ReportFigures:
    scope: Scope
    start: date
    end: date
    made_on: date
    evaluated: Breakdown
    issued: Breakdown
    issued_by_evaluation: Counter[str]
    rerated: Breakdown
    expired: Breakdown
    revoked: Breakdown
    in_force: Breakdown
    producers_in_force: Breakdown
    certified_list: list[CertificateRow]
    rerated_list: list[CertificateRow]
    expired_list: list[CertificateRow]
    revoked_list: list[CertificateRow]
    # The cycle's first steps in the period (ideas.selectors.period_counts): label, count.
    cycle: list[tuple[str, int]] = field(default_factory=list)
    # The support and market-check sections (reports/sections.py), counted in the same period and scope.
    support: Any = None
    market: Any = None

    @property
    def counted_on(self) -> date:
        """The day the "in force" figures are taken: the end of the period, or today if earlier."""
        return min(self.end, self.made_on)


EVALUATION_LABELS = {
    "first": "Đánh giá lần đầu",
    "upgrade": "Nâng hạng",
    "rerating": "Đánh giá lại",
    "imported": "Nhập từ sổ theo dõi",
}


@lru_cache(maxsize=512)
def group_label(rulebook_id: str, number: int) -> str:
    """The product group of a scorecard ("Thực phẩm", "Đồ uống"…), the same words across rulebooks."""
    try:
        card = get_rulebook(rulebook_id).scorecard(number)
    except KeyError:
        return OTHER
    name = card.classification.group.strip().upper().removeprefix("SẢN PHẨM ").strip()
    return name.capitalize() or OTHER


KIND_LABELS = dict(ProducerKind.choices)
STATUS_LABELS = dict(Certificate.Status.choices)

_CERT_FIELDS = (
    "id",
    "number",
    "product_id",
    "product_name",
    "producer_name",
    "product__producer_id",
    "product__producer__kind",
    "product__producer__commune__name",
    "product__producer__commune__province__name",
    "star",
    "scorecard_number",
    "rulebook_id",
    "decision__number",
    "decision__signed_on",
    "valid_from",
    "valid_until",
    "status",
    "dossier__kind",
)


def vi_key(text: str) -> tuple[str, str]:
    """A sort key in Vietnamese alphabetical order, near enough: marks ignored first, đ after d."""
    base = unicodedata.normalize("NFD", text.lower().replace("đ", "d\x7f"))
    return ("".join(ch for ch in base if not unicodedata.combining(ch)), text)


def _in_scope(scope: Scope, prefix: str) -> Q:
    return Q() if scope.national else Q(**{f"{prefix}__province_id": scope.province_id})


def _area(scope: Scope, commune: str, province: str) -> str:
    return province if scope.national else commune


def _row(values: dict[str, Any], note: str = "") -> CertificateRow:
    return CertificateRow(
        number=values["number"],
        product=values["product_name"],
        producer=values["producer_name"],
        producer_kind=KIND_LABELS.get(values["product__producer__kind"], values["product__producer__kind"]),
        commune=values["product__producer__commune__name"],
        province=values["product__producer__commune__province__name"],
        star=values["star"],
        scorecard=values["scorecard_number"],
        group=group_label(values["rulebook_id"], values["scorecard_number"]),
        rulebook_id=values["rulebook_id"],
        decision_number=values["decision__number"],
        decision_date=values["decision__signed_on"],
        valid_from=values["valid_from"],
        valid_until=values["valid_until"],
        status=STATUS_LABELS.get(values["status"], values["status"]),
        note=note,
    )


def _add(breakdown: Breakdown, scope: Scope, row: CertificateRow) -> None:
    breakdown.add(row.star, row.group, row.producer_kind, _area(scope, row.commune, row.province))


def _sorted(rows: Iterable[CertificateRow]) -> list[CertificateRow]:
    return sorted(rows, key=lambda r: (vi_key(r.province), vi_key(r.commune), vi_key(r.product), r.number))


def build_figures(scope: Scope, start: date, end: date, made_on: date) -> ReportFigures:
    """Every figure and list of the report for `scope` over [start, end], as of `made_on`."""
    if end < start:
        raise ValueError("end before start")
    certs = Certificate.objects.filter(_in_scope(scope, "product__producer__commune"))

    # Evaluations: the council's results computed in the period.
    evaluated = Breakdown()
    results = (
        Result.objects.filter(
            _in_scope(scope, "item__dossier__commune"),
            computed_at__date__gte=start,
            computed_at__date__lte=end,
        )
        .exclude(status="rescore")
        .values_list(
            "star",
            "rulebook_id",
            "scorecard_number",
            "item__dossier__product__producer__kind",
            "item__dossier__commune__name",
            "item__dossier__commune__province__name",
        )
    )
    for star, rulebook_id, number, kind, commune, province in results.iterator(chunk_size=2000):
        evaluated.add(
            star or NO_STAR,
            group_label(rulebook_id, number),
            KIND_LABELS.get(kind, kind),
            _area(scope, commune, province),
        )

    # Certificates issued in the period, and which of them are re-ratings.
    issued, rerated = Breakdown(), Breakdown()
    by_evaluation: Counter[str] = Counter()
    certified_list, rerated_list = [], []
    issued_values = list(certs.filter(valid_from__gte=start, valid_from__lte=end).values(*_CERT_FIELDS))
    earlier_products = set(
        Certificate.objects.filter(
            product_id__in={v["product_id"] for v in issued_values if v["dossier__kind"] is None},
            valid_from__lt=start,
        ).values_list("product_id", flat=True)
    )
    first_seen: dict[int, date] = {}
    for v in sorted(issued_values, key=lambda v: v["valid_from"]):
        first_seen.setdefault(v["product_id"], v["valid_from"])
    for v in issued_values:
        row = _row(v)
        _add(issued, scope, row)
        certified_list.append(row)
        kind = v["dossier__kind"] or "imported"
        by_evaluation[EVALUATION_LABELS.get(kind, kind)] += 1
        is_rerating = kind == "rerating" or (
            kind == "imported"
            and (v["product_id"] in earlier_products or first_seen[v["product_id"]] < v["valid_from"])
        )
        if is_rerating:
            _add(rerated, scope, row)
            rerated_list.append(row)

    # Expired: the first day out of force falls in the period and not after the day of the report.
    last_out = min(end, made_on)
    expired, expired_list = Breakdown(), []
    for v in (
        _with_end_of_force(certs)
        .filter(
            in_force_until__gte=start - timedelta(days=1), in_force_until__lte=last_out - timedelta(days=1)
        )
        .exclude(status__in=[Certificate.Status.REPLACED, Certificate.Status.REVOKED])
        .values(*_CERT_FIELDS)
    ):
        row = _row(v)
        _add(expired, scope, row)
        expired_list.append(row)

    # Revoked: revocation decisions dated in the period.
    revoked, revoked_list = Breakdown(), []
    revocations = Revocation.objects.filter(
        _in_scope(scope, "certificate__product__producer__commune"),
        status=Revocation.Status.DECIDED,
        decision_date__gte=start,
        decision_date__lte=end,
    ).values("certificate_id", "ground", "ground_text", "decision_number", "decision_date")
    by_cert = {r["certificate_id"]: r for r in revocations}
    for v in Certificate.objects.filter(pk__in=by_cert).values(*_CERT_FIELDS):
        r = by_cert[v["id"]]
        note = f"QĐ {r['decision_number']} ngày {r['decision_date']:%d/%m/%Y}; căn cứ {r['ground']}) {r['ground_text']}"
        row = _row(v, note)
        _add(revoked, scope, row)
        revoked_list.append(row)

    in_force, producers = _in_force(scope, certs, last_out)
    from .sections import market_section, support_section

    return ReportFigures(
        scope=scope,
        start=start,
        end=end,
        made_on=made_on,
        evaluated=evaluated,
        issued=issued,
        issued_by_evaluation=by_evaluation,
        rerated=rerated,
        expired=expired,
        revoked=revoked,
        in_force=in_force,
        producers_in_force=producers,
        certified_list=_sorted(certified_list),
        rerated_list=_sorted(rerated_list),
        expired_list=_sorted(expired_list),
        revoked_list=_sorted(revoked_list),
        cycle=period_counts(scope.province_id, start, end),
        support=support_section(scope.province_id, start, end),
        market=market_section(scope.province_id, start, end, made_on),
    )


def _with_end_of_force(certs: Any) -> Any:
    """`in_force_until`: the last day in force, the end of an Art. 12.3 extension while one runs."""
    return certs.annotate(in_force_until=Coalesce("extended_until", "valid_until"))


def _in_force(scope: Scope, certs: Any, on: date) -> tuple[Breakdown, Breakdown]:
    """Products with a certificate in force on `on` (the latest such certificate gives the star),
    and the producers behind them (a producer counts once, with its best star)."""
    revoked_by_then = set(
        Revocation.objects.filter(status=Revocation.Status.DECIDED, decision_date__lte=on).values_list(
            "certificate_id", flat=True
        )
    )
    latest: dict[int, tuple[date, dict[str, Any]]] = {}
    for v in (
        _with_end_of_force(certs).filter(valid_from__lte=on, in_force_until__gte=on).values(*_CERT_FIELDS)
    ):
        if v["id"] in revoked_by_then:
            continue
        current = latest.get(v["product_id"])
        if current is None or v["valid_from"] > current[0]:
            latest[v["product_id"]] = (v["valid_from"], v)
    products, producers = Breakdown(), Breakdown()
    best: dict[int, CertificateRow] = {}
    for _, v in latest.values():
        row = _row(v)
        _add(products, scope, row)
        producer_id = v["product__producer_id"]
        if producer_id not in best or row.star > best[producer_id].star:
            best[producer_id] = row
    for row in best.values():
        _add(producers, scope, row)
    return products, producers


# --- the tables both renderers print ---------------------------------------------------------------

# (attribute of ReportFigures, Vietnamese label, English label)
INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("evaluated", "Lượt sản phẩm được đánh giá, phân hạng", "Products evaluated"),
    ("issued", "Sản phẩm được công nhận, cấp giấy chứng nhận", "Certificates issued"),
    ("rerated", "Trong đó: đánh giá lại", "of which re-rated"),
    ("expired", "Giấy chứng nhận hết hiệu lực", "Certificates expired"),
    ("revoked", "Giấy chứng nhận bị thu hồi", "Certificates revoked"),
    ("in_force", "Sản phẩm OCOP còn hiệu lực cuối kỳ", "OCOP products in force"),
    ("producers_in_force", "Chủ thể có sản phẩm OCOP còn hiệu lực", "Producers with products in force"),
)
# The same, short, for table headings
SHORT_INDICATORS = (
    "Đánh giá",
    "Công nhận",
    "Đánh giá lại",
    "Hết hiệu lực",
    "Thu hồi",
    "Còn hiệu lực",
    "Chủ thể",
)
STARS = (1, 2, 3, 4, 5, NO_STAR)
STAR_HEADINGS = ("1 sao", "2 sao", "3 sao", "4 sao", "5 sao", "Không xếp hạng")

# (attribute of Breakdown, Vietnamese heading, English heading)
DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("by_group", "Theo nhóm sản phẩm", "By product group"),
    ("by_kind", "Theo loại hình chủ thể", "By kind of producer"),
    ("by_area", "Theo địa bàn", "By area"),
)


def star_rows(figures: ReportFigures) -> list[tuple[str, int, list[int]]]:
    """One row per indicator: label, total, count for each of STARS."""
    rows = []
    for attr, vi, _ in INDICATORS:
        b: Breakdown = getattr(figures, attr)
        rows.append((vi, b.total, [b.by_star.get(star, 0) for star in STARS]))
    return rows


def dimension_rows(figures: ReportFigures, dimension: str) -> list[tuple[str, list[int]]]:
    """One row per label of the dimension (sorted), one count per indicator, and a total row."""
    breakdowns: list[Breakdown] = [getattr(figures, attr) for attr, _, _ in INDICATORS]
    labels: set[str] = set()
    for b in breakdowns:
        labels.update(getattr(b, dimension))
    rows = [
        (label, [getattr(b, dimension).get(label, 0) for b in breakdowns])
        for label in sorted(labels, key=vi_key)
    ]
    rows.append(("Tổng cộng", [b.total for b in breakdowns]))
    return rows


CYCLE_TITLE = "Ý tưởng sản phẩm và phương án sản xuất kinh doanh trong kỳ"

LISTS: tuple[tuple[str, str, str], ...] = (
    ("certified_list", "Sản phẩm được công nhận trong kỳ", "Certified in the period"),
    ("rerated_list", "Sản phẩm được đánh giá lại trong kỳ", "Re-rated in the period"),
    ("expired_list", "Giấy chứng nhận hết hiệu lực trong kỳ", "Expired in the period"),
    ("revoked_list", "Giấy chứng nhận bị thu hồi trong kỳ", "Revoked in the period"),
)
LIST_HEADINGS: tuple[str, ...] = (
    "STT",
    "Số giấy chứng nhận",
    "Tên sản phẩm",
    "Chủ thể",
    "Loại hình chủ thể",
    "Xã/phường",
    "Tỉnh/thành phố",
    "Hạng sao",
    "Số phiếu (bộ sản phẩm)",
    "Nhóm sản phẩm",
    "Bộ quy tắc",
    "Số quyết định",
    "Ngày quyết định",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Tình trạng",
    "Ghi chú",
)


def list_values(n: int, row: CertificateRow) -> tuple[Any, ...]:
    """The cells of one list row, in LIST_HEADINGS order (dates as dates)."""
    return (
        n,
        row.number,
        row.product,
        row.producer,
        row.producer_kind,
        row.commune,
        row.province,
        row.star,
        row.scorecard,
        row.group,
        row.rulebook_id,
        row.decision_number,
        row.decision_date,
        row.valid_from,
        row.valid_until,
        row.status,
        row.note,
    )
