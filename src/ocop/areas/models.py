"""Administrative units after the 2025 reform: province (tỉnh/thành phố) and commune (xã/phường/đặc khu).

Loaded from the `vietnam-provinces` package (codes from QĐ 19/2025/QĐ-TTg). Records made before
1/7/2025 keep their three-level address as text on the record itself (see `LegacyAddress`).
"""

from __future__ import annotations

from django.db import models


class Province(models.Model):
    code = models.PositiveIntegerField("mã tỉnh", unique=True)
    name = models.CharField("tên", max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = "tỉnh/thành phố"
        verbose_name_plural = "tỉnh/thành phố"

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    code = models.PositiveIntegerField("mã xã", unique=True)
    name = models.CharField("tên", max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")

    class Meta:
        ordering = ["province__code", "name"]
        verbose_name = "xã/phường"
        verbose_name_plural = "xã/phường"

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"


class LegacyAddress(models.Model):
    """A pre-2025 three-level address (tỉnh → huyện → xã) kept as written on an old record."""

    province = models.CharField("tỉnh (cũ)", max_length=100, blank=True)
    district = models.CharField("huyện (cũ)", max_length=100, blank=True)
    commune = models.CharField("xã (cũ)", max_length=100, blank=True)

    class Meta:
        abstract = True
