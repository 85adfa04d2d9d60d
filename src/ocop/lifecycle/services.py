"""A certificate's life after issue (rules.md §5): expiry, reminders, re-rating, revocation, hậu kiểm.

Every rule here comes from rules.md §5 or the rulebook data (validity, re-rating window, revocation
grounds and time limit); where the rules leave a choice, it is a setting with the documented default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.audit.models import record
from ocop.catalogue.entries import rebuild_catalogue
from ocop.certificates.effects import certificates_changed
from ocop.certificates.models import Certificate, in_force_q
from ocop.certificates.selectors import certificates_for
from ocop.certificates.services import ISSUERS, register_issuer
from ocop.core.calendar_dates import add_months
from ocop.core.rulebooks import Rulebook, get_rulebook, rulebook_for_filing
from ocop.dossiers.models import CLOSED_STATES, Dossier
from ocop.dossiers.services import FinishBy, finish_by, start_dossier, warn_finish_by
from ocop.errors import StepRefused
from ocop.notifications import notify
from ocop.numbering import services as numbering

from . import rules
from .models import (
    CHECK_ITEMS,
    CHECK_RESULTS,
    ExpiryReminder,
    InspectionPlan,
    InspectionRecord,
    PlannedInspection,
    Revocation,
)
from .verification import effective_status

# Reminder intervals, in days before expiry. 26/2026 has no notice duty, but the re-rating dossier
# must be filed between 180 and 120 days before expiry (Art. 7.6); rules.md §5.3 [C] recommends
# reminders at 210 (a month before the window opens), 180 (it opens) and 120 (it closes) days.
# A province may change them with the setting OCOP_EXPIRY_REMINDER_DAYS.
DEFAULT_REMINDER_DAYS: tuple[int, ...] = (210, 180, 120)

PROVINCIAL = {Role.PROVINCE_STAFF, Role.PROVINCE_LEADER}
STAFF = {Role.PROVINCE_STAFF, Role.PROVINCE_LEADER, Role.CENTRAL_STAFF}


def _today() -> date:
    return timezone.localdate()


def _subject(certificate: Certificate) -> str:
    return f"certificate:{certificate.number}"


# --- scope -----------------------------------------------------------------------------------------


def plans_for(user: Any) -> QuerySet[InspectionPlan]:
    qs = InspectionPlan.objects.select_related("province")
    if not user.is_authenticated:
        return qs.none()
    if user.role in PROVINCIAL and user.province_id:
        return qs.filter(province=user.province_id, level="province")
    if user.role == Role.CENTRAL_STAFF:
        return qs.filter(level="central")
    return qs.none()


def inspections_for(user: Any) -> QuerySet[InspectionRecord]:
    certificates = certificates_for(user).values("pk")
    return InspectionRecord.objects.select_related("certificate", "planned__plan").filter(
        certificate__in=certificates
    )


def revocations_for(user: Any) -> QuerySet[Revocation]:
    if not user.is_authenticated or user.role not in STAFF:
        return Revocation.objects.none()
    certificates = certificates_for(user).values("pk")
    return Revocation.objects.select_related("certificate__decision", "inspection").filter(
        certificate__in=certificates
    )


# --- the register ------------------------------------------------------------------------------------

REGISTER_FILTERS = {
    "all": "Tất cả / All",
    "valid": "Còn hiệu lực / In force",
    "expiring": "Sắp hết hạn / Expiring",
    "expired": "Hết hiệu lực / Expired",
    "revoked": "Đã thu hồi / Revoked",
    "replaced": "Đã thay thế / Replaced",
}


def _expired_q(today: date) -> Q:
    return Q(status=Certificate.Status.EXPIRED) | (Q(status=Certificate.Status.VALID) & ~in_force_q(today))


def register(
    user: Any, *, show: str = "all", months: int = 6, today: date | None = None
) -> tuple[QuerySet[Certificate], dict[str, int]]:
    """Certificates in the user's scope ordered by expiry, filtered; and the count of each filter."""
    today = today or _today()
    if show not in REGISTER_FILTERS:
        show = "all"
    months = max(1, min(months, 36))
    horizon = add_months(today, months)
    base = certificates_for(user)
    in_force = in_force_q(today)
    filters: dict[str, Q] = {
        "all": Q(),
        "valid": in_force,
        "expiring": in_force & Q(valid_until__lte=horizon),
        "expired": _expired_q(today),
        "revoked": Q(status=Certificate.Status.REVOKED),
        "replaced": Q(status=Certificate.Status.REPLACED),
    }
    counts = base.aggregate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    return base.filter(filters[show]).order_by("valid_until", "number"), {
        k: int(v) for k, v in counts.items()
    }


@dataclass(frozen=True)
class RatingWindow:
    opens: date
    closes: date
    rulebook_id: str


def rerating_window(certificate: Certificate, today: date | None = None) -> RatingWindow | None:
    """When the re-rating dossier is to be filed, under the rulebook in force today (26/2026 Art. 7.6)."""
    rulebook = rulebook_for_filing(today or _today())
    if not rulebook.rerating_window_days:
        return None
    opens, closes = rulebook.rerating_window_days
    return RatingWindow(
        certificate.valid_until - timedelta(days=opens),
        certificate.valid_until - timedelta(days=closes),
        rulebook.id,
    )


@dataclass(frozen=True)
class OpenRerating:
    dossier: Dossier
    finish_by: FinishBy | None


def open_reratings(certificates: list[Certificate], today: date | None = None) -> dict[int, OpenRerating]:
    """certificate id → its re-rating dossier in progress and the day it must be finished by
    (26/2026 Art. 7.6g: 45 days from the complete dossier), in one query for a page of the register."""
    dossiers = Dossier.objects.filter(
        previous_certificate__in=[c.pk for c in certificates], kind="rerating"
    ).exclude(state__in=CLOSED_STATES)
    return {
        d.previous_certificate_id: OpenRerating(d, finish_by(d, today))
        for d in dossiers
        if d.previous_certificate_id is not None
    }


# --- the daily job: expiry and reminders ---------------------------------------------------------------


def reminder_days() -> tuple[int, ...]:
    days = getattr(settings, "OCOP_EXPIRY_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    return tuple(sorted({int(d) for d in days if int(d) > 0}, reverse=True))


@transaction.atomic
def mark_expired(today: date | None = None) -> list[Certificate]:
    """Certificates past their term become expired (the system acts: actor None). Revoked and
    replaced ones keep their status."""
    today = today or _today()
    expired = list(
        Certificate.objects.select_for_update(of=("self",))
        .select_related("dossier")
        .filter(status=Certificate.Status.VALID)
        .exclude(in_force_q(today))  # past its term, and past any Art. 12.3 extension
        .order_by("valid_until", "pk")
    )
    for certificate in expired:
        certificate.status = Certificate.Status.EXPIRED
        certificate.save(update_fields=["status"])
        record(
            None,
            "certificate.expired",
            dossier=certificate.dossier,
            subject=_subject(certificate),
            valid_until=certificate.valid_until.isoformat(),
            on=today.isoformat(),
        )
    certificates_changed(c.product_id for c in expired)
    return expired


def province_staff_of(certificate: Certificate) -> QuerySet[User]:
    province = certificate.product.producer.commune.province_id
    return User.objects.filter(role=Role.PROVINCE_STAFF, province=province, is_active=True)


def send_due_reminders(today: date | None = None) -> list[ExpiryReminder]:
    """For each certificate in force, the reminder for the nearest interval it has reached, once.

    When the job has not run for a while, only the most urgent interval reached is sent (the earlier
    ones are superseded); the unique constraint on (certificate, interval) makes each one once.
    """
    today = today or _today()
    days = reminder_days()
    if not days:
        return []
    candidates = Certificate.objects.select_related("product__producer__commune__province").filter(
        status=Certificate.Status.VALID,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=days[0]),
    )
    sent: list[ExpiryReminder] = []
    for certificate in candidates:
        left = (certificate.valid_until - today).days
        interval = min(d for d in days if left <= d)
        if certificate.expiry_reminders.filter(days_before__lte=interval).exists():
            continue
        users = [*certificate.product.producer.users.filter(is_active=True), *province_staff_of(certificate)]
        try:
            with transaction.atomic():
                reminder = ExpiryReminder.objects.create(
                    certificate=certificate, days_before=interval, sent_on=today, recipients=len(users)
                )
        except IntegrityError:  # another run sent it meanwhile
            continue
        window = rerating_window(certificate, today)
        lines = [
            f"Giấy chứng nhận OCOP số {certificate.number} ({certificate.product_name}, {certificate.star} sao) "
            f"hết hiệu lực ngày {certificate.valid_until:%d/%m/%Y}, còn {left} ngày.",
            f"Certificate {certificate.number} expires on {certificate.valid_until.isoformat()} ({left} days).",
        ]
        if window:
            lines.append(
                f"Hồ sơ đánh giá, phân hạng lại nộp từ {window.opens:%d/%m/%Y} đến {window.closes:%d/%m/%Y} "
                f"(bộ quy tắc {window.rulebook_id}). / File the re-rating dossier between "
                f"{window.opens.isoformat()} and {window.closes.isoformat()}."
            )
        notify(users, f"Giấy chứng nhận OCOP sắp hết hạn: {certificate.product_name}", "\n".join(lines))
        record(
            None,
            "certificate.expiry_reminder",
            subject=_subject(certificate),
            days_before=interval,
            recipients=len(users),
        )
        sent.append(reminder)
    return sent


@dataclass
class DailyReport:
    expired: list[Certificate] = field(default_factory=list)
    reminders: list[ExpiryReminder] = field(default_factory=list)
    time_limits: list[Dossier] = field(default_factory=list)  # dossiers whose limit is near or past


def run_daily(today: date | None = None) -> DailyReport:
    """Expire, remind (certificates near expiry; evaluations near their time limit, Art. 7.6g and
    12.2), and rebuild the catalogue's table from the certificates: a safety net for what no service
    saw (raw SQL, a renamed commune or province)."""
    today = today or _today()
    report = DailyReport(
        expired=mark_expired(today), reminders=send_due_reminders(today), time_limits=warn_finish_by(today)
    )
    rebuild_catalogue(today)
    return report


# --- re-rating and upgrade from a certificate ------------------------------------------------------------

FOLLOW_UP_KINDS = ("rerating", "upgrade")


@transaction.atomic
def start_follow_up(user: User, certificate: Certificate, kind: str) -> Dossier:
    """The producer starts a re-rating or an upgrade of a certified product (rules.md §5.2–5.3).

    The new dossier points at the certificate; when the new certificate is issued it replaces this one
    (certificates.services.issue_certificate), whatever the new star.
    """
    if kind not in FOLLOW_UP_KINDS:
        raise StepRefused(f"Loại đánh giá không hợp lệ: {kind}", "only re-rating or upgrade")
    # The producer, the certificate's state (not revoked or replaced) and any open dossier are
    # checked by start_dossier, the one place a dossier is started.
    dossier = start_dossier(user, certificate.product, kind, previous_certificate=certificate)
    record(
        user,
        "dossier.follow_up",
        dossier=dossier,
        subject=_subject(certificate),
        kind=kind,
        star=certificate.star,
    )
    return dossier


@dataclass(frozen=True)
class HistoryRow:
    certificate: Certificate
    status: str
    trend: str  # "first", "up", "same", "down"


def history(certificate: Certificate, today: date | None = None) -> list[HistoryRow]:
    """Every certificate of the product, oldest first, with the star trend against the one before."""
    today = today or _today()
    rows: list[HistoryRow] = []
    previous: Certificate | None = None
    for c in (
        Certificate.objects.filter(product=certificate.product_id)
        .select_related("decision")
        .order_by("valid_from", "pk")
    ):
        if previous is None:
            trend = "first"
        else:
            trend = "up" if c.star > previous.star else "down" if c.star < previous.star else "same"
        rows.append(HistoryRow(c, effective_status(c, today), trend))
        previous = c
    return rows


# --- revocation (rules.md §5.4, 26/2026 Art. 8) --------------------------------------------------------


def revocation_rulebook(on: date) -> Rulebook:
    """Revocation follows the rules in force on the day it is proposed."""
    return rulebook_for_filing(on)


def revocation_grounds(on: date | None = None) -> dict[str, str]:
    return dict(revocation_rulebook(on or _today()).revocation_grounds)


@transaction.atomic
def propose_revocation(
    user: User,
    certificate: Certificate,
    *,
    ground: str,
    note: str,
    inspection: InspectionRecord | None = None,
    today: date | None = None,
) -> Revocation:
    today = today or _today()
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("decision", "product__producer__commune")
        .get(pk=certificate.pk)
    )
    level = rules.level_of(certificate)
    rules.propose_revocation.check(user, certificate)
    rulebook = revocation_rulebook(today)
    grounds = rulebook.revocation_grounds
    if ground not in grounds:
        raise StepRefused(
            f"Căn cứ thu hồi không có trong bộ quy tắc {rulebook.id}",
            f"the ground is not one of the revocation grounds of {rulebook.id}",
        )
    if not note.strip():
        raise StepRefused(
            "Cần ghi rõ nội dung, kết luận làm căn cứ đề nghị", "the proposal needs its reasons"
        )
    if inspection is not None and inspection.certificate_id != certificate.pk:
        raise StepRefused(
            "Biên bản kiểm tra không thuộc giấy chứng nhận này", "the inspection is of another certificate"
        )
    if certificate.revocations.filter(status=Revocation.Status.PROPOSED).exists():
        raise StepRefused("Đã có đề nghị thu hồi đang chờ quyết định", "a revocation is already proposed")
    revocation = Revocation.objects.create(
        certificate=certificate,
        rulebook_id=rulebook.id,
        ground=ground,
        ground_text=grounds[ground],
        inspection=inspection,
        proposal_note=note.strip(),
        proposed_by=user,
    )
    record(
        user,
        "revocation.propose",
        dossier=certificate.dossier,
        subject=_subject(certificate),
        ground=ground,
        rulebook=rulebook.id,
        inspection=inspection.pk if inspection else None,
    )
    deciders = User.objects.filter(role=rules.DECIDERS[level], is_active=True)
    if level == "province":
        deciders = deciders.filter(province=certificate.product.producer.commune.province_id)
    notify(
        deciders,
        f"Đề nghị thu hồi giấy chứng nhận {certificate.number}",
        f"{certificate.product_name} ({certificate.star} sao): căn cứ {ground}) {grounds[ground]}.\n{note.strip()}",
    )
    return revocation


def decision_deadline(revocation: Revocation) -> date | None:
    """Art. 8: within N days of the conclusion on the breach — the inspection's date when there is one,
    else the day of the proposal (the system knows no earlier conclusion)."""
    limit = get_rulebook(revocation.rulebook_id).revocation_time_limit_days
    if limit is None:
        return None
    start = (
        revocation.inspection.inspected_on
        if revocation.inspection
        else timezone.localdate(revocation.proposed_at)
    )
    return start + timedelta(days=limit)


@transaction.atomic
def decide_revocation(
    user: User,
    revocation: Revocation,
    *,
    number: str,
    decided_on: date,
    signer_title: str,
    note: str = "",
    today: date | None = None,
) -> Revocation:
    """The competent person revokes: the certificate is revoked but stays in the record."""
    today = today or _today()
    revocation = (
        Revocation.objects.select_for_update()
        .select_related("certificate__decision", "certificate__product__producer__commune__province")
        .get(pk=revocation.pk)
    )
    rules.decide_revocation.check(user, revocation)
    certificate = Certificate.objects.select_for_update().get(pk=revocation.certificate_id)
    if not number.strip() or not signer_title.strip():
        raise StepRefused(
            "Cần số quyết định và chức vụ người ký", "decision number and signer title are required"
        )
    if decided_on > today:
        raise StepRefused("Ngày quyết định không thể ở tương lai", "the decision date is in the future")
    if decided_on < timezone.localdate(revocation.proposed_at):
        raise StepRefused("Ngày quyết định trước ngày đề nghị", "the decision date is before the proposal")
    level = rules.level_of(revocation.certificate)
    province = revocation.certificate.product.producer.commune.province
    # The revocation decision takes its number from the issuer's register, as recognition decisions do.
    issued = numbering.take(
        issuer=register_issuer(level, province),
        text=number,
        issued_on=decided_on,
        kind="revocation",
        subject=f"revocation:{revocation.pk}",
        user=user,
    )
    revocation.status = Revocation.Status.DECIDED
    revocation.decided_by = user
    revocation.decision_number = f"{issued.number}/{issued.symbol}"
    revocation.decision_date = decided_on
    revocation.signer_title = signer_title.strip()
    revocation.issuer = ISSUERS[level].format(province=province.name.upper())  # as decisions record it
    revocation.decision_note = note.strip()
    revocation.decided_at = timezone.now()
    revocation.save(
        update_fields=[
            "status",
            "decided_by",
            "decision_number",
            "decision_date",
            "signer_title",
            "issuer",
            "decision_note",
            "decided_at",
        ]
    )
    certificate.status = Certificate.Status.REVOKED
    certificate.save(update_fields=["status"])
    certificates_changed([certificate.product_id])
    record(
        user,
        "revocation.decide",
        dossier=certificate.dossier,
        subject=_subject(certificate),
        number=revocation.decision_number,
        date=decided_on.isoformat(),
        ground=revocation.ground,
    )
    notify(
        certificate.product.producer.users.all(),
        f"Thu hồi giấy chứng nhận OCOP {certificate.number}",
        f"Quyết định {revocation.decision_number} ngày {decided_on:%d/%m/%Y}: thu hồi giấy chứng nhận "
        f"{certificate.number} ({certificate.product_name}). Căn cứ: {revocation.ground_text}.",
    )
    return revocation


@transaction.atomic
def dismiss_revocation(user: User, revocation: Revocation, *, note: str) -> Revocation:
    revocation = (
        Revocation.objects.select_for_update()
        .select_related("certificate__decision", "certificate__product__producer__commune")
        .get(pk=revocation.pk)
    )
    rules.decide_revocation.check(user, revocation)
    certificate = revocation.certificate
    if not note.strip():
        raise StepRefused("Cần ghi rõ lý do không thu hồi", "the reason is required")
    revocation.status = Revocation.Status.DISMISSED
    revocation.decided_by = user
    revocation.decision_note = note.strip()
    revocation.decided_at = timezone.now()
    revocation.save(update_fields=["status", "decided_by", "decision_note", "decided_at"])
    record(
        user,
        "revocation.dismiss",
        dossier=certificate.dossier,
        subject=_subject(certificate),
        note=note.strip(),
    )
    return revocation


def public_revocations() -> QuerySet[Revocation]:
    """Published: every decided revocation, newest first."""
    return (
        Revocation.objects.filter(status=Revocation.Status.DECIDED)
        .select_related("certificate")
        .order_by("-decision_date", "-pk")
    )


# --- post-recognition checks (hậu kiểm, rules.md §5.5) ------------------------------------------------


@transaction.atomic
def create_plan(user: User, *, year: int, title: str, number: str = "") -> InspectionPlan:
    rules.plan_inspections.check(user, None)
    level = rules.inspecting_level(user)
    if not title.strip():
        raise StepRefused("Cần tên kế hoạch", "the plan needs a title")
    if not 2000 <= year <= 2100:
        raise StepRefused("Năm không hợp lệ", "invalid year")
    plan = InspectionPlan.objects.create(
        province=user.province if level == "province" else None,
        level=level,
        year=year,
        title=title.strip(),
        number=number.strip(),
        created_by=user,
    )
    record(user, "inspection.plan", subject=f"plan:{plan.pk}", year=year, title=plan.title)
    return plan


@transaction.atomic
def plan_inspection(
    user: User, plan: InspectionPlan, certificate: Certificate, *, planned_on: date, unannounced: bool = False
) -> PlannedInspection:
    rules.plan_inspections.check(user, None)
    if (
        not plans_for(user).filter(pk=plan.pk).exists()
        or not certificates_for(user).filter(pk=certificate.pk).exists()
    ):
        raise StepRefused("Không thuộc phạm vi của bạn", "outside your area")
    if plan.level == "province" and certificate.product.producer.commune.province_id != plan.province_id:
        raise StepRefused(
            "Sản phẩm không thuộc tỉnh của kế hoạch", "the product is not in the plan's province"
        )
    if certificate.status not in (Certificate.Status.VALID,):
        raise StepRefused(
            "Chỉ kiểm tra sản phẩm có giấy chứng nhận còn hiệu lực", "only certificates in force"
        )
    if planned_on.year != plan.year:
        raise StepRefused(f"Ngày dự kiến phải trong năm {plan.year}", f"the date must be in {plan.year}")
    if plan.items.filter(certificate=certificate).exists():
        raise StepRefused("Sản phẩm đã có trong kế hoạch", "the product is already in the plan")
    item = PlannedInspection.objects.create(
        plan=plan, certificate=certificate, planned_on=planned_on, unannounced=unannounced
    )
    record(user, "inspection.planned", subject=_subject(certificate), plan=plan.pk, on=planned_on.isoformat())
    return item


@transaction.atomic
def record_inspection(
    user: User,
    certificate: Certificate,
    *,
    inspected_on: date,
    inspectors: str,
    checks: Mapping[str, tuple[str, str]],
    findings: str,
    planned: PlannedInspection | None = None,
    unannounced: bool = False,
    follow_up_required: bool = False,
    follow_up: str = "",
    follow_up_deadline: date | None = None,
    today: date | None = None,
) -> InspectionRecord:
    """The inspection record: a result for every item of rules.md §5.5, findings, any follow-up."""
    today = today or _today()
    rules.inspect.check(user, certificate)
    if planned is not None and planned.certificate_id != certificate.pk:
        raise StepRefused("Kế hoạch không có sản phẩm này", "the planned inspection is of another product")
    if inspected_on > today:
        raise StepRefused("Ngày kiểm tra không thể ở tương lai", "the inspection date is in the future")
    if inspected_on < certificate.valid_from:
        raise StepRefused("Ngày kiểm tra trước ngày cấp giấy chứng nhận", "inspection before the certificate")
    unknown = set(checks) - set(CHECK_ITEMS)
    if unknown:
        raise StepRefused(
            f"Nội dung kiểm tra không hợp lệ: {', '.join(sorted(unknown))}", "unknown check item"
        )
    stored: dict[str, dict[str, str]] = {}
    for code in CHECK_ITEMS:
        result, note = checks.get(code, ("not_checked", ""))
        if result not in CHECK_RESULTS:
            raise StepRefused(f"Kết quả kiểm tra không hợp lệ: {result}", "invalid check result")
        stored[code] = {"result": result, "note": note.strip()}
    if all(v["result"] == "not_checked" for v in stored.values()):
        raise StepRefused("Chưa có nội dung nào được kiểm tra", "nothing was checked")
    if not inspectors.strip() or not findings.strip():
        raise StepRefused("Cần thành phần đoàn và kết luận kiểm tra", "inspectors and findings are required")
    if follow_up_required:
        if not follow_up.strip() or follow_up_deadline is None:
            raise StepRefused("Cần nội dung và hạn khắc phục", "the follow-up and its deadline are required")
        if follow_up_deadline <= inspected_on:
            raise StepRefused(
                "Hạn khắc phục phải sau ngày kiểm tra", "the deadline must be after the inspection"
            )
    else:
        follow_up, follow_up_deadline = "", None
    inspection = InspectionRecord.objects.create(
        certificate=certificate,
        planned=planned,
        inspected_on=inspected_on,
        unannounced=unannounced or bool(planned and planned.unannounced),
        inspectors=inspectors.strip(),
        checks=stored,
        findings=findings.strip(),
        follow_up_required=follow_up_required,
        follow_up=follow_up.strip(),
        follow_up_deadline=follow_up_deadline,
        recorded_by=user,
    )
    record(
        user,
        "inspection.record",
        dossier=certificate.dossier,
        subject=_subject(certificate),
        inspection=inspection.pk,
        failed=[k for k, v in stored.items() if v["result"] == "not_ok"],
        follow_up=follow_up_required,
    )
    if follow_up_required:
        notify(
            certificate.product.producer.users.all(),
            f"Kết quả kiểm tra sản phẩm OCOP {certificate.product_name}",
            f"Yêu cầu khắc phục trước ngày {follow_up_deadline:%d/%m/%Y}: {follow_up.strip()}",
        )
    return inspection
