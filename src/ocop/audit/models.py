"""The audit trail: every decision that matters, with who, when and what changed.

Append-only: a row is written once by `record` in the transaction of the change it describes and never
edited or deleted. The model refuses `save()` of an existing row, `delete()`, and the queryset's
`update()`/`delete()`; on PostgreSQL a trigger (migration 0003) refuses UPDATE and DELETE from any
client, raw SQL included.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnly(Exception):
    """An attempt to change or remove an audit event."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("the audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the audit trail is append-only")


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

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the audit trail is append-only")


def record(actor: Any, action: str, *, dossier: Any = None, subject: str = "", **data: Any) -> AuditEvent:
    """Write one event; call it inside the transaction of the change, never from a signal."""
    return AuditEvent.objects.create(actor=actor, action=action, dossier=dossier, subject=subject, data=data)
