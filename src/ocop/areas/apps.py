from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "ocop.areas"
    verbose_name = "Đơn vị hành chính"
