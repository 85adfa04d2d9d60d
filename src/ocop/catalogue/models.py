"""The public OCOP catalogue: its own table of listed products (CatalogueEntry), product profiles (story,
photo) and sales points.

Sales points follow QĐ 950/QĐ-BCT (18/4/2023) as summarised in rules.md §6: each point records its
type, address, operator and the products it carries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from ocop.versions import version_field

from .search import search_column


class SalesPointKind(models.TextChoices):
    POINT = "point", "Điểm giới thiệu và bán sản phẩm OCOP"
    CENTRE = "centre", "Trung tâm giới thiệu và bán sản phẩm OCOP"
    OTHER = "other", "Khác (cửa hàng, quầy hàng có bán sản phẩm OCOP)"


class SalesPointLocation(models.TextChoices):
    """Where a sales point sits: the kinds of site QĐ 950/QĐ-BCT lists (rules.md §6) [B]."""

    TRANSPORT = "transport", "Nhà ga, sân bay, bến xe"
    REST_STOP = "rest_stop", "Trạm dừng nghỉ trên đường cao tốc"
    RETAIL = "retail", "Trung tâm thương mại, siêu thị, chợ"
    TOURISM = "tourism", "Cửa hàng ở khu du lịch, nhà hàng, khách sạn"
    CRAFT_VILLAGE = "craft_village", "Làng nghề"
    SERVICE_CENTRE = "service_centre", "Trung tâm dịch vụ thương mại"
    FAIR_CENTRE = "fair_centre", "Trung tâm hội chợ, triển lãm"
    POST_OFFICE = "post_office", "Bưu điện văn hóa xã"
    OTHER = "other", "Địa điểm khác"


class SalesPoint(models.Model):
    name = models.CharField("tên điểm bán", max_length=255)
    kind = models.CharField(
        "loại", max_length=20, choices=SalesPointKind.choices, default=SalesPointKind.POINT
    )
    location = models.CharField(
        "vị trí", max_length=20, choices=SalesPointLocation.choices, default=SalesPointLocation.OTHER
    )
    operator = models.CharField("đơn vị vận hành", max_length=255, blank=True)
    address = models.CharField("địa chỉ", max_length=255)
    province = models.ForeignKey(
        "areas.Province", verbose_name="tỉnh/thành phố", on_delete=models.PROTECT, related_name="sales_points"
    )
    commune = models.ForeignKey(
        "areas.Commune",
        verbose_name="xã/phường",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales_points",
    )
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    opening_hours = models.CharField("giờ mở cửa", max_length=255, blank=True)
    active = models.BooleanField("đang hoạt động", default=True)
    products = models.ManyToManyField(
        "producers.Product", through="SalesPointProduct", related_name="sales_points", blank=True
    )
    # Normalised, accent-free: name, address, operator, commune, province; the sales points page
    # searches it (services.public_sales_points).
    search_text = models.TextField(default="", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()  # ocop.versions: a stale form is refused

    class Meta:
        ordering = ["province__code", "name"]
        verbose_name = "điểm bán sản phẩm OCOP"
        verbose_name_plural = "điểm bán sản phẩm OCOP"

    def __str__(self) -> str:
        return self.name

    def build_search_text(self) -> str:
        parts = [self.name, self.address, self.operator]
        if self.commune_id:
            parts.append(self.commune.name)
        if self.province_id:
            parts.append(self.province.name)
        return search_column(*parts)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class SalesPointProduct(models.Model):
    sales_point = models.ForeignKey(SalesPoint, on_delete=models.CASCADE, related_name="carried")
    product = models.ForeignKey("producers.Product", on_delete=models.CASCADE, related_name="carried_at")
    added_on = models.DateField("ngày bắt đầu bán", auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sales_point", "product"], name="catalogue_one_row_per_pair")
        ]
        verbose_name = "sản phẩm tại điểm bán"
        verbose_name_plural = "sản phẩm tại điểm bán"


class ProductProfile(models.Model):
    """What the public catalogue shows about a product beyond its certificate: its story and photo.

    One per product, created when an editor first saves a story (`services.profile_for`). The photo is
    served by `views.product_photo` only while the product is listed (MEDIA_ROOT also holds the
    dossiers' private files and is not served as a whole).
    """

    product = models.OneToOneField("producers.Product", on_delete=models.CASCADE, related_name="profile")
    story = models.TextField("câu chuyện sản phẩm", blank=True)
    photo = models.ImageField("ảnh sản phẩm", upload_to="catalogue/products/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "hồ sơ giới thiệu sản phẩm"
        verbose_name_plural = "hồ sơ giới thiệu sản phẩm"

    def __str__(self) -> str:
        return f"{self.product}"


class CatalogueEntry(models.Model):
    """One row per product listed in the public catalogue today: a denormalised copy of what the list
    shows and searches on, so that a search reads one table (issue 4: p95 ≤ 30 ms at 100 000 products).

    Written only by `entries.refresh_entries` (called by the services that change a
    certificate, product or producer, through certificates.effects) and `entries.rebuild_catalogue`. The source of truth
    stays the certificate: an entry exists while its product has a certificate with status valid and
    the entry keeps that certificate's term, so the search also filters `valid_until >= today` (a term
    ending before the daily expiry job runs hides the product at once).
    """

    product = models.OneToOneField(
        "producers.Product", on_delete=models.CASCADE, related_name="catalogue_entry"
    )
    certificate = models.ForeignKey("certificates.Certificate", on_delete=models.CASCADE, related_name="+")
    certificate_code = models.CharField(max_length=16)
    valid_until = models.DateField()
    star = models.PositiveSmallIntegerField()
    rulebook_id = models.CharField(max_length=20)
    scorecard_number = models.PositiveSmallIntegerField()
    group_code = models.CharField(max_length=8, blank=True)  # services.product_groups() code: I…VI, 1…6
    name = models.CharField(max_length=255)
    producer_name = models.CharField(max_length=255)
    commune_name = models.CharField(max_length=255)
    province_code = models.PositiveIntegerField()
    province_name = models.CharField(max_length=255)
    # Normalised, accent-free, padded (search.search_column): product, producer, commune, province.
    # On PostgreSQL the table also has `search_vector`, generated from it (migration 0003).
    search_text = models.TextField()

    class Meta:
        verbose_name = "sản phẩm trong danh mục"
        verbose_name_plural = "sản phẩm trong danh mục"
        indexes = [
            # The list's order (best stars first, then name), alone or after an equality filter.
            models.Index(fields=["-star", "name", "id"], name="catalogue_entry_order"),
            models.Index(fields=["province_code", "-star", "name", "id"], name="catalogue_entry_province"),
            models.Index(fields=["group_code", "-star", "name", "id"], name="catalogue_entry_group"),
            models.Index(fields=["rulebook_id"], name="catalogue_entry_rulebook"),
        ]

    def __str__(self) -> str:
        return self.name
