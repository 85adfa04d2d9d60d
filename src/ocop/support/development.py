"""Consultants and product development plans: their services, and each product's result read from the
records (never typed in).

A plan item is achieved when its product holds a certificate at or above the target star issued on or
after the day the plan starts (a revoked certificate does not count: it is no longer a recognition).
Achieved after the plan's end is shown as late and not counted in the plan's progress. A consultant's
results are the certificates its producers' products received after the advice began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop import versions
from ocop.accounts.models import User
from ocop.audit.models import record
from ocop.certificates.models import Certificate, in_force_q
from ocop.checks import required_text
from ocop.dossiers.models import CLOSED_STATES, Dossier
from ocop.errors import StepRefused
from ocop.producers.models import Producer, Product

from . import rules
from .models import (
    Consultant,
    ConsultingField,
    DevelopmentPlan,
    Engagement,
    PlanAction,
    PlanItem,
    SupportApplication,
)

STARS = (3, 4, 5)  # the stars a plan may aim at: only 3★ and above are recognised (rules.md §2)


def _today() -> date:
    return timezone.localdate()


# --- consultants ------------------------------------------------------------------------------------


@transaction.atomic
def register_consultant(
    user: User,
    *,
    name: str,
    kind: str,
    specialities: list[str],
    qualifications: str,
    contact: str = "",
    registered_on: date | None = None,
) -> Consultant:
    """Register a consultant: what it advises on and the evidence that it is able to ("có đủ năng lực")."""
    rules.manage.check(user, None)
    if kind not in Consultant.Kind.values:
        raise StepRefused(_("Loại đơn vị tư vấn không hợp lệ"))
    wanted = list(dict.fromkeys(specialities))
    if not wanted or any(s not in ConsultingField.values for s in wanted):
        raise StepRefused(_("Chọn ít nhất một lĩnh vực tư vấn trong danh sách"))
    consultant = Consultant.objects.create(
        province_id=user.province_id,
        name=required_text(name, _("tên đơn vị, chuyên gia tư vấn"), 255),
        kind=kind,
        specialities=wanted,
        qualifications=required_text(qualifications, _("năng lực, kinh nghiệm của đơn vị tư vấn")),
        contact=(contact or "").strip()[:255],
        registered_on=registered_on or _today(),
        created_by=user,
    )
    record(user, "support.consultant_registered", subject=f"consultant:{consultant.pk}", name=consultant.name)
    return consultant


@transaction.atomic
def record_engagement(
    user: User,
    consultant: Consultant,
    *,
    producer: Producer,
    subject: str,
    started_on: date | None,
    ended_on: date | None = None,
    product: Product | None = None,
    application: SupportApplication | None = None,
    today: date | None = None,
) -> Engagement:
    """Record that the consultant served a producer (of the consultant's province)."""
    today = today or _today()
    consultant = Consultant.objects.select_for_update().get(pk=consultant.pk)
    rules.edit_consultant.check(user, consultant)
    if not consultant.active:
        raise StepRefused(_("Đơn vị tư vấn đã ngừng hoạt động"))
    if producer.commune.province_id != consultant.province_id:
        raise StepRefused(_("Chủ thể không thuộc tỉnh của đơn vị tư vấn"))
    if product is not None and product.producer_id != producer.pk:
        raise StepRefused(_("Sản phẩm không phải của chủ thể"))
    if application is not None and application.producer_id != producer.pk:
        raise StepRefused(_("Đơn hỗ trợ không phải của chủ thể"))
    if started_on is None:
        raise StepRefused(_("Cần ngày bắt đầu tư vấn"))
    if started_on > today:
        raise StepRefused(_("Ngày bắt đầu tư vấn không thể ở tương lai"))
    if ended_on is not None and ended_on < started_on:
        raise StepRefused(_("Ngày kết thúc trước ngày bắt đầu"))
    engagement = Engagement.objects.create(
        consultant=consultant,
        producer=producer,
        product=product,
        application=application,
        subject=required_text(subject, _("nội dung tư vấn"), 255),
        started_on=started_on,
        ended_on=ended_on,
        recorded_by=user,
    )
    record(
        user,
        "support.engagement",
        subject=f"consultant:{consultant.pk}",
        producer=producer.pk,
        product=product.pk if product else None,
        started_on=started_on.isoformat(),
    )
    return engagement


@dataclass(frozen=True)
class EngagementResult:
    engagement: Engagement
    certificates: list[Certificate]  # issued to the served products since the advice began

    @property
    def best_star(self) -> int | None:
        return max((c.star for c in self.certificates), default=None)


def engagement_results(consultant: Consultant) -> list[EngagementResult]:
    """Each producer the consultant served, with what its products were recognised since."""
    out = []
    for engagement in consultant.engagements.select_related("producer__commune", "product"):
        products: Any = (
            [engagement.product_id]
            if engagement.product_id
            else Product.objects.filter(producer=engagement.producer_id).values("pk")
        )
        certificates = list(
            Certificate.objects.filter(product__in=products, valid_from__gte=engagement.started_on)
            .exclude(status=Certificate.Status.REVOKED)
            .select_related("decision")
            .order_by("valid_from")
        )
        out.append(EngagementResult(engagement, certificates))
    return out


# --- development plans -----------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    user: User,
    *,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    target_products: int | None,
    reference: str = "",
    notes: str = "",
) -> DevelopmentPlan:
    rules.manage.check(user, None)
    if starts_on is None or ends_on is None:
        raise StepRefused(_("Cần thời gian thực hiện kế hoạch (từ ngày, đến ngày)"))
    if ends_on < starts_on:
        raise StepRefused(_("Ngày kết thúc trước ngày bắt đầu"))
    if not target_products or target_products <= 0:
        raise StepRefused(_("Số sản phẩm mục tiêu phải lớn hơn 0"))
    plan = DevelopmentPlan.objects.create(
        province_id=user.province_id,
        title=required_text(title, _("tên kế hoạch"), 255),
        reference=(reference or "").strip()[:100],
        starts_on=starts_on,
        ends_on=ends_on,
        target_products=target_products,
        notes=(notes or "").strip(),
        created_by=user,
    )
    record(user, "support.plan_created", subject=f"development-plan:{plan.pk}", title=plan.title, version=1)
    return plan


def star_in_force(product: Product, on: date) -> int | None:
    """The best star of the product's certificates in force on a day."""
    stars = Certificate.objects.filter(in_force_q(on), product=product, valid_from__lte=on).values_list(
        "star", flat=True
    )
    return max(stars, default=None)


@transaction.atomic
def add_item(
    user: User,
    plan: DevelopmentPlan,
    *,
    product: Product,
    action: str,
    target_star: int,
    consultant: Consultant | None = None,
    note: str = "",
    version: int | None = None,
    today: date | None = None,
) -> PlanItem:
    """Put a product on the plan's list. The plan is locked and versioned: two officials editing the
    list at once do not overwrite each other unseen."""
    today = today or _today()
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    rules.edit_plan.check(user, plan)
    versions.check(plan, version, f"development-plan:{plan.pk}")
    if product.producer.commune.province_id != plan.province_id:
        raise StepRefused(_("Sản phẩm không thuộc tỉnh của kế hoạch"))
    if action not in PlanAction.values:
        raise StepRefused(_("Nội dung thực hiện không hợp lệ"))
    if target_star not in STARS:
        raise StepRefused(_("Hạng sao mục tiêu phải là 3, 4 hoặc 5 sao"))
    if consultant is not None and consultant.province_id != plan.province_id:
        raise StepRefused(_("Đơn vị tư vấn không thuộc tỉnh của kế hoạch"))
    if plan.items.filter(product=product).exists():
        raise StepRefused(_("Sản phẩm «%(name)s» đã có trong kế hoạch") % {"name": product.name})
    baseline = star_in_force(product, today)
    if action == PlanAction.DEVELOP and baseline is not None:
        raise StepRefused(
            _("Sản phẩm đang có giấy chứng nhận %(star)d sao: chọn nâng hạng hoặc đánh giá lại")
            % {"star": baseline}
        )
    if action == PlanAction.UPGRADE:
        if baseline is None:
            raise StepRefused(_("Nâng hạng cần một giấy chứng nhận còn hiệu lực của sản phẩm"))
        if target_star <= baseline:
            raise StepRefused(
                _("Nâng hạng cần hạng sao mục tiêu cao hơn hạng hiện có (%(star)d sao)") % {"star": baseline}
            )
    if action == PlanAction.RERATE and not product.certificates.exists():
        raise StepRefused(_("Đánh giá lại cần sản phẩm đã từng được chứng nhận"))
    item = PlanItem.objects.create(
        plan=plan,
        product=product,
        action=action,
        target_star=target_star,
        baseline_star=baseline,
        consultant=consultant,
        note=(note or "").strip()[:255],
    )
    plan.version += 1
    plan.save(update_fields=["version"])
    record(
        user,
        "support.plan_item_added",
        subject=f"development-plan:{plan.pk}",
        product=product.pk,
        plan_action=action,
        target_star=target_star,
        version=plan.version,
        changes={product.name: [None, f"{action} {target_star}★"]},
    )
    return item


@transaction.atomic
def remove_item(user: User, item: PlanItem, version: int | None = None) -> None:
    plan = DevelopmentPlan.objects.select_for_update().get(pk=item.plan_id)
    rules.edit_plan.check(user, plan)
    versions.check(plan, version, f"development-plan:{plan.pk}")
    plan.version += 1
    plan.save(update_fields=["version"])
    record(
        user,
        "support.plan_item_removed",
        subject=f"development-plan:{plan.pk}",
        product=item.product_id,
        version=plan.version,
        changes={item.product.name: [f"{item.action} {item.target_star}★", None]},
    )
    item.delete()


@dataclass(frozen=True)
class ItemResult:
    item: PlanItem
    status: str  # "achieved", "late", "in_progress", "not_started"
    certificate: Certificate | None
    dossier: Dossier | None

    @property
    def label(self) -> str:
        return str(RESULT_LABELS[self.status])


RESULT_LABELS = {
    "achieved": _("Đã đạt"),
    "late": _("Đạt sau thời hạn kế hoạch"),
    "in_progress": _("Đang đánh giá"),
    "not_started": _("Chưa có hồ sơ đánh giá"),
}


def item_results(plan: DevelopmentPlan, on: date | None = None) -> list[ItemResult]:
    on = on or _today()
    items = list(plan.items.select_related("product__producer__commune", "consultant"))
    products = [i.product_id for i in items]
    certificates: dict[int, list[Certificate]] = {}
    for c in (
        Certificate.objects.filter(product__in=products, valid_from__gte=plan.starts_on, valid_from__lte=on)
        .exclude(status=Certificate.Status.REVOKED)
        .order_by("valid_from", "pk")
    ):
        certificates.setdefault(c.product_id, []).append(c)
    open_dossiers = {
        d.product_id: d
        for d in Dossier.objects.filter(product__in=products).exclude(state__in=[*CLOSED_STATES, "draft"])
    }
    out = []
    for item in items:
        reached = next((c for c in certificates.get(item.product_id, []) if c.star >= item.target_star), None)
        if reached is not None:
            status = "late" if reached.valid_from > plan.ends_on else "achieved"
        elif item.product_id in open_dossiers:
            status = "in_progress"
        else:
            status = "not_started"
        out.append(ItemResult(item, status, reached, open_dossiers.get(item.product_id)))
    return out


@dataclass(frozen=True)
class PlanProgress:
    plan: DevelopmentPlan
    achieved: int
    listed: int
    target: int
    expected: Decimal  # what the pace asks for by the day measured
    percent: Decimal

    @property
    def on_track(self) -> bool:
        return self.achieved >= self.expected

    @property
    def meter(self) -> int:
        return int(min(self.percent, Decimal(100)))


def elapsed(starts_on: date, ends_on: date, on: date) -> Decimal:
    """The share of [starts_on, ends_on] gone by `on` (0 before, 1 after)."""
    if on < starts_on:
        return Decimal(0)
    if on >= ends_on:
        return Decimal(1)
    return Decimal((on - starts_on).days + 1) / Decimal((ends_on - starts_on).days + 1)


def plan_progress(plan: DevelopmentPlan, on: date | None = None) -> PlanProgress:
    """The plan's headline (e.g. 333 products) against the products that reached their target star."""
    on = on or _today()
    results = item_results(plan, on)
    achieved = sum(1 for r in results if r.status == "achieved")
    expected = (Decimal(plan.target_products) * elapsed(plan.starts_on, plan.ends_on, on)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    percent = (Decimal(achieved) * 100 / Decimal(plan.target_products)).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    return PlanProgress(plan, achieved, len(results), plan.target_products, expected, percent)


def plans_in_force(plans: QuerySet[DevelopmentPlan], on: date) -> QuerySet[DevelopmentPlan]:
    return plans.filter(starts_on__lte=on, ends_on__gte=on)
