"""A commune's periodic report to the province (báo cáo định kỳ của UBND cấp xã): rules, scope, the
figures it carries, and the services that send and review it.

The periods and due dates are the report schedules the province uses for its own reports
(reports/periods.py: six-month and annual, the seeds' defaults, configurable); the figures are the
progress of the commune's plan for the year and the commune's records in the period, taken when the
report is sent and kept as they were. The number comes from the commune's register (ocop/numbering),
as its Mẫu 03 reports' do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ocop import versions
from ocop.accounts.models import Role, User
from ocop.accounts.rules import Need, Rule, role_in
from ocop.audit.models import record
from ocop.certificates.models import Certificate, in_force_q
from ocop.dossiers.models import Dossier
from ocop.errors import StepRefused
from ocop.notifications import notify
from ocop.numbering import services as numbering
from ocop.reports.periods import ReportDue, period_for

from .models import CommuneReport, Plan
from .progress import plan_progress

SYMBOL = "BC-UBND"

submit_rule: Rule[Any] = Rule(
    "programme.commune_report",
    Need(
        lambda user, obj: role_in(Role.COMMUNE_OFFICER)(user) and user.commune_id is not None,
        _l("Chỉ cán bộ UBND cấp xã gửi báo cáo của xã"),
    ),
)
review_rule: Rule[CommuneReport] = Rule(
    "programme.review_commune_report",
    Need(
        lambda user, r: role_in(Role.PROVINCE_STAFF)(user) and user.province_id == r.commune.province_id,
        _l("Chỉ cơ quan tham mưu OCOP của tỉnh tiếp nhận báo cáo của xã"),
    ),
    Need(
        lambda user, r: r.state == CommuneReport.State.SUBMITTED,
        why=lambda user, r: StepRefused(
            _("Báo cáo đã được xử lý: %(state)s (%(who)s); không có gì thay đổi")
            % {"state": r.get_state_display(), "who": r.reviewed_by}
        ),
    ),
)


def reports_for(user: Any) -> QuerySet[CommuneReport]:
    qs = CommuneReport.objects.select_related("commune__province", "submitted_by", "reviewed_by", "plan")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == Role.COMMUNE_OFFICER:
        return qs.filter(commune=user.commune_id) if user.commune_id else qs.none()
    if user.role in (Role.PROVINCE_STAFF, Role.PROVINCE_LEADER):
        return qs.filter(commune__province=user.province_id) if user.province_id else qs.none()
    if user.role == Role.CENTRAL_STAFF:
        return qs
    return qs.none()


def period(kind: str, year: int) -> ReportDue:
    if kind not in CommuneReport.Kind.values:
        raise StepRefused(_("Loại báo cáo không hợp lệ"))
    if not 2000 <= year <= 2100:
        raise StepRefused(_("Năm báo cáo không hợp lệ"))
    return period_for(kind, year)


def figures(commune: Any, kind: str, year: int, on: date) -> list[dict[str, Any]]:
    """What the report states in numbers: the commune's records in the period, then the progress of
    its plan for the year (if it has one), as of `on`."""
    due = period(kind, year)
    end = min(due.period_end, on)
    filed = (
        Dossier.objects.filter(commune=commune, filed_on__gte=due.period_start, filed_on__lte=end)
        .values("product_id")
        .distinct()
        .count()
    )
    issued = Counter(
        Certificate.objects.filter(
            product__producer__commune=commune, valid_from__gte=due.period_start, valid_from__lte=end
        ).values_list("star", flat=True)
    )
    in_force = Certificate.objects.filter(
        in_force_q(end), product__producer__commune=commune, valid_from__lte=end
    )
    rows: list[dict[str, Any]] = [
        {"label": _("Sản phẩm nộp hồ sơ đánh giá trong kỳ"), "value": str(filed)},
        *(
            {
                "label": _("Sản phẩm được công nhận %(star)d sao trong kỳ") % {"star": star},
                "value": str(issued[star]),
            }
            for star in (3, 4, 5)
        ),
        {
            "label": _("Sản phẩm OCOP còn hiệu lực cuối kỳ"),
            "value": str(in_force.values("product_id").distinct().count()),
        },
    ]
    plan = Plan.objects.filter(commune=commune, year=year).first()
    for row in plan_progress(plan, end) if plan else []:
        unit = row.target.unit
        value = "—" if row.measure.value is None else f"{row.measure.value.normalize():f}"
        rows.append(
            {
                "label": str(row.target.get_kind_display()),
                "value": f"{value} / {row.target.value.normalize():f} {unit}",
                "status": row.status_vi,
            }
        )
    return rows


def next_number(commune: Any, on: date) -> str:
    from ocop.dossiers.services import commune_issuer

    return numbering.propose(commune_issuer(commune), on.year, SYMBOL)


@transaction.atomic
def submit(
    user: User,
    *,
    kind: str,
    year: int,
    number: str,
    submitted_on: date | None,
    results: str,
    difficulties: str = "",
    proposals: str = "",
    today: date | None = None,
) -> CommuneReport:
    """The commune sends its report: one of each kind a year stands (a returned one gives way)."""
    from ocop.dossiers.services import commune_issuer

    today = today or timezone.localdate()
    submit_rule.check(user, None)
    due = period(kind, year)
    if submitted_on is None:
        raise StepRefused(_("Cần ngày báo cáo"))
    if submitted_on > today:
        raise StepRefused(_("Ngày báo cáo không thể ở tương lai"))
    if submitted_on < due.period_start:
        raise StepRefused(_("Ngày báo cáo trước kỳ báo cáo"))
    if not (results or "").strip():
        raise StepRefused(_("Cần nội dung kết quả thực hiện"))
    commune = user.commune
    assert commune is not None
    standing = CommuneReport.objects.filter(commune=commune, kind=kind, year=year).exclude(
        state=CommuneReport.State.RETURNED
    )
    earlier = standing.first()
    if earlier is not None:
        raise StepRefused(
            _("Xã đã gửi %(kind)s năm %(year)d (số %(number)s, %(state)s); không gửi lại")
            % {
                "kind": earlier.get_kind_display().lower(),
                "year": year,
                "number": earlier.number,
                "state": earlier.get_state_display().lower(),
            }
        )
    issued = numbering.take(
        issuer=commune_issuer(commune),
        text=number,
        issued_on=submitted_on,
        kind="programme_report",
        subject="commune-report:new",
        user=user,
    )
    try:
        with transaction.atomic():
            report = CommuneReport.objects.create(
                commune=commune,
                plan=Plan.objects.filter(commune=commune, year=year).first(),
                kind=kind,
                year=year,
                number=f"{issued.number}/{issued.symbol}",
                submitted_on=submitted_on,
                results=results.strip(),
                difficulties=(difficulties or "").strip(),
                proposals=(proposals or "").strip(),
                figures=figures(commune, kind, year, submitted_on),
                submitted_by=user,
            )
    except IntegrityError:  # the same period sent at once by another request
        raise StepRefused(_("Xã đã gửi báo cáo kỳ này; không gửi lại")) from None
    numbering.retarget(issued, f"commune-report:{report.pk}")
    record(
        user,
        "programme.commune_report",
        subject=f"commune-report:{report.pk}",
        kind=kind,
        year=year,
        number=report.number,
        late=submitted_on > due.due,
        version=report.version,
    )
    notify(
        User.objects.filter(role=Role.PROVINCE_STAFF, province=commune.province_id, is_active=True),
        _("Báo cáo OCOP của %(commune)s") % {"commune": commune.name},
        _("%(commune)s gửi %(kind)s năm %(year)d, số %(number)s.")
        % {
            "commune": commune.name,
            "kind": report.get_kind_display().lower(),
            "year": year,
            "number": report.number,
        },
    )
    return report


@transaction.atomic
def review(
    user: User, report: CommuneReport, *, accept: bool, note: str = "", version: int | None = None
) -> CommuneReport:
    """The province acknowledges the report, or returns it with what is to be added."""
    report = (
        CommuneReport.objects.select_for_update(of=("self",))
        .select_related("commune", "reviewed_by")
        .get(pk=report.pk)
    )
    versions.check(report, version, f"commune-report:{report.pk}")
    review_rule.check(user, report)
    note = (note or "").strip()
    if not accept and not note:
        raise StepRefused(_("Cần ghi rõ nội dung cần bổ sung khi trả lại báo cáo"))
    before = report.state
    report.state = CommuneReport.State.ACKNOWLEDGED if accept else CommuneReport.State.RETURNED
    report.review_note, report.reviewed_by, report.reviewed_at = note, user, timezone.now()
    report.version += 1
    report.save(update_fields=["state", "review_note", "reviewed_by", "reviewed_at", "version"])
    record(
        user,
        "programme.commune_report_reviewed",
        subject=f"commune-report:{report.pk}",
        state=report.state,
        version=report.version,
        changes={"state": [before, report.state]},
    )
    notify(
        User.objects.filter(role=Role.COMMUNE_OFFICER, commune=report.commune_id, is_active=True),
        _("Báo cáo %(number)s: %(state)s") % {"number": report.number, "state": report.get_state_display()},
        note or report.get_state_display(),
    )
    return report


def due_list(commune: Any, on: date) -> list[tuple[ReportDue, CommuneReport | None]]:
    """This year's reports of the commune: each period with the report that stands for it (if any)."""
    standing = {
        (r.kind, r.year): r
        for r in CommuneReport.objects.filter(commune=commune, year=on.year).exclude(
            state=CommuneReport.State.RETURNED
        )
    }
    return [(period_for(kind, on.year), standing.get((kind, on.year))) for kind in CommuneReport.Kind.values]


@dataclass(frozen=True)
class CommuneSummary:
    plans: int  # communes with a plan of their own this year
    submitted: int  # reports sent this year
    waiting: int  # sent, not yet acknowledged or returned


def dashboard_summary(province_id: int | None, on: date) -> CommuneSummary:
    plans = Plan.objects.filter(commune__isnull=False, year=on.year)
    sent = CommuneReport.objects.filter(year=on.year)
    if province_id is not None:
        plans, sent = plans.filter(province=province_id), sent.filter(commune__province=province_id)
    return CommuneSummary(
        plans=plans.count(),
        submitted=sent.count(),
        waiting=sent.filter(state=CommuneReport.State.SUBMITTED).count(),
    )
