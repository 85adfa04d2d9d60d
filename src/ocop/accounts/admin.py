"""The administrator manages accounts, their roles and areas (the workflow itself is not edited here).

Every change made here (a new account, a role, an area, a password, groups) is written to the audit
trail with who made it (audit.admin.AuditedAdmin).
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from ocop.audit.admin import AuditedAdmin

from .models import User


@admin.register(User)
class OcopUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "full_name", "role", "province", "commune", "producer", "is_active")
    list_filter = ("role", "province", "is_active")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("commune", "producer")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("OCOP", {"fields": ("full_name", "phone", "role", "province", "commune", "producer")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("OCOP", {"fields": ("full_name", "role", "province", "commune", "producer")}),
    )


admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass
