"""Periodic reports: the form with the figures on screen, and the Excel and PDF downloads.

Thin views: the scope and the period come from services (another province is a 404, a producer a 403).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from ocop.accounts.models import Role
from ocop.errors import StepRefused

from . import services
from .excel import excel_report
from .figures import DIMENSIONS, LISTS, SHORT_INDICATORS, STAR_HEADINGS, dimension_rows, star_rows
from .forms import ReportForm
from .pdf import pdf_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request: HttpRequest) -> ReportForm:
    national = getattr(request.user, "role", "") == Role.CENTRAL_STAFF
    data = request.GET if "kind" in request.GET else None
    return ReportForm(data, national=national)


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    services.scope_for(request.user)  # 403 for roles that make no report
    form = _form(request)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.resolve_period(data["kind"], data["year"], data["tu"], data["den"])
        except StepRefused as e:
            messages.error(request, f"{e.vi} / {e.en}")
        else:
            figures = services.report(request.user, period, timezone.localdate(), data.get("tinh"))
            query = urlencode({k: v for k, v in request.GET.items() if k in form.fields and v})
            context.update(
                period=period,
                figures=figures,
                star_headings=STAR_HEADINGS,
                star_rows=star_rows(figures),
                indicators=SHORT_INDICATORS,
                dimensions=[(vi, dimension_rows(figures, d)) for d, vi, _ in DIMENSIONS],
                lists=[(vi, en, len(getattr(figures, attr))) for attr, vi, en in LISTS],
                query=query,
            )
    return render(request, "reports/reports.html", context)


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    services.scope_for(request.user)
    form = _form(request)
    if not form.is_valid():
        return HttpResponse("Tham số báo cáo không hợp lệ / Bad report parameters", status=400)
    data = form.cleaned_data
    try:
        period = services.resolve_period(data["kind"], data["year"], data["tu"], data["den"])
    except StepRefused as e:
        return HttpResponse(f"{e.vi} / {e.en}", status=400, content_type="text/plain; charset=utf-8")
    figures = services.report(request.user, period, timezone.localdate(), data.get("tinh"))
    name = slugify(
        f"bao-cao-ocop-{figures.scope.name.replace('đ', 'd').replace('Đ', 'D')}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    )
    if fmt == "xlsx":
        response = HttpResponse(excel_report(figures), content_type=XLSX)
    else:
        title = f"{period.title} — {figures.scope.name}"
        response = HttpResponse(pdf_report(figures, title), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    return response


@login_required
def report_excel(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")
