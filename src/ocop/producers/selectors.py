"""Which products a user may see: the producer its own, the commune and the province theirs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ocop.accounts.models import Role
from ocop.accounts.rules import PROVINCIAL

from .models import Product


def products_for(user: Any) -> QuerySet[Product]:
    qs = Product.objects.select_related("producer__commune__province")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.PRODUCER:
        return qs.filter(producer=user.producer_id) if user.producer_id else qs.none()
    if user.role == Role.COMMUNE_OFFICER and user.commune_id:
        return qs.filter(producer__commune=user.commune_id)
    if user.role in PROVINCIAL and user.province_id:
        return qs.filter(producer__commune__province=user.province_id)
    return qs.none()
