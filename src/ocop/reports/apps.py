from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ocop.reports"
    verbose_name = "Báo cáo định kỳ"
