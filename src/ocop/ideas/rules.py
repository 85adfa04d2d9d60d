"""Who may do what with ideas, plans, the survey and the province's cycle settings (accounts.rules
explains Rule). The services check these inside their row locks; views, templates and the menu ask the
same rules.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.models import Role
from ocop.accounts.rules import PROVINCIAL, Need, Rule, role_in
from ocop.errors import StepRefused

from .models import Idea, IdeaState, PlanState, PotentialProduct
from .selectors import plan_of, sees_idea

# The registrant may change an idea while the commune holds it or has returned it.
EDITABLE = (IdeaState.REGISTERED, IdeaState.RETURNED)
# The producer writes its plan while it is a draft or the province has returned it.
PLAN_EDITABLE = (PlanState.DRAFT, PlanState.RETURNED)


def is_producer(user: Any, obj: Any = None) -> bool:
    return bool(role_in(Role.PRODUCER)(user, obj) and user.producer_id)


def is_commune_officer(user: Any, obj: Any = None) -> bool:
    return bool(role_in(Role.COMMUNE_OFFICER)(user, obj) and user.commune_id)


def registrant(user: Any, idea: Idea) -> bool:
    """Who speaks for the idea before the commune: its producer, or the commune for a community idea."""
    if idea.community:
        return is_commune_officer(user) and user.commune_id == idea.commune_id
    return is_producer(user) and user.producer_id == idea.producer_id


def carrier(user: Any, idea: Idea) -> bool:
    """The producer who writes the plan: the idea's producer (for a community idea, the one named)."""
    return is_producer(user) and idea.producer_id is not None and user.producer_id == idea.producer_id


def idea_state_need(states: tuple[str, ...]) -> Need[Idea]:
    return Need(
        lambda user, idea: idea.state in states,
        why=lambda user, idea: StepRefused(
            _("Không thực hiện được khi ý tưởng đang ở bước «%(step)s»") % {"step": idea.get_state_display()}
        ),
    )


def plan_state_need(states: tuple[str | None, ...]) -> Need[Idea]:
    def state(idea: Idea) -> str | None:
        plan = plan_of(idea)
        return plan.state if plan else None

    def why(user: Any, idea: Idea) -> StepRefused:
        plan = plan_of(idea)
        if plan is None:
            return StepRefused(_("Ý tưởng chưa có phương án sản xuất kinh doanh"))
        return StepRefused(
            _("Không thực hiện được khi phương án đang ở bước «%(step)s»")
            % {"step": plan.get_state_display()}
        )

    return Need(lambda user, idea: state(idea) in states, why=why)


IN_AREA: Need[Any] = Need(
    lambda user, obj: sees_idea(user, obj),
    why=lambda user, obj: StepRefused(_("Ý tưởng không thuộc phạm vi của bạn")),
)


def _need(test: Any, message: Any) -> Need[Any]:
    """A need whose refusal is `message`, translated when it is shown (rules load before any request)."""
    return Need(test, why=lambda user, obj: StepRefused(str(message)))


open_ideas: Rule[Any] = Rule(
    "ideas.list",
    _need(
        lambda user, obj: is_producer(user) or is_commune_officer(user) or role_in(*PROVINCIAL)(user),
        gettext_lazy("Trang dành cho chủ thể, UBND xã và cơ quan OCOP cấp tỉnh"),
    ),
)

register_idea: Rule[Any] = Rule(
    "ideas.register",
    _need(
        lambda user, obj: is_producer(user) or is_commune_officer(user),
        gettext_lazy("Chỉ chủ thể, hoặc UBND xã với sản phẩm cộng đồng, mới đăng ký ý tưởng sản phẩm"),
    ),
)

edit_idea: Rule[Idea] = Rule(
    "ideas.edit",
    IN_AREA,
    _need(registrant, gettext_lazy("Chỉ người đăng ký ý tưởng mới sửa được ý tưởng")),
    idea_state_need(EDITABLE),
)

review_idea: Rule[Idea] = Rule(
    "ideas.review",
    IN_AREA,
    _need(
        lambda user, idea: is_commune_officer(user) and user.commune_id == idea.commune_id,
        gettext_lazy("Chỉ UBND xã nơi đăng ký mới xem xét ý tưởng"),
    ),
    idea_state_need((IdeaState.REGISTERED,)),
)

write_plan: Rule[Idea] = Rule(
    "ideas.write_plan",
    IN_AREA,
    _need(carrier, gettext_lazy("Chỉ chủ thể thực hiện ý tưởng mới lập phương án sản xuất kinh doanh")),
    idea_state_need((IdeaState.FORWARDED,)),
    plan_state_need((None, *PLAN_EDITABLE)),
)

review_plan: Rule[Idea] = Rule(
    "ideas.review_plan",
    IN_AREA,
    _need(
        lambda user, idea: (
            role_in(Role.PROVINCE_STAFF)(user) and user.province_id == idea.commune.province_id
        ),
        gettext_lazy("Chỉ cơ quan tham mưu OCOP cấp tỉnh mới phê duyệt phương án"),
    ),
    plan_state_need((PlanState.SUBMITTED,)),
)

open_survey: Rule[Any] = Rule(
    "ideas.survey_list",
    _need(
        lambda user, obj: is_commune_officer(user) or role_in(*PROVINCIAL)(user),
        gettext_lazy("Trang dành cho UBND xã và cơ quan OCOP cấp tỉnh"),
    ),
)

record_survey: Rule[Any] = Rule(
    "ideas.survey_record",
    _need(
        is_commune_officer, gettext_lazy("Chỉ UBND xã ghi kết quả khảo sát sản phẩm tiềm năng của xã mình")
    ),
)

edit_survey: Rule[PotentialProduct] = Rule(
    "ideas.survey_edit",
    _need(
        lambda user, entry: is_commune_officer(user) and user.commune_id == entry.commune_id,
        gettext_lazy("Chỉ UBND xã ghi kết quả khảo sát sản phẩm tiềm năng của xã mình"),
    ),
)

change_settings: Rule[Any] = Rule(
    "ideas.settings",
    _need(
        lambda user, province: (
            role_in(Role.PROVINCE_STAFF)(user) and province is not None and user.province_id == province.pk
        ),
        gettext_lazy("Chỉ cơ quan tham mưu OCOP của tỉnh mới thay đổi cài đặt chu trình của tỉnh"),
    ),
)

open_settings: Rule[Any] = Rule(
    "ideas.settings_view",
    _need(
        lambda user, obj: role_in(*PROVINCIAL)(user) and user.province_id is not None,
        gettext_lazy("Trang dành cho cơ quan OCOP cấp tỉnh"),
    ),
)
