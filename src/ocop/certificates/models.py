"""Recognition decisions (quyết định công nhận) and certificates (giấy chứng nhận)."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models

# Verification codes are random, not sequential, so one code does not lead to another (issue 4).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from a stamp


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


class Decision(models.Model):
    number = models.CharField("số quyết định", max_length=50)
    signed_on = models.DateField("ngày ký")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_title = models.CharField("chức vụ người ký", max_length=100)
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    province = models.ForeignKey("areas.Province", null=True, on_delete=models.PROTECT)
    level = models.CharField(max_length=20, default="province")
    rulebook_id = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.number


class DecisionItem(models.Model):
    """A product the decision rules on: recognised, approved and proposed to the centre, returned by the
    centre to its province (Art. 7.4g), or not recognised."""

    class Outcome(models.TextChoices):
        RECOGNISED = "recognised", "Công nhận"
        FORWARDED = "forwarded", "Phê duyệt kết quả, đề nghị trung ương đánh giá 5 sao"
        RETURNED = "returned", "Không đạt 5 sao, thông báo UBND tỉnh xem xét (Điều 7.4g)"
        NOT_RECOGNISED = "not_recognised", "Không công nhận"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="items")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="decision_items")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    star = models.PositiveSmallIntegerField(null=True)
    total = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["id"]


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "Còn hiệu lực"
        EXPIRED = "expired", "Hết hiệu lực"
        REVOKED = "revoked", "Đã thu hồi"
        REPLACED = "replaced", "Đã thay bằng giấy chứng nhận mới"

    number = models.CharField("số giấy chứng nhận", max_length=50, unique=True)
    code = models.CharField("mã tra cứu", max_length=16, unique=True, default=new_code)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="certificates")
    dossier = models.OneToOneField(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    product = models.ForeignKey("producers.Product", on_delete=models.PROTECT, related_name="certificates")
    star = models.PositiveSmallIntegerField("hạng sao")
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    rulebook_id = models.CharField(max_length=20)
    scorecard_number = models.PositiveSmallIntegerField()
    # A snapshot: the certificate says what was true when it was issued, whatever changes later.
    product_name = models.CharField(max_length=255)
    producer_name = models.CharField(max_length=255)
    producer_address = models.CharField(max_length=255)
    valid_from = models.DateField("hiệu lực từ")
    valid_until = models.DateField("hiệu lực đến")
    # While a re-rating is pending, 26/2026 Art. 12.3 may keep the certificate valid past valid_until,
    # up to this day (lifecycle.services.sync_extension keeps it; None when not extended).
    extended_until = models.DateField("gia hạn đến (Điều 12.3 QĐ 26/2026)", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VALID)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "giấy chứng nhận"
        verbose_name_plural = "giấy chứng nhận"

    def __str__(self) -> str:
        return f"{self.number} {self.product_name} {self.star}★"


def in_force_q(on: date) -> models.Q:
    """Certificates in force on a day: valid, within their term or their Art. 12.3 extension."""
    return models.Q(status=Certificate.Status.VALID) & (
        models.Q(valid_until__gte=on) | models.Q(extended_until__gte=on)
    )
