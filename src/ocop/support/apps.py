from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "ocop.support"
    verbose_name = "Hỗ trợ chủ thể, tư vấn và phát triển sản phẩm"
