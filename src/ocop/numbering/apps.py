from django.apps import AppConfig


class NumberingConfig(AppConfig):
    name = "ocop.numbering"
    verbose_name = "Sổ đăng ký văn bản"
