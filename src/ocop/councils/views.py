"""Council pages: councils and members, sessions and their agenda, members' score sheets.

Views are thin: every lookup goes through a scope function (another area's object is a 404), every
change through a service; a `StepRefused` is shown to the user and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.access import signed_in_user
from ocop.accounts.models import User
from ocop.accounts.rules import Rule
from ocop.dossiers.self_assessment import beside_criteria, self_score
from ocop.errors import StepRefused

from . import rules, services
from .forms import MemberAddForm, ScheduleForm, SessionForm, parse_sheet
from .models import Membership, ScoreSheet, Session, SessionItem
from .selectors import councils_for
from .sheet import sheet_tree


def require(request: HttpRequest, rule: Rule[Any]) -> User:
    """The signed-in user, if the page's rule admits them (403 otherwise)."""
    user = signed_in_user(request)
    rule.require(user, None)
    return user


def _refused(request: HttpRequest, e: StepRefused) -> None:
    messages.error(request, f"{e.vi} / {e.en}" if e.en else e.vi)


def _attempt(request: HttpRequest, step: Callable[[], Any], done: str) -> bool:
    try:
        step()
    except StepRefused as e:
        _refused(request, e)
        return False
    messages.success(request, done)
    return True


# --- councils and members -------------------------------------------------------------------------


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    user = require(request, rules.open_councils)
    councils = councils_for(user).select_related("province").order_by("name")
    return render(request, "councils/council_list.html", {"councils": councils})


@login_required
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, rules.open_councils)
    council = get_object_or_404(councils_for(user), pk=pk)
    form = MemberAddForm(request.POST or None, eligible=services.eligible_members(council))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if _attempt(
                request,
                lambda: services.add_member(
                    user, council, data["user"], data["role"], data["organisation"], data["scores"]
                ),
                "Đã thêm thành viên. / Member added.",
            ):
                return redirect("council_detail", pk=council.pk)
        else:
            messages.error(request, "Kiểm tra lại các ô đã nhập. / Please check the fields.")
    members = council.memberships.select_related("user").order_by("role", "user__full_name")
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "members": members,
            "form": form,
            "sessions": council.sessions.all()[:10],
        },
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user = require(request, rules.open_councils)
    council = get_object_or_404(councils_for(user), pk=pk)
    membership = get_object_or_404(Membership, council=council, pk=member_pk)
    _attempt(
        request,
        lambda: services.remove_member(user, membership),
        "Đã bớt thành viên khỏi hội đồng. / Member removed.",
    )
    return redirect("council_detail", pk=council.pk)


# --- sessions -------------------------------------------------------------------------------------


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    user = require(request, rules.open_sessions)
    councils = councils_for(user).order_by("name")
    form = SessionForm(request.POST or None, councils=councils) if rules.open_councils(user, None) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Chỉ cơ quan tham mưu lập phiên họp / Only the OCOP body creates sessions")
        if form.is_valid():
            data = form.cleaned_data
            created: list[Session] = []
            if _attempt(
                request,
                lambda: created.append(
                    services.create_session(
                        user, data["council"], data["meets_on"], data["place"], data["written"]
                    )
                ),
                "Đã lập phiên họp. / Session created.",
            ):
                return redirect("session_detail", pk=created[0].pk)
        else:
            messages.error(request, "Kiểm tra lại các ô đã nhập. / Please check the fields.")
    sessions = services.sessions_for(user).order_by("-meets_on")
    return render(request, "councils/session_list.html", {"sessions": sessions, "form": form})


def _session(user: User, pk: int) -> Session:
    return get_object_or_404(services.sessions_for(user), pk=pk)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, rules.open_sessions)
    session = _session(user, pk)
    latest = services.latest_send_date(session)
    today = timezone.localdate()
    can_schedule = rules.schedule_on(user, session)
    schedule_form = (
        ScheduleForm(dossiers=services.schedulable(user, session))
        if can_schedule and today <= latest
        else None
    )
    results = []
    if session.closed_at:
        for item in session.items.filter(withdrawn=False).select_related("dossier__product__producer"):
            result = getattr(item, "result", None)
            if result is not None:
                results.append({"item": item, "result": result, "parts": sorted(result.parts.items())})
    return render(
        request,
        "councils/session_detail.html",
        {
            "session": session,
            "council": session.council,
            "latest": latest,
            "late": today > latest,
            "today": today,
            "progress": services.progress(session),
            "withdrawn": session.items.filter(withdrawn=True).select_related("dossier__product"),
            "can_schedule": can_schedule,
            "schedule_form": schedule_form,
            "can_close": rules.close_session(user, session),
            "results": results,
        },
    )


@login_required
@require_POST
def session_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, rules.open_councils)
    session = _session(user, pk)
    form = ScheduleForm(request.POST, dossiers=services.schedulable(user, session))
    if not form.is_valid():
        messages.error(
            request,
            "Chọn một hồ sơ đầy đủ trong phạm vi của bạn. / Choose a complete dossier in your area.",
        )
        return redirect("session_detail", pk=session.pk)
    dossier = form.cleaned_data["dossier"]
    _attempt(
        request,
        lambda: services.schedule(user, dossier, session),
        f"Đã đưa {dossier.product} vào phiên họp và gửi thông báo cho thành viên. "
        "/ Put on the agenda; members notified.",
    )
    return redirect("session_detail", pk=session.pk)


@login_required
@require_POST
def session_unschedule(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = require(request, rules.open_councils)
    session = _session(user, pk)
    item = get_object_or_404(SessionItem, session=session, pk=item_pk)
    _attempt(
        request,
        lambda: services.unschedule(user, item),
        f"Đã rút {item.dossier.product} khỏi phiên họp. / Taken off the agenda.",
    )
    return redirect("session_detail", pk=session.pk)


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, rules.closing)
    session = _session(user, pk)
    _attempt(
        request,
        lambda: services.close_session(user, session),
        "Đã kết thúc phiên chấm điểm; kết quả đã được tính. / Session closed; results computed.",
    )
    return redirect("session_detail", pk=session.pk)


# --- scoring --------------------------------------------------------------------------------------


@login_required
def my_scoring(request: HttpRequest) -> HttpResponse:
    user = require(request, rules.score)
    items = services.items_for_member(user).order_by("session__meets_on", "pk")
    sheets = {s.item_id: s for s in ScoreSheet.objects.filter(member=user)}
    todo, done = [], []
    for item in items:
        sheet = sheets.get(item.pk)
        row = {"item": item, "sheet": sheet}
        is_open = rules.item_open(item)
        if is_open and not (sheet and sheet.submitted_at):
            todo.append(row)
        elif sheet and sheet.submitted_at:
            done.append(row)
    return render(request, "councils/my_scoring.html", {"todo": todo, "done": done})


@login_required
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, rules.score)
    item = get_object_or_404(services.items_for_member(user), pk=pk)
    card = item.dossier.scorecard
    sheet = ScoreSheet.objects.filter(item=item, member=user).first()
    answers: dict[str, str | None] = dict(sheet.answers) if sheet else {}
    gates: list[str] = list(sheet.gates) if sheet else []
    comment = sheet.comment if sheet else ""
    status = 200
    if request.method == "POST":
        answers, gates, comment = parse_sheet(card, request.POST)
        submit = request.POST.get("action") == "submit"
        try:
            sheet = services.save_sheet(user, item, answers, gates, comment, submit=submit)
        except StepRefused as e:
            _refused(request, e)
            status = 400
        else:
            messages.success(
                request,
                "Đã nộp phiếu; phiếu không sửa được nữa. / Sheet submitted; it is now read-only."
                if submit
                else "Đã lưu bản nháp. / Draft saved.",
            )
            return redirect("score_sheet", pk=item.pk)
    is_open = rules.item_open(item)
    read_only = bool(sheet and sheet.submitted_at) or not is_open
    exemptions = item.dossier.recorded_exemptions
    totals = services.draft_totals(card, answers, exemptions)
    # The producer's self-assessment beside each criterion (26/2026 Form 02 Part III), for comparison.
    own = self_score(item.dossier)
    beside = beside_criteria(item.dossier, own)
    return render(
        request,
        "councils/score_sheet.html",
        {
            "item": item,
            "dossier": item.dossier,
            "card": card,
            "card_notes": [n for n in card.notes if n.text not in {g.text for g in card.gates}],
            "sheet": sheet,
            "tree": sheet_tree(card, answers, set(gates), totals, exemptions, beside),
            "criterion_extra": "dossiers/_self_score_beside.html",
            "own": own,
            "exemptions": [e for e in card.exemptions() if e.id in exemptions],
            "totals": totals,
            "comment": comment,
            "read_only": read_only,
            "is_open": is_open,
        },
        status=status,
    )
