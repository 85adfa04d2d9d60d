"""The audit trail: every decision that matters, with who, when and what changed. Rows are never edited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.PROTECT
    )
    action = models.CharField("thao tác", max_length=50)
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    subject = models.CharField("đối tượng", max_length=100, blank=True)  # e.g. "certificate:12"
    data = models.JSONField("nội dung", default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action}"


def record(actor: Any, action: str, *, dossier: Any = None, subject: str = "", **data: Any) -> AuditEvent:
    return AuditEvent.objects.create(actor=actor, action=action, dossier=dossier, subject=subject, data=data)
