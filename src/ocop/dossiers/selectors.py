"""Which dossiers a user may see, by role and area. Every list and every lookup of a dossier goes here.

- producer: its own producer's dossiers;
- commune officer: dossiers filed in their commune;
- provincial staff and provincial leader: dossiers of communes in their province;
- council member and secretary: dossiers on sessions of councils they sit on;
- central staff: dossiers sent on to the central level;
- administrator: none (the workflow is the officials' business).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ocop.accounts.models import Role
from ocop.accounts.rules import COUNCIL, PROVINCIAL
from ocop.core.process import State

from .models import Dossier


def dossiers_for(user: Any) -> QuerySet[Dossier]:
    qs = Dossier.objects.select_related("product__producer", "commune__province")
    if not user.is_authenticated:
        return qs.none()
    role = user.role
    if role == Role.PRODUCER:
        return qs.filter(product__producer=user.producer_id) if user.producer_id else qs.none()
    if role == Role.COMMUNE_OFFICER:
        return qs.filter(commune=user.commune_id).exclude(state=State.DRAFT) if user.commune_id else qs.none()
    if role in PROVINCIAL:
        if not user.province_id:
            return qs.none()
        # The province keeps sight of its dossiers at the centre, to follow them (it cannot act there).
        return qs.filter(commune__province=user.province_id).exclude(state__in=[State.DRAFT, State.FILED])
    if role in COUNCIL:
        return qs.filter(session_items__session__council__memberships__user=user).distinct()
    if role == Role.CENTRAL_STAFF:
        return qs.filter(level="central")
    return qs.none()


def sees_dossier(user: Any, dossier: Dossier) -> bool:
    return dossiers_for(user).filter(pk=dossier.pk).exists()
