"""The first steps of the annual OCOP cycle (rules.md §6, steps 2 and 3): product ideas, the production
and business plans that carry them out, the communes' survey of potential products and raw-material
areas, and what a province requires before a dossier is filed.

An idea (ý tưởng sản phẩm) is registered by a producer, or by the commune for a community product; the
commune reviews it and forwards it to the province (or returns it, or does not select it). The
producer then writes its production and business plan (phương án sản xuất kinh doanh), which the
province approves or returns. The province's choices (`CycleSettings`) say which evaluation kinds need
an approved plan, or a self-assessment, before the dossier may be filed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.versions import version_field


class IdeaState(models.TextChoices):
    REGISTERED = "registered", _("Chờ UBND xã xem xét")
    RETURNED = "returned", _("UBND xã trả lại để bổ sung")
    FORWARDED = "forwarded", _("UBND xã đã chuyển tỉnh")
    DECLINED = "declined", _("UBND xã không chọn")


class IdeaOrigin(models.TextChoices):
    # Form 03 item (3) asks the commune whether the idea is traditional or new (26/2026 Art. 7.2b).
    TRADITIONAL = "traditional", _("Sản phẩm truyền thống")
    NEW = "new", _("Sản phẩm mới")


class Idea(models.Model):
    """A product idea registered for the year's cycle (phiếu đăng ký ý tưởng sản phẩm)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    commune = models.ForeignKey(
        "areas.Commune", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="ideas"
    )
    # The producer who proposes it, or who will carry a community idea (named by the commune).
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    community = models.BooleanField(_("sản phẩm cộng đồng do UBND xã đăng ký"), default=False)
    # An existing product the idea develops, or the product registered when the plan is approved.
    product = models.ForeignKey(
        "producers.Product",
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    name = models.CharField(_("tên sản phẩm dự kiến"), max_length=255)
    rulebook_id = models.CharField(_("bộ quy tắc"), max_length=20)
    scorecard_number = models.PositiveSmallIntegerField(_("nhóm, phân nhóm sản phẩm (số phiếu)"))
    origin = models.CharField(_("nguồn gốc ý tưởng"), max_length=20, choices=IdeaOrigin.choices)
    description = models.TextField(_("mô tả ý tưởng"))
    raw_materials = models.TextField(_("nguyên liệu, vùng nguyên liệu dự kiến"), blank=True)
    market = models.TextField(_("thị trường dự kiến"), blank=True)
    # "same kind of product": the scorecard and the name without its place (kinds.kind_key).
    kind_key = models.CharField(max_length=300, db_index=True, editable=False)
    state = models.CharField(
        _("bước"), max_length=20, choices=IdeaState.choices, default=IdeaState.REGISTERED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = version_field()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("ý tưởng sản phẩm")
        verbose_name_plural = _("ý tưởng sản phẩm")

    def __str__(self) -> str:
        return self.name


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ tỉnh phê duyệt")
    RETURNED = "returned", _("Tỉnh trả lại để hoàn thiện")
    APPROVED = "approved", _("Tỉnh đã phê duyệt")


class BusinessPlan(models.Model):
    """The production and business plan of an idea (phương án sản xuất kinh doanh): what Form 02 Parts
    II and IV of 26/2026 report on, written before the product is evaluated (rules.md §4.1, §4.4)."""

    idea = models.OneToOneField(Idea, on_delete=models.PROTECT, related_name="plan")
    raw_materials = models.TextField(_("vùng nguyên liệu (địa điểm, diện tích, nguồn cung)"), blank=True)
    technology = models.TextField(_("công nghệ, quy trình sản xuất, chế biến, bao bì, nhãn mác"), blank=True)
    market = models.TextField(_("thị trường, kênh tiêu thụ"), blank=True)
    output = models.CharField(_("sản lượng dự kiến mỗi năm"), max_length=255, blank=True)
    labour = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    investment = models.PositiveBigIntegerField(_("tổng vốn đầu tư (đồng)"), null=True, blank=True)
    funding = models.TextField(_("nguồn vốn"), blank=True)
    revenue = models.PositiveBigIntegerField(_("doanh thu dự kiến mỗi năm (đồng)"), null=True, blank=True)
    profit = models.BigIntegerField(_("lợi nhuận dự kiến mỗi năm (đồng)"), null=True, blank=True)
    schedule = models.TextField(_("tiến độ thực hiện"), blank=True)
    support = models.TextField(_("đề xuất hỗ trợ"), blank=True)
    state = models.CharField(_("bước"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    version = version_field()

    class Meta:
        verbose_name = _("phương án sản xuất kinh doanh")
        verbose_name_plural = _("phương án sản xuất kinh doanh")

    def __str__(self) -> str:
        return str(self.idea)


class Review(models.Model):
    """One decision on an idea (the commune's) or on its plan (the province's), with its reasons; every
    decision is kept, so a producer sees why it was returned each time."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Ý tưởng")
        PLAN = "plan", _("Phương án")

    class Decision(models.TextChoices):
        FORWARD = "forward", _("Chuyển tỉnh")
        RETURN = "return", _("Trả lại để bổ sung")
        DECLINE = "decline", _("Không chọn")
        APPROVE = "approve", _("Phê duyệt")

    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.TextField(_("ý kiến"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]


class PotentialProduct(models.Model):
    """One line of a commune's survey of its potential products and raw-material areas (khảo sát,
    đánh giá tiềm năng sản phẩm và vùng nguyên liệu), as the provincial plans ask of communes."""

    commune = models.ForeignKey(
        "areas.Commune", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="potential_products"
    )
    year = models.PositiveSmallIntegerField(_("năm khảo sát"))
    name = models.CharField(_("sản phẩm tiềm năng"), max_length=255)
    rulebook_id = models.CharField(_("bộ quy tắc"), max_length=20)
    scorecard_number = models.PositiveSmallIntegerField(_("nhóm, phân nhóm sản phẩm (số phiếu)"))
    raw_material_area = models.TextField(_("vùng nguyên liệu (địa điểm, quy mô)"))
    area_ha = models.DecimalField(
        _("diện tích vùng nguyên liệu (ha)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    producers = models.TextField(_("chủ thể, hộ đang sản xuất"), blank=True)
    assessment = models.TextField(_("đánh giá tiềm năng, ghi chú"), blank=True)
    kind_key = models.CharField(max_length=300, db_index=True, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("sản phẩm tiềm năng")
        verbose_name_plural = _("khảo sát sản phẩm tiềm năng")

    def __str__(self) -> str:
        return self.name


def default_plan_kinds() -> list[str]:
    """Lạng Sơn's and Cao Lộc's plans ask that the commune register ideas and production plans and that
    the business plan be agreed ("phương án SXKD … UBND cấp huyện thống nhất") before a product is
    evaluated: a first evaluation needs an approved plan. A province's choice, not the law."""
    return ["first"]


def default_self_assessment_kinds() -> list[str]:
    """No province text found requires the self-assessment on the system before filing: Form 02 (with
    its Part III) is uploaded in every case (26/2026 Art. 6.1)."""
    return []


class CycleSettings(models.Model):
    """What one province requires before a dossier is filed, by evaluation kind. Without a row, the
    defaults above apply (`gates.requirements_for`)."""

    province = models.OneToOneField(
        "areas.Province", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="ocop_cycle"
    )
    plan_before_filing = models.JSONField(
        _("loại đánh giá cần phương án SXKD được phê duyệt trước khi nộp"), default=default_plan_kinds
    )
    self_assessment_before_filing = models.JSONField(
        _("loại đánh giá cần tự chấm điểm trên hệ thống trước khi nộp"),
        default=default_self_assessment_kinds,
    )
    basis = models.CharField(_("căn cứ (văn bản của tỉnh)"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = _("cài đặt chu trình OCOP của tỉnh")
        verbose_name_plural = _("cài đặt chu trình OCOP của tỉnh")
