"""The national link: partners' API tokens and the product codes of rules.md §1.5.

Kept in tables of their own, beside the records they describe, so that the register's own models
do not change for the export.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    """What a partner's token may read or do through the API (docs/api.md)."""

    REGISTER_READ = "register:read", "Đọc sổ: chủ thể, sản phẩm, giấy chứng nhận, dữ liệu xuất quốc gia"
    DOSSIERS_READ = "dossiers:read", "Đọc hồ sơ và kết quả đánh giá"
    PROGRAMME_READ = "programme:read", "Đọc kế hoạch và số liệu báo cáo"
    STAMPS_READ = "stamps:read", "Đọc lô tem truy xuất và tem nghi nhân bản"
    STAMPS_WRITE = "stamps:write", "Yêu cầu tem truy xuất cho sản phẩm của tỉnh"


class PartnerKind(models.TextChoices):
    NATIONAL = "national", "Hệ thống OCOP quốc gia"
    TRACEABILITY = "traceability", "Dịch vụ truy xuất nguồn gốc"
    OTHER = "other", "Đối tác khác"


class PartnerToken(models.Model):
    """One partner's key to one province's data. Only a hash of the secret is stored: the secret is
    shown once, when the token is made (`tokens.create_token`)."""

    province = models.ForeignKey("areas.Province", on_delete=models.PROTECT, related_name="+")
    partner = models.CharField("đối tác", max_length=150)
    kind = models.CharField("loại đối tác", max_length=20, choices=PartnerKind.choices)
    scopes = models.JSONField("quyền", default=list)
    prefix = models.CharField("tiền tố", max_length=16)  # shown in lists, to tell tokens apart
    secret_hash = models.CharField(max_length=64, unique=True)  # SHA-256 of the whole secret
    expires_at = models.DateTimeField("hết hạn")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "khóa API của đối tác"
        verbose_name_plural = "khóa API của đối tác"

    def __str__(self) -> str:
        return f"{self.partner} ({self.prefix}…)"


class ProductNumber(models.Model):
    """The STT of the product code: a product's number in its commune's sequence, given once and
    kept (rules.md §1.5: "STT = sequence number kept by the commune")."""

    product = models.OneToOneField("producers.Product", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("số thứ tự")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "number"], name="one_number_per_commune")]


class CertificateCode(models.Model):
    """The product code `T-X-STT-YYYY` written on a certificate's scorecard header, or the code an
    imported register gave (kept exactly as imported)."""

    class Source(models.TextChoices):
        ASSIGNED = "assigned", "Hệ thống cấp"
        IMPORTED = "imported", "Nhập từ sổ"

    certificate = models.OneToOneField(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="product_code"
    )
    code = models.CharField("mã sản phẩm", max_length=50, db_index=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    assigned_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "mã sản phẩm"
        verbose_name_plural = "mã sản phẩm"

    def __str__(self) -> str:
        return self.code
