"""The report form: kind, year, custom dates, and (central staff only) a province."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from ocop.areas.models import Province
from ocop.web.fields import DayField

from .periods import KIND_LABELS, ReportKind


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại báo cáo",
        choices=[(k.value, f"{vi} / {en}") for k, (vi, en) in KIND_LABELS.items()],
        initial=ReportKind.SIX_MONTH.value,
    )
    year = forms.IntegerField(label="Năm", min_value=2018, max_value=2100, required=False)
    tu = DayField(
        label="Từ ngày (kỳ tùy chọn)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    den = DayField(
        label="Đến ngày (kỳ tùy chọn)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tinh = forms.TypedChoiceField(label="Tỉnh/thành phố", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, national: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if national:
            field = self.fields["tinh"]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = [("", "Toàn quốc / National")] + [
                (p.code, p.name) for p in Province.objects.order_by("name")
            ]
        else:
            # Province users report on their own province; a province asked for in the URL is still
            # passed on, so that another province's report is refused (404) rather than swapped.
            self.fields["tinh"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
