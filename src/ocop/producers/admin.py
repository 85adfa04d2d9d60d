from django.contrib import admin

from .models import Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune")
    list_filter = ("kind",)
    search_fields = ("name",)
