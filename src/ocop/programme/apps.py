from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "ocop.programme"
    verbose_name = "Kế hoạch, mục tiêu, sự kiện và đào tạo"
