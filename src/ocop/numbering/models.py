"""The register of the official numbers the system gives documents (sổ đăng ký văn bản đi).

Decree 30/2020/NĐ-CP, Art. 15.1: a document's number is its order among the documents its issuer
issues in the calendar year, from 01 on 1 January to 31 December, and "số và ký hiệu văn bản … là duy
nhất trong một năm". So one row per (issuer, year, number), whatever the kind of document: a province's
recognition decisions and revocation decisions share the sequence of its People's Committee; each
commune's reports follow the commune's. The unique constraint is the last guard against two requests
taking the same number at once.

Only documents the system issues are registered. Imported history (registers.services.confirm) keeps
the numbers it was given and is not checked here: an old register may hold anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedNumber(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "Quyết định công nhận"
        COMMUNE_REPORT = "commune_report", "Báo cáo của UBND cấp xã (Mẫu 03)"
        REVOCATION = "revocation", "Quyết định thu hồi"
        PROGRAMME_REPORT = "programme_report", _("Báo cáo định kỳ thực hiện Chương trình OCOP của xã")

    # A stable key of the issuing body: "tinh-20", "xa-06280", "trung-uong" (names change, codes do not).
    issuer = models.CharField("cơ quan ban hành", max_length=40)
    issuer_name = models.CharField("tên cơ quan", max_length=255)
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số")
    symbol = models.CharField("ký hiệu", max_length=40)  # QĐ-UBND, BC-UBND
    kind = models.CharField("loại văn bản", max_length=20, choices=Kind.choices)
    subject = models.CharField("văn bản", max_length=100)  # "decision:12"
    issued_on = models.DateField("ngày ban hành")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issuer", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], name="numbering_once_per_issuer_year"
            )
        ]
        verbose_name = "số văn bản đã cấp"
        verbose_name_plural = "sổ đăng ký văn bản"

    def __str__(self) -> str:
        return f"{self.number}/{self.symbol} ({self.issuer_name}, {self.year})"
