"""Dossier pages: the list, the dossier with its checklist and history, and one view per step.

Every lookup goes through `selectors.dossiers_for` (another area's dossier is a 404); the buttons are
the steps `rules` allow; every step calls a service and shows its `StepRefused` message, changing
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from ocop.audit.models import AuditEvent
from ocop.core.process import STATE_LABELS, State
from ocop.documents import commune_report_pdf as render_commune_report
from ocop.errors import StepRefused
from ocop.ideas.gates import filing_refusals
from ocop.producers.selectors import products_for
from ocop.producers.services import rulebook_in_force

from . import rules, services
from .forms import CommuneReportForm, ExemptionsForm, InspectionForm, ReturnForm, StartForm, UploadForm
from .models import CommuneAssessment, Dossier
from .selectors import dossiers_for
from .self_assessment import gap, self_score

# Steps taken with one button on the dossier page (url name of the view that calls the service).
BUTTONS = {
    "file": "dossier_file",
    "accept": "dossier_accept",
    "central_accept": "dossier_central_accept",
    "withdraw": "dossier_withdraw",
    "reevaluate": "dossier_reevaluate",
}
# Steps that need a form of their own on this app's pages.
FORMS = {"commune_report": "commune_assess", "return": "dossier_return"}
# Steps taken on other apps' pages: a link there, if this installation has it.
ELSEWHERE = {
    "schedule": "session_list",
    "unschedule": "session_list",
    "close_scoring": "session_list",
    "recognise": "decision_queue",
    "forward": "decision_queue",
    "reject": "decision_queue",
    "central_return": "decision_queue",
}
AUDIT_LABELS = {
    "dossier.start": "Lập hồ sơ",
    "document.add": "Tải tài liệu lên",
    "dossier.file": "Nộp hồ sơ tại UBND xã",
    "dossier.commune_report": "UBND xã đánh giá 4 nội dung, chuyển tỉnh",
    "dossier.return": "Trả lại để hoàn thiện",
    "dossier.accept": "Xác nhận hồ sơ đầy đủ",
    "dossier.central_accept": "Trung ương tiếp nhận hồ sơ",
    "dossier.inspection": "Ghi biên bản khảo sát thực tế",
    "dossier.withdraw": "Rút hồ sơ",
    "dossier.exemptions": "Ghi nhận điều kiện của phiếu đánh giá",
    "dossier.reevaluate": "Lãnh đạo UBND tỉnh quyết định đánh giá lại tại cấp tỉnh (Điều 7.4g)",
    "decision.returned": "Trung ương không công nhận 5 sao, thông báo UBND tỉnh (Điều 7.4g)",
}


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(dossiers_for(request.user), pk=pk)


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, f"{e.vi} / {e.en}" if e.en else e.vi)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    scope = dossiers_for(request.user)
    state = request.GET.get("trang-thai", "")
    rows = scope.filter(state=state) if state in State._value2member_map_ else scope
    today = timezone.localdate()
    items = [
        (d, services.commune_deadline(d, today)) for d in rows.order_by("commune_deadline", "-updated_at")
    ]
    return render(
        request,
        "dossiers/list.html",
        {
            "items": items,
            "counts": services.state_counts(scope),
            "total": scope.count(),
            "state": state,
            "state_label": STATE_LABELS.get(State(state)) if state in State._value2member_map_ else "",
        },
    )


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    user: Any = request.user
    actions = []
    for t in rules.allowed_steps(user, dossier):
        if t.action in BUTTONS:
            actions.append({"t": t, "post": reverse(BUTTONS[t.action], args=[pk])})
        elif t.action in FORMS:
            actions.append({"t": t, "form": reverse(FORMS[t.action], args=[pk])})
        elif (url := _url(ELSEWHERE.get(t.action, ""))) is not None:
            actions.append({"t": t, "link": url})
    try:
        rulebook, scorecard = dossier.rulebook, dossier.scorecard
    except KeyError:
        rulebook = scorecard = None
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "rulebook": rulebook,
            "scorecard": scorecard,
            "checklist": services.checklist(dossier),
            "missing": services.missing_documents(dossier),
            "replaced": dossier.documents.filter(replaced=True),
            "assessment": CommuneAssessment.objects.filter(dossier=dossier).first(),
            "requests": dossier.completion_requests.select_related("by"),
            "inspections": dossier.inspections.select_related("recorded_by"),
            "events": [
                (e, AUDIT_LABELS.get(e.action, e.action))
                for e in AuditEvent.objects.filter(dossier=dossier).select_related("actor")
            ],
            "actions": actions,
            "may_upload": rules.upload_document(user, dossier),
            "max_bytes": services.upload_max_bytes(),
            "may_inspect": rules.record_site_inspection(user, dossier),
            "may_record_exemptions": services.may_record_exemptions(user, dossier),
            "exemptions": [
                e for e in (scorecard.exemptions() if scorecard else []) if e.id in dossier.exemptions
            ],
            "deadline": services.commune_deadline(dossier),
            "finish_by": services.finish_by(dossier),
            "finish_by_warn": services.finish_by_warn_days(),
            "window": services.rerating_window(dossier),
            "return_form": ReturnForm(),
            "inspection_form": InspectionForm(initial={"inspected_on": timezone.localdate()}),
            "session_list_url": _url("session_list") if dossier.state_enum == State.COMPLETE else None,
            # The self-assessment (Form 02 Part III) and what the province requires before filing.
            "own": self_score(dossier) if scorecard else None,
            "may_self_assess": rules.self_assess(user, dossier) and scorecard is not None,
            "has_gap": scorecard is not None and gap(dossier) is not None,
            "before_filing": filing_refusals(dossier) if rules.STEPS["file"](user, dossier) else [],
        },
    )


@login_required
def dossier_start(request: HttpRequest, product_pk: int) -> HttpResponse:
    product = get_object_or_404(products_for(request.user), pk=product_pk)
    rules.start_dossier.require(request.user, product)
    form = StartForm(product, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.start_dossier(
                request.user,  # type: ignore[arg-type]
                product,
                form.cleaned_data["kind"],
                form.cleaned_data["previous_certificate"],
            )
        except StepRefused as e:
            form.add_error(None, f"{e.vi} / {e.en}")
        else:
            messages.success(request, "Đã lập hồ sơ; hãy tải các tài liệu lên. / Dossier started.")
            return redirect("dossier_detail", dossier.pk)
    rulebook = rulebook_in_force()
    checklists = [
        (kind, label, rulebook.checklists.get(kind, ())) for kind, label in form.fields["kind"].choices
    ]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dossiers/start.html",
        {"form": form, "product": product, "rulebook": rulebook, "checklists": checklists},
        status=status,
    )


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dossier_detail", pk)
    upload = form.cleaned_data["file"]
    try:
        services.add_document(
            request.user,  # type: ignore[arg-type]
            dossier,
            form.cleaned_data["kind"],
            upload.name,
            upload,
            upload.size,
        )
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, f"Đã tải lên {upload.name}. / Uploaded.")
    return redirect(reverse("dossier_detail", args=[pk]) + "#tai-lieu")


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    dossier = _dossier(request, pk)
    document = get_object_or_404(dossier.documents.all(), pk=document_pk)
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp / file not found") from None
    response = FileResponse(stream, as_attachment=True, filename=document.original_name)
    response["Content-Type"] = document.content_type
    response["Cache-Control"] = "private, no-store"
    return response


def _step(service: Callable[..., Any], done: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        dossier = _dossier(request, pk)
        try:
            service(request.user, dossier)
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, done)
        return redirect("dossier_detail", pk)

    return view


dossier_file = _step(services.file_dossier, "Đã nộp hồ sơ tại UBND xã. / Dossier filed.")
dossier_withdraw = _step(services.withdraw, "Đã rút hồ sơ. / Dossier withdrawn.")
dossier_accept = _step(services.accept, "Đã xác nhận hồ sơ đầy đủ. / Dossier accepted as complete.")
dossier_central_accept = _step(services.central_accept, "Đã tiếp nhận hồ sơ. / Dossier received.")
dossier_reevaluate = _step(
    services.reevaluate, "Hồ sơ chờ Hội đồng cấp tỉnh đánh giá lại. / The province will evaluate it again."
)


def _form_step(
    request: HttpRequest,
    pk: int,
    form_class: type[Any],
    call: Callable[[Any, Dossier, dict[str, Any]], Any],
    done: str,
    template: str,
    initial: dict[str, Any] | None = None,
    dossier_initial: Callable[[Dossier], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A step with typed input: on refusal the page comes back with what was typed, nothing changed."""
    dossier = _dossier(request, pk)
    initial = {**(initial or {}), **(dossier_initial(dossier) if dossier_initial else {})}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call(request.user, dossier, form.cleaned_data)
        except StepRefused as e:
            form.add_error(None, f"{e.vi} / {e.en}" if e.en else e.vi)
        else:
            messages.success(request, done)
            return redirect("dossier_detail", pk)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "dossier": dossier}, status=status)


@login_required
def commune_assess(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        CommuneReportForm,
        lambda user, dossier, data: services.commune_report(user, dossier, **data),
        "Đã ban hành báo cáo của UBND xã và chuyển hồ sơ lên tỉnh. / Commune report issued.",
        "dossiers/commune_report.html",
        initial={"proposal": "Đề nghị UBND tỉnh đánh giá, phân hạng sản phẩm."},
        dossier_initial=lambda dossier: {"report_number": services.report_number_for(dossier)},
    )


@login_required
def dossier_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        ReturnForm,
        lambda user, dossier, data: services.return_for_completion(user, dossier, data["reasons"]),
        "Đã trả hồ sơ để hoàn thiện. / Returned for completion.",
        "dossiers/return.html",
    )


@login_required
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_step(
        request,
        pk,
        InspectionForm,
        lambda user, dossier, data: services.record_inspection(user, dossier, **data),
        "Đã ghi biên bản khảo sát. / Inspection recorded.",
        "dossiers/inspection.html",
        initial={"inspected_on": timezone.localdate()},
    )


@login_required
def exemptions_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The card's own conditions for this product (e.g. card 21 §7), recorded by the assisting team."""
    dossier = _dossier(request, pk)
    initial = {"exemptions": list(dossier.exemptions)}
    form = ExemptionsForm(request.POST or None, dossier=dossier, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_exemptions(
                request.user, dossier, form.cleaned_data["exemptions"], form.cleaned_data["basis"]
            )
        except StepRefused as e:
            form.add_error(None, f"{e.vi} / {e.en}" if e.en else e.vi)
        else:
            messages.success(request, "Đã ghi nhận điều kiện của phiếu. / Conditions recorded.")
            return redirect("dossier_detail", pk)
    status = 400 if request.method == "POST" else 200
    exemptions = dossier.scorecard.exemptions()
    return render(
        request,
        "dossiers/exemptions.html",
        {"form": form, "dossier": dossier, "exemptions": exemptions},
        status=status,
    )


@login_required
def commune_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if not CommuneAssessment.objects.filter(dossier=dossier).exists():
        raise Http404("Chưa có báo cáo của UBND xã / no commune report yet")
    pdf = render_commune_report(services.commune_report_doc(dossier))
    response = HttpResponse(pdf, content_type="application/pdf")
    number = dossier.commune_assessment.report_number.replace("/", "-")
    response["Content-Disposition"] = content_disposition_header(True, f"bao-cao-xa-{number}.pdf")
    return response
