"""Pages of communes' periodic reports: the commune sends, the province acknowledges or returns."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ocop.accounts.models import Role
from ocop.errors import StepRefused
from ocop.errors import form_refusal as first_error

from . import commune_reports as reports
from .models import CommuneReport

READERS = {Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.PROVINCE_LEADER, Role.CENTRAL_STAFF}
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_l("Loại báo cáo"), choices=CommuneReport.Kind.choices)
    year = forms.IntegerField(label=_l("Năm"), min_value=2000, max_value=2100)
    number = forms.CharField(label=_l("Số báo cáo"), max_length=50)
    submitted_on = forms.DateField(label=_l("Ngày báo cáo"), widget=DATE)
    results = forms.CharField(
        label=_l("Kết quả thực hiện"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    difficulties = forms.CharField(
        label=_l("Khó khăn, vướng mắc"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposals = forms.CharField(
        label=_l("Đề xuất, kiến nghị"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_l("Ý kiến của tỉnh"),
        choices=[("accept", _l("Tiếp nhận")), ("return", _l("Trả lại để bổ sung"))],
    )
    note = forms.CharField(
        label=_l("Nội dung"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def _readers(user: object) -> None:
    if getattr(user, "role", None) not in READERS:
        raise PermissionDenied(_("Trang dành cho UBND xã và cơ quan quản lý OCOP"))


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _readers(user)
    may_submit = reports.submit_rule(user, None)
    today = timezone.localdate()
    initial = {
        "year": today.year,
        "submitted_on": today,
        "kind": "annual" if today.month > 6 else "six_month",
    }
    if may_submit:
        initial["number"] = reports.next_number(user.commune, today)
    form = ReportForm(initial=initial)
    if request.method == "POST":
        if not may_submit:
            raise PermissionDenied(str(reports.submit_rule.refusal(user, None)))
        form = ReportForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            report = reports.submit(user, **form.cleaned_data)
        except StepRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Đã gửi báo cáo lên tỉnh."))
            return redirect("commune_report", pk=report.pk)
    return render(
        request,
        "programme/commune_reports.html",
        {
            "reports": reports.reports_for(user)[:300],
            "form": form if may_submit else None,
            "dues": reports.due_list(user.commune, today) if may_submit else [],
            "today": today,
        },
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _readers(user)
    report = get_object_or_404(reports.reports_for(user), pk=pk)
    may_review = reports.review_rule(user, report)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            reports.review(
                user,
                report,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                version=form.cleaned_data.get("version"),
            )
        except StepRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Đã ghi ý kiến của tỉnh."))
        return redirect("commune_report", pk=pk)
    due = reports.period(report.kind, report.year)
    return render(
        request,
        "programme/commune_report.html",
        {
            "r": report,
            "due": due,
            "late": report.submitted_on > due.due,
            "form": ReviewForm(initial={"version": report.version}) if may_review else None,
        },
    )
