from django.apps import AppConfig


class StampsConfig(AppConfig):
    name = "ocop.stamps"
    verbose_name = "Tem truy xuất nguồn gốc"
