"""Pages of market checks (products on sale), their evidence and follow-up, and self-declarations.

Thin views: lookups go through market.checks_for / findings_for / declarations_for (another area's
record is a 404), changes through the services in market.py, whose refusals are shown as they are.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.areas.models import Commune
from ocop.errors import StepRefused
from ocop.errors import form_refusal as first_error
from ocop.producers.models import Product

from . import market
from .market_forms import (
    CloseFindingForm,
    DeclarationCheckForm,
    DeclarationForm,
    FindingForm,
    MarketCheckForm,
)
from .market_models import MarketFinding, SelfDeclaration
from .services import inspections_for, plans_for


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, str(e))


def _files(request: HttpRequest, name: str) -> list[tuple[str, Any, int]]:
    return [(f.name or "", f, f.size or 0) for f in request.FILES.getlist(name)]


def _check_choices(user: Any) -> dict[str, list[tuple[int, str]]]:
    from ocop.catalogue.models import SalesPoint
    from ocop.programme.models import Event

    province = user.province_id
    return {
        "commune": [(c.pk, c.name) for c in Commune.objects.filter(province=province)],
        "sales_point": [(s.pk, s.name) for s in SalesPoint.objects.filter(province=province)],
        "event": [
            (e.pk, f"{e.title} ({e.starts_on:%d/%m/%Y})") for e in Event.objects.filter(province=province)
        ],
        "plan": [(p.pk, f"{p.title}") for p in plans_for(user).filter(level="province")],
    }


@login_required
def check_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    market.desk.require(user, None)
    may_record = market.record_check(user, None)
    form = MarketCheckForm(choices=_check_choices(user), initial={"checked_on": timezone.localdate()})
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(str(market.record_check.refusal(user, None)))
        form = MarketCheckForm(request.POST, choices=_check_choices(user))
        try:
            if not form.is_valid():
                raise first_error(form)
            data = form.cleaned_data
            plan = plans_for(user).filter(pk=data["plan"]).first() if data["plan"] else None
            check = market.record_market_check(
                user,
                checked_on=data["checked_on"],
                place_kind=data["place_kind"],
                place=data["place"],
                address=data["address"],
                url=data["url"],
                commune_id=data["commune"],
                sales_point_id=data["sales_point"],
                event_id=data["event"],
                plan=plan,
                inspectors=data["inspectors"],
                notes=data["notes"],
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã ghi đợt kiểm tra; thêm các sản phẩm đã xem."))
            return redirect("market_check", pk=check.pk)
    return render(
        request,
        "lifecycle/market_list.html",
        {
            "checks": market.checks_for(user).prefetch_related("findings")[:200],
            "follow_ups": market.open_follow_ups(user),
            "form": form if may_record else None,
        },
    )


@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market.desk.require(user, None)
    check = get_object_or_404(market.checks_for(user), pk=pk)
    may_edit = market.edit_check(user, check)
    form = FindingForm()
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(str(market.edit_check.refusal(user, check)))
        form = FindingForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            finding = market.record_finding(
                user, check, evidence=_files(request, "evidence"), **form.cleaned_data
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã ghi: %(verdict)s") % {"verdict": finding.get_verdict_display()})
            return redirect("market_check", pk=pk)
    return render(
        request,
        "lifecycle/market_check.html",
        {
            "check": check,
            "findings": check.findings.select_related("certificate").prefetch_related("evidence"),
            "form": form if may_edit else None,
        },
    )


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    market.desk.require(user, None)
    finding: MarketFinding = get_object_or_404(market.findings_for(user), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "evidence":
                market.add_evidence(user, finding, _files(request, "evidence"))
                messages.success(request, _("Đã thêm bằng chứng."))
            else:
                form = CloseFindingForm(request.POST)
                if not form.is_valid():
                    raise first_error(form)
                market.close(
                    user,
                    finding,
                    closed_on=form.cleaned_data["closed_on"],
                    closure=form.cleaned_data["closure"],
                    version=form.cleaned_data.get("version"),
                )
                messages.success(request, _("Đã kết thúc theo dõi."))
        except StepRefused as e:
            _refused(request, e)
        return redirect("market_finding", pk=pk)
    return render(
        request,
        "lifecycle/market_finding.html",
        {
            "f": finding,
            "check": finding.market_check,
            "evidence": finding.evidence.all(),
            "close_form": CloseFindingForm(
                initial={"closed_on": timezone.localdate(), "version": finding.version}
            )
            if market.close_finding(user, finding)
            else None,
            "may_add": market.edit_check(user, finding.market_check),
        },
    )


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    user = request.user
    market.desk.require(user, None)
    from .market_models import MarketEvidence

    evidence = get_object_or_404(MarketEvidence.objects.filter(finding__in=market.findings_for(user)), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=evidence.content_type == "application/pdf",
        filename=evidence.original_name,
    )


# --- self-declarations ------------------------------------------------------------------------------

DECLARATION_ROLES = {
    Role.PRODUCER,
    Role.COMMUNE_OFFICER,
    Role.PROVINCE_STAFF,
    Role.PROVINCE_LEADER,
    Role.CENTRAL_STAFF,
}


def _declarable(user: Any) -> list[tuple[int, str]]:
    products = Product.objects.select_related("producer__commune")
    if user.role == Role.PRODUCER:
        products = products.filter(producer=user.producer_id) if user.producer_id else products.none()
    else:
        products = products.filter(producer__commune__province=user.province_id)
    return [(p.pk, f"{p.name} ({p.producer.name})") for p in products if market.declare(user, p)]


@login_required
def declaration_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in DECLARATION_ROLES:
        raise PermissionDenied(_("Vai trò của bạn không có trang tự công bố sản phẩm"))
    products = _declarable(user)
    form = DeclarationForm(products=products)
    if request.method == "POST":
        form = DeclarationForm(request.POST, products=products)
        try:
            if not products:
                raise StepRefused(str(market.declare.needs[0].vi))  # nothing this user may declare
            if not form.is_valid():
                raise first_error(form)
            data = form.cleaned_data
            product = get_object_or_404(Product, pk=data["product"])
            files = _files(request, "document")
            market.record_declaration(
                user,
                product,
                number=data["number"],
                declared_on=data["declared_on"],
                standard=data["standard"],
                received_by=data["received_by"],
                document=files[0] if files else None,
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã ghi bản tự công bố."))
            return redirect("declaration_list")
    return render(
        request,
        "lifecycle/declaration_list.html",
        {
            "declarations": market.declarations_for(user).prefetch_related("checks__inspection")[:300],
            "form": form if products else None,
        },
    )


@login_required
def declaration_file(request: HttpRequest, pk: int) -> FileResponse:
    declaration: SelfDeclaration = get_object_or_404(market.declarations_for(request.user), pk=pk)
    return FileResponse(
        declaration.document.open("rb"),
        content_type=declaration.content_type,
        as_attachment=declaration.content_type == "application/pdf",
        filename=declaration.original_name,
    )


@login_required
@require_POST
def declaration_check(request: HttpRequest, pk: int) -> HttpResponse:
    """From a hậu kiểm record: one self-declaration of the inspected product checked."""
    inspection = get_object_or_404(inspections_for(request.user), pk=pk)
    form = DeclarationCheckForm(request.POST)
    try:
        if not form.is_valid():
            raise first_error(form)
        declaration = get_object_or_404(
            SelfDeclaration, pk=form.cleaned_data["declaration"], product=inspection.certificate.product_id
        )
        market.check_declaration_in(
            request.user,
            inspection,
            declaration,
            result=form.cleaned_data["result"],
            note=form.cleaned_data["note"],
        )
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, _("Đã ghi kết quả kiểm tra bản tự công bố."))
    return redirect("inspection_detail", pk=pk)
