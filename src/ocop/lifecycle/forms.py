from __future__ import annotations

from typing import Any

from django import forms

from ocop.web.fields import DayField

from .models import CHECK_ITEMS, CHECK_RESULTS


class ProposeRevocationForm(forms.Form):
    ground = forms.ChoiceField(label="Căn cứ thu hồi / Ground")
    note = forms.CharField(label="Nội dung đề nghị / Reasons", widget=forms.Textarea(attrs={"rows": 3}))
    inspection = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, grounds: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [(k, f"{k}) {v}") for k, v in grounds.items()]


class DecideRevocationForm(forms.Form):
    number = forms.CharField(label="Số quyết định / Decision number", max_length=50, required=False)
    decided_on = DayField(label="Ngày quyết định / Date", widget=forms.DateInput(attrs={"type": "date"}))
    signer_title = forms.CharField(label="Chức vụ người ký / Signer title", max_length=100, required=False)
    note = forms.CharField(label="Ghi chú / Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DismissRevocationForm(forms.Form):
    note = forms.CharField(label="Lý do không thu hồi / Reason", widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(forms.Form):
    year = forms.IntegerField(label="Năm / Year", min_value=2000, max_value=2100)
    title = forms.CharField(label="Tên kế hoạch / Title", max_length=255)
    number = forms.CharField(label="Số kế hoạch / Number", max_length=50, required=False)


class PlanItemForm(forms.Form):
    certificate = forms.ChoiceField(label="Sản phẩm / Product")
    planned_on = DayField(label="Ngày dự kiến / Date", widget=forms.DateInput(attrs={"type": "date"}))
    unannounced = forms.BooleanField(label="Đột xuất / Unannounced", required=False)

    def __init__(self, *args: Any, certificates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certificate"].choices = certificates


class InspectionForm(forms.Form):
    inspected_on = DayField(label="Ngày kiểm tra / Date", widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.CharField(label="Thành phần đoàn kiểm tra / Inspectors", max_length=255)
    unannounced = forms.BooleanField(label="Kiểm tra đột xuất / Unannounced", required=False)
    findings = forms.CharField(label="Kết luận / Findings", widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_required = forms.BooleanField(label="Yêu cầu khắc phục / Follow-up required", required=False)
    follow_up = forms.CharField(
        label="Nội dung khắc phục / Follow-up", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_deadline = DayField(
        label="Hạn khắc phục / Deadline", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in CHECK_ITEMS.items():
            self.fields[f"check_{code}"] = forms.ChoiceField(
                label=label, choices=list(CHECK_RESULTS.items()), initial="not_checked"
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label="Ghi chú / Note", required=False, max_length=500
            )

    def check_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"check_{code}"], self[f"note_{code}"]) for code in CHECK_ITEMS]

    def checks(self) -> dict[str, tuple[str, str]]:
        return {
            code: (self.cleaned_data[f"check_{code}"], self.cleaned_data.get(f"note_{code}") or "")
            for code in CHECK_ITEMS
        }
