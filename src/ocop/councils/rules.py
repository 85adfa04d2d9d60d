"""Who may do what with councils, sessions and score sheets (accounts.rules explains Rule).

Services check these inside their row locks; views, templates and the menu ask the same rules.
"""

from __future__ import annotations

from typing import Any

from ocop.accounts.models import Role
from ocop.accounts.rules import COUNCIL, OCOP_BODIES, Need, Rule, role_in
from ocop.core.process import State

from .models import Council, Membership, Session, SessionItem
from .selectors import councils_for


def in_scope(user: Any, council: Council) -> bool:
    return councils_for(user).filter(pk=council.pk).exists()


def membership(user: Any, council_id: int) -> Membership | None:
    return Membership.objects.filter(council=council_id, user=user.pk).first()


def session_open(session: Session) -> bool:
    return session.closed_at is None


def item_open(item: SessionItem) -> bool:
    """A sheet of this agenda item may still be saved: the session is open, the dossier on it."""
    return session_open(item.session) and not item.withdrawn and item.dossier.state_enum == State.SCHEDULED


OCOP_BODY_OF: Need[Council] = Need(
    lambda user, c: role_in(*OCOP_BODIES)(user, c) and in_scope(user, c),
    "Chỉ cơ quan tham mưu OCOP lập phiên họp, quản lý thành viên của hội đồng mình",
    "only the OCOP body manages its own council",
)
manage_council: Rule[Council] = Rule("councils.manage", OCOP_BODY_OF)

open_councils: Rule[Any] = Rule(
    "councils.list", Need(role_in(*OCOP_BODIES), "Trang dành cho cơ quan tham mưu OCOP", "OCOP bodies only")
)
open_sessions: Rule[Any] = Rule(
    "councils.sessions",
    Need(role_in(*OCOP_BODIES, Role.COUNCIL_SECRETARY), "Vai trò của bạn không dùng trang này"),
)
score: Rule[Any] = Rule("councils.score", Need(role_in(*COUNCIL), "Trang dành cho thành viên Hội đồng"))

SESSION_OPEN: Need[Session] = Need(
    lambda user, s: session_open(s), "Phiên họp đã kết thúc", "the session is closed"
)

schedule_on: Rule[Session] = Rule(
    "councils.schedule",
    Need(role_in(*OCOP_BODIES), "Chỉ cơ quan tham mưu OCOP đưa hồ sơ vào phiên họp", "OCOP bodies only"),
    SESSION_OPEN,
    Need(
        lambda user, s: in_scope(user, s.council),
        "Hội đồng không thuộc phạm vi của bạn",
        "this council is outside your area",
    ),
)

# The process table gives closing to the council secretary role (core.process "close_scoring"; the
# role is "Thư ký / Chủ tịch Hội đồng"); the user must sit on this council.
SECRETARY: Need[Any] = Need(
    role_in(Role.COUNCIL_SECRETARY),
    "Chỉ thư ký hoặc chủ tịch hội đồng kết thúc phiên",
    "only the secretary or chair closes",
)
closing: Rule[Any] = Rule("councils.closing", SECRETARY)
close_session: Rule[Session] = Rule(
    "councils.close",
    SECRETARY,
    Need(lambda user, s: membership(user, s.council_id) is not None, SECRETARY.vi, SECRETARY.en),
    SESSION_OPEN,
)

score_item: Rule[SessionItem] = Rule(
    "councils.score_item",
    Need(
        lambda user, i: (m := membership(user, i.session.council_id)) is not None and m.scores,
        "Bạn không chấm điểm trong hội đồng này",
        "you do not score on this council",
    ),
    Need(lambda user, i: item_open(i), "Phiên chấm đã kết thúc", "scoring is closed"),
)
