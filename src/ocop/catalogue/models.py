"""The public OCOP catalogue: product profiles (story, photo, search text) and sales points.

Sales points follow QĐ 950/QĐ-BCT (18/4/2023) as summarised in rules.md §6: each point records its
type, address, operator and the products it carries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

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
    search_text = models.TextField(default="", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    """What the public catalogue shows about a product beyond its certificate, and its search text.

    One per product, created on demand (`services.profile_for`) and kept current by signals on the
    product and its producer; `services.rebuild_search_text()` rebuilds every row.
    """

    product = models.OneToOneField("producers.Product", on_delete=models.CASCADE, related_name="profile")
    story = models.TextField("câu chuyện sản phẩm", blank=True)
    photo = models.ImageField("ảnh sản phẩm", upload_to="catalogue/products/", blank=True)
    # Normalised, accent-free: product, producer, commune and province names (see search.normalise).
    search_text = models.TextField(default="", blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "hồ sơ giới thiệu sản phẩm"
        verbose_name_plural = "hồ sơ giới thiệu sản phẩm"

    def __str__(self) -> str:
        return f"{self.product}"

    def build_search_text(self) -> str:
        product = self.product
        producer = product.producer
        commune = producer.commune
        return search_column(product.name, producer.name, commune.name, commune.province.name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
