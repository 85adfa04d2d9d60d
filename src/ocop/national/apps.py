from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "ocop.national"
    verbose_name = "Kết nối hệ thống OCOP quốc gia"
