"""Who may do what in the national link: partners' tokens, the national export, traceability stamps.

Every check of this issue's pages, services and API lives here, and reads the areas through the same
scope functions as the pages (`accounts/scope.py`): when the `may_*` helpers become one permission
layer, this module is the one place to switch over.

A partner's token reads as a provincial official of its province (`PartnerReader`): the API shows a
partner exactly what the province's own pages show its staff, through the same selectors, and its
scopes narrow that further. A token never writes as an official: the one thing it may do
(`stamps:write`) goes through the stamp service's own check (`may_request_stamps`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.scope import PROVINCIAL, certificates_for, products_for
from ocop.areas.models import Province

from .models import PartnerToken


def _province_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.PROVINCE_STAFF and user.province_id)


# --- partners' tokens -------------------------------------------------------------------------------


def may_manage_tokens(user: Any) -> bool:
    """The provincial OCOP body makes and revokes its partners' tokens (its own province's only)."""
    return _province_staff(user)


def tokens_for(user: Any) -> QuerySet[PartnerToken]:
    if not may_manage_tokens(user):
        return PartnerToken.objects.none()
    return PartnerToken.objects.filter(province=user.province_id).select_related("created_by", "revoked_by")


def token_usable(token: PartnerToken) -> bool:
    return token.revoked_at is None and token.expires_at > timezone.now()


def has_scope(token: PartnerToken, scope: str) -> bool:
    return token_usable(token) and scope in token.scopes


@dataclass(frozen=True)
class PartnerReader:
    """A token seen by the scope functions: a provincial official of the token's province who can
    read and nothing else (it has no account: `pk` is None, so no membership or producer matches)."""

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
        return self.province.pk


def reader(token: PartnerToken) -> PartnerReader:
    return PartnerReader(province=token.province, token_id=token.pk)


# --- the national export ----------------------------------------------------------------------------


def may_export(user: Any) -> bool:
    """The province's staff and leaders export their own register; central staff any or all."""
    if not user.is_authenticated:
        return False
    if user.role in PROVINCIAL:
        return bool(user.province_id)
    return bool(user.role == Role.CENTRAL_STAFF)


def export_certificates(user: Any) -> QuerySet[Any]:
    """The certificates an export may carry: exactly those the user's certificate pages list."""
    certificates = certificates_for(user)
    return certificates if may_export(user) else certificates.none()


def producers_for(user: Any) -> QuerySet[Any]:
    """Producers whose products the user may read (`products_for`), plus, for a province, those
    of its communes that have no product yet."""
    from ocop.producers.models import Producer

    if not user.is_authenticated:
        return Producer.objects.none()
    if user.role in PROVINCIAL and user.province_id:
        return Producer.objects.filter(commune__province=user.province_id).select_related("commune__province")
    return Producer.objects.filter(pk__in=products_for(user).values("producer")).select_related(
        "commune__province"
    )


# --- traceability stamps ----------------------------------------------------------------------------


def may_request_stamps(actor: Any, product: Any) -> bool:
    """The product's own producer, or a partner token of the product's province with `stamps:write`.
    Whether the product has a certificate in force is the service's check (a state, not a right)."""
    if isinstance(actor, PartnerToken):
        return has_scope(actor, "stamps:write") and product.producer.commune.province_id == actor.province_id
    return bool(
        actor.is_authenticated
        and actor.role == Role.PRODUCER
        and actor.producer_id
        and product.producer_id == actor.producer_id
    )


def stamp_products_for(user: Any) -> QuerySet[Any]:
    """The products a producer may request stamps for (its own)."""
    products = products_for(user)
    return products if user.is_authenticated and user.role == Role.PRODUCER else products.none()


def batches_for(user: Any) -> QuerySet[Any]:
    """Stamp batches: the producer its own, the province's officials their province's, the centre all."""
    from ocop.stamps.models import StampBatch

    qs = StampBatch.objects.select_related("product__producer__commune__province", "certificate")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.PRODUCER:
        return qs.filter(product__producer=user.producer_id) if user.producer_id else qs.none()
    if user.role in PROVINCIAL:
        province = user.province_id
        return qs.filter(product__producer__commune__province=province) if province else qs.none()
    if user.role == Role.CENTRAL_STAFF:
        return qs
    return qs.none()


def may_see_clone_flags(user: Any) -> bool:
    """Possible clones are flagged to the province (its staff and leaders) and seen by the centre."""
    if not user.is_authenticated:
        return False
    return bool(user.province_id) if user.role in PROVINCIAL else user.role == Role.CENTRAL_STAFF
