"""Forms of the producer portal: sign-up and product registration. Rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from ocop.accounts.models import User
from ocop.areas.models import Commune
from ocop.core.rulebooks import Rulebook
from ocop.producers.models import ProducerKind

from .services import scorecards_by_group

REQUIRED = "Vui lòng nhập thông tin này / this field is required"
ENGLISH = {
    "name": "Name",
    "kind": "Kind of producer",
    "registration_number": "Business registration / tax number",
    "commune": "Commune",
    "address": "Address",
    "representative": "Legal representative",
    "position": "Position",
    "representative_sex": "Sex",
    "representative_ethnicity": "Ethnicity",
    "representative_residence": "Permanent address",
    "phone": "Phone",
    "email": "E-mail",
    "username": "Username",
    "password1": "Password",
    "password2": "Repeat the password",
    "scorecard_number": "Product group and subgroup",
    "description": "Short description",
}


def _english(form: forms.Form) -> None:
    for name, field in form.fields.items():
        field.help_text = ENGLISH.get(name, "")
        field.error_messages["required"] = REQUIRED


def _commune_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    grouped: dict[str, list[tuple[int, str]]] = {}
    for c in Commune.objects.select_related("province").order_by("province__name", "name"):
        grouped.setdefault(c.province.name, []).append((c.pk, c.name))
    return list(grouped.items())


class SignUpForm(forms.Form):
    name = forms.CharField(label="Tên chủ thể", max_length=255)
    kind = forms.ChoiceField(label="Loại hình", choices=[("", "— chọn —"), *ProducerKind.choices])
    registration_number = forms.CharField(
        label="Số đăng ký kinh doanh / mã số thuế", max_length=50, required=False
    )
    commune = forms.TypedChoiceField(label="Xã, phường nơi sản xuất", coerce=int)
    address = forms.CharField(label="Địa chỉ", max_length=255)
    representative = forms.CharField(label="Người đại diện theo pháp luật", max_length=150)
    position = forms.CharField(label="Chức vụ", max_length=100, required=False)
    representative_sex = forms.ChoiceField(
        label="Giới tính người đại diện", choices=[("", "— chọn —"), ("Nam", "Nam"), ("Nữ", "Nữ")]
    )
    representative_ethnicity = forms.CharField(label="Dân tộc", max_length=50)
    representative_residence = forms.CharField(label="Địa chỉ thường trú", max_length=255)
    phone = forms.RegexField(
        label="Điện thoại",
        regex=r"^\+?[0-9 .]{9,15}$",
        error_messages={"invalid": "Số điện thoại không hợp lệ / invalid phone number"},
    )
    email = forms.EmailField(
        label="Email", error_messages={"invalid": "Địa chỉ email không hợp lệ / invalid e-mail address"}
    )
    username = forms.RegexField(
        label="Tên đăng nhập",
        regex=r"^[a-z0-9._-]{3,40}$",
        error_messages={
            "invalid": "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (3–40 ký tự) "
            "/ lowercase letters, digits, . _ - only"
        },
    )
    password1 = forms.CharField(label="Mật khẩu", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Nhập lại mật khẩu", widget=forms.PasswordInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", "— chọn xã, phường —"), *_commune_choices()]
        _english(self)
        self.fields["commune"].error_messages["invalid_choice"] = "Xã, phường không hợp lệ / unknown commune"
        self.fields["kind"].error_messages["invalid_choice"] = (
            "Loại hình không hợp lệ / unknown kind of producer"
        )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("Tên đăng nhập đã có người dùng / this username is taken")
        return username

    def clean_commune(self) -> Commune:
        try:
            return Commune.objects.select_related("province").get(pk=self.cleaned_data["commune"])
        except Commune.DoesNotExist:
            raise ValidationError("Xã, phường không hợp lệ / unknown commune") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Hai mật khẩu không khớp / the passwords differ")
        elif p1:
            # The rules of every password (settings.AUTH_PASSWORD_VALIDATORS): 10 characters, unlike the
            # user name, e-mail, representative's name and phone, not a common or a guessable one.
            applicant = User(
                username=data.get("username", ""),
                email=data.get("email", ""),
                full_name=data.get("representative", ""),
                phone=data.get("phone", ""),
            )
            try:
                validate_password(p1, user=applicant)
            except ValidationError as e:
                for message in e.messages:
                    self.add_error("password1", message)
        return data


class ProductForm(forms.Form):
    name = forms.CharField(label="Tên sản phẩm", max_length=255)
    scorecard_number = forms.TypedChoiceField(label="Nhóm, phân nhóm sản phẩm", coerce=int)
    description = forms.CharField(
        label="Mô tả ngắn", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, rulebook: Rulebook, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scorecard_number"].choices = [("", "— chọn —"), *scorecards_by_group(rulebook)]
        _english(self)
        self.fields["name"].help_text = "Product name"
        self.fields["scorecard_number"].error_messages["invalid_choice"] = (
            "Nhóm sản phẩm không hợp lệ / unknown product group"
        )
