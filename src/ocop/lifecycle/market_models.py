"""Checks beyond the certified producer (rules.md §5.5; 26/2026 Art. 9.3b, the use of the OCOP mark):
products on sale at shops, markets, fairs and online, and producers' quality self-declarations.

- A market check (kiểm tra sản phẩm lưu thông trên thị trường) records where and when the officials
  looked; each finding is one product seen on sale with the OCOP mark, the certificate its label
  refers to (if any), the star it claims, and the verdict read from the certificate's record on the
  day of the check. A finding other than "in order" opens a follow-up that stays open until closed.
  Photos and documents are kept as evidence, through the project's checked uploads.
- A self-declaration (bản tự công bố sản phẩm, Decree 15/2018/NĐ-CP Art. 4–5) is recorded with its
  document; a hậu kiểm inspection record then checks each declaration of the product.

Imported by `lifecycle.models`, so Django registers these models with the lifecycle app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.versions import version_field


class PlaceKind(models.TextChoices):
    SHOP = "shop", _("Cửa hàng, đại lý")
    MARKET = "market", _("Chợ, siêu thị, trung tâm thương mại")
    SALES_POINT = "sales_point", _("Điểm giới thiệu và bán sản phẩm OCOP")
    FAIR = "fair", _("Hội chợ, triển lãm")
    ONLINE = "online", _("Bán trực tuyến (sàn thương mại điện tử, mạng xã hội)")
    OTHER = "other", _("Nơi khác")


class Verdict(models.TextChoices):
    OK = "ok", _("Đúng quy định: giấy chứng nhận còn hiệu lực, đúng hạng sao")
    EXPIRED = "expired", _("Giấy chứng nhận đã hết hiệu lực nhưng vẫn dùng nhãn OCOP")
    REVOKED = "revoked", _("Giấy chứng nhận đã bị thu hồi nhưng vẫn dùng nhãn OCOP")
    STAR_MISMATCH = "star_mismatch", _("Ghi hạng sao cao hơn hạng được công nhận")
    NO_CERTIFICATE = "no_certificate", _("Dùng nhãn OCOP khi sản phẩm chưa được công nhận")


class MarketCheck(models.Model):
    province = models.ForeignKey("areas.Province", on_delete=models.PROTECT, related_name="market_checks")
    checked_on = models.DateField(_("ngày kiểm tra"))
    place_kind = models.CharField(_("nơi bán"), max_length=20, choices=PlaceKind.choices)
    place = models.CharField(_("tên nơi bán, gian hàng"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    url = models.URLField(_("địa chỉ trang bán hàng"), max_length=500, blank=True)
    commune = models.ForeignKey(
        "areas.Commune",
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sales_point = models.ForeignKey(
        "catalogue.SalesPoint", null=True, blank=True, on_delete=models.PROTECT, related_name="market_checks"
    )
    event = models.ForeignKey(
        "programme.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="market_checks"
    )
    # The hậu kiểm plan the check belongs to, when it was planned.
    plan = models.ForeignKey(
        "lifecycle.InspectionPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_checks",
    )
    inspectors = models.CharField(_("thành phần đoàn kiểm tra"), max_length=255)
    notes = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("kiểm tra sản phẩm trên thị trường")
        verbose_name_plural = _("kiểm tra sản phẩm trên thị trường")

    def __str__(self) -> str:
        return f"{self.place} {self.checked_on:%d/%m/%Y}"


class MarketFinding(models.Model):
    market_check = models.ForeignKey(MarketCheck, on_delete=models.PROTECT, related_name="findings")
    certificate = models.ForeignKey(
        "certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_findings",
    )
    product_label = models.CharField(_("tên sản phẩm trên nhãn"), max_length=255)
    producer_label = models.CharField(_("chủ thể ghi trên nhãn"), max_length=255, blank=True)
    claimed_star = models.PositiveSmallIntegerField(_("hạng sao ghi trên nhãn"))
    verdict = models.CharField(_("kết luận"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("mô tả vi phạm, hiện trạng"), blank=True)
    follow_up = models.TextField(_("yêu cầu xử lý"), blank=True)
    follow_up_deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc theo dõi"), null=True, blank=True)
    closure = models.TextField(_("kết quả xử lý"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["market_check", "pk"]
        verbose_name = _("phát hiện khi kiểm tra thị trường")
        verbose_name_plural = _("phát hiện khi kiểm tra thị trường")

    def __str__(self) -> str:
        return f"{self.product_label}: {self.get_verdict_display()}"

    @property
    def needs_follow_up(self) -> bool:
        return self.verdict != Verdict.OK

    @property
    def is_open(self) -> bool:
        return self.needs_follow_up and self.closed_on is None


def _evidence_path(evidence: MarketEvidence, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"market/{evidence.finding.market_check_id}/{uuid.uuid4().hex}.{ext}"


class MarketEvidence(models.Model):
    """A photo or document of a finding (the original name kept, a random name on disk)."""

    finding = models.ForeignKey(MarketFinding, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=_evidence_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


def _declaration_path(declaration: SelfDeclaration, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"declarations/{declaration.product_id}/{uuid.uuid4().hex}.{ext}"


class SelfDeclaration(models.Model):
    """A producer's self-declaration of a product's quality (bản tự công bố sản phẩm)."""

    product = models.ForeignKey(
        "producers.Product", on_delete=models.PROTECT, related_name="self_declarations"
    )
    number = models.CharField(_("số bản tự công bố"), max_length=100)
    declared_on = models.DateField(_("ngày tự công bố"))
    standard = models.CharField(_("tiêu chuẩn, quy chuẩn áp dụng"), max_length=255)
    received_by = models.CharField(_("cơ quan tiếp nhận"), max_length=255, blank=True)
    document = models.FileField(_("bản tự công bố"), upload_to=_declaration_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-declared_on", "-pk"]
        verbose_name = _("bản tự công bố sản phẩm")
        verbose_name_plural = _("bản tự công bố sản phẩm")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "number"], name="lifecycle_declaration_once_per_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.product})"


class DeclarationResult(models.TextChoices):
    MATCHES = "matches", _("Sản phẩm đúng như bản tự công bố")
    DIFFERS = "differs", _("Sản phẩm không đúng chỉ tiêu, nhãn đã tự công bố")
    OUTDATED = "outdated", _("Bản tự công bố không còn phù hợp (đổi thành phần, quy cách, tiêu chuẩn)")


class DeclarationCheck(models.Model):
    """What a hậu kiểm inspection found of one self-declaration of the inspected product."""

    declaration = models.ForeignKey(SelfDeclaration, on_delete=models.PROTECT, related_name="checks")
    inspection = models.ForeignKey(
        "lifecycle.InspectionRecord", on_delete=models.PROTECT, related_name="declaration_checks"
    )
    result = models.CharField(_("kết quả"), max_length=20, choices=DeclarationResult.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "inspection"], name="lifecycle_declaration_checked_once"
            )
        ]
