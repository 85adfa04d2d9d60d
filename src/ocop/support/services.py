"""Every change to producer support, one service each (docs/architecture.md, "The write path"):
lock the row, check the rule on the stored row, write with `update_fields`, audit in the same
transaction, notify after commit.

Money rules, each checked inside the lock of the row it bounds:
- a request is at most the activity's cost, the programme's ceiling per application and its share of
  the cost (both set by the province on the programme);
- a grant is at most the request, the same ceilings, and what is left of the programme's budget once
  its other grants are counted (the programme row is locked, so two approvals queue and the second
  sees the first);
- disbursements add up to at most the grant (the application row is locked).
A form posted twice carries the same one-time token: the second is refused and nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop import versions
from ocop.accounts.models import Role, User
from ocop.audit.models import record
from ocop.checks import form_token, required_text
from ocop.errors import StepRefused
from ocop.notifications import notify
from ocop.producers.models import Producer, Product

from . import rules, selectors
from .models import (
    ApplicationState,
    Disbursement,
    FundingSource,
    SupportApplication,
    SupportKind,
    SupportProgramme,
)
from .money import dong

PROGRAMME_FIELDS = [
    "title",
    "kind",
    "legal_basis",
    "funding_source",
    "funding_detail",
    "starts_on",
    "ends_on",
    "budget",
    "max_per_application",
    "max_share_percent",
    "description",
]


def _today() -> date:
    return timezone.localdate()


def _subject(obj: SupportProgramme | SupportApplication) -> str:
    kind = "support-programme" if isinstance(obj, SupportProgramme) else "support-application"
    return f"{kind}:{obj.pk}"


def staff_of(province_id: int) -> Any:
    return User.objects.filter(role=Role.PROVINCE_STAFF, province=province_id, is_active=True)


# --- programmes -------------------------------------------------------------------------------------


def _programme_values(values: dict[str, Any]) -> dict[str, Any]:
    """Check a programme's fields (as the form gives them: money already parsed to đồng)."""
    clean = {
        "title": required_text(values.get("title", ""), _("tên chương trình"), 255),
        "legal_basis": required_text(values.get("legal_basis", ""), _("căn cứ pháp lý"), 500),
        "funding_detail": (values.get("funding_detail") or "").strip()[:255],
        "description": (values.get("description") or "").strip(),
    }
    if values.get("kind") not in SupportKind.values:
        raise StepRefused(_("Nội dung hỗ trợ không hợp lệ"))
    if values.get("funding_source") not in FundingSource.values:
        raise StepRefused(_("Nguồn kinh phí không hợp lệ"))
    if values["funding_source"] == FundingSource.INTEGRATED and not clean["funding_detail"]:
        raise StepRefused(_("Nguồn lồng ghép cần ghi rõ chương trình, dự án được lồng ghép"))
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None or ends_on is None:
        raise StepRefused(_("Cần thời gian nhận đơn (từ ngày, đến ngày)"))
    if ends_on < starts_on:
        raise StepRefused(_("Ngày kết thúc trước ngày bắt đầu"))
    budget = values.get("budget")
    if not budget or budget <= 0:
        raise StepRefused(_("Tổng kinh phí phải lớn hơn 0 đồng"))
    ceiling = values.get("max_per_application")
    if ceiling is not None and not 0 < ceiling <= budget:
        raise StepRefused(_("Mức hỗ trợ tối đa một đơn phải lớn hơn 0 và không vượt tổng kinh phí"))
    share = values.get("max_share_percent")
    if share is not None and not 1 <= share <= 100:
        raise StepRefused(_("Tỷ lệ hỗ trợ tối đa phải từ 1 đến 100%"))
    return {
        **clean,
        "kind": values["kind"],
        "funding_source": values["funding_source"],
        "starts_on": starts_on,
        "ends_on": ends_on,
        "budget": budget,
        "max_per_application": ceiling,
        "max_share_percent": share,
    }


@transaction.atomic
def create_programme(user: User, **values: Any) -> SupportProgramme:
    rules.manage.check(user, None)
    programme = SupportProgramme.objects.create(
        province_id=user.province_id, created_by=user, **_programme_values(values)
    )
    record(
        user,
        "support.programme_created",
        subject=_subject(programme),
        title=programme.title,
        budget=programme.budget,
        source=programme.funding_source,
        version=programme.version,
    )
    return programme


@transaction.atomic
def update_programme(
    user: User, programme: SupportProgramme, *, version: int | None, **values: Any
) -> SupportProgramme:
    """Change a programme (its budget, period, ceilings…). Refused when someone saved it since the
    form was opened, and when the new budget is below what is already granted."""
    programme = SupportProgramme.objects.select_for_update().get(pk=programme.pk)
    rules.edit_programme.check(user, programme)
    versions.check(programme, version, _subject(programme))
    clean = _programme_values(values)
    granted = selectors.committed(programme)
    if clean["budget"] < granted:
        raise StepRefused(
            _("Tổng kinh phí không thể thấp hơn số đã duyệt hỗ trợ (%(granted)s)")
            % {"granted": dong(granted)}
        )
    before = versions.values(programme, PROGRAMME_FIELDS)
    for name, value in clean.items():
        setattr(programme, name, value)
    after = versions.values(programme, PROGRAMME_FIELDS)
    changes = versions.changed(before, after)
    if not changes:
        return programme
    programme.version += 1
    programme.save(update_fields=[*changes, "version"])
    record(
        user,
        "support.programme_updated",
        subject=_subject(programme),
        version=programme.version,
        changes=changes,
    )
    return programme


# --- applications -------------------------------------------------------------------------------------


def _ceilings(programme: SupportProgramme, cost: int) -> list[tuple[int, str]]:
    """The most one application may get under the programme, each with its reason."""
    limits = [(cost, _("tổng chi phí thực hiện"))]
    if programme.max_per_application is not None:
        limits.append((programme.max_per_application, _("mức hỗ trợ tối đa một đơn của chương trình")))
    if programme.max_share_percent is not None:
        limits.append(
            (
                cost * programme.max_share_percent // 100,
                _("%(share)d%% chi phí thực hiện (tỷ lệ tối đa của chương trình)")
                % {"share": programme.max_share_percent},
            )
        )
    return limits


def _within(amount: int, limits: list[tuple[int, str]], what: str) -> None:
    for limit, reason in limits:
        if amount > limit:
            raise StepRefused(
                _("%(what)s %(amount)s vượt %(reason)s (%(limit)s); không có gì được lưu")
                % {"what": what, "amount": dong(amount), "reason": reason, "limit": dong(limit)}
            )


@transaction.atomic
def apply(
    user: User,
    programme: SupportProgramme,
    *,
    activity: str,
    cost: int,
    requested: int,
    token: Any,
    product: Product | None = None,
) -> SupportApplication:
    """A producer asks for support. The producer's row is locked, so the same request sent twice at
    once (or a second request for the same product while one waits) leaves one application."""
    token = form_token(token)
    rules.apply.check(user, programme)
    producer = Producer.objects.select_for_update().get(pk=user.producer_id)
    earlier = SupportApplication.objects.filter(token=token).first()
    if earlier is not None:
        raise StepRefused(
            _("Đơn này đã được gửi lúc %(when)s; không gửi lại lần nữa")
            % {"when": f"{timezone.localtime(earlier.submitted_at):%H:%M %d/%m/%Y}"}
        )
    if product is not None and product.producer_id != producer.pk:
        raise StepRefused(_("Sản phẩm không phải của chủ thể"))
    activity = required_text(activity, _("nội dung đề nghị hỗ trợ"), 4000)
    if cost <= 0 or requested <= 0:
        raise StepRefused(_("Chi phí và số tiền đề nghị phải lớn hơn 0 đồng"))
    _within(requested, _ceilings(programme, cost), _("Số tiền đề nghị"))
    pending = SupportApplication.objects.filter(
        programme=programme, producer=producer, product=product, state=ApplicationState.SUBMITTED
    ).first()
    if pending is not None:
        raise StepRefused(
            _(
                "Chủ thể đã có đơn đang chờ xét duyệt cho nội dung này (gửi lúc %(when)s); hãy chờ kết quả hoặc rút đơn đó"
            )
            % {"when": f"{timezone.localtime(pending.submitted_at):%H:%M %d/%m/%Y}"}
        )
    try:
        with transaction.atomic():
            application = SupportApplication.objects.create(
                programme=programme,
                producer=producer,
                product=product,
                activity=activity,
                cost=cost,
                requested=requested,
                token=token,
                submitted_by=user,
            )
    except IntegrityError:  # the same token committed by a request that raced past the check
        raise StepRefused(_("Đơn này đã được gửi; không gửi lại lần nữa")) from None
    record(
        user,
        "support.applied",
        subject=_subject(application),
        programme=programme.pk,
        requested=requested,
        cost=cost,
        version=application.version,
    )
    notify(
        staff_of(programme.province_id),
        _("Đơn đề nghị hỗ trợ mới: %(producer)s") % {"producer": producer.name},
        _("%(producer)s đề nghị hỗ trợ %(amount)s theo chương trình «%(programme)s».")
        % {"producer": producer.name, "amount": dong(requested), "programme": programme.title},
    )
    return application


def _lock_application(application: SupportApplication) -> SupportApplication:
    return (
        SupportApplication.objects.select_for_update(of=("self",))
        .select_related("programme", "producer", "decided_by", "submitted_by")
        .get(pk=application.pk)
    )


@transaction.atomic
def decide(
    user: User,
    application: SupportApplication,
    *,
    approve: bool,
    reasons: str,
    granted: int | None = None,
    reference: str = "",
    version: int | None = None,
) -> SupportApplication:
    """Approve with the amount granted, or refuse with the reasons. The programme is locked first
    (every approval of the programme queues here), then the application."""
    programme = SupportProgramme.objects.select_for_update().get(pk=application.programme_id)
    application = _lock_application(application)
    versions.check(application, version, _subject(application))
    rules.decide.check(user, application)
    reasons = (reasons or "").strip()
    if approve:
        if granted is None or granted <= 0:
            raise StepRefused(_("Cần số tiền được hỗ trợ, lớn hơn 0 đồng"))
        limits = [(application.requested, _("số tiền chủ thể đề nghị"))]
        limits += _ceilings(programme, application.cost)[1:]
        left = selectors.remaining(programme)
        limits.append((left, _("kinh phí còn lại của chương trình")))
        _within(granted, limits, _("Số tiền hỗ trợ"))
        application.state, application.granted = ApplicationState.APPROVED, granted
    else:
        if not reasons:
            raise StepRefused(_("Cần ghi rõ lý do không duyệt"))
        application.state, application.granted = ApplicationState.REFUSED, None
    application.reasons = reasons
    application.decision_reference = (reference or "").strip()[:100]
    application.decided_by, application.decided_at = user, timezone.now()
    application.version += 1
    application.save(
        update_fields=[
            "state",
            "granted",
            "reasons",
            "decision_reference",
            "decided_by",
            "decided_at",
            "version",
        ]
    )
    record(
        user,
        "support.approved" if approve else "support.refused",
        subject=_subject(application),
        granted=application.granted,
        reasons=reasons,
        version=application.version,
        changes={"state": [ApplicationState.SUBMITTED, application.state]},
    )
    if approve:
        body = _("Đơn đề nghị hỗ trợ theo «%(programme)s» được duyệt: %(amount)s.") % {
            "programme": programme.title,
            "amount": dong(granted),
        }
    else:
        body = _("Đơn đề nghị hỗ trợ theo «%(programme)s» không được duyệt. Lý do: %(reasons)s") % {
            "programme": programme.title,
            "reasons": reasons,
        }
    notify(application.producer.users.filter(is_active=True), _("Kết quả xét duyệt hỗ trợ"), body)
    return application


@transaction.atomic
def withdraw(user: User, application: SupportApplication, version: int | None = None) -> SupportApplication:
    application = _lock_application(application)
    versions.check(application, version, _subject(application))
    rules.withdraw.check(user, application)
    application.state = ApplicationState.WITHDRAWN
    application.version += 1
    application.save(update_fields=["state", "version"])
    record(
        user,
        "support.withdrawn",
        subject=_subject(application),
        version=application.version,
        changes={"state": [ApplicationState.SUBMITTED, ApplicationState.WITHDRAWN]},
    )
    return application


@transaction.atomic
def disburse(
    user: User,
    application: SupportApplication,
    *,
    amount: int,
    paid_on: date | None,
    reference: str,
    token: Any,
    note: str = "",
    today: date | None = None,
) -> Disbursement:
    """Record money paid on a granted application; the total paid never exceeds the grant."""
    token = form_token(token)
    today = today or _today()
    application = _lock_application(application)
    rules.disburse.check(user, application)
    earlier = Disbursement.objects.filter(token=token).first()
    if earlier is not None:
        raise StepRefused(
            _("Khoản giải ngân này đã được ghi lúc %(when)s (%(amount)s); không ghi lại lần nữa")
            % {
                "when": f"{timezone.localtime(earlier.recorded_at):%H:%M %d/%m/%Y}",
                "amount": dong(earlier.amount),
            }
        )
    if amount <= 0:
        raise StepRefused(_("Số tiền giải ngân phải lớn hơn 0 đồng"))
    if paid_on is None:
        raise StepRefused(_("Cần ngày giải ngân"))
    if paid_on > today:
        raise StepRefused(_("Ngày giải ngân không thể ở tương lai"))
    assert application.decided_at is not None and application.granted is not None
    if paid_on < timezone.localtime(application.decided_at).date():
        raise StepRefused(_("Ngày giải ngân trước ngày duyệt hỗ trợ"))
    reference = required_text(reference, _("số chứng từ"), 100)
    paid = selectors.disbursed(application)
    _within(
        amount,
        [
            (
                application.granted - paid,
                _("số còn được giải ngân (được hỗ trợ %s)") % dong(application.granted),
            )
        ],
        _("Số tiền giải ngân"),
    )
    try:
        with transaction.atomic():
            disbursement = Disbursement.objects.create(
                application=application,
                amount=amount,
                paid_on=paid_on,
                reference=reference,
                note=(note or "").strip()[:255],
                token=token,
                recorded_by=user,
            )
    except IntegrityError:
        raise StepRefused(_("Khoản giải ngân này đã được ghi; không ghi lại lần nữa")) from None
    application.version += 1
    application.save(update_fields=["version"])
    record(
        user,
        "support.disbursed",
        subject=_subject(application),
        amount=amount,
        paid_on=paid_on.isoformat(),
        reference=reference,
        total=paid + amount,
        version=application.version,
    )
    notify(
        application.producer.users.filter(is_active=True),
        _("Giải ngân kinh phí hỗ trợ"),
        _("Đã giải ngân %(amount)s ngày %(day)s (chứng từ %(ref)s) cho đơn hỗ trợ theo «%(programme)s».")
        % {
            "amount": dong(amount),
            "day": f"{paid_on:%d/%m/%Y}",
            "ref": reference,
            "programme": application.programme.title,
        },
    )
    return disbursement
