"""Who may do what in a certificate's life: follow-ups, revocation, hậu kiểm (accounts.rules: Rule).

One level rule (`level_of`) decides who proposes and who decides a revocation (26/2026 Art. 8.2): the
provincial OCOP body proposes and the provincial chair decides for 3★/4★; for 5★ the ministry's OCOP
body proposes and the Minister decides (central staff sign on the ministry's behalf).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.rules import OFFICIALS, Need, Rule, role_in
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import certificates_for
from ocop.dossiers.rules import FOLLOW_UP_FROM
from ocop.errors import StepRefused

from .models import Revocation

PROPOSERS = {"province": Role.PROVINCE_STAFF, "central": Role.CENTRAL_STAFF}
DECIDERS = {"province": Role.PROVINCE_LEADER, "central": Role.CENTRAL_STAFF}
# Certificates a revocation or a follow-up may start from (not revoked, not replaced).
LIVE = FOLLOW_UP_FROM


def level_of(certificate: Certificate) -> str:
    """The level that proposes and decides a revocation. A district-issued 148-2023 certificate goes to
    the province: districts were abolished on 1/7/2025 and rules.md names no successor, so this is an
    open question (148-2023 `unknowns`, docs/registers.md), not a rule."""
    return "central" if certificate.decision.level == "central" else "province"


def in_area(user: Any, certificate: Certificate) -> bool:
    if level_of(certificate) == "central":
        return True
    province = certificate.product.producer.commune.province_id
    return user.province_id is not None and province == user.province_id


def sees_certificate(user: Any, certificate: Certificate) -> bool:
    return certificates_for(user).filter(pk=certificate.pk).exists()


IN_AREA: Need[Certificate] = Need(
    in_area, "Giấy chứng nhận không thuộc phạm vi của bạn", "this certificate is outside your area"
)

propose_revocation: Rule[Certificate] = Rule(
    "lifecycle.propose_revocation",
    Need(
        lambda user, c: role_in(PROPOSERS[level_of(c)])(user, c),
        "Chỉ cơ quan tham mưu OCOP cùng cấp mới đề nghị thu hồi",
        "only the OCOP body at the issuing level proposes a revocation",
    ),
    IN_AREA,
    Need(
        lambda user, c: c.status in LIVE,
        why=lambda user, c: StepRefused(
            f"Giấy chứng nhận {c.get_status_display().lower()}", "the certificate is revoked or replaced"
        ),
    ),
)

_DECIDE: tuple[Need[Revocation], ...] = (
    Need(
        lambda user, r: role_in(DECIDERS[level_of(r.certificate)])(user, r),
        "Bạn không có thẩm quyền quyết định thu hồi giấy chứng nhận này",
        "you may not decide on this revocation",
    ),
    Need(lambda user, r: in_area(user, r.certificate), IN_AREA.vi, IN_AREA.en),
    Need(
        lambda user, r: r.status == Revocation.Status.PROPOSED,
        "Đề nghị đã được xử lý",
        "the proposal was already decided",
    ),
)
decide_revocation: Rule[Revocation] = Rule(
    "lifecycle.decide_revocation",
    *_DECIDE,
    # A certificate proposed on a list is decided with the list, in its one decision (batch_revocation).
    Need(
        lambda user, r: r.batch_id is None,
        _("Giấy chứng nhận này nằm trong danh sách đề nghị thu hồi; quyết định theo danh sách"),
    ),
)
decide_listed: Rule[Revocation] = Rule("lifecycle.decide_listed", *_DECIDE)

start_follow_up: Rule[Certificate] = Rule(
    "lifecycle.follow_up",
    Need(role_in(Role.PRODUCER), "Chỉ chủ thể lập hồ sơ đánh giá lại, nâng hạng", "producers only"),
    Need(
        lambda user, c: c.status in LIVE,
        "Giấy chứng nhận đã bị thu hồi hoặc thay thế",
        "the certificate was revoked or replaced",
    ),
)


def inspecting_level(user: Any) -> str | None:
    """The level at which this user plans and records hậu kiểm, if any."""
    if role_in(Role.PROVINCE_STAFF)(user) and user.province_id:
        return "province"
    if role_in(Role.CENTRAL_STAFF)(user):
        return "central"
    return None


INSPECTOR: Need[Any] = Need(
    lambda user, obj: inspecting_level(user) is not None,
    "Chỉ cơ quan tham mưu OCOP mới lập kế hoạch, biên bản kiểm tra",
    "only the OCOP body plans and records inspections",
)
plan_inspections: Rule[Any] = Rule("lifecycle.plan_inspections", INSPECTOR)

# Hậu kiểm checks a product whose certificate is in force (rules.md §5.5); the page that offers the
# form and the service that records it ask this one rule.
inspect: Rule[Certificate] = Rule(
    "lifecycle.inspect",
    INSPECTOR,
    Need(sees_certificate, IN_AREA.vi, IN_AREA.en),
    Need(
        lambda user, c: c.status == Certificate.Status.VALID,
        "Chỉ kiểm tra sản phẩm có giấy chứng nhận còn hiệu lực",
        "only certificates in force",
    ),
)

open_desk: Rule[Any] = Rule(
    "lifecycle.desk", Need(role_in(*OFFICIALS), "Trang dành cho cơ quan quản lý OCOP", "OCOP officials only")
)
