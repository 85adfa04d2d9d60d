"""Support pages: programmes and budgets, applications from request to disbursement, the support
report, consultants and development plans.

Thin views: every lookup goes through a selector (another province's record is a 404), every change
calls a service and shows its `StepRefused` message, changing nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.errors import StepRefused
from ocop.errors import form_refusal as first_error
from ocop.producers.models import Producer, Product
from ocop.web.params import Params, parse_integer

from . import development, figures, rules, selectors, services
from .excel import support_workbook
from .forms import (
    ApplicationForm,
    ConsultantForm,
    DecisionForm,
    DisbursementForm,
    EngagementForm,
    PlanForm,
    PlanItemForm,
    ProgrammeForm,
)
from .models import ApplicationState, SupportApplication

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Roles with support pages: producers and communes read programmes and their applications.
SUPPORT_ROLES = {
    Role.PRODUCER,
    Role.COMMUNE_OFFICER,
    Role.PROVINCE_STAFF,
    Role.PROVINCE_LEADER,
    Role.CENTRAL_STAFF,
}


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, str(e))


def _require_support_role(user: Any) -> None:
    if user.role not in SUPPORT_ROLES:
        raise PermissionDenied(_("Vai trò của bạn không có trang hỗ trợ"))


# --- programmes --------------------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_support_role(user)
    form = ProgrammeForm()
    if request.method == "POST":
        form = ProgrammeForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            programme = services.create_programme(user, **{**data, **form.amounts()})
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã tạo chương trình hỗ trợ."))
            return redirect("support_programme", pk=programme.pk)
    today = timezone.localdate()
    programmes = selectors.programmes_for(user)
    if user.role == Role.PRODUCER:
        programmes = selectors.open_programmes(programmes, today)
    rows = [
        (p, selectors.committed(p), selectors.programme_disbursed(p), selectors.is_open(p, today))
        for p in programmes
    ]
    return render(
        request,
        "support/programme_list.html",
        {
            "rows": rows,
            "applications": selectors.applications_for(user)[:200],
            "form": form if rules.manage(user, None) else None,
            "is_desk": rules.desk(user, None),
        },
    )


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_support_role(user)
    programme = get_object_or_404(selectors.programmes_for(user), pk=pk)
    may_edit = rules.edit_programme(user, programme)
    form = None
    if may_edit:
        form = ProgrammeForm(
            initial={
                **{f: getattr(programme, f) for f in services.PROGRAMME_FIELDS},
                "version": programme.version,
            }
        )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(str(rules.edit_programme.refusal(user, programme)))
        form = ProgrammeForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            services.update_programme(
                user, programme, version=form.cleaned_data.get("version"), **{**data, **form.amounts()}
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã lưu chương trình hỗ trợ."))
            return redirect("support_programme", pk=pk)
    committed = selectors.committed(programme)
    return render(
        request,
        "support/programme_detail.html",
        {
            "p": programme,
            "committed": committed,
            "remaining": programme.budget - committed,
            "disbursed": selectors.programme_disbursed(programme),
            "is_open": selectors.is_open(programme, timezone.localdate()),
            "applications": selectors.applications_for(user).filter(programme=programme),
            "form": form,
            "may_apply": rules.apply(user, programme),
        },
    )


# --- applications --------------------------------------------------------------------------------------


def _products(user: Any) -> list[tuple[int, str]]:
    return [(p.pk, p.name) for p in Product.objects.filter(producer=user.producer_id)]


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_support_role(user)
    programme = get_object_or_404(selectors.programmes_for(user), pk=pk)
    if user.role != Role.PRODUCER:
        rules.apply.require(user, programme)  # 403 with the reason
    refusal = rules.apply.refusal(user, programme)
    if refusal is not None:  # e.g. the programme is not taking applications now: say so on its page
        _refused(request, refusal)
        return redirect("support_programme", pk=pk)
    form = ApplicationForm(products=_products(user))
    if request.method == "POST":
        form = ApplicationForm(request.POST, products=_products(user))
        try:
            if not form.is_valid():
                raise first_error(form)
            data, amounts = form.cleaned_data, form.amounts()
            product = Product.objects.filter(pk=data["product"], producer=user.producer_id).first()
            if data["product"] is not None and product is None:
                raise StepRefused(_("Sản phẩm không phải của chủ thể"))
            assert amounts["cost"] is not None and amounts["requested"] is not None
            application = services.apply(
                user,
                programme,
                activity=data["activity"],
                cost=amounts["cost"],
                requested=amounts["requested"],
                token=data["token"],
                product=product,
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã gửi đơn đề nghị hỗ trợ."))
            return redirect("support_application", pk=application.pk)
    return render(request, "support/apply.html", {"p": programme, "form": form})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_support_role(user)
    application: SupportApplication = get_object_or_404(selectors.applications_for(user), pk=pk)
    programme = application.programme
    paid = selectors.disbursed(application)
    may_decide = rules.decide(user, application)
    return render(
        request,
        "support/application.html",
        {
            "a": application,
            "p": programme,
            "paid": paid,
            "left_to_pay": (application.granted or 0) - paid,
            "remaining": selectors.remaining(programme),
            "disbursements": application.disbursements.select_related("recorded_by"),
            "decision_form": DecisionForm(
                initial={"granted": application.requested, "version": application.version}
            )
            if may_decide
            else None,
            "disburse_form": DisbursementForm(initial={"paid_on": timezone.localdate()})
            if rules.disburse(user, application) and paid < (application.granted or 0)
            else None,
            "may_withdraw": rules.withdraw(user, application),
            "approved": application.state == ApplicationState.APPROVED,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise first_error(form)
        data = form.cleaned_data
        services.decide(
            request.user,
            application,
            approve=data["decision"] == "approve",
            granted=form.amounts()["granted"],
            reasons=data["reasons"],
            reference=data["reference"],
            version=data.get("version"),
        )
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, _("Đã ghi kết quả xét duyệt."))
    return redirect("support_application", pk=pk)


@login_required
@require_POST
def disburse(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    form = DisbursementForm(request.POST)
    try:
        if not form.is_valid():
            raise first_error(form)
        data = form.cleaned_data
        amount = form.amounts()["amount"]
        assert amount is not None
        services.disburse(
            request.user,
            application,
            amount=amount,
            paid_on=data["paid_on"],
            reference=data["reference"],
            note=data["note"],
            token=data["token"],
        )
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, _("Đã ghi khoản giải ngân."))
    return redirect("support_application", pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    try:
        services.withdraw(request.user, application, parse_integer(request.POST.get("version")))
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, _("Đã rút đơn."))
    return redirect("support_application", pk=pk)


# --- the report ----------------------------------------------------------------------------------------


def _report_rows(request: HttpRequest) -> tuple[list[figures.Grant], dict[str, Any]]:
    user = request.user
    rules.desk.require(user, None)
    applications = selectors.applications_for(user)
    params = Params(request.GET)
    year = params.integer("nam", _("năm"), 2000, 2100)
    programme_pk = params.integer("chuong-trinh", _("chương trình"))
    by = params.choice("theo", _("tổng hợp"), figures.GROUPINGS, "programme")
    params.warn(request)
    if programme_pk is not None:
        applications = applications.filter(programme=programme_pk)
    rows = figures.grants(applications)
    if year is not None:
        rows = [g for g in rows if g.year == year]
    return rows, {"year": year, "programme_pk": programme_pk, "by": by}


@login_required
def report(request: HttpRequest) -> HttpResponse:
    rows, chosen = _report_rows(request)
    groups, total = figures.grouped(rows, chosen["by"])
    return render(
        request,
        "support/report.html",
        {
            "groups": groups,
            "total": total,
            "groupings": figures.GROUPINGS.items(),
            "programmes": selectors.programmes_for(request.user),
            "query": request.GET.urlencode(),
            **chosen,
        },
    )


@login_required
def report_excel(request: HttpRequest) -> HttpResponse:
    rows, chosen = _report_rows(request)
    title = _("Báo cáo hỗ trợ chủ thể OCOP")
    if chosen["year"]:
        title += f" — {_('năm')} {chosen['year']}"
    response = HttpResponse(support_workbook(title, rows), content_type=XLSX)
    name = f"bao-cao-ho-tro-{chosen['year']}" if chosen["year"] else "bao-cao-ho-tro"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- consultants ---------------------------------------------------------------------------------------


@login_required
def consultant_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rules.desk.require(user, None)
    form = ConsultantForm()
    if request.method == "POST":
        form = ConsultantForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            consultant = development.register_consultant(user, **form.cleaned_data)
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã đăng ký đơn vị tư vấn."))
            return redirect("consultant_detail", pk=consultant.pk)
    return render(
        request,
        "support/consultant_list.html",
        {"consultants": selectors.consultants_for(user), "form": form if rules.manage(user, None) else None},
    )


def _province_producers(province_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    producers = Producer.objects.filter(commune__province=province_id)
    products = Product.objects.filter(producer__commune__province=province_id).select_related("producer")
    return [(p.pk, p.name) for p in producers], [(p.pk, f"{p.name} ({p.producer.name})") for p in products]


@login_required
def consultant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    rules.desk.require(user, None)
    consultant = get_object_or_404(selectors.consultants_for(user), pk=pk)
    producers, products = _province_producers(consultant.province_id)
    may_edit = rules.edit_consultant(user, consultant)
    form = EngagementForm(producers=producers, products=products) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(str(rules.edit_consultant.refusal(user, consultant)))
        form = EngagementForm(request.POST, producers=producers, products=products)
        try:
            if not form.is_valid():
                raise first_error(form)
            data = form.cleaned_data
            producer = get_object_or_404(
                Producer, pk=data["producer"], commune__province=consultant.province_id
            )
            product = Product.objects.filter(pk=data["product"]).first() if data["product"] else None
            development.record_engagement(
                user,
                consultant,
                producer=producer,
                product=product,
                subject=data["subject"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã ghi lượt tư vấn."))
            return redirect("consultant_detail", pk=pk)
    results = development.engagement_results(consultant)
    return render(
        request,
        "support/consultant_detail.html",
        {
            "c": consultant,
            "results": results,
            "recognised": sum(1 for r in results if r.certificates),
            "form": form,
        },
    )


# --- development plans -----------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rules.desk.require(user, None)
    form = PlanForm()
    if request.method == "POST":
        form = PlanForm(request.POST)
        try:
            if not form.is_valid():
                raise first_error(form)
            plan = development.create_plan(user, **form.cleaned_data)
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã tạo kế hoạch phát triển sản phẩm."))
            return redirect("devplan_detail", pk=plan.pk)
    today = timezone.localdate()
    return render(
        request,
        "support/plan_list.html",
        {
            "plans": [development.plan_progress(p, today) for p in selectors.plans_for(user)],
            "form": form if rules.manage(user, None) else None,
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    rules.desk.require(user, None)
    plan = get_object_or_404(selectors.plans_for(user), pk=pk)
    products = _province_producers(plan.province_id)[1]
    consultants = [(c.pk, c.name) for c in selectors.consultants_for(user).filter(province=plan.province_id)]
    may_edit = rules.edit_plan(user, plan)
    form = PlanItemForm(products=products, consultants=consultants, initial={"version": plan.version})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(str(rules.edit_plan.refusal(user, plan)))
        form = PlanItemForm(request.POST, products=products, consultants=consultants)
        try:
            if not form.is_valid():
                raise first_error(form)
            data = form.cleaned_data
            product = get_object_or_404(
                Product, pk=data["product"], producer__commune__province=plan.province_id
            )
            consultant = (
                selectors.consultants_for(user).filter(pk=data["consultant"]).first()
                if data["consultant"]
                else None
            )
            development.add_item(
                user,
                plan,
                product=product,
                action=data["action"],
                target_star=data["target_star"],
                consultant=consultant,
                note=data["note"],
                version=data.get("version"),
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, _("Đã thêm sản phẩm vào kế hoạch."))
            return redirect("devplan_detail", pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "support/plan_detail.html",
        {
            "plan": plan,
            "progress": development.plan_progress(plan, today),
            "results": development.item_results(plan, today),
            "form": form if may_edit else None,
        },
    )


@login_required
@require_POST
def plan_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    rules.desk.require(request.user, None)
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    item = get_object_or_404(plan.items, pk=item_pk)
    try:
        development.remove_item(request.user, item, parse_integer(request.POST.get("version")))
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, _("Đã bỏ sản phẩm khỏi kế hoạch."))
    return redirect("devplan_detail", pk=pk)
