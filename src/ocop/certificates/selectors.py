"""Certificates a user may open: the producer its own, the commune and province theirs, the centre all."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ocop.accounts.models import Role
from ocop.accounts.rules import PROVINCIAL

from .models import Certificate


def certificates_for(user: Any) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("decision", "product__producer__commune__province")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.PRODUCER:
        return qs.filter(product__producer=user.producer_id) if user.producer_id else qs.none()
    if user.role == Role.COMMUNE_OFFICER:
        return qs.filter(product__producer__commune=user.commune_id) if user.commune_id else qs.none()
    if user.role in PROVINCIAL:
        return (
            qs.filter(product__producer__commune__province=user.province_id)
            if user.province_id
            else qs.none()
        )
    if user.role == Role.CENTRAL_STAFF:
        return qs
    return qs.none()
