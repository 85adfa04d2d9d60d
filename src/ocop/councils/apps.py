from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "ocop.councils"
    verbose_name = "Hội đồng và phiên họp"
