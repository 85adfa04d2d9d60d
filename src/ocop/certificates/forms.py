"""The decision form: which scored products, the decision's number, date and signer's title."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from ocop.web.fields import DayField, IdsField


class DecisionForm(forms.Form):
    dossiers = IdsField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Sản phẩm / Products",
        error_messages={"required": "Chọn ít nhất một sản phẩm. / Pick at least one product."},
    )
    number = forms.CharField(max_length=50, label="Số quyết định / Decision number")
    signed_on = DayField(
        label="Ngày ký / Date signed",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    signer_title = forms.CharField(max_length=100, label="Chức vụ người ký / Signer's title")

    def __init__(self, *args: Any, queue: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dossiers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = queue
