"""Who may do what in producer support (accounts.rules: Rule).

The province's OCOP body (cơ quan tham mưu OCOP cấp tỉnh) keeps its province's programmes, decides on
applications and records disbursements, consultants and development plans; a producer applies under
its own province's open programmes and may withdraw an application not yet decided. The provincial
leader and the centre read. The state needs word the refusal from the stored row (who decided, when).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ocop.accounts.models import Role
from ocop.accounts.rules import OFFICIALS, Need, Rule, role_in
from ocop.errors import StepRefused

from . import selectors
from .models import ApplicationState, Consultant, DevelopmentPlan, SupportApplication, SupportProgramme


def _province_of_obj(obj: Any) -> int | None:
    if isinstance(obj, SupportApplication):
        return obj.programme.province_id
    return getattr(obj, "province_id", None)


STAFF: Need[Any] = Need(
    lambda user, obj: role_in(Role.PROVINCE_STAFF)(user) and user.province_id is not None,
    _l("Chỉ cơ quan tham mưu OCOP cấp tỉnh được thực hiện việc này"),
)
IN_PROVINCE: Need[Any] = Need(
    lambda user, obj: user.province_id is not None and user.province_id == _province_of_obj(obj),
    _l("Hồ sơ này thuộc tỉnh khác"),
)
DESK: Need[Any] = Need(
    lambda user, obj: (
        role_in(*OFFICIALS)(user) and (user.role == Role.CENTRAL_STAFF or user.province_id is not None)
    ),
    _l("Trang dành cho cơ quan quản lý OCOP"),
)


def _already(application: SupportApplication) -> StepRefused:
    who = application.decided_by or application.submitted_by
    when = timezone.localtime(application.decided_at or application.submitted_at)
    return StepRefused(
        _("Đơn đã ở trạng thái «%(state)s» (%(who)s, lúc %(when)s); không có gì thay đổi")
        % {"state": application.get_state_display(), "who": who, "when": f"{when:%H:%M %d/%m/%Y}"}
    )


def _state(*states: str) -> Need[SupportApplication]:
    return Need(lambda user, a: a.state in states, why=lambda user, a: _already(a))


# Officials' desk: programme lists with budgets, reports, consultants, development plans.
desk: Rule[Any] = Rule("support.desk", DESK)
manage: Rule[Any] = Rule("support.manage", STAFF)
edit_programme: Rule[SupportProgramme] = Rule("support.edit_programme", STAFF, IN_PROVINCE)


def _producer_in_province(user: Any, programme: SupportProgramme) -> bool:
    return selectors.province_of(user) == programme.province_id


apply: Rule[SupportProgramme] = Rule(
    "support.apply",
    Need(
        lambda user, p: role_in(Role.PRODUCER)(user) and user.producer_id is not None,
        _l("Chỉ chủ thể OCOP gửi đơn đề nghị hỗ trợ"),
    ),
    Need(_producer_in_province, _l("Chương trình hỗ trợ của tỉnh khác")),
    Need(
        lambda user, p: selectors.is_open(p, timezone.localdate()),
        why=lambda user, p: StepRefused(
            _("Chương trình chỉ nhận đơn từ ngày %(start)s đến ngày %(end)s")
            % {"start": f"{p.starts_on:%d/%m/%Y}", "end": f"{p.ends_on:%d/%m/%Y}"}
        ),
    ),
)

decide: Rule[SupportApplication] = Rule(
    "support.decide", STAFF, IN_PROVINCE, _state(ApplicationState.SUBMITTED)
)
disburse: Rule[SupportApplication] = Rule(
    "support.disburse",
    STAFF,
    IN_PROVINCE,
    Need(
        lambda user, a: a.state == ApplicationState.APPROVED,
        _l("Chỉ giải ngân cho đơn đã được duyệt hỗ trợ"),
    ),
)
withdraw: Rule[SupportApplication] = Rule(
    "support.withdraw",
    Need(
        lambda user, a: role_in(Role.PRODUCER)(user) and user.producer_id == a.producer_id,
        _l("Chỉ chủ thể gửi đơn mới rút được đơn"),
    ),
    _state(ApplicationState.SUBMITTED),
)

edit_plan: Rule[DevelopmentPlan] = Rule("support.edit_plan", STAFF, IN_PROVINCE)
edit_consultant: Rule[Consultant] = Rule("support.edit_consultant", STAFF, IN_PROVINCE)
