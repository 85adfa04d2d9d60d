"""Who may take each step of a dossier, and the other dossier actions (accounts.rules explains Rule).

A step is a transition of `ocop.core.process` (its table says which role may take it from which
state), on a dossier in the user's area (`selectors.dossiers_for`). The services check these rules
inside the row lock (`workflow.lock_for`); the dossier page shows the buttons these rules allow.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from ocop.accounts.models import Role
from ocop.accounts.rules import Need, Rule, role_in
from ocop.certificates.models import Certificate
from ocop.core.process import STATE_LABELS, TRANSITIONS, State, Transition
from ocop.errors import StepRefused
from ocop.producers.models import Product

from .models import Dossier
from .selectors import sees_dossier

# The producer may change documents while the dossier is with them.
UPLOAD_STATES = (State.DRAFT, State.RETURNED)
# The assisting team surveys the site while the province reviews the dossier (26/2026 Art. 7.3c).
INSPECTION_STATES = (State.COMMUNE_REPORTED, State.COMPLETE, State.SCHEDULED)

# Certificates an upgrade or a re-rating may start from: not revoked, not replaced.
FOLLOW_UP_FROM = (Certificate.Status.VALID, Certificate.Status.EXPIRED)

IN_AREA = Need(sees_dossier, "Hồ sơ không thuộc phạm vi của bạn", "this dossier is outside your area")


def _step_rule(t: Transition) -> Rule[Dossier]:
    def wrong_state(user: Any, dossier: Dossier) -> StepRefused:
        return StepRefused(
            f"không thể '{t.label}' khi hồ sơ đang ở bước '{STATE_LABELS[dossier.state_enum]}'",
            f"cannot {t.action} a dossier in state {dossier.state}",
        )

    return Rule(
        f"dossiers.{t.action}",
        IN_AREA,
        Need(lambda user, d: d.state_enum in t.source, why=wrong_state),
        # the administrator manages accounts, not dossiers
        Need(
            lambda user, d: user.role in t.roles, f"vai trò này không được '{t.label}'", f"may not {t.action}"
        ),
    )


STEPS: dict[str, Rule[Dossier]] = {t.action: _step_rule(t) for t in TRANSITIONS}


def is_own_producer(user: Any, dossier: Dossier) -> bool:
    return bool(role_in(Role.PRODUCER)(user, dossier) and dossier.product.producer_id == user.producer_id)


upload_document: Rule[Dossier] = Rule(
    "dossiers.upload_document",
    Need(is_own_producer, "Chỉ chủ thể mới tải tài liệu lên hồ sơ", "only the producer uploads documents"),
    Need(
        lambda user, d: d.state_enum in UPLOAD_STATES,
        "Hồ sơ đã nộp, không sửa được tài liệu",
        "the dossier is filed; documents are locked",
    ),
)

# The self-assessment is the producer's, while the dossier is with them (Form 02 Part III).
self_assess: Rule[Dossier] = Rule(
    "dossiers.self_assess",
    Need(is_own_producer, gettext_lazy("Chỉ chủ thể của hồ sơ mới tự chấm điểm và đính kèm minh chứng")),
    Need(
        lambda user, d: d.state_enum in UPLOAD_STATES,
        gettext_lazy("Hồ sơ đã nộp: phần tự chấm điểm và minh chứng không sửa được nữa"),
    ),
)

record_site_inspection: Rule[Dossier] = Rule(
    "dossiers.record_inspection",
    Need(
        lambda user, d: role_in(Role.PROVINCE_STAFF)(user, d) and sees_dossier(user, d),
        "Chỉ tổ giúp việc cấp tỉnh ghi biên bản khảo sát",
        "only provincial staff record inspections",
    ),
    Need(
        lambda user, d: d.state_enum in INSPECTION_STATES,
        "Hồ sơ không ở bước thẩm định",
        "the dossier is not under review",
    ),
)

start_dossier: Rule[Product] = Rule(
    "dossiers.start",
    Need(
        lambda user, p: role_in(Role.PRODUCER)(user, p) and p.producer_id == user.producer_id,
        "Chỉ chủ thể của sản phẩm mới lập hồ sơ",
        "only the product's producer may start a dossier",
    ),
)


def allowed_steps(user: Any, dossier: Dossier) -> list[Transition]:
    """The steps this user may take on the dossier now (buttons on its page), in process order."""
    return [t for t in TRANSITIONS if STEPS[t.action](user, dossier)]
