from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class StampRequestForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Sản phẩm"), coerce=int)
    lot = forms.CharField(label=_("Số lô"), max_length=20)
    quantity = forms.IntegerField(label=_("Số lượng tem"), min_value=1)
    produced_on = forms.DateField(label=_("Ngày sản xuất"), widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label=_("Hạn sử dụng"), widget=forms.DateInput(attrs={"type": "date"}))
    gtin = forms.CharField(label=_("Mã GTIN (mã vạch sản phẩm, nếu có)"), max_length=20, required=False)

    def __init__(self, *args: Any, products: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(p.pk, p.name) for p in products]
        self.fields["quantity"].widget.attrs["inputmode"] = "numeric"
