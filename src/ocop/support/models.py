"""Producer support (hỗ trợ chủ thể): the province's support programmes and their budgets, producers'
applications, grants and disbursements; consultants and the producers they served; product
development and upgrade plans (kế hoạch phát triển, nâng hạng sản phẩm).

What the province sets is data on its records, never a constant here: a programme's legal basis,
period, budget, funding source, the most one application may receive and the share of the cost it
may cover; a plan's target number of products and each product's target star. Money is whole đồng
(`BigIntegerField`), never a float.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.versions import version_field


class SupportKind(models.TextChoices):
    """What a programme pays for (the kinds provincial OCOP plans fund)."""

    CONSULTING = "consulting", _("Tư vấn phát triển sản phẩm, hoàn thiện hồ sơ")
    PACKAGING = "packaging", _("Thiết kế bao bì, nhãn hàng hóa")
    TRADE_PROMOTION = "trade_promotion", _("Xúc tiến thương mại, quảng bá sản phẩm")
    CERTIFICATION = "certification", _("Phí chứng nhận, kiểm nghiệm, công bố chất lượng")
    TRACEABILITY = "traceability", _("Mã vạch, tem truy xuất nguồn gốc")
    EQUIPMENT = "equipment", _("Máy móc, thiết bị, nhà xưởng")
    TRAINING = "training", _("Đào tạo, tập huấn")
    OTHER = "other", _("Nội dung hỗ trợ khác")


class FundingSource(models.TextChoices):
    """Where a programme's money comes from ("bố trí nguồn vốn … lồng ghép" in the provincial plans)."""

    CENTRAL = "central", _("Ngân sách trung ương")
    PROVINCIAL = "provincial", _("Ngân sách tỉnh")
    COMMUNE = "commune", _("Ngân sách cấp xã")
    INTEGRATED = "integrated", _("Lồng ghép chương trình, dự án khác")
    OTHER = "other", _("Nguồn hợp pháp khác (xã hội hóa)")


class SupportProgramme(models.Model):
    """One support policy of a province (chính sách, chương trình hỗ trợ) with its budget."""

    province = models.ForeignKey(
        "areas.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="support_programmes"
    )
    title = models.CharField(_("tên chương trình hỗ trợ"), max_length=255)
    kind = models.CharField(_("nội dung hỗ trợ"), max_length=20, choices=SupportKind.choices)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=20, choices=FundingSource.choices)
    # For an integrated source: the programme whose money is used (e.g. the new-rural-area programme).
    funding_detail = models.CharField(_("chương trình, dự án lồng ghép"), max_length=255, blank=True)
    starts_on = models.DateField(_("nhận đơn từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    budget = models.BigIntegerField(_("tổng kinh phí (đồng)"))
    max_per_application = models.BigIntegerField(_("mức hỗ trợ tối đa một đơn (đồng)"), null=True, blank=True)
    max_share_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ hỗ trợ tối đa so với chi phí (%)"), null=True, blank=True
    )
    description = models.TextField(_("đối tượng, điều kiện hỗ trợ"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("chương trình hỗ trợ")
        verbose_name_plural = _("chương trình hỗ trợ")
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="support_budget_positive"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="support_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Đã gửi, chờ xét duyệt")
    APPROVED = "approved", _("Đã duyệt hỗ trợ")
    REFUSED = "refused", _("Không duyệt")
    WITHDRAWN = "withdrawn", _("Chủ thể đã rút đơn")


class SupportApplication(models.Model):
    """A producer's request for support under a programme, and the officials' decision on it."""

    programme = models.ForeignKey(SupportProgramme, on_delete=models.PROTECT, related_name="applications")
    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="support_applications"
    )
    product = models.ForeignKey(
        "producers.Product",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_applications",
    )
    activity = models.TextField(_("nội dung đề nghị hỗ trợ"))
    cost = models.BigIntegerField(_("tổng chi phí thực hiện (đồng)"))
    requested = models.BigIntegerField(_("số tiền đề nghị hỗ trợ (đồng)"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    # The form's one-time token: the same form posted twice (a double tap, a resent request) is one
    # application; the unique constraint is the last guard.
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    granted = models.BigIntegerField(_("số tiền được hỗ trợ (đồng)"), null=True, blank=True)
    reasons = models.TextField(_("ý kiến, lý do"), blank=True)
    decision_reference = models.CharField(_("văn bản phê duyệt"), max_length=100, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = version_field()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("đơn đề nghị hỗ trợ")
        verbose_name_plural = _("đơn đề nghị hỗ trợ")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested__gt=0, cost__gte=models.F("requested")),
                name="support_request_within_cost",
            ),
            models.CheckConstraint(
                condition=models.Q(granted__isnull=True)
                | models.Q(granted__gt=0, granted__lte=models.F("requested")),
                name="support_grant_within_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.producer} — {self.programme}"


class Disbursement(models.Model):
    """Money paid out on a granted application (giải ngân), with its voucher."""

    application = models.ForeignKey(
        SupportApplication, on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = models.BigIntegerField(_("số tiền giải ngân (đồng)"))
    paid_on = models.DateField(_("ngày giải ngân"))
    reference = models.CharField(_("chứng từ"), max_length=100)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="support_disbursed_positive")
        ]


class ConsultingField(models.TextChoices):
    """What a consultant advises on."""

    DOSSIER = "dossier", _("Hoàn thiện hồ sơ đánh giá, phân hạng OCOP")
    PRODUCT = "product", _("Phát triển, cải tiến sản phẩm")
    PACKAGING = "packaging", _("Thiết kế bao bì, nhãn, nhận diện thương hiệu")
    STORY = "story", _("Xây dựng câu chuyện sản phẩm")
    QUALITY = "quality", _("Tiêu chuẩn chất lượng, công bố, kiểm nghiệm")
    TRACEABILITY = "traceability", _("Truy xuất nguồn gốc")
    MARKETING = "marketing", _("Xúc tiến thương mại, thương mại điện tử")
    ORGANISATION = "organisation", _("Tổ chức sản xuất, quản trị hợp tác xã")
    TOURISM = "tourism", _("Du lịch cộng đồng")


class Consultant(models.Model):
    """A consultant (person or organisation) the province registered as able to advise producers."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Cá nhân")
        ORGANISATION = "organisation", _("Tổ chức")

    province = models.ForeignKey("areas.Province", on_delete=models.PROTECT, related_name="consultants")
    name = models.CharField(_("tên đơn vị, chuyên gia tư vấn"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    specialities = models.JSONField(_("lĩnh vực tư vấn"), default=list)  # ConsultingField values
    qualifications = models.TextField(_("năng lực, kinh nghiệm"))
    contact = models.CharField(_("liên hệ"), max_length=255, blank=True)
    registered_on = models.DateField(_("ngày đăng ký"))
    active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("đơn vị tư vấn")
        verbose_name_plural = _("đơn vị tư vấn")

    def __str__(self) -> str:
        return self.name

    def field_labels(self) -> list[str]:
        labels = dict(ConsultingField.choices)
        return [str(labels[f]) for f in self.specialities if f in labels]


class Engagement(models.Model):
    """A consultant serving a producer (and, when known, one product), from a day."""

    consultant = models.ForeignKey(Consultant, on_delete=models.PROTECT, related_name="engagements")
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="engagements")
    product = models.ForeignKey(
        "producers.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="engagements"
    )
    # The support that paid for the advice, when it was paid under a programme.
    application = models.ForeignKey(
        SupportApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="engagements"
    )
    subject = models.CharField(_("nội dung tư vấn"), max_length=255)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("lượt tư vấn")
        verbose_name_plural = _("lượt tư vấn")


class PlanAction(models.TextChoices):
    DEVELOP = "develop", _("Phát triển sản phẩm mới")
    UPGRADE = "upgrade", _("Nâng hạng sao")
    RERATE = "rerate", _("Đánh giá, phân hạng lại")


class DevelopmentPlan(models.Model):
    """A plan to develop, upgrade or re-rate a list of products (e.g. "333 products" over five years)."""

    province = models.ForeignKey("areas.Province", on_delete=models.PROTECT, related_name="development_plans")
    title = models.CharField(_("tên kế hoạch, đề án"), max_length=255)
    reference = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    # The plan's own headline: how many products it means to bring to their target star.
    target_products = models.PositiveIntegerField(_("số sản phẩm mục tiêu"))
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = version_field()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("kế hoạch phát triển sản phẩm")
        verbose_name_plural = _("kế hoạch phát triển sản phẩm")

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """A product on a plan's list, with what the plan means to do and the star it aims at."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey("producers.Product", on_delete=models.PROTECT, related_name="plan_items")
    action = models.CharField(_("nội dung"), max_length=20, choices=PlanAction.choices)
    target_star = models.PositiveSmallIntegerField(_("hạng sao mục tiêu"))
    # The star in force when the product was put on the list (None: no certificate in force).
    baseline_star = models.PositiveSmallIntegerField(
        _("hạng sao khi đưa vào kế hoạch"), null=True, blank=True
    )
    consultant = models.ForeignKey(
        Consultant, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "product"], name="support_product_once_a_plan")
        ]
