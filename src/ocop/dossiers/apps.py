from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "ocop.dossiers"
    verbose_name = "Hồ sơ đánh giá"
