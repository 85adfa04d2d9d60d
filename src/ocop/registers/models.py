"""Imports of the registers provinces kept before the system (spreadsheets of certified products).

An `ImportBatch` is one uploaded file: it is kept in the data directory from upload to confirmation,
checked and previewed as often as needed, and written once, all or nothing. Each certificate written
gets an `ImportedRecord` that keeps the old three-level address exactly as the register wrote it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ocop.areas.models import LegacyAddress


def _upload_path(batch: ImportBatch, filename: str) -> str:
    # A random name: the original is kept in `original_name`, never used on disk.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"registers/{uuid.uuid4().hex}.{ext}"


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", "Chờ xác nhận"
        CONFIRMED = "confirmed", "Đã ghi vào hệ thống"
        CANCELLED = "cancelled", "Đã hủy"

    province = models.ForeignKey("areas.Province", on_delete=models.PROTECT, related_name="+")
    file = models.FileField("tệp", upload_to=_upload_path, blank=True)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField("số dòng", default=0)
    # The rows as read at upload ({"columns": {key: heading}, "rows": [[row number, {key: value}]]}),
    # so that each preview and the confirmation do not parse the spreadsheet again.
    content = models.JSONField(default=dict)
    excluded = models.JSONField("các dòng loại ra", default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    written = models.PositiveIntegerField("số giấy chứng nhận đã ghi", default=0)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "lần nhập sổ"
        verbose_name_plural = "lần nhập sổ"

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class ImportedRecord(LegacyAddress):
    """One certificate written by an import, with the old address as the register wrote it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")
    row_number = models.PositiveIntegerField("dòng")
    certificate = models.OneToOneField(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="imported_record"
    )
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("producers.Product", on_delete=models.PROTECT, related_name="+")
    producer_created = models.BooleanField(default=False)
    product_created = models.BooleanField(default=False)

    class Meta:
        ordering = ["batch", "row_number"]
