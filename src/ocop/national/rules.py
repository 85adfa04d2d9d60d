"""Who may do what in the national link: partners' tokens, the national export, traceability stamps
(accounts.rules explains `Rule`).

A partner's token reads as a provincial official of its province (`PartnerReader`): the API shows a
partner what the province's own pages show its staff, through the same selectors, and its scopes
narrow that further. A token never acts as an official: the one thing it may do (`stamps:write`)
passes the stamp service's own rule (`request_stamps`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.rules import OFFICIALS, Need, Rule, has_province, role_in
from ocop.areas.models import Province

from .models import PartnerToken, Scope

NO_PROVINCE = "Tài khoản chưa gắn với tỉnh"


def _province_or_centre(user: Any, obj: Any = None) -> bool:
    return user.role == Role.CENTRAL_STAFF or has_province(user)


manage_tokens: Rule[Any] = Rule(
    "national.manage_tokens",
    Need(role_in(Role.PROVINCE_STAFF), "Chỉ cán bộ OCOP cấp tỉnh quản lý khóa API của đối tác"),
    Need(has_province, NO_PROVINCE),
)
export: Rule[Any] = Rule(
    "national.export",
    Need(role_in(*OFFICIALS), "Vai trò của bạn không xuất dữ liệu quốc gia"),
    Need(_province_or_centre, NO_PROVINCE),
)
see_clone_flags: Rule[Any] = Rule(
    "stamps.see_clone_flags",
    Need(role_in(*OFFICIALS), "Trang dành cho cơ quan quản lý OCOP"),
    Need(_province_or_centre, NO_PROVINCE),
)
use_stamps: Rule[Any] = Rule(
    "stamps.use",
    Need(role_in(Role.PRODUCER, *OFFICIALS), "Vai trò của bạn không dùng trang này"),
)
ask_for_stamps: Rule[Any] = Rule(
    "stamps.ask", Need(role_in(Role.PRODUCER), "Chỉ chủ thể được yêu cầu tem truy xuất")
)


def _asks_for_own_product(actor: Any, product: Any) -> bool:
    if isinstance(actor, PartnerToken):
        return (
            has_scope(actor, Scope.STAMPS_WRITE) and product.producer.commune.province_id == actor.province_id
        )
    return bool(
        getattr(actor, "is_authenticated", False)
        and actor.role == Role.PRODUCER
        and actor.producer_id
        and product.producer_id == actor.producer_id
    )


# The product's own producer, or a partner token of its province with `stamps:write`. Whether the
# product has a certificate in force is the service's check (a state, not a right).
request_stamps: Rule[Any] = Rule(
    "stamps.request", Need(_asks_for_own_product, "Chỉ chủ thể của sản phẩm được yêu cầu tem truy xuất")
)


# --- partners' tokens -------------------------------------------------------------------------------


def token_usable(token: PartnerToken) -> bool:
    return token.revoked_at is None and token.expires_at > timezone.now()


def has_scope(token: PartnerToken, scope: str) -> bool:
    return token_usable(token) and scope in token.scopes


@dataclass(frozen=True)
class PartnerReader:
    """A token seen by the selectors: a provincial official of the token's province who can read and
    nothing else (it has no account: `pk` is None, so no membership or producer matches)."""

    province: Province
    token_id: int
    is_authenticated: bool = True
    role: str = Role.PROVINCE_STAFF
    pk: None = None
    id: None = None
    commune_id: None = None
    producer_id: None = None

    @property
    def province_id(self) -> int:
        return int(self.province.pk)


def reader(token: PartnerToken) -> PartnerReader:
    return PartnerReader(province=token.province, token_id=token.pk)
