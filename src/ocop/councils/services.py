"""Council sessions: put dossiers on the agenda, members score, the secretary closes and the core decides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.audit.models import AuditEvent, record
from ocop.core.process import State
from ocop.core.scoring import AnswerError, CouncilSettings, MemberForm, evaluate, score_form, two_decimals
from ocop.core.workdays import NATIONAL
from ocop.dossiers.models import Dossier
from ocop.dossiers.selectors import dossiers_for
from ocop.dossiers.workflow import lock_for, move
from ocop.errors import StepRefused
from ocop.notifications import notify

from . import rules
from .models import Council, MemberRole, Membership, Result, ScoreSheet, Session, SessionItem
from .selectors import councils_for


def _lock_session(session: Session) -> Session:
    """Re-read the session into the same object, its row locked: closing, scheduling and saving
    sheets of one session queue on it."""
    session.refresh_from_db(from_queryset=Session.objects.select_for_update())
    return session


def latest_send_date(session: Session) -> date:
    """Dossiers must reach members at least N working days before the meeting (the council regulation)."""
    return NATIONAL.working_days_before(session.meets_on, session.council.dossier_lead_working_days)


@transaction.atomic
def create_session(
    user: User, council: Council, meets_on: date, place: str = "", written: bool = False
) -> Session:
    rules.manage_council.check(user, council)
    session = Session.objects.create(
        council=council, meets_on=meets_on, place=place, written=written, created_by=user
    )
    record(user, "session.create", subject=f"session:{session.pk}", meets_on=str(meets_on))
    return session


@transaction.atomic
def schedule(user: User, dossier: Dossier, session: Session, sent_on: date | None = None) -> SessionItem:
    """Put a complete dossier on a session; refused when it cannot reach members in time.

    The session and the dossier are locked; a dossier another request put on a session first is
    refused with that session (and the unique constraint on open items is the last guard)."""
    sent_on = sent_on or timezone.localdate()
    rules.schedule_on.check(user, _lock_session(session))
    seen = dossier.state
    try:
        lock_for(user, dossier, "schedule")
    except StepRefused:
        if dossier.state != seen and (taken := _open_item(dossier)) is not None:
            raise _scheduled_elsewhere(taken) from None
        raise
    if dossier.level != session.council.level:
        raise StepRefused("Hồ sơ không thuộc cấp của hội đồng này", "the dossier is at another level")
    latest = latest_send_date(session)
    if sent_on > latest:
        raise StepRefused(
            f"Quá hạn: hồ sơ phải đến thành viên trước phiên họp ít nhất "
            f"{session.council.dossier_lead_working_days} ngày làm việc, tức chậm nhất ngày {latest:%d/%m/%Y}",
            f"too late: dossiers must reach members by {latest.isoformat()}",
        )
    try:
        with transaction.atomic():
            item = SessionItem.objects.create(session=session, dossier=dossier, sent_on=sent_on)
    except IntegrityError:
        taken = _open_item(dossier)
        raise (
            _scheduled_elsewhere(taken) if taken else StepRefused("Hồ sơ đã có trong phiên họp khác")
        ) from None
    move(user, dossier, "schedule", event="dossier.schedule", session=session.pk, sent_on=str(sent_on))
    members = User.objects.filter(memberships__council=session.council_id, is_active=True)
    notify(
        members,
        f"Hồ sơ chấm điểm phiên {session.meets_on:%d/%m/%Y}: {dossier.product}",
        f"Hồ sơ {dossier} đã được gửi để chấm điểm tại phiên họp ngày {session.meets_on:%d/%m/%Y}.",
    )
    return item


def _open_item(dossier: Dossier) -> SessionItem | None:
    return (
        SessionItem.objects.filter(dossier=dossier, withdrawn=False, closed=False)
        .select_related("session")
        .first()
    )


def _scheduled_elsewhere(item: SessionItem) -> StepRefused:
    event = (
        AuditEvent.objects.filter(dossier=item.dossier_id, action="dossier.schedule").order_by("-id").first()
    )
    at = f" lúc {timezone.localtime(event.at):%H:%M:%S %d/%m/%Y}" if event else ""
    return StepRefused(
        f"Hồ sơ đã được xếp vào phiên họp ngày {item.session.meets_on:%d/%m/%Y}{at}; không có gì thay đổi",
        f"the dossier was put on the session of {item.session.meets_on.isoformat()}; nothing changed",
    )


def _membership(user: User, session: Session) -> Membership:
    membership = Membership.objects.filter(council=session.council_id, user=user).first()
    if membership is None:
        raise StepRefused("Bạn không phải thành viên hội đồng này", "you do not sit on this council")
    return membership


def sheet_for(user: User, item: SessionItem) -> ScoreSheet:
    """The member's sheet for this item, created on first use, its row locked."""
    if not _membership(user, item.session).scores:
        raise StepRefused("Bạn không chấm điểm trong hội đồng này", "you do not score on this council")
    return ScoreSheet.objects.select_for_update().get_or_create(item=item, member=user)[0]


def _form(sheet: ScoreSheet, name: str) -> MemberForm:
    return MemberForm(member=name, answers=dict(sheet.answers), gates=frozenset(sheet.gates))


@transaction.atomic
def save_sheet(
    user: User,
    item: SessionItem,
    answers: dict[str, str | None],
    gates: list[str],
    comment: str = "",
    submit: bool = False,
) -> ScoreSheet:
    """Save a member's draft, or submit it once; a submitted sheet is frozen.

    The agenda item with its session (closing queues behind it) and then the sheet are locked, so a
    second submit sent at the same moment finds the first one's sheet submitted and changes nothing."""
    item.refresh_from_db(from_queryset=SessionItem.objects.select_for_update().select_related("session"))
    rules.score_item.check(user, item)
    sheet = sheet_for(user, item)
    if sheet.submitted_at:
        at = timezone.localtime(sheet.submitted_at)
        raise StepRefused(
            f"Phiếu đã nộp, không sửa được (nộp lúc {at:%H:%M:%S %d/%m/%Y}); không có gì thay đổi",
            "this sheet was submitted and is frozen",
        )
    draft = MemberForm(member=str(user), answers=answers, gates=frozenset(gates))
    try:
        score_form(item.dossier.scorecard, draft, item.dossier.recorded_exemptions)
    except AnswerError as e:
        # A draft may be incomplete; only answers that cannot fit the card are refused.
        refused = e.problems if submit else [p for p in e.problems if not p.missing]
        if refused:
            card = item.dossier.scorecard
            raise StepRefused(
                "; ".join(_named(card, p.criterion, p.vi) for p in refused),
                "; ".join(p.en for p in refused),
            ) from None
    sheet.answers, sheet.gates, sheet.comment = answers, gates, comment
    if submit:
        sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["answers", "gates", "comment", "submitted_at", "updated_at"])
    if submit:
        record(user, "sheet.submit", dossier=item.dossier, item=item.pk, answers=answers, gates=gates)
    return sheet


def progress(session: Session) -> list[dict[str, Any]]:
    """Per product: who has submitted, who has a draft, who has not started. Never the points."""
    members = list(session.council.memberships.filter(scores=True).select_related("user"))
    rows = []
    for item in session.items.filter(withdrawn=False).select_related("dossier__product"):
        sheets = {s.member_id: s for s in item.sheets.all()}
        submitted = {uid for uid, s in sheets.items() if s.submitted_at}
        rows.append(
            {
                "item": item,
                "submitted": len(submitted),
                "members": len(members),
                "done": [m.user for m in members if m.user_id in submitted],
                "drafts": [m.user for m in members if m.user_id in sheets and m.user_id not in submitted],
                "waiting": [m.user for m in members if m.user_id not in submitted],
            }
        )
    return rows


@transaction.atomic
def close_session(user: User, session: Session) -> list[Result]:
    """The secretary closes scoring; the core computes each product's result from the submitted sheets.
    The session's row is locked: sheets saved at the same moment are in, or refused as closed."""
    rules.close_session.check(user, _lock_session(session))
    waiting = [row for row in progress(session) if row["waiting"]]
    if waiting:
        names = "; ".join(f"{row['item'].dossier.product}: {len(row['waiting'])} phiếu" for row in waiting)
        raise StepRefused(f"Còn thành viên chưa nộp phiếu ({names})", "some members have not submitted")
    council = session.council
    settings = CouncilSettings(max_spread=council.max_spread)
    results = []
    for item in session.items.filter(withdrawn=False).select_related("dossier__product"):
        dossier = item.dossier
        lock_for(user, dossier, "close_scoring")
        rulebook, card = dossier.rulebook, dossier.scorecard
        sheets = item.sheets.filter(submitted_at__isnull=False).select_related("member")
        forms = [_form(sheet, str(sheet.member)) for sheet in sheets]
        outcome = evaluate(
            rulebook,
            card,
            forms,
            level=council.level,
            settings=settings,
            exemptions=dossier.recorded_exemptions,
        )
        results.append(
            Result.objects.create(
                item=item,
                rulebook_id=rulebook.id,
                scorecard_number=card.number,
                status=outcome.status,
                total=Decimal(two_decimals(outcome.total)),
                parts={k: str(two_decimals(v)) for k, v in outcome.parts.items()},
                band_star=outcome.band_star,
                star=outcome.star,
                recognised_at=outcome.recognised_at or "",
                forwarded_to=outcome.forwarded_to or "",
                explanation=outcome.explanation,
                warnings=list(outcome.warnings),
                computed_by=user,
            )
        )
        move(
            user,
            dossier,
            "close_scoring",
            event="result.compute",
            rulebook=rulebook.id,
            total=str(two_decimals(outcome.total)),
            star=outcome.star,
            status=outcome.status,
            summary=outcome.summary.get("vi", ""),
        )
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    session.items.filter(withdrawn=False).update(closed=True)
    record(user, "session.close", subject=f"session:{session.pk}")
    return results


def _named(card: Any, criterion_id: str | None, message: str) -> str:
    """A problem message with the criterion's own words, so a member finds it on the form."""
    criterion = card.criterion(criterion_id) if criterion_id else None
    if criterion is None:
        return message
    text = criterion.text if len(criterion.text) <= 70 else criterion.text[:67] + "…"
    return f"{message} ({text})"


def sessions_for(user: User) -> Any:
    """Sessions of the councils in the user's scope (selectors.councils_for)."""
    return Session.objects.filter(council__in=councils_for(user)).select_related("council")


def items_for_member(user: User) -> Any:
    """Agenda items of councils this user sits on and scores for: the only sheets they may open."""
    return SessionItem.objects.filter(
        session__council__memberships__user=user, session__council__memberships__scores=True
    ).select_related("session__council", "dossier__product__producer")


def schedulable(user: User, session: Session) -> Any:
    """Complete dossiers in the user's scope, at the council's level, that could go on this session."""
    return dossiers_for(user).filter(state=State.COMPLETE, level=session.council.level)


@transaction.atomic
def unschedule(user: User, item: SessionItem) -> SessionItem:
    """Take a dossier off an open session's agenda; it goes back to the complete dossiers."""
    session = item.session
    rules.schedule_on.check(user, _lock_session(session))
    item.refresh_from_db(from_queryset=SessionItem.objects.select_for_update())
    if item.withdrawn:
        raise StepRefused("Hồ sơ đã được rút khỏi phiên họp", "the dossier is already off the agenda")
    dossier = item.dossier
    lock_for(user, dossier, "unschedule")
    item.withdrawn = True
    item.save(update_fields=["withdrawn"])
    move(user, dossier, "unschedule", event="dossier.unschedule", session=session.pk)
    members = User.objects.filter(memberships__council=session.council_id, is_active=True)
    notify(
        members,
        f"Rút hồ sơ khỏi phiên {session.meets_on:%d/%m/%Y}: {dossier.product}",
        f"Hồ sơ {dossier} đã được rút khỏi phiên họp ngày {session.meets_on:%d/%m/%Y}; không cần chấm điểm.",
    )
    return item


ELIGIBLE_MEMBER_ROLES = (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY)


def eligible_members(council: Council) -> Any:
    """Users who may join: council roles, of the council's province (central: no province), not yet in it."""
    qs = User.objects.filter(role__in=ELIGIBLE_MEMBER_ROLES, is_active=True)
    qs = qs.filter(province=council.province_id) if council.province_id else qs.filter(province__isnull=True)
    return qs.exclude(memberships__council=council).order_by("full_name", "username")


@transaction.atomic
def add_member(
    user: User, council: Council, member: User, role: str, organisation: str = "", scores: bool = True
) -> Membership:
    rules.manage_council.check(user, council)
    if role not in MemberRole.values:
        raise StepRefused(f"Chức danh không hợp lệ: {role}", "unknown council role")
    if not eligible_members(council).filter(pk=member.pk).exists():
        raise StepRefused(
            "Chỉ thêm được người dùng có vai trò hội đồng, cùng tỉnh, chưa là thành viên",
            "only users with a council role, of the same province, not yet members",
        )
    membership = Membership.objects.create(
        council=council, user=member, role=role, organisation=organisation.strip(), scores=scores
    )
    record(user, "council.member_add", subject=f"council:{council.pk}", member=member.username, role=role)
    return membership


@transaction.atomic
def remove_member(user: User, membership: Membership) -> None:
    council = membership.council
    rules.manage_council.check(user, council)
    open_sheets = ScoreSheet.objects.filter(
        member=membership.user, item__session__council=council, item__session__closed_at__isnull=True
    )
    if open_sheets.filter(submitted_at__isnull=False).exists():
        raise StepRefused(
            "Thành viên đã nộp phiếu ở phiên họp đang mở; kết thúc phiên trước khi bớt thành viên",
            "the member has submitted a sheet on an open session",
        )
    open_sheets.delete()  # drafts only: they would never count
    membership.delete()
    record(user, "council.member_remove", subject=f"council:{council.pk}", member=membership.user.username)


def draft_totals(
    card: Any, answers: dict[str, str | None], exemptions: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Points so far on a (possibly incomplete) sheet: per part and in all. The core scores the real form."""
    try:
        score = score_form(card, MemberForm(member="", answers=answers), exemptions)
        return {"parts": score.parts, "total": score.total, "complete": True}
    except AnswerError:
        pass
    parts: dict[str, int] = {}
    for part in card.parts:
        total = 0
        for criterion in part.walk():
            option_id = answers.get(criterion.id)
            option = criterion.option(option_id) if option_id else None
            total += option.points or 0 if option else 0
        parts[part.code] = total
    return {"parts": parts, "total": sum(parts.values()), "complete": False}
