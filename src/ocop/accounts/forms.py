"""Forms of signing in and of one's own account. Texts are Vietnamese, marked for translation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.web.public import absolute

REQUIRED = _("Vui lòng nhập thông tin này.")


class SignInForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khoá. Hãy liên hệ cán bộ quản trị."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED


class OneTimeCodeInput(forms.TextInput):
    """A code is used once: a refused one is not shown again."""

    def format_value(self, value: Any) -> None:
        return None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=20,
        error_messages={"required": REQUIRED},
        widget=OneTimeCodeInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "size": 10}
        ),
        help_text=_("6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng."),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, whose e-mail link is built from the public address, never the Host header."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Địa chỉ email của tài khoản")
        self.fields["email"].error_messages["required"] = REQUIRED
        self.fields["email"].error_messages["invalid"] = _("Địa chỉ email không hợp lệ.")

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        context["reset_url"] = absolute(
            reverse("password_reset_confirm", args=[context["uid"], context["token"]])
        )
        context["site_url"] = absolute("/")
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()
