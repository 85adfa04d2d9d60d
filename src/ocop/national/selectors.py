"""What the national link's pages and the API list: tokens, producers, stamp batches, products to
stamp. Areas come from the project's selectors (`certificates_for`, `products_for`, …)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ocop.accounts.models import Role
from ocop.accounts.rules import PROVINCIAL
from ocop.certificates.selectors import certificates_for
from ocop.producers.selectors import products_for

from . import rules
from .models import PartnerToken


def tokens_for(user: Any) -> QuerySet[PartnerToken]:
    if not rules.manage_tokens(user, None):
        return PartnerToken.objects.none()
    return PartnerToken.objects.filter(province=user.province_id).select_related("created_by", "revoked_by")


def export_certificates(user: Any) -> QuerySet[Any]:
    """The certificates an export carries: exactly those the user's certificate pages list."""
    certificates = certificates_for(user)
    return certificates if rules.export(user, None) else certificates.none()


def producers_for(user: Any) -> QuerySet[Any]:
    """A province's producers (with or without a product yet); others', those of their products."""
    from ocop.producers.models import Producer

    if not user.is_authenticated:
        return Producer.objects.none()
    if user.role in PROVINCIAL and user.province_id:
        return Producer.objects.filter(commune__province=user.province_id).select_related("commune__province")
    return Producer.objects.filter(pk__in=products_for(user).values("producer")).select_related(
        "commune__province"
    )


def stamp_products_for(user: Any) -> QuerySet[Any]:
    """The products a producer may request stamps for (its own)."""
    products = products_for(user)
    return products if rules.ask_for_stamps(user, None) else products.none()


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
