"""Forms of the cycle's pages. They parse and bound the input; every rule is checked by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.rulebooks import EVALUATION_KINDS, Rulebook
from ocop.producers.services import scorecards_by_group

from .models import BusinessPlan, CycleSettings, Idea, IdeaOrigin, PotentialProduct, Review
from .services import MAX_AMOUNT, MAX_NAME, MAX_TEXT, IdeaFields, SurveyFields

REQUIRED = _("Vui lòng nhập thông tin này")


def _label(model: Any, name: str) -> str:
    label = str(model._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _area(model: Any, name: str, rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=_label(model, name),
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class _Form(forms.Form):
    """Vietnamese messages for the checks Django does before the service sees anything."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
            field.error_messages["invalid"] = _("Giá trị không hợp lệ")
            field.error_messages["invalid_choice"] = _("Lựa chọn không hợp lệ")
            field.error_messages["max_length"] = _("Dài quá giới hạn cho phép")
            field.error_messages["max_value"] = _("Lớn quá giới hạn cho phép")
            field.error_messages["min_value"] = _("Nhỏ quá giới hạn cho phép")


class VersionField(forms.IntegerField):
    """The version of the record the form was loaded at (ocop.versions), sent back on save."""

    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)


def scorecard_choices(rulebook: Rulebook) -> list[Any]:
    return [("", _("— chọn —")), *scorecards_by_group(rulebook)]


class IdeaForm(_Form):
    product = forms.ModelChoiceField(
        label=_("Phát triển sản phẩm đã có (để trống nếu là sản phẩm mới)"),
        queryset=None,
        required=False,
        empty_label=_("— sản phẩm mới —"),
    )
    producer = forms.ModelChoiceField(
        label=_("Chủ thể thực hiện (hợp tác xã, tổ hợp tác…), nếu đã có"),
        queryset=None,
        required=False,
        empty_label=_("— chưa có —"),
    )
    name = forms.CharField(label=_label(Idea, "name"), max_length=MAX_NAME, required=False)
    scorecard_number = forms.TypedChoiceField(
        label=_label(Idea, "scorecard_number"), coerce=int, required=False
    )
    origin = forms.ChoiceField(
        label=_label(Idea, "origin"), choices=IdeaOrigin.choices, widget=forms.RadioSelect
    )
    description = _area(Idea, "description", rows=4, required=True)
    raw_materials = _area(Idea, "raw_materials")
    market = _area(Idea, "market")
    version = VersionField()

    def __init__(
        self, *args: Any, rulebook: Rulebook, products: Any = None, producers: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scorecard_number"].choices = scorecard_choices(rulebook)  # type: ignore[attr-defined]
        for name, queryset in (("product", products), ("producer", producers)):
            if queryset is None:
                del self.fields[name]
            else:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def idea_fields(self) -> IdeaFields:
        data = self.cleaned_data
        return IdeaFields(
            name=data.get("name") or "",
            scorecard_number=data.get("scorecard_number") or None,
            origin=data.get("origin") or "",
            description=data.get("description") or "",
            raw_materials=data.get("raw_materials") or "",
            market=data.get("market") or "",
        )


class _DecisionForm(_Form):
    """A decision with its reasons, at the version of the record the page showed."""

    decision = forms.ChoiceField(widget=forms.RadioSelect)
    note = forms.CharField(required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class IdeaReviewForm(_DecisionForm):
    producer = forms.ModelChoiceField(
        label=_("Chủ thể thực hiện ý tưởng cộng đồng"),
        queryset=None,
        required=False,
        empty_label=_("— chưa có —"),
    )

    def __init__(self, *args: Any, producers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = _("Ý kiến của UBND xã")
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            (Review.Decision.FORWARD, _("Chuyển tỉnh")),
            (Review.Decision.RETURN, _("Trả lại để bổ sung")),
            (Review.Decision.DECLINE, _("Không chọn")),
        ]
        self.fields["note"].label = _("Nội dung (bắt buộc khi trả lại hoặc không chọn)")
        if producers is None:
            del self.fields["producer"]
        else:
            self.fields["producer"].queryset = producers  # type: ignore[attr-defined]


def _amount(name: str, minimum: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=_label(BusinessPlan, name), required=False, min_value=minimum, max_value=MAX_AMOUNT
    )


class PlanForm(_Form):
    raw_materials = _area(BusinessPlan, "raw_materials")
    technology = _area(BusinessPlan, "technology")
    market = _area(BusinessPlan, "market")
    output = forms.CharField(label=_label(BusinessPlan, "output"), max_length=MAX_NAME, required=False)
    labour = forms.IntegerField(
        label=_label(BusinessPlan, "labour"), required=False, min_value=0, max_value=10**6
    )
    investment = _amount("investment")
    funding = _area(BusinessPlan, "funding", rows=2)
    revenue = _amount("revenue")
    profit = _amount("profit", minimum=-MAX_AMOUNT)
    schedule = _area(BusinessPlan, "schedule")
    support = _area(BusinessPlan, "support", rows=2)
    version = VersionField()


class PlanReviewForm(_DecisionForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = _("Ý kiến của cơ quan OCOP tỉnh")
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            (Review.Decision.APPROVE, _("Phê duyệt")),
            (Review.Decision.RETURN, _("Trả lại để hoàn thiện")),
        ]
        self.fields["note"].label = _("Nội dung (bắt buộc khi trả lại)")


class SurveyForm(_Form):
    name = forms.CharField(label=_label(PotentialProduct, "name"), max_length=MAX_NAME)
    scorecard_number = forms.TypedChoiceField(label=_label(PotentialProduct, "scorecard_number"), coerce=int)
    raw_material_area = _area(PotentialProduct, "raw_material_area", required=True)
    area_ha = forms.DecimalField(
        label=_label(PotentialProduct, "area_ha"),
        required=False,
        min_value=0,
        max_value=10**7,
        max_digits=10,
        decimal_places=2,
    )
    producers = _area(PotentialProduct, "producers", rows=2)
    assessment = _area(PotentialProduct, "assessment", rows=2)
    version = VersionField()

    def __init__(self, *args: Any, rulebook: Rulebook, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scorecard_number"].choices = scorecard_choices(rulebook)  # type: ignore[attr-defined]
        self.fields["area_ha"].error_messages["max_digits"] = _("Lớn quá giới hạn cho phép")
        self.fields["area_ha"].error_messages["max_decimal_places"] = _("Tối đa 2 chữ số thập phân")

    def survey_fields(self) -> SurveyFields:
        data = self.cleaned_data
        return SurveyFields(
            name=data["name"],
            scorecard_number=data["scorecard_number"],
            raw_material_area=data["raw_material_area"],
            area_ha=data.get("area_ha"),
            producers=data.get("producers") or "",
            assessment=data.get("assessment") or "",
        )


KIND_CHOICES = list(EVALUATION_KINDS.items())


class SettingsForm(_Form):
    plan_before_filing = forms.MultipleChoiceField(
        label=_label(CycleSettings, "plan_before_filing"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    self_assessment_before_filing = forms.MultipleChoiceField(
        label=_label(CycleSettings, "self_assessment_before_filing"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    basis = forms.CharField(label=_label(CycleSettings, "basis"), max_length=MAX_NAME, required=False)
    version = VersionField()
