"""The evaluation process as a state machine: which step follows which, and who may take it.

States follow rules.md §8.3 (26/2026 Arts. 6–7). Under 148 as first issued the district council took
the place of the province for 3★ and forwarded ≥ 70; those records are imported as history, so the
machine below is the one new dossiers follow. Area checks (which commune, which council) belong to
the storage layer; this module only knows states, actions and roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"  # the producer is preparing the dossier
    FILED = "filed"  # filed at the commune (nộp tại UBND cấp xã)
    COMMUNE_REPORTED = "commune_reported"  # commune report (Mẫu 03) issued, sent to the province
    RETURNED = "returned"  # returned for completion (hướng dẫn hoàn thiện)
    COMPLETE = "complete"  # intake found the dossier complete
    SCHEDULED = "scheduled"  # on a council session
    SCORED = "scored"  # the session closed; the result is computed
    RECOGNISED = "recognised"  # decision signed, 3★/4★ (or 5★ at central level)
    FORWARDED = "forwarded"  # ≥ 90 approved and sent to the central level
    # Art. 7.4g: the central council did not rate it 5★; back with the province, whose chairman may
    # recognise it 3★/4★ on the central result or have it evaluated again at the province
    CENTRAL_RETURNED = "central_returned"
    NOT_RECOGNISED = "not_recognised"  # below 3★, or stopped by a gate
    WITHDRAWN = "withdrawn"  # the producer withdrew the dossier


STATE_LABELS = {
    State.DRAFT: "Đang soạn hồ sơ",
    State.FILED: "Đã nộp tại UBND xã",
    State.COMMUNE_REPORTED: "Xã đã đánh giá, chuyển tỉnh",
    State.RETURNED: "Trả lại để hoàn thiện",
    State.COMPLETE: "Hồ sơ đầy đủ, chờ Hội đồng",
    State.SCHEDULED: "Đã đưa vào phiên họp Hội đồng",
    State.SCORED: "Hội đồng đã chấm điểm",
    State.RECOGNISED: "Đã có quyết định công nhận",
    State.FORWARDED: "Đề nghị trung ương đánh giá 5 sao",
    State.CENTRAL_RETURNED: "Trung ương không công nhận 5 sao, chờ UBND tỉnh xem xét",
    State.NOT_RECOGNISED: "Không đạt",
    State.WITHDRAWN: "Đã rút hồ sơ",
}


@dataclass(frozen=True)
class Transition:
    action: str
    source: frozenset[State]
    target: State
    roles: frozenset[str]
    label: str


def _t(action: str, source: set[State], target: State, roles: set[str], label: str) -> Transition:
    return Transition(action, frozenset(source), target, frozenset(roles), label)


PROVINCE = {"province_staff"}
OCOP_BODY = {"province_staff", "central_staff"}  # intake and agenda at the level holding the dossier
TRANSITIONS = (
    _t("file", {State.DRAFT, State.RETURNED}, State.FILED, {"producer"}, "Nộp hồ sơ"),
    _t(
        "commune_report",
        {State.FILED},
        State.COMMUNE_REPORTED,
        {"commune_officer"},
        "Đánh giá 4 nội dung, chuyển tỉnh",
    ),
    _t(
        "return",
        {State.FILED, State.COMMUNE_REPORTED},
        State.RETURNED,
        {"commune_officer", *PROVINCE},
        "Trả lại để hoàn thiện",
    ),
    _t("accept", {State.COMMUNE_REPORTED}, State.COMPLETE, PROVINCE, "Xác nhận hồ sơ đầy đủ"),
    _t("central_accept", {State.FORWARDED}, State.COMPLETE, {"central_staff"}, "Trung ương tiếp nhận hồ sơ"),
    _t("schedule", {State.COMPLETE}, State.SCHEDULED, OCOP_BODY, "Đưa vào phiên họp Hội đồng"),
    _t("unschedule", {State.SCHEDULED}, State.COMPLETE, OCOP_BODY, "Rút khỏi phiên họp"),
    _t("close_scoring", {State.SCHEDULED}, State.SCORED, {"council_secretary"}, "Kết thúc chấm điểm"),
    # The province also recognises 3★/4★ on the central council's result (Art. 7.4g).
    _t(
        "recognise",
        {State.SCORED, State.CENTRAL_RETURNED},
        State.RECOGNISED,
        {"province_leader", "central_staff"},
        "Ký quyết định công nhận",
    ),
    _t("forward", {State.SCORED}, State.FORWARDED, {"province_leader"}, "Phê duyệt, đề nghị trung ương"),
    # Art. 7.4g "Trường hợp sản phẩm không đạt 90 điểm": the ministry tells the province, which
    # decides; the central level does not close the dossier itself.
    _t(
        "central_return",
        {State.SCORED},
        State.CENTRAL_RETURNED,
        {"central_staff"},
        "Không đạt 5 sao: thông báo UBND tỉnh xem xét",
    ),
    _t(
        "reevaluate",
        {State.CENTRAL_RETURNED},
        State.COMPLETE,
        {"province_leader"},
        "Tổ chức đánh giá lại tại cấp tỉnh",
    ),
    _t(
        "reject",
        {State.SCORED, State.CENTRAL_RETURNED},
        State.NOT_RECOGNISED,
        {"province_leader"},
        "Không công nhận",
    ),
    _t("withdraw", {State.DRAFT, State.FILED, State.RETURNED}, State.WITHDRAWN, {"producer"}, "Rút hồ sơ"),
)
_BY_ACTION = {t.action: t for t in TRANSITIONS}


class TransitionRefused(Exception):
    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en
        super().__init__(f"{vi} / {en}")


def transition(state: State, action: str, role: str) -> State:
    """The state after `action`, or `TransitionRefused` saying why not (wrong step or wrong role)."""
    t = _BY_ACTION.get(action)
    if t is None:
        raise TransitionRefused(f"không có thao tác '{action}'", f"no action '{action}'")
    if state not in t.source:
        raise TransitionRefused(
            f"không thể '{t.label}' khi hồ sơ đang ở bước '{STATE_LABELS[state]}'",
            f"cannot {action} a dossier in state {state}",
        )
    if role not in t.roles:  # the administrator manages accounts, not dossiers
        raise TransitionRefused(f"vai trò này không được '{t.label}'", f"role {role} may not {action}")
    return t.target


def actions_for(state: State, role: str) -> list[Transition]:
    """What this role can do next on a dossier in `state` (to show as buttons)."""
    return [t for t in TRANSITIONS if state in t.source and role in t.roles]
