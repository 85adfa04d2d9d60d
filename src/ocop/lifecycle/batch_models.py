"""Revocation by list (26/2026 Art. 8): the commune's confirmations that a producer stopped producing
or was dissolved (the basis of ground đ and the start of its 15 days, Art. 8.4), and a list of
certificates proposed together and decided in one decision. Each certificate on the list keeps its
own `Revocation` row (`Revocation.batch`), so the verification page, the reports and the public list
read a revocation by list as any other.

Imported by `lifecycle.models`, so Django registers these models with the lifecycle app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductionStop(models.Model):
    """The commune's confirmation that a producer no longer produces (one product, or all of them)."""

    class Kind(models.TextChoices):
        STOPPED = "stopped", _("Ngừng sản xuất sản phẩm")
        DISSOLVED = "dissolved", _("Giải thể, chấm dứt hoạt động")

    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="production_stops"
    )
    product = models.ForeignKey(
        "producers.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="production_stops"
    )
    kind = models.CharField(_("tình trạng"), max_length=20, choices=Kind.choices)
    confirmed_on = models.DateField(_("ngày xã xác nhận"))
    reference = models.CharField(_("văn bản xác nhận của UBND xã"), max_length=100)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_on", "-pk"]
        verbose_name = _("xác nhận ngừng sản xuất")
        verbose_name_plural = _("xác nhận ngừng sản xuất")


class RevocationBatch(models.Model):
    """A list of certificates proposed for revocation together, and the one decision on it."""

    class Kind(models.TextChoices):
        STOPPED = "stopped", _("Chủ thể không còn sản xuất, đã giải thể")
        NOT_RERATED = "not_rerated", _("Hết hiệu lực, không đánh giá lại")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị thu hồi")
        DECIDED = "decided", _("Đã quyết định thu hồi")
        DISMISSED = "dismissed", _("Không thu hồi")

    province = models.ForeignKey(
        "areas.Province", on_delete=models.PROTECT, related_name="revocation_batches"
    )
    kind = models.CharField(_("danh sách"), max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    rulebook_id = models.CharField(max_length=20)
    ground = models.CharField(_("căn cứ thu hồi"), max_length=4)
    ground_text = models.CharField(max_length=255)
    note = models.TextField(_("nội dung đề nghị"))
    # The proposal form's one-time token: the same list sent twice is one proposal.
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    decision_note = models.TextField(_("ghi chú"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("danh sách đề nghị thu hồi")
        verbose_name_plural = _("danh sách đề nghị thu hồi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.proposed_at:%d/%m/%Y})"
