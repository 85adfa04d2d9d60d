"""No silent lost update (issue 10): records two officials may open at once carry a version.

A form sends back the version it was loaded at. The service locks the row, and when the stored
version moved on meanwhile it refuses the save with who changed what, and when (from the audit trail,
where every versioned save writes its changes and its new version); nothing is written. Otherwise it
writes, raises the version and records the changes.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.errors import StepRefused


def version_field() -> models.PositiveIntegerField:  # type: ignore[type-arg]
    return models.PositiveIntegerField("phiên bản", default=1, editable=False)


def values(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The fields as the trail keeps them (relations by id, everything else as text)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        out[name] = value if isinstance(value, bool | int | type(None)) else str(value)
    return out


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def check(instance: Any, seen: int | None, subject: str) -> None:
    """Refuse the save when the locked `instance` is no longer at the version the form was loaded at."""
    if seen is None or instance.version == seen:
        return
    later = [
        e
        for e in AuditEvent.objects.filter(subject=subject).select_related("actor").order_by("id")
        if int(e.data.get("version") or 0) > seen
    ]
    parts = []
    for event in later:
        changes = ", ".join(
            f"{k}: {old!r} → {new!r}" for k, (old, new) in event.data.get("changes", {}).items()
        )
        at = timezone.localtime(event.at)
        parts.append(
            f"{event.actor or 'hệ thống'} lúc {at:%H:%M:%S %d/%m/%Y}" + (f" ({changes})" if changes else "")
        )
    meanwhile = "; ".join(parts) or "người khác"
    raise StepRefused(
        f"Bản ghi đã được sửa trong lúc bạn mở trang: {meanwhile}. Không có gì được lưu; hãy tải lại "
        "trang để xem bản mới rồi sửa lại",
        f"the record changed since you opened it (version {seen} → {instance.version}); nothing was saved",
    )
