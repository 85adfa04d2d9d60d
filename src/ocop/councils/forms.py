"""Forms of the council pages: they parse input; the rules are in `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from ocop.core.rulebooks.model import Criterion, Group, Scorecard
from ocop.web.fields import DayField

from .models import MemberRole

NOT_APPLICABLE_VALUE = "na"


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label="Người dùng / User", empty_label="— chọn —")
    role = forms.ChoiceField(choices=MemberRole.choices, label="Chức danh / Council role")
    organisation = forms.CharField(max_length=255, required=False, label="Cơ quan / Organisation")
    scores = forms.BooleanField(required=False, initial=True, label="Chấm điểm / Scores")

    def __init__(self, *args: Any, eligible: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = eligible
        field.label_from_instance = lambda u: f"{u.full_name or u.username} ({u.username})"


class SessionForm(forms.Form):
    council = forms.ModelChoiceField(queryset=None, label="Hội đồng / Council", empty_label=None)
    meets_on = DayField(label="Ngày họp / Meeting date", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(max_length=255, required=False, label="Địa điểm / Place")
    written = forms.BooleanField(
        required=False, label="Lấy ý kiến bằng văn bản (không họp) / Written opinions (no meeting)"
    )

    def __init__(self, *args: Any, councils: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["council"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = councils


class ScheduleForm(forms.Form):
    dossier = forms.ModelChoiceField(queryset=None, label="Hồ sơ / Dossier", empty_label="— chọn —")

    def __init__(self, *args: Any, dossiers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dossier"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = dossiers
        field.label_from_instance = lambda d: f"{d.product} — {d.product.producer}"


def _branches(node: Criterion | Group) -> list[Group]:
    if isinstance(node, Criterion):
        return []
    found = [node] if node.choose_one else []
    for child in node.children:
        found += _branches(child)
    return found


def parse_sheet(card: Scorecard, data: QueryDict) -> tuple[dict[str, str | None], list[str], str]:
    """The answers, gates and comment posted from a score sheet.

    Field `c:<criterion>` holds an option id or `na` (not applicable); `b:<group>` names the case chosen
    where the card scores one of two cases: answers in the other case are dropped. The core checks
    the rest (unknown options, N/A where not allowed, missing answers).
    """
    answers: dict[str, str | None] = {}
    for criterion in card.criteria():
        value = data.get(f"c:{criterion.id}", "").strip()
        if value == NOT_APPLICABLE_VALUE:
            answers[criterion.id] = None
        elif value:
            answers[criterion.id] = value
    for part in card.parts:
        for section in part.sections:
            for group in _branches(section):
                chosen = data.get(f"b:{group.id}", "")
                if chosen not in {c.id for c in group.children}:
                    continue
                for child in group.children:
                    if child.id != chosen:
                        for criterion in child.walk():
                            answers.pop(criterion.id, None)
    gates = [g for g in data.getlist("gate") if g]
    return answers, gates, data.get("comment", "").strip()
