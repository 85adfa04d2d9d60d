from django.contrib import admin

from ocop.audit.admin import AuditedAdmin

from .models import Commune, Province


@admin.register(Province)
class ProvinceAdmin(AuditedAdmin):
    list_display = ("code", "name")
    search_fields = ("name",)


@admin.register(Commune)
class CommuneAdmin(AuditedAdmin):
    list_display = ("code", "name", "province")
    list_filter = ("province",)
    search_fields = ("name",)
