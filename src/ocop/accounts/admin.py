"""The administrator manages accounts, their roles and areas (the workflow itself is not edited here)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class OcopUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "role", "province", "commune", "producer", "is_active")
    list_filter = ("role", "province", "is_active")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("commune", "producer")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("OCOP", {"fields": ("full_name", "phone", "role", "province", "commune", "producer")}),
    )
