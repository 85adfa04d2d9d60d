"""Lifecycle pages: verification (public), expiry register, re-rating, revocation, hậu kiểm.

Thin views: every lookup goes through a scope function (another area's certificate is a 404), every
step calls a service and shows its `StepRefused` message, changing nothing.
"""

from __future__ import annotations

from functools import cache
from html import escape as html_escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_for
from ocop.documents.revocation import revocation_pdf as render_revocation_pdf
from ocop.errors import StepRefused
from ocop.web.params import Params, parse_integer

from . import rules, services
from .forms import (
    DecideRevocationForm,
    DismissRevocationForm,
    InspectionForm,
    PlanForm,
    PlanItemForm,
    ProposeRevocationForm,
)
from .models import InspectionRecord, PlannedInspection, Revocation
from .revocation_doc import revocation_doc
from .verification import Verification, effective_status, normalise_code
from .verification import verify as verify_code


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, str(e))


def _id(raw: str) -> int:
    """A record id sent by a form; anything else is not found."""
    value = parse_integer(raw)
    if value is None:
        raise Http404
    return value


# --- public ------------------------------------------------------------------------------------------


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """What a phone shows after scanning the QR code. No login, no session, no writes.

    Kept cheap (issue 4, bench/verify_throughput.py): a recently scanned code is answered from memory
    with its page already made (verification.py, verify_cache.py), any other with one SQL statement; the
    page comes from `_verify_page`, never from the request — no context processor runs, so neither the
    session nor the user is touched and the response does not vary by cookie (shared caches may keep it).
    """
    code, prefix = code[:40], get_script_prefix()
    result = verify_code(code, timezone.localdate())
    if result is None:
        body = _verify_page(("unknown",), {"code": code, "revoked_url": _revoked_url(prefix)}).encode()
    elif code != result.certificate.code:  # typed by hand (spaces, small letters): shown as typed
        body = _verified_page(code, result)
    else:  # as the QR code has it: kept with the look-up (a few variants per code at most)
        key = (result.status, result.extended, prefix)
        body = result.rendered.get(key) or result.rendered.setdefault(key, _verified_page(code, result))
    response = HttpResponse(body, content_type=_HTML, status=200 if result else 404)
    response["Cache-Control"] = "public, max-age=300"
    return response


_HTML = "text/html; charset=utf-8"


def _verified_page(code: str, result: Verification) -> bytes:
    values: dict[str, Any] = {
        "code": code,
        "revoked_url": _revoked_url(get_script_prefix()),
        "c": result.certificate,
    }
    if result.revocation is not None:
        values["r"] = {
            "decision_number": result.revocation.decision_number,
            "decision_date": f"{result.revocation.decision_date:%d/%m/%Y}"
            if result.revocation.decision_date
            else "",
            "ground_text": result.revocation.ground_text,
        }
    if result.newer is not None:
        values["n"] = result.newer
        values["newer_url"] = reverse("verify", args=[result.newer.code])
    variant = (
        result.status,
        "r" if result.revocation else "",
        "n" if result.newer else "",
        "x" if result.extended else "",
    )
    return _verify_page(variant, values).encode()


# The verification page is lifecycle/verify.html, rendered by Django's template engine once per variant
# (status × revocation shown × newer certificate shown, or unknown code) with a marker in place of every
# value; each request then only joins the cached pieces with its own values, HTML-escaped. Same markup,
# about a tenth of the cost of a full template render (issue 4). The template therefore uses no filter
# on a value (dates come formatted) and tests only the status and which parts exist.
_MARK = "\x1e"


class _Marks(dict[str, str]):
    """Template context value whose every item renders as a marker naming it (``c.number`` …)."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, key: str) -> str:
        return f"{_MARK}{self.prefix}.{key}{_MARK}"

    def __bool__(self) -> bool:  # `{% if result.revocation %}`: present, though it holds nothing yet
        return True


@cache
def _verify_skeleton(variant: tuple[str, ...]) -> tuple[str, ...]:
    def mark(name: str) -> str:
        return f"{_MARK}{name}{_MARK}"

    context: dict[str, Any] = {"code": mark("code"), "revoked_url": mark("revoked_url"), "result": None}
    if variant[0] != "unknown":
        status, revocation, newer, extended = variant
        context["result"] = {
            "status": status,
            "extended": bool(extended),
            "certificate": _Marks("c"),
            "revocation": _Marks("r") if revocation else None,
            "newer": _Marks("n") if newer else None,
        }
        if newer:
            context["newer_url"] = mark("newer_url")
    return tuple(loader.render_to_string("lifecycle/verify.html", context).split(_MARK))


def _verify_page(variant: tuple[str, ...], values: dict[str, Any]) -> str:
    pieces = _verify_skeleton(variant)
    out = [pieces[0]]
    for i in range(1, len(pieces), 2):
        name = pieces[i]
        owner, _, attr = name.partition(".")
        value = values[owner]
        if attr:
            value = value[attr] if isinstance(value, dict) else getattr(value, attr)
        out.append(html_escape(str(value)))
        out.append(pieces[i + 1])
    return "".join(out)


@cache
def _revoked_url(script_prefix: str) -> str:
    return reverse("revoked_public")


def verify_lookup(request: HttpRequest) -> HttpResponse:
    """The form to type a code from a stamp; sends to the verification page."""
    raw = Params(request.GET).text("ma", max_chars=40)
    # The verification page's address holds the code: a typed "/" cannot be part of it (any code with
    # one is unknown anyway, and the page says so for what is left).
    typed = " ".join(raw.replace("/", " ").split())
    if typed:
        return redirect("verify", code=normalise_code(typed) or typed)
    response = render(request, "lifecycle/verify_lookup.html")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def revoked_public(request: HttpRequest) -> HttpResponse:
    """Publication of revoked certificates (rules.md §5.4 step 3)."""
    response = render(
        request, "lifecycle/revoked_public.html", {"revocations": services.public_revocations()}
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


# --- the register and one certificate's life ------------------------------------------------------------


@login_required
def certificate_register(request: HttpRequest) -> HttpResponse:
    params = Params(request.GET)
    show = params.choice("loc", _("lọc"), services.REGISTER_FILTERS, default="all")
    months = params.integer("thang", _("số tháng"), minimum=1, maximum=36) or 6
    params.warn(request)
    today = timezone.localdate()
    certificates, counts = services.register(request.user, show=show, months=months, today=today)
    page = list(certificates[:500])
    reratings = services.open_reratings(page)
    rows = [
        (c, effective_status(c, today), services.rerating_window(c, today), reratings.get(c.pk)) for c in page
    ]
    return render(
        request,
        "lifecycle/register.html",
        {
            "rows": rows,
            "counts": counts,
            "filters": [(k, v, counts[k]) for k, v in services.REGISTER_FILTERS.items()],
            "show": show,
            "months": months,
            "today": today,
            "reminder_days": services.reminder_days(),
        },
    )


@login_required
def certificate_life(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(certificates_for(request.user), pk=pk)
    user = request.user
    today = timezone.localdate()
    context = {
        "c": certificate,
        "status": effective_status(certificate, today),
        "history": services.history(certificate, today),
        "window": services.rerating_window(certificate, today),
        "follow_ups": certificate.follow_ups.all(),
        "reminders": certificate.expiry_reminders.all(),
        "inspections": certificate.inspection_records.all(),
        "revocations": certificate.revocations.all() if rules.open_desk(user, None) else [],
        "may_follow_up": rules.start_follow_up(user, certificate),
        "may_inspect": rules.inspect(user, certificate),
        "propose_form": ProposeRevocationForm(grounds=services.revocation_grounds(today))
        if rules.propose_revocation(user, certificate)
        else None,
    }
    return render(request, "lifecycle/certificate.html", context)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(certificates_for(request.user), pk=pk)
    try:
        dossier = services.start_follow_up(request.user, certificate, request.POST.get("kind", ""))
    except StepRefused as e:
        _refused(request, e)
        return redirect("lifecycle_certificate", pk=pk)
    messages.success(request, "Đã lập hồ sơ. / Dossier started.")
    return redirect("dossier_detail", pk=dossier.pk)


# --- revocation ----------------------------------------------------------------------------------------


@login_required
@require_POST
def revocation_propose(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(certificates_for(request.user), pk=pk)
    inspection = None
    raw_inspection = request.POST.get("inspection")
    if raw_inspection:
        inspection = get_object_or_404(
            services.inspections_for(request.user), pk=_id(raw_inspection), certificate=certificate
        )
    try:
        revocation = services.propose_revocation(
            request.user,
            certificate,
            ground=request.POST.get("ground", ""),
            note=request.POST.get("note", ""),
            inspection=inspection,
        )
    except StepRefused as e:
        _refused(request, e)
        return redirect("lifecycle_certificate", pk=pk)
    messages.success(request, "Đã gửi đề nghị thu hồi. / Revocation proposed.")
    return redirect("revocation_detail", pk=revocation.pk)


@login_required
def revocation_list(request: HttpRequest) -> HttpResponse:
    if not rules.open_desk(request.user, None):
        raise Http404
    revocations = services.revocations_for(request.user)
    return render(
        request,
        "lifecycle/revocation_list.html",
        {
            "proposed": revocations.filter(status=Revocation.Status.PROPOSED),
            "done": revocations.exclude(status=Revocation.Status.PROPOSED)[:200],
        },
    )


@login_required
def revocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    revocation = get_object_or_404(services.revocations_for(request.user), pk=pk)
    decide_form = DecideRevocationForm(
        initial={"decided_on": timezone.localdate(), "signer_title": "Phó Chủ tịch"}
    )
    dismiss_form = DismissRevocationForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "dismiss":
                dismiss_form = DismissRevocationForm(request.POST)
                services.dismiss_revocation(request.user, revocation, note=request.POST.get("note", ""))
                messages.success(request, "Đã ghi quyết định không thu hồi. / Proposal dismissed.")
                return redirect("revocation_detail", pk=pk)
            decide_form = DecideRevocationForm(request.POST)
            if not decide_form.is_valid():
                raise StepRefused("Ngày quyết định không hợp lệ", "invalid decision date")
            services.decide_revocation(
                request.user,
                revocation,
                number=decide_form.cleaned_data["number"],
                decided_on=decide_form.cleaned_data["decided_on"],
                signer_title=decide_form.cleaned_data["signer_title"],
                note=decide_form.cleaned_data["note"],
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, "Đã quyết định thu hồi giấy chứng nhận. / Certificate revoked.")
            return redirect("revocation_detail", pk=pk)
    return render(
        request,
        "lifecycle/revocation.html",
        {
            "r": revocation,
            "deadline": services.decision_deadline(revocation),
            "may_decide": rules.decide_revocation(request.user, revocation),
            "decide_form": decide_form,
            "dismiss_form": dismiss_form,
        },
    )


@login_required
def revocation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    revocation = get_object_or_404(
        services.revocations_for(request.user).select_related("decided_by"),
        pk=pk,
        status=Revocation.Status.DECIDED,
    )
    pdf = render_revocation_pdf(revocation_doc(revocation))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = revocation.decision_number.replace("/", "-")
    response["Content-Disposition"] = content_disposition_header(False, f"quyet-dinh-thu-hoi-{name}.pdf")
    return response


# --- hậu kiểm --------------------------------------------------------------------------------------------


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    if not rules.open_desk(request.user, None):
        raise Http404
    form = PlanForm(initial={"year": timezone.localdate().year})
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.create_plan(request.user, **form.cleaned_data)
            except StepRefused as e:
                _refused(request, e)
            else:
                messages.success(request, "Đã lập kế hoạch. / Plan created.")
                return redirect("inspection_plan", pk=plan.pk)
        else:
            messages.error(request, "Kiểm tra lại các ô đã nhập. / Please check the fields.")
    return render(
        request,
        "lifecycle/inspection_list.html",
        {
            "plans": services.plans_for(request.user),
            "records": services.inspections_for(request.user)[:100],
            "form": form if rules.plan_inspections(request.user, None) else None,
        },
    )


@login_required
def inspection_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(services.plans_for(request.user), pk=pk)
    choices = [
        (c.pk, f"{c.product_name} · {c.star}★ · {c.number}")
        for c in certificates_for(request.user).filter(status=Certificate.Status.VALID)
    ]
    form = PlanItemForm(certificates=choices)
    if request.method == "POST":
        form = PlanItemForm(request.POST, certificates=choices)
        if form.is_valid():
            certificate = get_object_or_404(
                certificates_for(request.user), pk=form.cleaned_data["certificate"]
            )
            try:
                services.plan_inspection(
                    request.user,
                    plan,
                    certificate,
                    planned_on=form.cleaned_data["planned_on"],
                    unannounced=form.cleaned_data["unannounced"],
                )
            except StepRefused as e:
                _refused(request, e)
            else:
                messages.success(request, "Đã thêm vào kế hoạch. / Added to the plan.")
                return redirect("inspection_plan", pk=pk)
        else:
            messages.error(request, "Kiểm tra lại các ô đã nhập. / Please check the fields.")
    items = plan.items.select_related("certificate").prefetch_related("records")
    return render(
        request,
        "lifecycle/inspection_plan.html",
        {"plan": plan, "items": items, "form": form if rules.plan_inspections(request.user, None) else None},
    )


@login_required
def inspection_new(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(certificates_for(request.user), pk=pk)
    if not rules.plan_inspections(request.user, None):
        raise Http404
    planned = None
    raw_planned = request.GET.get("ke-hoach") or request.POST.get("planned")
    if raw_planned:
        planned = get_object_or_404(
            PlannedInspection.objects.filter(plan__in=services.plans_for(request.user)),
            pk=_id(raw_planned),
            certificate=certificate,
        )
    form = InspectionForm(
        initial={"inspected_on": timezone.localdate(), "unannounced": bool(planned and planned.unannounced)}
    )
    if request.method == "POST":
        form = InspectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.record_inspection(
                    request.user,
                    certificate,
                    planned=planned,
                    inspected_on=data["inspected_on"],
                    inspectors=data["inspectors"],
                    unannounced=data["unannounced"],
                    checks=form.checks(),
                    findings=data["findings"],
                    follow_up_required=data["follow_up_required"],
                    follow_up=data["follow_up"],
                    follow_up_deadline=data["follow_up_deadline"],
                )
            except StepRefused as e:
                _refused(request, e)
            else:
                messages.success(request, "Đã ghi biên bản kiểm tra. / Inspection recorded.")
                return redirect("inspection_detail", pk=inspection.pk)
        else:
            messages.error(request, "Kiểm tra lại các ô đã nhập. / Please check the fields.")
    return render(
        request, "lifecycle/inspection_new.html", {"c": certificate, "form": form, "planned": planned}
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection: InspectionRecord = get_object_or_404(services.inspections_for(request.user), pk=pk)
    certificate = inspection.certificate
    propose_form = None
    if rules.propose_revocation(request.user, certificate):
        # From a finding to revocation ground (b) or (c) (rules.md §5.5).
        propose_form = ProposeRevocationForm(
            grounds=services.revocation_grounds(),
            initial={"ground": "b", "inspection": inspection.pk, "note": inspection.findings},
        )
    return render(
        request,
        "lifecycle/inspection.html",
        {
            "i": inspection,
            "c": certificate,
            "propose_form": propose_form,
            "propose_url": reverse("revocation_propose", args=[certificate.pk]),
        },
    )
