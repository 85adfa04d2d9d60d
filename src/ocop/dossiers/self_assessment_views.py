"""The producer's self-assessment pages: the card to score with a description and evidence for each
criterion, and afterwards the gap with the council's score. The card is laid out by the same code and
template as a member's score sheet (`councils.sheet`), so the producer scores on the very card the
council will use.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ocop.accounts.access import signed_in_user
from ocop.core.scoring import fmt
from ocop.councils.forms import parse_sheet
from ocop.councils.sheet import sheet_tree
from ocop.errors import StepRefused
from ocop.web.params import parse_integer

from . import rules, services
from .models import CriterionEvidence, Dossier
from .selectors import dossiers_for
from .self_assessment import Gap, gap, self_score


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    dossier = get_object_or_404(dossiers_for(request.user), pk=pk)
    try:
        dossier.scorecard  # noqa: B018 - a dossier whose card is not in the data has nothing to score
    except KeyError:
        raise Http404(_("Phiếu đánh giá của hồ sơ không có trong dữ liệu")) from None
    return dossier


def _evidence(dossier: Dossier) -> dict[str, list[CriterionEvidence]]:
    out: dict[str, list[CriterionEvidence]] = {}
    links = CriterionEvidence.objects.filter(dossier=dossier, removed_at__isnull=True).select_related(
        "document"
    )
    for link in links:
        out.setdefault(link.criterion, []).append(link)
    return out


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    dossier = _dossier(request, pk)
    card = dossier.scorecard
    may_edit = rules.self_assess(user, dossier)
    own = self_score(dossier)
    stored = own.assessment if own is not None and not own.stale else None
    answers: dict[str, str | None] = dict(stored.answers) if stored else {}
    words: dict[str, str] = dict(stored.descriptions) if stored else {}
    status, error = 200, ""
    if request.method == "POST":  # refused by the service, saying why, when the user may not
        answers = parse_sheet(card, request.POST)[0]
        words = {c.id: request.POST.get(f"d:{c.id}", "") for c in card.criteria()}
        try:
            services.save_self_assessment(
                user, dossier, answers, words, parse_integer(request.POST.get("version"))
            )
        except StepRefused as e:
            status, error = 400, str(e.vi)
        else:
            messages.success(request, _("Đã lưu phần tự chấm điểm."))
            return redirect("self_assessment", dossier.pk)
    evidence = _evidence(dossier)
    beside = {
        c.id: {"description": words.get(c.id, ""), "links": evidence.get(c.id, [])} for c in card.criteria()
    }
    complete = own is not None and own.complete and own.score is not None
    totals: dict[str, Any] = {"parts": {}, "total": 0, "complete": False}
    if complete and own is not None and own.score is not None:
        totals = {"parts": own.score.parts, "total": own.score.total, "complete": True}
    return render(
        request,
        "dossiers/self_assessment.html",
        {
            "dossier": dossier,
            "card": card,
            "own": own,
            "version": own.assessment.version if own is not None else 0,
            "tree": sheet_tree(
                card, answers, set(), totals, dossier.recorded_exemptions, beside, findings=False
            ),
            "totals": totals,
            "criterion_extra": "dossiers/_self_assessment_fields.html",
            "read_only": not may_edit,
            "may_edit": may_edit,
            "error": error,
            "criteria_with_evidence": [(c, evidence.get(c.id, [])) for c in card.criteria()],
            "max_bytes": services.upload_max_bytes(),
            "has_gap": own is not None and own.complete and gap(dossier) is not None,
        },
        status=status,
    )


class EvidenceForm(forms.Form):
    criterion = forms.CharField(max_length=20)
    file = forms.FileField(
        error_messages={"required": gettext_lazy("Chưa chọn tệp"), "empty": gettext_lazy("Tệp rỗng")}
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    dossier = _dossier(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    target = reverse("self_assessment", args=[dossier.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    upload, criterion = form.cleaned_data["file"], form.cleaned_data["criterion"]
    try:
        services.add_evidence(user, dossier, criterion, upload.name, upload, upload.size)
    except StepRefused as e:
        messages.error(request, str(e.vi))
    else:
        messages.success(
            request,
            _("Đã đính kèm %(name)s cho tiêu chí %(criterion)s.")
            % {"name": upload.name, "criterion": criterion},
        )
    return redirect(f"{target}#c-{criterion}")


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    user = signed_in_user(request)
    dossier = _dossier(request, pk)
    link = get_object_or_404(CriterionEvidence, dossier=dossier, pk=link_pk)
    try:
        services.remove_evidence(user, dossier, link)
    except StepRefused as e:
        messages.error(request, str(e.vi))
    else:
        messages.success(
            request, _("Đã gỡ minh chứng khỏi tiêu chí %(criterion)s.") % {"criterion": link.criterion}
        )
    return redirect(reverse("self_assessment", args=[dossier.pk]) + f"#c-{link.criterion}")


def _signed(value: Fraction | int) -> str:
    text = fmt(value, "vi")
    return f"+{text}" if value > 0 else text


@login_required
def self_assessment_gap(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    found: Gap | None = gap(dossier)
    parts: list[dict[str, Any]] = []
    if found is not None:
        for code, own, council, diff in found.parts:
            rows = [
                {
                    "criterion": r.criterion,
                    "words": r.criterion.text or r.section.capitalize(),
                    "own": "—" if r.own is None else str(r.own),
                    "council": "—" if r.council is None else fmt(r.council, "vi"),
                    "gap": "" if r.gap is None else _signed(r.gap),
                    "lower": r.gap is not None and r.gap < 0,
                    "higher": r.gap is not None and r.gap > 0,
                }
                for r in found.rows
                if r.part == code
            ]
            parts.append(
                {"code": code, "own": own, "council": fmt(council, "vi"), "gap": _signed(diff), "rows": rows}
            )
    total = None
    if found is not None:
        own_total, council_total, diff = found.total
        total = {"own": own_total, "council": fmt(council_total, "vi"), "gap": _signed(diff)}
    return render(
        request,
        "dossiers/self_assessment_gap.html",
        {"dossier": dossier, "found": found, "parts": parts, "total": total},
    )
