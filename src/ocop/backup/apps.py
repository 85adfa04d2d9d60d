from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "ocop.backup"
    verbose_name = "Sao lưu và phục hồi"
