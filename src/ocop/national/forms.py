from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PartnerKind, Scope
from .tokens import DEFAULT_VALID_DAYS, MAX_VALID_DAYS


class TokenForm(forms.Form):
    partner = forms.CharField(label=_("Tên đối tác"), max_length=150)
    kind = forms.ChoiceField(label=_("Loại đối tác"), choices=PartnerKind.choices)
    scopes = forms.MultipleChoiceField(
        label=_("Quyền"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_days = forms.IntegerField(
        label=_("Thời hạn (ngày)"), min_value=1, max_value=MAX_VALID_DAYS, initial=DEFAULT_VALID_DAYS
    )


class ExportForm(forms.Form):
    since = forms.DateField(
        label=_("Chỉ các bản ghi thay đổi từ ngày (để trống: toàn bộ sổ)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", "Excel"), ("json", "JSON")])
