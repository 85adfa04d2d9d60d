from django.contrib import admin

from ocop.audit.admin import AuditedAdmin

from .models import Producer


@admin.register(Producer)
class ProducerAdmin(AuditedAdmin):
    list_display = ("name", "kind", "commune")
    list_filter = ("kind",)
    search_fields = ("name",)
