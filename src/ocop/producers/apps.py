from django.apps import AppConfig


class ProducersConfig(AppConfig):
    name = "ocop.producers"
    verbose_name = "Chủ thể và sản phẩm"
