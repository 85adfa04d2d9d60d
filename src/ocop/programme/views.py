"""Programme pages: dashboard, annual plans and targets, events, training courses, declared revenue.

Views parse the form, call a service and show its `StepRefused` message; every lookup goes through a
scope function (`plans_for`, `events_for`, `courses_for`), so another province's record is a 404.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role, User
from ocop.areas.models import Province
from ocop.producers.models import Producer, Product
from ocop.web.fields import FIRST_DAY, LAST_DAY
from ocop.web.params import Params, parse_integer

from . import services
from .charts import bar_chart
from .dashboard import build
from .models import (
    COMMUNE_KINDS,
    UNITS,
    Attendance,
    Course,
    DeclaredRevenue,
    Event,
    EventKind,
    Plan,
    Target,
    TargetKind,
)
from .progress import OFFICIAL_ROLES, plan_progress
from .services import StepRefused, courses_for, events_for, plans_for, require_viewer


def today() -> date:
    return timezone.localdate()


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, f"{e.vi} / {e.en}" if e.en else e.vi)


def _date(raw: str | None) -> date | None:
    raw = (raw or "").strip()[:10]
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise StepRefused(f"Ngày không hợp lệ: {raw}", "invalid date (YYYY-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise StepRefused(f"Ngày {day:%d/%m/%Y} nằm ngoài khoảng 2000–2100", "date out of range")
    return day


def _int(raw: str | None, vi: str, en: str) -> int:
    value = parse_integer(raw)
    if value is None:
        raise StepRefused(f"{vi} phải là số nguyên", f"{en} must be a whole number")
    return value


def _text(request: HttpRequest, name: str, model: type[Model]) -> str:
    """A text typed for `model.name`: at most its column's length (PostgreSQL refuses more)."""
    value = (request.POST.get(name) or "").strip()
    field = model._meta.get_field(name)
    limit = getattr(field, "max_length", None)
    if limit and len(value) > limit:
        raise StepRefused(
            f"«{capfirst(str(field.verbose_name))}» dài quá {limit} ký tự",
            f"{name}: at most {limit} characters",
        )
    return value


def _number(request: HttpRequest, name: str, model: type[Model]) -> Decimal:
    """A number typed for `model.name` (a decimal column): as many digits as the column holds."""
    value = services.parse_value(request.POST.get(name) or "")
    field = model._meta.get_field(name)
    try:
        DecimalValidator(field.max_digits, field.decimal_places)(value)  # type: ignore[attr-defined]
    except ValidationError:
        raise StepRefused(
            f"«{capfirst(str(field.verbose_name))}» có quá nhiều chữ số", f"{name}: too many digits"
        ) from None
    return value


def _ids(request: HttpRequest, name: str) -> list[int]:
    ids = [parse_integer(v) for v in request.POST.getlist(name) if v]
    if None in ids:
        raise StepRefused("Lựa chọn không hợp lệ", "invalid selection")
    return [i for i in ids if i is not None]


def _version(request: HttpRequest) -> int | None:
    """The version of the record the page showed (a hidden field), if the page sent one."""
    return parse_integer(request.POST.get("version", ""))


# Dashboard -----------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_viewer(request.user)
    user = request.user
    params = Params(request.GET)
    wanted = params.integer("tinh", _("tỉnh"))
    params.warn(request)
    provinces: list[Province] = []
    if user.role == Role.CENTRAL_STAFF:
        provinces = list(Province.objects.all())
        province = get_object_or_404(Province, code=wanted) if wanted is not None else None
    else:
        province = get_object_or_404(Province, pk=user.province_id)
        if wanted is not None and wanted != province.code:
            raise Http404("Không có quyền xem tỉnh khác")
    data = build(province, today())
    area_title = "Theo xã, phường" if province else "Theo tỉnh, thành phố"
    charts = [
        ("stars", "Sản phẩm OCOP còn hiệu lực theo hạng sao", "In force, by star", data.by_star),
        ("groups", "Theo nhóm sản phẩm", "By product group", data.by_group),
        ("areas", area_title, "By commune" if province else "By province", data.by_area),
        ("years", "Sản phẩm được công nhận theo năm", "Recognised, by year", data.by_year),
        ("expiry", "Giấy chứng nhận sắp hết hạn", "Certificates expiring", data.expiring_counts),
        ("pipeline", "Hồ sơ theo trạng thái", "Dossiers by state", data.pipeline),
        ("ideas", f"Ý tưởng sản phẩm năm {data.on.year} theo bước", "Product ideas by step", data.ideas),
        (
            "business-plans",
            f"Phương án sản xuất kinh doanh năm {data.on.year} theo bước",
            "Business plans by step",
            data.business_plans,
        ),
    ]
    blocks = [
        {"id": key, "vi": vi, "en": en, "rows": rows, "svg": bar_chart(rows, f"{vi} / {en}", css_class=key)}
        for key, vi, en, rows in charts
    ]
    return render(
        request,
        "programme/dashboard.html",
        {"data": data, "blocks": blocks, "provinces": provinces, "province": province},
    )


# Plans and targets ---------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    services.require_plan_reader(request.user)
    user = request.user
    can_create = services.may_edit_plan(user, None)
    if request.method == "POST":
        try:
            plan = services.create_plan(
                user,
                year=_int(request.POST.get("year"), "Năm", "year"),
                title=_text(request, "title", Plan),
                reference=_text(request, "reference", Plan),
                issued_on=_date(request.POST.get("issued_on")),
                notes=_text(request, "notes", Plan),
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, "Đã tạo kế hoạch. / Plan created.")
            return redirect("plan_detail", pk=plan.pk)
    plans = plans_for(user).order_by("-year", "province__code", "commune__name")
    return render(
        request,
        "programme/plan_list.html",
        {
            "plans": plans,
            "can_create": can_create,
            "this_year": today().year,
            "commune": user.commune if user.role == Role.COMMUNE_OFFICER else None,
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_plan_reader(request.user)
    plan = get_object_or_404(plans_for(request.user), pk=pk)
    can_edit = services.may_edit_plan(request.user, plan)
    if request.method == "POST":
        try:
            services.set_target(
                request.user,
                plan,
                request.POST.get("kind", ""),
                _number(request, "value", Target),
                _text(request, "note", Target),
                _version(request),
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, "Đã lưu chỉ tiêu. / Target saved.")
            return redirect("plan_detail", pk=plan.pk)
    rows = plan_progress(plan, today())
    kinds = [(k.value, k.label, UNITS[k]) for k in TargetKind if not plan.commune_id or k in COMMUNE_KINDS]
    return render(
        request,
        "programme/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "can_edit": can_edit,
            "kinds": kinds,
            "reports": plan.reports.all() if plan.commune_id else None,
        },
    )


@login_required
@require_POST
def target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    services.require_plan_reader(request.user)
    plan = get_object_or_404(plans_for(request.user), pk=pk)
    target = get_object_or_404(plan.targets, pk=target_pk)
    try:
        services.remove_target(request.user, target, _version(request))
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, "Đã xóa chỉ tiêu. / Target removed.")
    return redirect("plan_detail", pk=plan.pk)


# Events and training -------------------------------------------------------------------------------


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require_viewer(request.user)
    user = request.user
    can_edit = services.may_edit(user, user.province_id)
    if request.method == "POST":
        try:
            if request.POST.get("what") == "course":
                course = services.create_course(
                    user,
                    title=_text(request, "title", Course),
                    starts_on=_date(request.POST.get("starts_on")),
                    ends_on=_date(request.POST.get("ends_on")),
                    place=_text(request, "place", Course),
                    organiser=_text(request, "organiser", Course),
                    content=_text(request, "content", Course),
                )
                messages.success(request, "Đã tạo lớp tập huấn. / Course created.")
                return redirect("course_detail", pk=course.pk)
            event = services.create_event(
                user,
                kind=request.POST.get("kind", ""),
                title=_text(request, "title", Event),
                starts_on=_date(request.POST.get("starts_on")),
                ends_on=_date(request.POST.get("ends_on")),
                place=_text(request, "place", Event),
                results=_text(request, "results", Event),
                abroad=request.POST.get("abroad") == "1",
                country=_text(request, "country", Event),
            )
            messages.success(request, "Đã tạo sự kiện. / Event created.")
            return redirect("event_detail", pk=event.pk)
        except StepRefused as e:
            _refused(request, e)
    return render(
        request,
        "programme/event_list.html",
        {
            "events": events_for(user),
            "courses": courses_for(user),
            "can_edit": can_edit,
            "event_kinds": EventKind.choices,
        },
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_viewer(request.user)
    event = get_object_or_404(events_for(request.user), pk=pk)
    can_edit = services.may_edit(request.user, event.province_id)
    if request.method == "POST":
        try:
            services.update_event(
                request.user,
                event,
                results=_text(request, "results", Event),
                producer_ids=_ids(request, "producers"),
                product_ids=_ids(request, "products"),
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, "Đã lưu kết quả sự kiện. / Event saved.")
            return redirect("event_detail", pk=event.pk)
    chosen_producers = set(event.producers.values_list("pk", flat=True))
    chosen_products = set(event.products.values_list("pk", flat=True))
    return render(
        request,
        "programme/event_detail.html",
        {
            "event": event,
            "can_edit": can_edit,
            "producers": Producer.objects.filter(commune__province=event.province_id),
            "products": Product.objects.filter(producer__commune__province=event.province_id),
            "chosen_producers": chosen_producers,
            "chosen_products": chosen_products,
        },
    )


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_viewer(request.user)
    course = get_object_or_404(courses_for(request.user), pk=pk)
    can_edit = services.may_edit(request.user, course.province_id)
    if request.method == "POST":
        try:
            person = producer = None
            if request.POST.get("person"):
                person = User.objects.filter(
                    pk=_int(request.POST.get("person"), "Người", "person"), province=course.province_id
                ).first()
                if person is None:
                    raise StepRefused("Cán bộ không thuộc tỉnh", "the official is not in the province")
            elif request.POST.get("producer"):
                producer = Producer.objects.filter(
                    pk=_int(request.POST.get("producer"), "Chủ thể", "producer"),
                    commune__province=course.province_id,
                ).first()
                if producer is None:
                    raise StepRefused("Chủ thể không thuộc tỉnh", "the producer is not in the province")
            services.add_attendee(
                request.user,
                course,
                person=person,
                producer=producer,
                name=_text(request, "name", Attendance),
                attended=request.POST.get("attended") == "1",
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, "Đã thêm học viên. / Attendee added.")
            return redirect("course_detail", pk=course.pk)
    return render(
        request,
        "programme/course_detail.html",
        {
            "course": course,
            "can_edit": can_edit,
            "attendances": course.attendances.select_related("user", "producer"),
            "officials": User.objects.filter(
                province=course.province_id, role__in=OFFICIAL_ROLES, is_active=True
            ).order_by("full_name"),
            "producers": Producer.objects.filter(commune__province=course.province_id),
        },
    )


@login_required
@require_POST
def attendance_toggle(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    require_viewer(request.user)
    course = get_object_or_404(courses_for(request.user), pk=pk)
    attendance = get_object_or_404(Attendance, pk=attendance_pk, course=course)
    try:
        services.set_attended(request.user, attendance, request.POST.get("attended") == "1")
    except StepRefused as e:
        _refused(request, e)
    else:
        messages.success(request, "Đã ghi nhận điểm danh. / Attendance recorded.")
    return redirect("course_detail", pk=course.pk)


# Declared revenue ----------------------------------------------------------------------------------


@login_required
def revenue(request: HttpRequest) -> HttpResponse:
    require_viewer(request.user)
    user = request.user
    can_edit = services.may_edit(user, user.province_id)
    if user.role == Role.CENTRAL_STAFF:
        producers = Producer.objects.all()
    else:
        producers = Producer.objects.filter(commune__province=user.province_id)
    if request.method == "POST":
        try:
            producer = producers.filter(pk=_int(request.POST.get("producer"), "Chủ thể", "producer")).first()
            if producer is None:
                raise Http404
            amount = _number(request, "amount", DeclaredRevenue)
            services.declare_revenue(
                user,
                producer,
                _int(request.POST.get("year"), "Năm", "year"),
                Decimal(amount),
                _text(request, "source", DeclaredRevenue),
            )
        except StepRefused as e:
            _refused(request, e)
        else:
            messages.success(request, "Đã ghi doanh thu. / Revenue recorded.")
            return redirect("revenue")
    rows = DeclaredRevenue.objects.filter(producer__in=producers).select_related("producer")
    return render(
        request,
        "programme/revenue.html",
        {
            "rows": rows,
            "producers": producers.select_related("commune"),
            "can_edit": can_edit,
            "this_year": today().year,
        },
    )
