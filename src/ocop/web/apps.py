from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ocop.web"
    verbose_name = "Giao diện web"
