"""Stamp pages: the producer's batches and requests, the printable sheet, the province's possible
clones, and the public page a stamp's QR code opens. Thin: scope functions pick what a user may
see (another area's batch is a 404), services make every change."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ocop.errors import StepRefused
from ocop.lifecycle.verification import effective_status, in_extension
from ocop.national import rules
from ocop.national.selectors import batches_for, stamp_products_for
from ocop.web.params import parse_integer

from . import services
from .forms import StampRequestForm
from .links import stamp_url
from .sheet import MAX_LABELS, stamp_sheet

STAMPS_PER_PAGE = 100


@login_required
def stamp_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rules.use_stamps.require(user, None)
    page = Paginator(services.with_scans(batches_for(user)), 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "stamps/list.html",
        {"page": page, "may_request": rules.ask_for_stamps(user, None)},
    )


@login_required
def stamp_request(request: HttpRequest) -> HttpResponse:
    rules.ask_for_stamps.require(request.user, None)
    products = stamp_products_for(request.user)
    form = StampRequestForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        product = products.filter(pk=data["product"]).first()
        if product is None:
            raise Http404
        try:
            batch = services.request_stamps(
                actor=request.user,
                product=product,
                lot=data["lot"],
                quantity=data["quantity"],
                produced_on=data["produced_on"],
                expires_on=data["expires_on"],
                gtin=data["gtin"],
            )
        except StepRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(
                request, _("Đã tạo %(n)s tem cho lô %(lot)s") % {"n": batch.quantity, "lot": batch.lot}
            )
            return redirect("stamp_batch", pk=batch.pk)
    return render(request, "stamps/request.html", {"form": form, "max": services.max_per_batch()})


@login_required
def stamp_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batches_for(request.user), pk=pk)
    stamps = Paginator(batch.stamps.order_by("pk"), STAMPS_PER_PAGE).get_page(request.GET.get("trang"))
    parts = [
        (start + 1, min(start + MAX_LABELS, batch.quantity)) for start in range(0, batch.quantity, MAX_LABELS)
    ]
    rows = [(s, stamp_url(serial=s.serial, gtin=batch.gtin, lot=batch.lot)) for s in stamps]
    return render(
        request,
        "stamps/batch.html",
        {
            "batch": batch,
            "batch_scans": services.batch_total(batch),
            "stamps": stamps,
            "rows": rows,
            "parts": parts,
        },
    )


@login_required
def stamp_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batches_for(request.user), pk=pk)
    first = parse_integer(request.GET.get("tu", "1"), minimum=1, maximum=batch.quantity) or 1
    stamps = batch.stamps.order_by("pk")[first - 1 : first - 1 + MAX_LABELS]
    labels = [(s.serial, stamp_url(serial=s.serial, gtin=batch.gtin, lot=batch.lot)) for s in stamps]
    response = HttpResponse(
        stamp_sheet(labels, product=batch.product.name, lot=batch.lot), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"tem-{batch.pk}-{first}.pdf")
    return response


@login_required
def stamp_flags(request: HttpRequest) -> HttpResponse:
    rules.see_clone_flags.require(request.user, None)
    flagged = Paginator(services.flagged_stamps(batches_for(request.user)), 50).get_page(
        request.GET.get("trang")
    )
    return render(request, "stamps/flags.html", {"flagged": flagged, "rule": services.clone_rule()})


# --- public -------------------------------------------------------------------------------------------


def _scan(request: HttpRequest, serial: str, gtin: str | None = None, lot: str | None = None) -> HttpResponse:
    stamp = services.find_stamp(serial[:40])
    if stamp is None or (gtin is not None and (stamp.batch.gtin != gtin or stamp.batch.lot != lot)):
        response = render(request, "stamps/scan.html", {"stamp": None}, status=404)
        response["Cache-Control"] = "no-store"
        return response
    header = getattr(settings, "OCOP_SCAN_PROVINCE_HEADER", "")
    province = services.scan_province(request.headers.get(header, "")) if header else None
    scan = services.record_scan(stamp, province) if request.method == "GET" else None
    certificate = stamp.batch.certificate
    today = timezone.localdate()
    response = render(
        request,
        "stamps/scan.html",
        {
            "stamp": stamp,
            "batch": stamp.batch,
            "certificate": certificate,
            "stars": "★" * certificate.star,
            "status": effective_status(certificate, today),
            "extended": in_extension(certificate, today),
            "scans": scan.scans if scan else stamp.scans,
            "flagged": scan.flagged if scan else stamp.flagged_at is not None,
            "expired_goods": stamp.batch.expires_on < today,
        },
    )
    response["Cache-Control"] = "no-store"  # every scan must reach us to be counted
    return response


def stamp_scan(request: HttpRequest, serial: str) -> HttpResponse:
    return _scan(request, serial)


def stamp_scan_gs1(request: HttpRequest, gtin: str, lot: str, serial: str) -> HttpResponse:
    return _scan(request, serial, gtin, lot)
