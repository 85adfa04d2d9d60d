"""Pages of the national link: partners' tokens (provincial staff) and the national export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.errors import StepRefused

from . import export, rules, tokens
from .forms import ExportForm, TokenForm
from .selectors import export_certificates, tokens_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    rules.manage_tokens.require(request.user, None)
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = tokens.create_token(
                actor=request.user,
                partner=data["partner"],
                kind=data["kind"],
                scopes=data["scopes"],
                valid_days=data["valid_days"],
            )
        except StepRefused as e:
            messages.error(request, str(e))
        else:
            form = TokenForm()
    now = timezone.now()
    rows = [(t, t.revoked_at is None and t.expires_at > now) for t in tokens_for(request.user)[:200]]
    response = render(request, "national/tokens.html", {"form": form, "rows": rows, "issued": issued})
    if issued is not None:
        response["Cache-Control"] = "no-store"  # the secret is shown once; no cache keeps it
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_for(request.user), pk=pk)
    try:
        tokens.revoke_token(actor=request.user, token=token)
    except StepRefused as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Đã thu hồi khóa của %(partner)s") % {"partner": token.partner})
    return redirect("token_list")


@login_required
def national_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    rules.export.require(request.user, None)
    form = ExportForm(request.GET if "format" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(
            request,
            "national/export.html",
            {"form": form, "layout": export.LAYOUT, "columns": export.COLUMNS},
        )
    since, fmt = form.cleaned_data["since"], form.cleaned_data["format"]
    certificates = export.prepare(
        actor=request.user, certificates=export_certificates(request.user), since=since, fmt=fmt
    )
    return download(certificates, since, fmt)


def download(
    certificates: QuerySet[Any], since: date | None, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The export as a file: Excel in one piece, JSON streamed a slice of the register at a time."""
    today = timezone.localdate()
    stamp = f"{today:%Y%m%d}" + (f"-tu-{since:%Y%m%d}" if since else "")
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        response = HttpResponse(export.workbook(export.lines(certificates, today)), content_type=XLSX)
    else:
        response = StreamingHttpResponse(
            json_parts(certificates, since, today), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="ocop-quoc-gia-{stamp}.{fmt}"'
    return response


def json_parts(certificates: QuerySet[Any], since: date | None, today: date) -> Iterator[str]:
    head = {
        "layout": export.LAYOUT,
        "generated_on": today.isoformat(),
        "since": since.isoformat() if since else None,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    for index, row in enumerate(export.lines(certificates, today)):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"
