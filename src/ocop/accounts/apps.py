from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ocop.accounts"
    verbose_name = "Tài khoản"
