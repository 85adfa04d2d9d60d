"""Forms of the market-check, self-declaration and revocation-by-list pages: they read what was typed;
every rule is in market.py and batch_revocation.py."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .batch_models import ProductionStop
from .market_models import DeclarationResult, PlaceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MarketCheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DATE)
    place_kind = forms.ChoiceField(label=_("Nơi bán"), choices=PlaceKind.choices)
    place = forms.CharField(label=_("Tên nơi bán, gian hàng, trang bán hàng"), max_length=255)
    address = forms.CharField(label=_("Địa chỉ (nơi bán trực tiếp)"), max_length=255, required=False)
    url = forms.URLField(
        label=_("Địa chỉ trang bán hàng (bán trực tuyến)"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    commune = forms.TypedChoiceField(label=_("Xã, phường"), coerce=int, required=False, empty_value=None)
    sales_point = forms.TypedChoiceField(
        label=_("Điểm bán OCOP"), coerce=int, required=False, empty_value=None
    )
    event = forms.TypedChoiceField(label=_("Hội chợ, sự kiện"), coerce=int, required=False, empty_value=None)
    plan = forms.TypedChoiceField(
        label=_("Thuộc kế hoạch hậu kiểm"), coerce=int, required=False, empty_value=None
    )
    inspectors = forms.CharField(label=_("Thành phần đoàn kiểm tra"), max_length=255)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, choices: dict[str, list[tuple[int, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = [("", "—"), *options]


class FindingForm(forms.Form):
    product_label = forms.CharField(label=_("Tên sản phẩm trên nhãn"), max_length=255)
    producer_label = forms.CharField(label=_("Chủ thể ghi trên nhãn"), max_length=255, required=False)
    certificate_reference = forms.CharField(
        label=_("Số giấy chứng nhận hoặc mã tra cứu trên tem (để trống nếu nhãn không ghi)"),
        max_length=60,
        required=False,
    )
    claimed_star = forms.TypedChoiceField(
        label=_("Hạng sao ghi trên nhãn"), coerce=int, choices=[(s, f"{s} ★") for s in (3, 4, 5, 1, 2)]
    )
    note = forms.CharField(
        label=_("Mô tả hiện trạng, vi phạm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up = forms.CharField(
        label=_("Yêu cầu xử lý (khi có vi phạm)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_deadline = forms.DateField(label=_("Hạn xử lý"), required=False, widget=DATE)


class CloseFindingForm(forms.Form):
    closed_on = forms.DateField(label=_("Ngày kết thúc theo dõi"), widget=DATE)
    closure = forms.CharField(
        label=_("Kết quả xử lý"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class DeclarationForm(forms.Form):
    product = forms.TypedChoiceField(label=_("Sản phẩm"), coerce=int)
    number = forms.CharField(label=_("Số bản tự công bố"), max_length=100)
    declared_on = forms.DateField(label=_("Ngày tự công bố"), widget=DATE)
    standard = forms.CharField(label=_("Tiêu chuẩn, quy chuẩn áp dụng"), max_length=255)
    received_by = forms.CharField(label=_("Cơ quan tiếp nhận"), max_length=255, required=False)

    def __init__(self, *args: Any, products: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = products


class DeclarationCheckForm(forms.Form):
    declaration = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    result = forms.ChoiceField(label=_("Kết quả"), choices=DeclarationResult.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class ProductionStopForm(forms.Form):
    producer = forms.TypedChoiceField(label=_("Chủ thể"), coerce=int)
    product = forms.TypedChoiceField(
        label=_("Sản phẩm (để trống: mọi sản phẩm)"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Tình trạng"), choices=ProductionStop.Kind.choices)
    confirmed_on = forms.DateField(label=_("Ngày xã xác nhận"), widget=DATE)
    reference = forms.CharField(label=_("Văn bản xác nhận của UBND xã"), max_length=100)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(
        self, *args: Any, producers: list[tuple[int, str]], products: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["producer"].choices = producers
        self.fields["product"].choices = [("", "—"), *products]


class BatchProposalForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Nội dung đề nghị"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class BatchDecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=50)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=100)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BatchDismissForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do không thu hồi"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
