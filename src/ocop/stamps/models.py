"""Traceability stamps (tem truy xuất): a batch a producer asks for, and one stamp per unit with its
own serial code, so that a copied stamp can be told from the genuine ones by how it is scanned."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StampBatch(models.Model):
    """One production lot's stamps (rules.md §5.6: the QR code resolves to the certificate)."""

    product = models.ForeignKey("producers.Product", on_delete=models.PROTECT, related_name="stamp_batches")
    # The certificate in force when the stamps were made: a scan shows its status as of the scan.
    certificate = models.ForeignKey("certificates.Certificate", on_delete=models.PROTECT, related_name="+")
    lot = models.CharField("số lô", max_length=20)
    quantity = models.PositiveIntegerField("số lượng tem")
    produced_on = models.DateField("ngày sản xuất")
    expires_on = models.DateField("hạn sử dụng")
    gtin = models.CharField("mã GTIN", max_length=14, blank=True)  # 14 digits, as GS1 Digital Link writes it
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_via = models.ForeignKey(
        "national.PartnerToken", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["product", "lot"], name="one_batch_per_product_lot")]
        verbose_name = "lô tem"
        verbose_name_plural = "lô tem"

    def __str__(self) -> str:
        return f"{self.lot} ({self.quantity})"


class Stamp(models.Model):
    """One stamp. What a scan leaves here is a count, the times of the first and last scan and, when
    the deployment's proxy tells it, the province codes it was scanned in: nothing about a person."""

    batch = models.ForeignKey(StampBatch, on_delete=models.PROTECT, related_name="stamps")
    serial = models.CharField("số sê-ri", max_length=12, unique=True)
    scans = models.PositiveBigIntegerField("số lượt quét", default=0)
    first_scanned_at = models.DateTimeField(null=True, blank=True)
    last_scanned_at = models.DateTimeField(null=True, blank=True)
    provinces = models.JSONField("tỉnh nơi quét", default=list)
    flagged_at = models.DateTimeField("nghi nhân bản từ", null=True, blank=True, db_index=True)
    flag_reason = models.CharField(max_length=20, blank=True)  # rules.Suspicion value

    class Meta:
        ordering = ["pk"]
        verbose_name = "tem"
        verbose_name_plural = "tem"

    def __str__(self) -> str:
        return self.serial
