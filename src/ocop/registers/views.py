"""Register import pages: upload, the preview of every row with its problems, exclusions, confirmation.

Thin views: every rule is in services; a `StepRefused` is shown and nothing changes. Province staff
only; another province's import is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ocop.accounts.models import User
from ocop.errors import StepRefused
from ocop.web.params import Params, parse_integer

from . import services
from .columns import COLUMNS, template_csv
from .models import ImportBatch

PREVIEW_PAGE_SIZE = 100


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not services.may_import(user):
        raise PermissionDenied("Chỉ cán bộ OCOP cấp tỉnh được nhập sổ / Province staff only")
    return user


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, f"{e.vi} / {e.en}" if e.en else e.vi)


@login_required
def register_import(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if request.method == "POST":
        upload = request.FILES.get("tep")
        if upload is None:
            messages.error(request, "Chưa chọn tệp / No file chosen")
        else:
            try:
                batch = services.upload(user, upload.name or "so.xlsx", upload.read())
            except StepRefused as e:
                _refused(request, e)
            else:
                return redirect("register_preview", pk=batch.pk)
    batches = services.batches_for(user)[:20]
    return render(request, "registers/import.html", {"batches": batches, "columns": COLUMNS})


@login_required
def register_preview(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    batch = get_object_or_404(services.batches_for(user), pk=pk)
    if request.method == "POST":
        return _act(request, user, batch)
    analysis = services.analyse(batch) if batch.status == ImportBatch.Status.PREVIEW else None
    params = Params(request.GET)
    only_bad = params.choice("loi", _("dòng có lỗi"), ["1"]) == "1"
    params.warn(request)
    rows = analysis.rows if analysis else []
    if only_bad:
        rows = [r for r in rows if r.problems]
    # A page of rows at a time: 10 000 rows were a 9 MB page (issue 10, item 7).
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(params.page())
    context = {
        "batch": batch,
        "analysis": analysis,
        "page": page,
        "rows": page.object_list,
        "only_bad": only_bad,
        "querystring": "loi=1" if only_bad else "",
        "bad_count": sum(1 for r in analysis.rows if r.problems) if analysis else 0,
    }
    return render(request, "registers/preview.html", context)


def _numbers(values: list[str]) -> set[int]:
    return {n for n in map(parse_integer, values) if n is not None}


def _act(request: HttpRequest, user: User, batch: ImportBatch) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action == "exclude":
            chosen = _numbers(request.POST.getlist("loai"))
            # the rows of the page the form showed: the others keep their choice
            shown = _numbers(request.POST.getlist("hien")) if "hien" in request.POST else None
            services.set_excluded(user, batch, chosen, shown)
            messages.success(request, f"Đã loại {len(chosen)} dòng. / {len(chosen)} rows left out.")
        elif action == "exclude_bad":
            n = services.exclude_bad(user, batch)
            messages.success(request, f"Đã loại {n} dòng. / {n} rows left out.")
        elif action == "confirm":
            written = services.confirm(user, batch)
            messages.success(
                request, f"Đã ghi {written} giấy chứng nhận vào hệ thống. / {written} certificates written."
            )
        elif action == "cancel":
            services.cancel(user, batch)
            messages.success(request, "Đã hủy lần nhập. / Import cancelled.")
            return redirect("register_import")
        else:
            messages.error(request, "Thao tác không hợp lệ / Unknown action")
    except StepRefused as e:
        _refused(request, e)
    return redirect("register_preview", pk=batch.pk)


@login_required
def register_template(request: HttpRequest) -> HttpResponse:
    _staff(request)
    response = HttpResponse("\ufeff" + template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "mau-so-theo-doi-ocop.csv")
    return response
