"""Forms for province staff. Messages in Vietnamese, English after them."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from ocop.areas.models import Commune
from ocop.producers.models import Product
from ocop.web.fields import IdsField

from .models import SalesPoint

REQUIRED = "Vui lòng nhập mục này. / This field is required."
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


class SalesPointForm(forms.ModelForm):  # type: ignore[type-arg]
    products = IdsField(
        label="Sản phẩm bán tại điểm",
        queryset=Product.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Sản phẩm %(value)s không được chọn. / Product not allowed."},
    )
    # The version the form was opened at (ocop.versions): a save over someone else's change is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = SalesPoint
        fields = [
            "name",
            "kind",
            "location",
            "operator",
            "address",
            "commune",
            "phone",
            "opening_hours",
            "active",
        ]
        error_messages = {
            "name": {"required": "Vui lòng nhập tên điểm bán. / Name is required."},
            "address": {"required": "Vui lòng nhập địa chỉ. / Address is required."},
            "kind": {"invalid_choice": "Loại điểm bán không hợp lệ. / Invalid kind."},
            "location": {"invalid_choice": "Vị trí không hợp lệ. / Invalid location."},
            "commune": {
                "invalid_choice": "Xã/phường không thuộc tỉnh của bạn. / Commune not in your province."
            },
        }

    def __init__(self, *args: Any, province_id: int, product_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(province=province_id).order_by("name")  # type: ignore[attr-defined]
        self.fields["products"].queryset = product_choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["products"] = list(self.instance.carried.values_list("product_id", flat=True))
            self.initial["version"] = self.instance.version

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError("Tên điểm bán quá ngắn. / The name is too short.")
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Số điện thoại chỉ gồm chữ số (8–20 ký tự). / Phone: digits only, 8–20 characters."
            )
        return phone


class StoryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    story = forms.CharField(
        label="Câu chuyện sản phẩm",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=5000,
        error_messages={
            "required": "Vui lòng nhập câu chuyện sản phẩm. / The story is required.",
            "max_length": "Câu chuyện dài tối đa 5000 ký tự. / At most 5000 characters.",
        },
    )
    photo = forms.ImageField(
        label="Ảnh sản phẩm (không bắt buộc)",
        required=False,
        error_messages={"invalid_image": "Tệp không phải ảnh hợp lệ. / Not a valid image."},
    )

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 3 * 1024 * 1024:
            raise forms.ValidationError("Ảnh lớn hơn 3 MB. / The photo is larger than 3 MB.")
        return photo
