"""Forms of the support pages. They only read what was typed; every rule is the services'. Money is
read by `money.parse_dong` (whole đồng, thousands grouped with dots), whose refusal names the field."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Consultant, ConsultingField, FundingSource, PlanAction, SupportKind
from .money import parse_dong

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})


def money_field(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=40, widget=MONEY)


class MoneyForm(forms.Form):
    """A form whose `MONEY_FIELDS` are read as đồng; `amounts()` raises StepRefused for a bad one."""

    MONEY_FIELDS: tuple[str, ...] = ()

    def amounts(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for name in self.MONEY_FIELDS:
            raw = self.cleaned_data.get(name) or ""
            out[name] = parse_dong(raw, str(self.fields[name].label)) if raw.strip() else None
        return out


class ProgrammeForm(MoneyForm):
    MONEY_FIELDS = ("budget", "max_per_application")

    title = forms.CharField(label=_("Tên chương trình hỗ trợ"), max_length=255)
    kind = forms.ChoiceField(label=_("Nội dung hỗ trợ"), choices=SupportKind.choices)
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý (nghị quyết, quyết định, kế hoạch)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    funding_source = forms.ChoiceField(label=_("Nguồn kinh phí"), choices=FundingSource.choices)
    funding_detail = forms.CharField(label=_("Chương trình, dự án lồng ghép"), max_length=255, required=False)
    starts_on = forms.DateField(label=_("Nhận đơn từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE)
    budget = money_field(_("Tổng kinh phí (đồng)"))
    max_per_application = money_field(_("Mức hỗ trợ tối đa một đơn (đồng)"), required=False)
    max_share_percent = forms.IntegerField(
        label=_("Tỷ lệ hỗ trợ tối đa so với chi phí (%)"), min_value=1, max_value=100, required=False
    )
    description = forms.CharField(
        label=_("Đối tượng, điều kiện hỗ trợ"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ApplicationForm(MoneyForm):
    MONEY_FIELDS = ("cost", "requested")

    token = forms.UUIDField(widget=forms.HiddenInput)
    product = forms.TypedChoiceField(label=_("Sản phẩm"), coerce=int, required=False, empty_value=None)
    activity = forms.CharField(
        label=_("Nội dung đề nghị hỗ trợ"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    cost = money_field(_("Tổng chi phí thực hiện (đồng)"))
    requested = money_field(_("Số tiền đề nghị hỗ trợ (đồng)"))

    def __init__(self, *args: Any, products: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", _("— Không gắn với một sản phẩm —")), *products]
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class DecisionForm(MoneyForm):
    MONEY_FIELDS = ("granted",)

    decision = forms.ChoiceField(
        label=_("Quyết định"), choices=[("approve", _("Duyệt hỗ trợ")), ("refuse", _("Không duyệt"))]
    )
    granted = money_field(_("Số tiền được hỗ trợ (đồng)"), required=False)
    reference = forms.CharField(label=_("Văn bản phê duyệt (số, ngày)"), max_length=100, required=False)
    reasons = forms.CharField(
        label=_("Ý kiến, lý do (bắt buộc khi không duyệt)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class DisbursementForm(MoneyForm):
    MONEY_FIELDS = ("amount",)

    token = forms.UUIDField(widget=forms.HiddenInput)
    amount = money_field(_("Số tiền giải ngân (đồng)"))
    paid_on = forms.DateField(label=_("Ngày giải ngân"), widget=DATE)
    reference = forms.CharField(label=_("Số chứng từ"), max_length=100)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class ConsultantForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị, chuyên gia tư vấn"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=Consultant.Kind.choices)
    specialities = forms.MultipleChoiceField(
        label=_("Lĩnh vực tư vấn"), choices=ConsultingField.choices, widget=forms.CheckboxSelectMultiple
    )
    qualifications = forms.CharField(
        label=_("Năng lực, kinh nghiệm (chứng chỉ, sản phẩm đã tư vấn)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(label=_("Liên hệ"), max_length=255, required=False)


class EngagementForm(forms.Form):
    producer = forms.TypedChoiceField(label=_("Chủ thể"), coerce=int)
    product = forms.TypedChoiceField(label=_("Sản phẩm"), coerce=int, required=False, empty_value=None)
    subject = forms.CharField(label=_("Nội dung tư vấn"), max_length=255)
    started_on = forms.DateField(label=_("Từ ngày"), widget=DATE)
    ended_on = forms.DateField(label=_("Đến ngày"), widget=DATE, required=False)

    def __init__(
        self, *args: Any, producers: list[tuple[int, str]], products: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producer"].choices = producers
        self.fields["product"].choices = [("", _("— Mọi sản phẩm của chủ thể —")), *products]


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tên kế hoạch, đề án"), max_length=255)
    reference = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DATE)
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DATE)
    target_products = forms.IntegerField(label=_("Số sản phẩm mục tiêu"), min_value=1, max_value=100000)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanItemForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Sản phẩm"), coerce=int)
    action = forms.ChoiceField(label=_("Nội dung"), choices=PlanAction.choices)
    target_star = forms.TypedChoiceField(
        label=_("Hạng sao mục tiêu"), coerce=int, choices=[(3, "3 ★"), (4, "4 ★"), (5, "5 ★")]
    )
    consultant = forms.TypedChoiceField(
        label=_("Đơn vị tư vấn"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(
        self, *args: Any, products: list[tuple[int, str]], consultants: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = products
        self.fields["consultant"].choices = [("", _("— Không —")), *consultants]
