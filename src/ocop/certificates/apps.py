from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "ocop.certificates"
    verbose_name = "Quyết định và giấy chứng nhận"
