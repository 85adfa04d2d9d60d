from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ocop.accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import mark_signed_in

        user_logged_in.connect(mark_signed_in, dispatch_uid="ocop.accounts.mark_signed_in")
