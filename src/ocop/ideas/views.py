"""Pages of the cycle's first steps: ideas and their review, the business plan and its decision, the
commune's survey, and the province's settings.

Every lookup goes through a selector (another area's record is a 404), every page asks its rule (403),
every change calls a service; a refusal is shown in Vietnamese and changes nothing, the form keeping
what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.access import signed_in_user
from ocop.accounts.models import Role, User
from ocop.areas.models import Province
from ocop.core.rulebooks import EVALUATION_KINDS, get_rulebook
from ocop.errors import StepRefused
from ocop.producers.models import Producer, Product
from ocop.web.params import Params

from . import gates, rules, services
from .forms import IdeaForm, IdeaReviewForm, PlanForm, PlanReviewForm, SettingsForm, SurveyForm
from .models import BusinessPlan, CycleSettings, Idea, IdeaState, PotentialProduct, Review
from .selectors import duplicate_groups, ideas_for, plan_of, same_kind_elsewhere, surveys_for

# The years a list may be filtered by: the cycle is young, a wider year is a typing error.
FIRST_YEAR, LAST_YEAR = 2019, 2100


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, str(e.vi))


def _year(params: Params) -> int:
    return params.integer("nam", _("năm"), FIRST_YEAR, LAST_YEAR) or timezone.localdate().year


def _idea(user: User, pk: int) -> Idea:
    return get_object_or_404(ideas_for(user), pk=pk)


def _commune_producers(user: User) -> Any:
    return Producer.objects.filter(commune=user.commune_id).order_by("name") if user.commune_id else None


# --- ideas -----------------------------------------------------------------------------------------


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rules.open_ideas.require(user, None)
    params = Params(request.GET)
    year = _year(params)
    state = params.choice("buoc", _("bước"), IdeaState.values)
    params.warn(request)
    scope = ideas_for(user).filter(year=year)
    rows = scope.filter(state=state) if state else scope
    province_id = user.province_id if user.role in (Role.PROVINCE_STAFF, Role.PROVINCE_LEADER) else None
    plans = {p.idea_id: p for p in BusinessPlan.objects.filter(idea__in=rows)}
    return render(
        request,
        "ideas/list.html",
        {
            "year": year,
            "state": state,
            "states": IdeaState.choices,
            "rows": [(idea, plans.get(idea.pk)) for idea in rows.order_by("commune__name", "name")],
            "counts": _counts(scope),
            "duplicates": duplicate_groups(province_id, year) if province_id else [],
            "may_register": rules.register_idea(user, None),
            "may_survey": rules.open_survey(user, None),
            "may_settings": rules.open_settings(user, None),
        },
    )


def _counts(scope: Any) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for value in scope.values_list("state", flat=True):
        counts[value] = counts.get(value, 0) + 1
    return [(value, str(label), counts.get(value, 0)) for value, label in IdeaState.choices]


def _idea_form(user: User, data: Any = None, idea: Idea | None = None) -> IdeaForm:
    rulebook = get_rulebook(idea.rulebook_id) if idea else services.rulebook_in_force()
    products = None
    if user.role == Role.PRODUCER and idea is None:
        products = Product.objects.filter(producer=user.producer_id).order_by("name")
    producers = _commune_producers(user) if user.role == Role.COMMUNE_OFFICER else None
    initial = None
    if idea is not None:
        initial = {
            "name": idea.name,
            "scorecard_number": idea.scorecard_number,
            "origin": idea.origin,
            "description": idea.description,
            "raw_materials": idea.raw_materials,
            "market": idea.market,
            "producer": idea.producer_id,
            "version": idea.version,
        }
    return IdeaForm(data, rulebook=rulebook, products=products, producers=producers, initial=initial)


@login_required
def idea_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rules.register_idea.require(user, None)
    form = _idea_form(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.register_idea(
                user,
                form.idea_fields(),
                product=form.cleaned_data.get("product"),
                producer=form.cleaned_data.get("producer"),
            )
        except StepRefused as e:
            form.add_error(None, str(e.vi))
        else:
            messages.success(
                request, _("Đã đăng ký ý tưởng «%(name)s»; UBND xã sẽ xem xét.") % {"name": idea.name}
            )
            return redirect("idea_detail", idea.pk)
    status = 400 if request.method == "POST" else 200
    community = user.role == Role.COMMUNE_OFFICER
    return render(request, "ideas/idea_form.html", {"form": form, "community": community}, status=status)


@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = _idea(user, pk)
    plan = plan_of(idea)
    may_review = rules.review_idea(user, idea)
    may_review_plan = rules.review_plan(user, idea)
    producers = _commune_producers(user) if may_review and idea.community else None
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "plan": plan,
            "reviews": idea.reviews.select_related("by"),
            "same_kind": same_kind_elsewhere(idea),
            "may_edit": rules.edit_idea(user, idea),
            "may_review": may_review,
            "review_form": IdeaReviewForm(producers=producers, initial={"version": idea.version})
            if may_review
            else None,
            "may_write_plan": rules.write_plan(user, idea),
            "may_review_plan": may_review_plan,
            "plan_review_form": PlanReviewForm(initial={"version": plan.version if plan else 0})
            if may_review_plan
            else None,
            "card": _card(idea),
        },
    )


def _card(idea: Idea) -> Any:
    try:
        return get_rulebook(idea.rulebook_id).scorecard(idea.scorecard_number)
    except KeyError:
        return None


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = _idea(user, pk)
    if request.method != "POST":  # a post is refused by the service, saying why, the form kept
        rules.edit_idea.require(user, idea)
    form = _idea_form(user, request.POST or None, idea)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_idea(
                user,
                idea,
                form.idea_fields(),
                form.cleaned_data.get("version"),
                form.cleaned_data.get("producer"),
            )
        except StepRefused as e:
            form.add_error(None, str(e.vi))
        else:
            messages.success(request, _("Đã lưu ý tưởng."))
            return redirect("idea_detail", idea.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ideas/idea_form.html",
        {"form": form, "idea": idea, "community": idea.community},
        status=status,
    )


def _decide(
    request: HttpRequest, idea: Idea, form: Any, invalid: str, decide: Callable[[dict[str, Any]], Review]
) -> HttpResponse:
    """A decision on the idea or its plan, posted from the idea's page: the service refuses or
    records it, and the page says which."""
    if not form.is_valid():
        messages.error(request, invalid)
    else:
        try:
            review = decide(form.cleaned_data)
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(
                request, _("Đã ghi ý kiến: %(decision)s.") % {"decision": review.get_decision_display()}
            )
    return redirect("idea_detail", idea.pk)


@login_required
@require_POST
def idea_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = _idea(user, pk)
    form = IdeaReviewForm(request.POST, producers=_commune_producers(user) if idea.community else None)
    return _decide(
        request,
        idea,
        form,
        _("Cần chọn ý kiến của UBND xã (chuyển tỉnh, trả lại, không chọn)."),
        lambda data: services.review_idea(
            user, idea, data["decision"], data.get("note") or "", data.get("version"), data.get("producer")
        ),
    )


# --- the business plan -----------------------------------------------------------------------------


def _plan_initial(idea: Idea) -> dict[str, Any]:
    plan = plan_of(idea)
    if plan is None:
        return {"version": 0, "raw_materials": idea.raw_materials, "market": idea.market}
    fields = [f for f in PlanForm.base_fields if f != "version"]
    return {**{f: getattr(plan, f) for f in fields}, "version": plan.version}


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = _idea(user, pk)
    if request.method != "POST":  # a post is refused by the service, saying why, the form kept
        rules.write_plan.require(user, idea)
    form = PlanForm(request.POST or None, initial=_plan_initial(idea))
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.save_plan(user, idea, form.cleaned_data, form.cleaned_data.get("version"), submit=submit)
        except StepRefused as e:
            form.add_error(None, str(e.vi))
        else:
            messages.success(
                request,
                _("Đã nộp phương án; cơ quan OCOP tỉnh sẽ xem xét.") if submit else _("Đã lưu phương án."),
            )
            return redirect("idea_detail", idea.pk) if submit else redirect("plan_edit", idea.pk)
    status = 400 if request.method == "POST" else 200
    plan = plan_of(idea)
    reviews = idea.reviews.filter(stage=Review.Stage.PLAN).select_related("by")
    return render(
        request,
        "ideas/plan_form.html",
        {"form": form, "idea": idea, "plan": plan, "reviews": reviews},
        status=status,
    )


@login_required
@require_POST
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    idea = _idea(user, pk)
    return _decide(
        request,
        idea,
        PlanReviewForm(request.POST),
        _("Cần chọn: phê duyệt hoặc trả lại để hoàn thiện."),
        lambda data: services.review_plan(
            user, idea, data["decision"], data.get("note") or "", data.get("version")
        ),
    )


# --- the commune's survey --------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rules.open_survey.require(user, None)
    params = Params(request.GET)
    year = _year(params)
    params.warn(request)
    may_record = rules.record_survey(user, None)
    form = SurveyForm(request.POST or None, rulebook=services.rulebook_in_force()) if may_record else None
    if request.method == "POST":
        rules.record_survey.require(user, None)
        assert form is not None
        if form.is_valid():
            try:
                entry = services.record_potential(user, form.survey_fields())
            except StepRefused as e:
                form.add_error(None, str(e.vi))
            else:
                messages.success(request, _("Đã ghi «%(name)s» vào khảo sát.") % {"name": entry.name})
                return redirect("survey_list")
    entries = surveys_for(user).filter(year=year).order_by("commune__name", "name")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "ideas/survey_list.html", {"entries": entries, "form": form, "year": year}, status=status
    )


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    entry: PotentialProduct = get_object_or_404(surveys_for(user), pk=pk)
    rules.edit_survey.require(user, entry)
    initial = {
        f: getattr(entry, f)
        for f in (
            "name",
            "scorecard_number",
            "raw_material_area",
            "area_ha",
            "producers",
            "assessment",
            "version",
        )
    }
    form = SurveyForm(request.POST or None, rulebook=get_rulebook(entry.rulebook_id), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_potential(user, entry, form.survey_fields(), form.cleaned_data.get("version"))
        except StepRefused as e:
            form.add_error(None, str(e.vi))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("survey_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "ideas/survey_form.html", {"form": form, "entry": entry}, status=status)


# --- the province's settings -----------------------------------------------------------------------


@login_required
def cycle_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rules.open_settings.require(user, None)
    province = get_object_or_404(Province, pk=user.province_id)
    may_change = rules.change_settings(user, province)
    required = gates.requirements_for(province.pk)
    stored = CycleSettings.objects.filter(province=province).first()
    initial = {
        "plan_before_filing": sorted(required.plan_before_filing),
        "self_assessment_before_filing": sorted(required.self_assessment_before_filing),
        "basis": required.basis,
        "version": stored.version if stored else 0,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        rules.change_settings.require(user, province)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_settings(
                    user,
                    province,
                    data["plan_before_filing"],
                    data["self_assessment_before_filing"],
                    data.get("basis") or "",
                    data.get("version"),
                )
            except StepRefused as e:
                form.add_error(None, str(e.vi))
            else:
                messages.success(request, _("Đã lưu cài đặt chu trình của tỉnh."))
                return redirect("cycle_settings")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "ideas/settings.html",
        {
            "form": form,
            "province": province,
            "required": required,
            "kinds": EVALUATION_KINDS,
            "may_change": may_change,
            "stored": stored,
        },
        status=status,
    )
