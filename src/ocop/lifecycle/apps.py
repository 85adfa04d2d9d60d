from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "ocop.lifecycle"
    verbose_name = "Theo dõi sau chứng nhận"
