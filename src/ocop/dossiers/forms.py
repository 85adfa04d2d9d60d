"""Forms of the dossier pages. They parse input; every rule is checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms

from ocop.core.rulebooks import EVALUATION_KINDS
from ocop.producers.models import Product
from ocop.web.fields import DayField

from .models import CommuneAssessment
from .services import follow_up_certificates

REQUIRED = "Vui lòng nhập thông tin này / this field is required"
ENGLISH = {
    "kind": "Evaluation type",
    "previous_certificate": "Previous certificate",
    "file": "File",
    "report_number": "Report number",
    "raw_materials": "Local raw materials",
    "labour": "Local labour",
    "idea_origin": "Origin of the product idea",
    "local_identity": "Local identity and know-how",
    "proposal": "Proposal to the province",
    "reasons": "What to complete, and how",
    "inspected_on": "Date",
    "inspectors": "Inspection team",
    "minutes": "Minutes",
    "exemptions": "Conditions of the scorecard that hold for this product",
    "basis": "Legal basis",
}


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = REQUIRED
            field.help_text = ENGLISH.get(name, "")


class StartForm(_Form):
    kind = forms.ChoiceField(label="Loại đánh giá", choices=list(EVALUATION_KINDS.items()), initial="first")
    previous_certificate = forms.ModelChoiceField(
        label="Giấy chứng nhận trước (nâng hạng, đánh giá lại)",
        queryset=None,
        required=False,
        empty_label="— không có —",
    )

    def __init__(self, product: Product, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["previous_certificate"]
        field.queryset = follow_up_certificates(product)  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: (  # type: ignore[attr-defined]
            f"{c.number} — {c.star}★, hiệu lực đến {c.valid_until:%d/%m/%Y} ({c.get_status_display()})"
        )
        field.error_messages["invalid_choice"] = "Giấy chứng nhận không hợp lệ / unknown certificate"
        self.fields["kind"].error_messages["invalid_choice"] = (
            "Loại đánh giá không hợp lệ / unknown evaluation kind"
        )


class UploadForm(_Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label="Tệp (PDF, JPG, PNG, DOCX, XLSX)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "Chưa chọn tệp / no file chosen"
        self.fields["file"].error_messages["empty"] = "Tệp rỗng / the file is empty"


def _text(name: str, rows: int = 4, required: bool = True) -> forms.CharField:
    label = str(CommuneAssessment._meta.get_field(name).verbose_name)
    return forms.CharField(
        label=label[:1].upper() + label[1:], widget=forms.Textarea(attrs={"rows": rows}), required=required
    )


class CommuneReportForm(_Form):
    report_number = forms.CharField(label="Số báo cáo (ví dụ 15/BC-UBND)", max_length=50)
    raw_materials = _text("raw_materials")
    labour = _text("labour")
    idea_origin = _text("idea_origin")
    local_identity = _text("local_identity")
    proposal = _text("proposal", rows=2, required=False)


class ReturnForm(_Form):
    reasons = forms.CharField(
        label="Nội dung cần hoàn thiện và cách hoàn thiện", widget=forms.Textarea(attrs={"rows": 4})
    )


class InspectionForm(_Form):
    inspected_on = DayField(
        label="Ngày khảo sát",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Ngày không hợp lệ / invalid date"},
    )
    inspectors = forms.CharField(label="Thành phần đoàn khảo sát", max_length=500)
    minutes = forms.CharField(label="Biên bản khảo sát thực tế", widget=forms.Textarea(attrs={"rows": 6}))


class ExemptionsForm(_Form):
    """Which of the scorecard's own conditions hold for the product (e.g. card 21 §7)."""

    exemptions = forms.MultipleChoiceField(
        label="Điều kiện của phiếu đúng với sản phẩm này",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    basis = forms.CharField(
        label="Căn cứ (văn bản quy định, kết quả thẩm định)", max_length=500, required=False
    )

    def __init__(self, *args: Any, dossier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(e.id, f"{e.condition} (tiêu chí {e.criterion})") for e in dossier.scorecard.exemptions()]
        self.fields["exemptions"].choices = choices  # type: ignore[attr-defined]
