"""Plans, targets, events, training and declared revenue: who may see and change them, and the changes.

Province staff (cơ quan tham mưu OCOP cấp tỉnh) keep their own province's plan, events, courses and
revenue declarations. The provincial leader reads them; central staff read every province's. Anyone
else has no access (403). Another province's record is not found (404): lists and lookups go through
`plans_for`, `events_for`, `courses_for`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ocop import versions
from ocop.accounts.models import Role, User
from ocop.areas.models import Province
from ocop.audit.models import record
from ocop.errors import StepRefused
from ocop.producers.models import Producer, Product

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

PROVINCIAL = {Role.PROVINCE_STAFF, Role.PROVINCE_LEADER}
VIEWERS = {*PROVINCIAL, Role.CENTRAL_STAFF}
# Target kinds measured as a share of a whole: never above 100 %.
SHARE_KINDS = {
    TargetKind.SHARE_3STAR,
    TargetKind.SALES_POINT_COVERAGE,
    TargetKind.OFFICIALS_TRAINED,
    TargetKind.PRODUCERS_TRAINED,
}


def require_viewer(user: Any) -> None:
    """Programme pages are for provincial staff and leaders and central staff; others get 403."""
    if not user.is_authenticated or user.role not in VIEWERS:
        raise PermissionDenied("Trang dành cho cơ quan quản lý OCOP / for OCOP officials only")
    if user.role in PROVINCIAL and not user.province_id:
        raise PermissionDenied("Tài khoản chưa gắn với tỉnh / account has no province")


def _scoped(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    if not user.is_authenticated:
        return qs.none()
    if user.role in PROVINCIAL and user.province_id:
        return qs.filter(province=user.province_id)
    if user.role == Role.CENTRAL_STAFF:
        return qs
    return qs.none()


def require_plan_reader(user: Any) -> None:
    """Plan pages are also a commune officer's: its commune's own plans (and its province's plan)."""
    if user.is_authenticated and user.role == Role.COMMUNE_OFFICER and user.commune_id:
        return
    require_viewer(user)


def plans_for(user: Any) -> QuerySet[Plan]:
    """The province's plan and its communes' plans; a commune officer, its commune's and its province's."""
    qs = Plan.objects.select_related("province", "commune")
    if user.is_authenticated and user.role == Role.COMMUNE_OFFICER:
        if not user.commune_id:
            return qs.none()
        return qs.filter(Q(commune=user.commune_id) | Q(province=user.province_id, commune__isnull=True))
    return _scoped(qs, user)


def may_edit_plan(user: Any, plan: Plan | None) -> bool:
    """The province's staff keep the province's plan; the commune's officer keeps the commune's plan.
    With `plan` None: whether the user may create one (of its own level)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.COMMUNE_OFFICER:
        return user.commune_id is not None and (plan is None or plan.commune_id == user.commune_id)
    return (plan is None or plan.commune_id is None) and may_edit(
        user, plan.province_id if plan else user.province_id
    )


def _require_plan_editor(user: Any, plan: Plan | None) -> None:
    if not may_edit_plan(user, plan):
        if plan is not None and plan.commune_id is not None:
            raise StepRefused(_("Chỉ UBND xã có kế hoạch được cập nhật kế hoạch của xã"))
        raise StepRefused(
            "Chỉ cơ quan tham mưu OCOP của tỉnh được cập nhật nội dung này",
            "only the province's OCOP staff may change this",
        )


def events_for(user: Any) -> QuerySet[Event]:
    return _scoped(Event.objects.select_related("province"), user)


def courses_for(user: Any) -> QuerySet[Course]:
    return _scoped(Course.objects.select_related("province"), user)


def may_edit(user: Any, province_id: int | None) -> bool:
    """Only the province's own staff change its plan, events, courses and revenue records."""
    return (
        user.is_authenticated
        and user.role == Role.PROVINCE_STAFF
        and user.province_id is not None
        and user.province_id == province_id
    )


def _require_editor(user: Any, province_id: int | None) -> None:
    if not may_edit(user, province_id):
        raise StepRefused(
            "Chỉ cơ quan tham mưu OCOP của tỉnh được cập nhật nội dung này",
            "only the province's OCOP staff may change this",
        )


def _text(value: str, vi: str, en: str) -> str:
    value = (value or "").strip()
    if not value:
        raise StepRefused(f"Cần nhập {vi}", f"{en} is required")
    return value


def _dates(starts_on: date | None, ends_on: date | None) -> tuple[date, date]:
    if starts_on is None:
        raise StepRefused("Cần ngày bắt đầu", "a start date is required")
    ends_on = ends_on or starts_on
    if ends_on < starts_on:
        raise StepRefused("Ngày kết thúc trước ngày bắt đầu", "the end date is before the start date")
    return starts_on, ends_on


# Plans and targets ---------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    user: User, *, year: int, title: str, reference: str = "", issued_on: date | None = None, notes: str = ""
) -> Plan:
    """The province's plan (provincial staff), or the commune's own plan (its officer)."""
    _require_plan_editor(user, None)
    if not 2000 <= year <= 2100:
        raise StepRefused("Năm kế hoạch không hợp lệ", "invalid plan year")
    assert user.province_id is not None
    commune_id = user.commune_id if user.role == Role.COMMUNE_OFFICER else None
    if commune_id is not None:
        if Plan.objects.filter(commune=commune_id, year=year).exists():
            raise StepRefused(_("Xã đã có kế hoạch năm %(year)d") % {"year": year})
    elif Plan.objects.filter(province=user.province_id, commune__isnull=True, year=year).exists():
        raise StepRefused(f"Tỉnh đã có kế hoạch năm {year}", f"the province already has a {year} plan")
    plan = Plan.objects.create(
        province_id=user.province_id,
        commune_id=commune_id,
        year=year,
        title=_text(title, "tên kế hoạch", "title"),
        reference=reference.strip(),
        issued_on=issued_on,
        notes=notes.strip(),
        created_by=user,
    )
    record(
        user,
        "programme.plan_created",
        subject=f"plan:{plan.pk}",
        year=year,
        title=plan.title,
        commune=commune_id,
    )
    return plan


def parse_value(raw: str) -> Decimal:
    try:
        value = Decimal((raw or "").strip().replace(",", "."))
    except InvalidOperation:
        raise StepRefused("Giá trị mục tiêu phải là một số", "the target value must be a number") from None
    if not value.is_finite():
        raise StepRefused("Giá trị mục tiêu phải là một số", "the target value must be a number")
    return value


@transaction.atomic
def set_target(
    user: User, plan: Plan, kind: str, value: Decimal, note: str = "", version: int | None = None
) -> Target:
    """Add the plan's target of `kind`, or change its value (one target per kind). The plan is locked
    and refused, changing nothing, when its targets changed since the page was opened at `version`."""
    _require_plan_editor(user, plan)
    plan.refresh_from_db(from_queryset=Plan.objects.select_for_update())
    versions.check(plan, version, f"plan:{plan.pk}")
    try:
        target_kind = TargetKind(kind)
    except ValueError:
        raise StepRefused("Loại chỉ tiêu không hợp lệ", "unknown target kind") from None
    if plan.commune_id is not None and target_kind not in COMMUNE_KINDS:
        raise StepRefused(
            _("Kế hoạch của xã không đặt chỉ tiêu «%(kind)s»: số liệu này là của tỉnh")
            % {"kind": target_kind.label}
        )
    if value <= 0 and target_kind != TargetKind.REVENUE_GROWTH:
        raise StepRefused("Giá trị mục tiêu phải lớn hơn 0", "the target value must be above 0")
    if target_kind in SHARE_KINDS and value > 100:
        raise StepRefused("Tỷ lệ không được vượt quá 100%", "a share cannot exceed 100%")
    if UNITS[target_kind] != "%" and value != value.to_integral_value():
        raise StepRefused("Chỉ tiêu đếm phải là số nguyên", "a count target must be a whole number")
    old = Target.objects.filter(plan=plan, kind=target_kind).first()
    target, created = Target.objects.update_or_create(
        plan=plan, kind=target_kind, defaults={"value": value, "note": note.strip()}
    )
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    record(
        user,
        "programme.target_set",
        subject=f"plan:{plan.pk}",
        kind=target_kind.value,
        value=str(value),
        created=created,
        version=plan.version,
        changes={str(target_kind.label): [str(old.value) if old else None, str(value)]},
    )
    return target


@transaction.atomic
def remove_target(user: User, target: Target, version: int | None = None) -> None:
    plan = target.plan
    _require_plan_editor(user, plan)
    plan.refresh_from_db(from_queryset=Plan.objects.select_for_update())
    versions.check(plan, version, f"plan:{plan.pk}")
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    record(
        user,
        "programme.target_removed",
        subject=f"plan:{target.plan_id}",
        kind=target.kind,
        value=str(target.value),
        version=plan.version,
        changes={str(target.get_kind_display()): [str(target.value), None]},
    )
    target.delete()


# Events --------------------------------------------------------------------------------------------


def _province_producers(province_id: int, ids: Iterable[int]) -> list[Producer]:
    wanted = {int(i) for i in ids}
    found = list(Producer.objects.filter(pk__in=wanted, commune__province=province_id))
    if len(found) != len(wanted):
        raise StepRefused("Chủ thể không thuộc tỉnh", "a producer is not in the province")
    return found


def _province_products(province_id: int, ids: Iterable[int]) -> list[Product]:
    wanted = {int(i) for i in ids}
    found = list(Product.objects.filter(pk__in=wanted, producer__commune__province=province_id))
    if len(found) != len(wanted):
        raise StepRefused("Sản phẩm không thuộc tỉnh", "a product is not in the province")
    return found


@transaction.atomic
def create_event(
    user: User,
    *,
    kind: str,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    place: str,
    results: str = "",
    producer_ids: Iterable[int] = (),
    product_ids: Iterable[int] = (),
    abroad: bool = False,
    country: str = "",
) -> Event:
    _require_editor(user, user.province_id)
    assert user.province_id is not None
    if kind not in EventKind.values:
        raise StepRefused("Loại sự kiện không hợp lệ", "unknown event kind")
    start, end = _dates(starts_on, ends_on)
    country = (country or "").strip()[:100]
    if abroad and not country:
        raise StepRefused(_("Sự kiện ở nước ngoài cần ghi quốc gia, vùng lãnh thổ"))
    if not abroad:
        country = ""
    producers = _province_producers(user.province_id, producer_ids)
    products = _province_products(user.province_id, product_ids)
    event = Event.objects.create(
        kind=kind,
        title=_text(title, "tên sự kiện", "title"),
        starts_on=start,
        ends_on=end,
        place=_text(place, "địa điểm", "place"),
        province_id=user.province_id,
        results=results.strip(),
        abroad=abroad,
        country=country,
        created_by=user,
    )
    event.producers.set(producers)
    event.products.set(products)
    record(
        user,
        "programme.event_created",
        subject=f"event:{event.pk}",
        kind=kind,
        title=event.title,
        abroad=abroad,
        country=country,
    )
    return event


@transaction.atomic
def update_event(
    user: User, event: Event, *, results: str, producer_ids: Iterable[int], product_ids: Iterable[int]
) -> Event:
    """Record the results and who took part (after the event)."""
    _require_editor(user, event.province_id)
    event.producers.set(_province_producers(event.province_id, producer_ids))
    event.products.set(_province_products(event.province_id, product_ids))
    event.results = results.strip()
    event.save(update_fields=["results"])
    record(user, "programme.event_updated", subject=f"event:{event.pk}")
    return event


# Training ------------------------------------------------------------------------------------------


@transaction.atomic
def create_course(
    user: User,
    *,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    place: str,
    organiser: str = "",
    content: str = "",
) -> Course:
    _require_editor(user, user.province_id)
    start, end = _dates(starts_on, ends_on)
    course = Course.objects.create(
        title=_text(title, "tên lớp tập huấn", "title"),
        starts_on=start,
        ends_on=end,
        place=_text(place, "địa điểm", "place"),
        province_id=user.province_id,
        organiser=organiser.strip(),
        content=content.strip(),
        created_by=user,
    )
    record(user, "programme.course_created", subject=f"course:{course.pk}", title=course.title)
    return course


@transaction.atomic
def add_attendee(
    user: User,
    course: Course,
    *,
    person: User | None = None,
    producer: Producer | None = None,
    name: str = "",
    attended: bool = True,
) -> Attendance:
    """Put an official (a user of the province) or a producer of the province on the course."""
    _require_editor(user, course.province_id)
    if (person is None) == (producer is None):
        raise StepRefused("Chọn một cán bộ hoặc một chủ thể", "choose either an official or a producer")
    if person is not None:
        if person.province_id != course.province_id:
            raise StepRefused("Cán bộ không thuộc tỉnh", "the official is not in the province")
        if person.role == Role.PRODUCER:
            producer = person.producer
        if Attendance.objects.filter(course=course, user=person).exists():
            raise StepRefused("Người này đã có trong danh sách lớp", "already on the course")
        name = name.strip() or person.full_name or person.username
    if producer is not None:
        if producer.commune.province_id != course.province_id:
            raise StepRefused("Chủ thể không thuộc tỉnh", "the producer is not in the province")
        if person is None and not name.strip():
            name = producer.representative
    attendance = Attendance.objects.create(
        course=course, user=person, producer=producer, name=name.strip(), attended=attended, recorded_by=user
    )
    record(
        user,
        "programme.attendee_added",
        subject=f"course:{course.pk}",
        attendee=attendance.name,
        user=person.username if person else None,
        producer=producer.pk if producer else None,
        attended=attended,
    )
    return attendance


@transaction.atomic
def set_attended(user: User, attendance: Attendance, attended: bool) -> Attendance:
    _require_editor(user, attendance.course.province_id)
    attendance.attended = attended
    attendance.recorded_by = user
    attendance.save(update_fields=["attended", "recorded_by", "recorded_at"])
    record(
        user,
        "programme.attendance",
        subject=f"course:{attendance.course_id}",
        attendee=attendance.name,
        attended=attended,
    )
    return attendance


# Declared revenue ----------------------------------------------------------------------------------


@transaction.atomic
def declare_revenue(
    user: User, producer: Producer, year: int, amount: Decimal, source: str = ""
) -> DeclaredRevenue:
    """Record (or correct) a producer's revenue for a year, in million VND."""
    _require_editor(user, producer.commune.province_id)
    if not 2000 <= year <= 2100:
        raise StepRefused("Năm không hợp lệ", "invalid year")
    if amount < 0:
        raise StepRefused("Doanh thu không được âm", "revenue cannot be negative")
    row, created = DeclaredRevenue.objects.update_or_create(
        producer=producer,
        year=year,
        defaults={"amount": amount, "source": source.strip(), "recorded_by": user},
    )
    record(
        user,
        "programme.revenue_declared",
        subject=f"producer:{producer.pk}",
        year=year,
        amount=str(amount),
        created=created,
    )
    return row


def province_of(user: Any) -> Province | None:
    return Province.objects.filter(pk=user.province_id).first() if user.province_id else None
