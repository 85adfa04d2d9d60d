"""Which councils a user may see: the province's staff its own, central staff the central council,
members the councils they sit on."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ocop.accounts.models import Role
from ocop.accounts.rules import COUNCIL

from .models import Council


def councils_for(user: Any) -> QuerySet[Council]:
    if not user.is_authenticated:
        return Council.objects.none()
    if user.role == Role.PROVINCE_STAFF and user.province_id:
        return Council.objects.filter(province=user.province_id, level="province")
    if user.role == Role.CENTRAL_STAFF:
        return Council.objects.filter(level="central")
    if user.role in COUNCIL:
        return Council.objects.filter(memberships__user=user).distinct()
    return Council.objects.none()
