"""Changes made in the admin go into the same audit trail as the workflow's (issue 10).

`AuditedAdmin` records every addition, change (with each changed field's old and new value, many-to-many
fields included) and deletion, in the admin's own transaction. The account admin uses it, so creating a
user who may sign decisions, or giving a role or an area, is in the trail with who did it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from .models import record

# Never written into the trail, whatever admin shows them (a password hash is a secret).
SECRET_FIELDS = {"password"}


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The fields' values as the trail keeps them: primary keys for relations, text for the rest."""
    values: dict[str, Any] = {}
    for name in fields:
        if name in SECRET_FIELDS:
            continue
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(obj, name).all()) if obj.pk else []
        elif field.is_relation:
            values[name] = getattr(obj, field.attname)
        else:
            value = getattr(obj, name)
            values[name] = value if isinstance(value, bool | int | type(None)) else str(value)
    return values


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def _subject(self, obj: models.Model) -> str:
        return f"{obj._meta.label_lower}:{obj.pk}"

    def _fields(self, form: ModelForm) -> list[str]:  # type: ignore[type-arg]
        concrete = {f.name for f in form.instance._meta.get_fields() if f.concrete}
        return [name for name in form.fields if name in concrete]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before: dict[str, Any] = {}
        if change and obj.pk:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            before = snapshot(stored, self._fields(form))
        obj._audit_before = before
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(obj, "_audit_before", {})
        after = snapshot(obj, self._fields(form))
        changes = {k: [before.get(k), v] for k, v in after.items() if not change or before.get(k) != v}
        if "password" in form.changed_data or (not change and "password1" in form.fields):
            changes["password"] = ["…", "…"]  # that it changed, never the value
        record(
            request.user,
            f"admin.{'change' if change else 'add'}",
            subject=self._subject(obj),
            model=obj._meta.label_lower,
            object=str(obj),
            changes=changes,
        )

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        # The admin's password form saves outside save_model (no snapshot): its change is the password.
        if not hasattr(obj, "_audit_before"):
            record(
                request.user,
                "admin.password",
                subject=self._subject(obj),
                model=obj._meta.label_lower,
                object=str(obj),
            )
        return super().log_change(request, obj, message)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request: HttpRequest, obj: Any) -> None:
        fields = [f.name for f in obj._meta.concrete_fields]
        record(
            request.user,
            "admin.delete",
            subject=self._subject(obj),
            model=obj._meta.label_lower,
            object=str(obj),
            before=snapshot(obj, fields),
        )
