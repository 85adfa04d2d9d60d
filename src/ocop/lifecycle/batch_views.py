"""Pages of revocation by list: the commune's confirmations of stopped production, the lists the system
builds, a proposal from one of them, and its one decision (with its PDF)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.documents.revocation_list import ListedCertificate, RevocationListDoc, revocation_list_pdf
from ocop.errors import StepRefused
from ocop.errors import form_refusal as first_error
from ocop.producers.models import Producer, Product
from ocop.web.params import Params, parse_integer

from . import batch_revocation as batches
from .batch_models import RevocationBatch
from .market_forms import BatchDecisionForm, BatchDismissForm, BatchProposalForm, ProductionStopForm
from .revocation_doc import _signer


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, str(e))


@login_required
def stop_list(request: HttpRequest) -> HttpResponse:
    """The commune records its confirmations; the province reads them (and may record one too)."""
    user = request.user
    if user.role not in (Role.COMMUNE_OFFICER, Role.PROVINCE_STAFF, Role.PROVINCE_LEADER):
        raise PermissionDenied(_("Trang dành cho UBND xã và cơ quan quản lý OCOP tỉnh"))
    producers = Producer.objects.select_related("commune")
    if user.role == Role.COMMUNE_OFFICER:
        producers = producers.filter(commune=user.commune_id)
    else:
        producers = producers.filter(commune__province=user.province_id)
    producers = [p for p in producers if batches.record_stop(user, p)]
    products = Product.objects.filter(producer__in=producers).select_related("producer")
    choices = {
        "producers": [(p.pk, p.name) for p in producers],
        "products": [(p.pk, f"{p.name} ({p.producer.name})") for p in products],
    }
    form = ProductionStopForm(**choices)
    if request.method == "POST":
        form = ProductionStopForm(request.POST, **choices)
        try:
            if not producers:
                raise StepRefused(str(batches.record_stop.needs[0].vi))
            if not form.is_valid():
                raise first_error(form)
            data = form.cleaned_data
            producer = get_object_or_404(Producer, pk=data["producer"])
            product = Product.objects.filter(pk=data["product"]).first() if data["product"] else None
            batches.record_production_stop(
                user,
                producer,
                kind=data["kind"],
                confirmed_on=data["confirmed_on"],
                reference=data["reference"],
                product=product,
                note=data["note"],
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã ghi xác nhận của UBND xã."))
            return redirect("production_stops")
    return render(
        request,
        "lifecycle/production_stops.html",
        {"stops": batches.stops_for(user)[:300], "form": form if producers else None},
    )


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    """The lists the system builds (?loai=stopped|not_rerated), a proposal from one, and the proposals."""
    user = request.user
    batches.desk.require(user, None)
    params = Params(request.GET)
    kind = params.choice("loai", _("danh sách"), batches.GROUNDS, RevocationBatch.Kind.STOPPED)
    params.warn(request)
    may_propose = batches.propose(user, None)
    form = BatchProposalForm()
    if request.method == "POST":
        if not may_propose:
            raise PermissionDenied(str(batches.propose.refusal(user, None)))
        kind = request.POST.get("loai", "")
        form = BatchProposalForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            chosen = [parse_integer(v) for v in request.POST.getlist("certificate")]
            if None in chosen:
                raise StepRefused(_("Lựa chọn không hợp lệ"))
            batch = batches.propose_batch(
                user,
                kind,
                [pk for pk in chosen if pk is not None],
                note=form.cleaned_data["note"],
                token=form.cleaned_data["token"],
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã gửi danh sách đề nghị thu hồi."))
            return redirect("batch_detail", pk=batch.pk)
        if kind not in batches.GROUNDS:
            kind = RevocationBatch.Kind.STOPPED
    today = timezone.localdate()
    return render(
        request,
        "lifecycle/batch_list.html",
        {
            "kind": kind,
            "kinds": RevocationBatch.Kind.choices,
            "ground": batches.GROUNDS[kind],
            "candidates": batches.candidates(user.province_id, kind, today),
            "today": today,
            "form": form if may_propose else None,
            "batches": batches.batches_for(user)[:100],
        },
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    batches.desk.require(user, None)
    batch = get_object_or_404(batches.batches_for(user), pk=pk)
    decide_form = BatchDecisionForm(
        initial={"decided_on": timezone.localdate(), "signer_title": "Phó Chủ tịch"}
    )
    dismiss_form = BatchDismissForm()
    if request.method == "POST":
        if not batches.decide(user, batch):
            refusal = batches.decide.refusal(user, batch)
            if batch.status == RevocationBatch.Status.PROPOSED:
                raise PermissionDenied(str(refusal))
            _refused(request, refusal or StepRefused(""))
            return redirect("batch_detail", pk=pk)
        try:
            if request.POST.get("action") == "dismiss":
                dismiss_form = BatchDismissForm(request.POST)
                if not dismiss_form.is_valid():
                    raise first_error(dismiss_form)
                batches.dismiss_batch(user, batch, note=dismiss_form.cleaned_data["note"])
                messages.success(request, _("Đã ghi quyết định không thu hồi."))
                return redirect("batch_detail", pk=pk)
            decide_form = BatchDecisionForm(request.POST)
            if not decide_form.is_valid():
                raise first_error(decide_form)
            data = decide_form.cleaned_data
            batches.decide_batch(
                user,
                batch,
                number=data["number"],
                decided_on=data["decided_on"],
                signer_title=data["signer_title"],
                note=data["note"],
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã quyết định thu hồi theo danh sách."))
            return redirect("batch_detail", pk=pk)
    return render(
        request,
        "lifecycle/batch_detail.html",
        {
            "b": batch,
            "items": batch.revocations.select_related("certificate__product__producer__commune"),
            "deadline": batches.deadline(batch),
            "may_decide": batches.decide(user, batch),
            "decide_form": decide_form,
            "dismiss_form": dismiss_form,
        },
    )


def batch_doc(batch: RevocationBatch) -> RevocationListDoc:
    from ocop.certificates.services import level_issuer

    signer: Any = batch.decided_by
    listed = []
    for r in batch.revocations.select_related("certificate").order_by("certificate__product_name", "pk"):
        c = r.certificate
        reason = r.proposal_note.splitlines()[-1] if r.proposal_note else ""
        listed.append(
            ListedCertificate(
                c.number, c.valid_from, c.product_name, c.producer_name, c.producer_address, c.star, reason
            )
        )
    return RevocationListDoc(
        issuer=level_issuer("province", batch.province.name),
        number=batch.decision_number,
        decision_date=batch.decision_date,
        ground_code=batch.ground,
        ground_text=batch.ground_text,
        reasons=batch.note,
        certificates=tuple(listed),
        signer=_signer(batch.signer_title, (signer.full_name or signer.username) if signer else ""),
    )


@login_required
def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    batches.desk.require(request.user, None)
    batch = get_object_or_404(
        batches.batches_for(request.user).select_related("province"),
        pk=pk,
        status=RevocationBatch.Status.DECIDED,
    )
    response = HttpResponse(revocation_list_pdf(batch_doc(batch)), content_type="application/pdf")
    name = batch.decision_number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="quyet-dinh-thu-hoi-{name}.pdf"'
    return response
