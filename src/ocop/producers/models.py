"""Producers (chủ thể OCOP) and their products, classified by a rulebook's scorecard (bộ sản phẩm)."""

from __future__ import annotations

from django.db import models

from ocop.core.rulebooks import get_rulebook
from ocop.core.rulebooks.model import Scorecard
from ocop.versions import version_field


class ProducerKind(models.TextChoices):
    # Who may register (26/2026 Art. 2.3; rules.md §1.4)
    COOPERATIVE = "cooperative", "Hợp tác xã"
    COOPERATIVE_GROUP = "cooperative_group", "Tổ hợp tác"
    ENTERPRISE = "enterprise", "Doanh nghiệp nhỏ và vừa"
    FARM = "farm", "Trang trại"
    HOUSEHOLD = "household", "Hộ sản xuất, hộ kinh doanh"
    ASSOCIATION = "association", "Hội, hiệp hội, trung tâm điều hành (du lịch)"


class Producer(models.Model):
    name = models.CharField("tên chủ thể", max_length=255)
    kind = models.CharField("loại hình", max_length=30, choices=ProducerKind.choices)
    representative = models.CharField("người đại diện theo pháp luật", max_length=150)
    position = models.CharField("chức vụ", max_length=100, blank=True)
    # Form 02 part I and Form 03 part I.4 ask these of the legal representative (rules.md §4.1, §4.2).
    representative_sex = models.CharField("giới tính người đại diện", max_length=10, blank=True)
    representative_ethnicity = models.CharField("dân tộc người đại diện", max_length=50, blank=True)
    representative_residence = models.CharField(
        "địa chỉ thường trú người đại diện", max_length=255, blank=True
    )
    registration_number = models.CharField("số đăng ký kinh doanh / mã số thuế", max_length=50, blank=True)
    address = models.CharField("địa chỉ", max_length=255)
    commune = models.ForeignKey("areas.Commune", verbose_name="xã/phường", on_delete=models.PROTECT)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("email", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()  # ocop.versions: a stale form is refused

    class Meta:
        ordering = ["name"]
        verbose_name = "chủ thể"
        verbose_name_plural = "chủ thể"

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="products")
    name = models.CharField("tên sản phẩm", max_length=255)
    # The classification is the scorecard of a rulebook: its number is the key (rules.md §1.1).
    rulebook_id = models.CharField("bộ quy tắc", max_length=20, default="26-2026")
    scorecard_number = models.PositiveSmallIntegerField("bộ sản phẩm (số phiếu)")
    description = models.TextField("mô tả", blank=True)
    story = models.TextField("câu chuyện sản phẩm", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["name"]
        verbose_name = "sản phẩm"
        verbose_name_plural = "sản phẩm"

    def __str__(self) -> str:
        return self.name

    @property
    def scorecard(self) -> Scorecard:
        return get_rulebook(self.rulebook_id).scorecard(self.scorecard_number)
