"""The rules of a password (settings.AUTH_PASSWORD_VALIDATORS), with their messages in Vietnamese.

Django's own four checks (length, likeness to the account, the 20 000 most common passwords, digits
only) keep their logic; only their messages are ours, as Django's Vietnamese catalogue lacks them.
One check is added: no password made of this system's own words ("ocopocop2026").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH = 10  # OWASP ASVS 2.1.1 asks for 12 without a second factor; 10 with the checks below
# Words anyone guessing a password for this system tries first (ASVS 2.1.7: context-specific words).
CONTEXT_WORDS = ("ocop", "matkhau", "password", "admin", "quantri", "lanhdao", "ubnd", "hoptacxa", "123456")


class MinimumLength(django_rules.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH) -> None:
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(n)d ký tự.") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("Ít nhất %(n)d ký tự.") % {"n": self.min_length}


class UnlikeTheAccount(django_rules.UserAttributeSimilarityValidator):
    def __init__(self) -> None:
        super().__init__(user_attributes=("username", "full_name", "email", "phone"))

    def get_error_message(self) -> str:
        return _("Mật khẩu quá giống %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Không giống tên đăng nhập, họ tên, email hay số điện thoại.")


class NotCommon(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu này quá phổ biến, dễ bị đoán ra.")

    def get_help_text(self) -> str:
        return _("Không dùng mật khẩu phổ biến.")


class NotOnlyDigits(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Mật khẩu không được chỉ gồm chữ số.")

    def get_help_text(self) -> str:
        return _("Không chỉ gồm chữ số.")


def _plain(text: str) -> str:
    """Lower case, no diacritics (đ → d), letters and digits only: "Mật-Khẩu" → "matkhau"."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in text if not unicodedata.combining(c)))


class NotContextWords:
    """Refuses a password that is little more than words of this system ("ocopocop2026")."""

    def validate(self, password: str, user: Any = None) -> None:
        rest = _plain(password)
        for word in CONTEXT_WORDS:
            rest = rest.replace(word, "")
        if len(rest) < 6 or len(set(rest)) < 4:  # "ocopocop2026" leaves "2026": a year, not a secret
            raise ValidationError(
                _(
                    "Mật khẩu chỉ gồm những từ dễ đoán (như “ocop”, “matkhau”) và chữ số; hãy chọn mật khẩu khác."
                ),
                code="password_context_words",
            )

    def get_help_text(self) -> str:
        return _("Không chỉ gồm những từ dễ đoán như “ocop”, “matkhau” và chữ số.")
