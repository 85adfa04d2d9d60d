"""Decision pages: the queue of scored products, signing, the decision and its certificates, the PDFs.

Lookups go through scope functions (another area's object is a 404); signing goes through
`services.sign_decision`; a `StepRefused` is shown and nothing changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from ocop.accounts.access import signed_in_user
from ocop.accounts.models import Role
from ocop.documents import certificate_pdf, decision_pdf
from ocop.errors import StepRefused
from ocop.web.public import absolute

from . import rules, services
from .forms import DecisionForm
from .models import DecisionItem
from .selectors import certificates_for


@login_required
def decision_queue(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rules.open_queue.require(user, None)
    queue = services.decision_queue(user).order_by("pk")
    today = timezone.localdate()
    form = DecisionForm(
        request.POST or None, queue=queue, initial={"number": services.decision_number_for(user, today)}
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.sign_decision(
                    user,
                    list(data["dossiers"]),
                    number=data["number"],
                    signed_on=data["signed_on"],
                    signer_title=data["signer_title"],
                )
            except StepRefused as e:
                messages.error(request, f"{e.vi} / {e.en}" if e.en else e.vi)
            else:
                messages.success(request, f"Đã ký quyết định {decision.number}. / Decision signed.")
                return redirect("decision_detail", pk=decision.pk)
        else:
            messages.error(request, "Kiểm tra lại các ô đã nhập. / Please check the fields.")
    rows = []
    for d in queue:
        result = services.latest_result(d)
        outcome = services.decision_outcome(d, result)[0] if result and result.status != "rescore" else None
        rows.append({"dossier": d, "result": result, "outcome": outcome})
    return render(
        request,
        "certificates/decision_queue.html",
        {
            "form": form,
            "rows": rows,
            "decisions": services.decisions_for(user)[:20],
            "level": "central" if user.role == Role.CENTRAL_STAFF else "province",
        },
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    rules.read_decisions.require(user, None)
    decision = get_object_or_404(services.decisions_for(user), pk=pk)
    items = decision.items.select_related("dossier__product__producer", "dossier__certificate")
    has_list = decision.items.filter(outcome=DecisionItem.Outcome.RECOGNISED).exists()
    return render(
        request,
        "certificates/decision_detail.html",
        {"decision": decision, "items": items, "has_list": has_list},
    )


@login_required
def decision_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    rules.read_decisions.require(user, None)
    decision = get_object_or_404(services.decisions_for(user), pk=pk)
    try:
        doc = services.decision_doc(decision)
    except StepRefused as e:
        messages.error(request, f"{e.vi} / {e.en}")
        return redirect("decision_detail", pk=decision.pk)
    return _pdf(decision_pdf(doc), f"quyet-dinh-{decision.pk}.pdf")


def verification_url(code: str) -> str:
    """The public verification page the QR code leads to, at the configured public address
    (OCOP_PUBLIC_URL), never the Host header of whoever asked for the PDF."""
    try:
        path = reverse("verify", args=[code])
    except NoReverseMatch:  # the lifecycle app not installed: the documented path
        path = f"/xac-thuc/{code}/"
    return absolute(path)


@login_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(certificates_for(signed_in_user(request)), pk=pk)
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "decision": certificate.decision,
            "product_group": services.product_group(certificate.rulebook_id, certificate.scorecard_number),
            "verification_url": verification_url(certificate.code),
        },
    )


@login_required
def certificate_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(certificates_for(signed_in_user(request)), pk=pk)
    doc = services.certificate_doc(certificate, verification_url(certificate.code))
    name = "giay-chung-nhan-" + certificate.number.replace("/", "-") + ".pdf"
    return _pdf(certificate_pdf(doc), name)


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
