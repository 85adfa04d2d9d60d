"""What each user may see, by role and area. Every list and every object lookup goes through here.

- producer: its own producer's products and dossiers;
- commune officer: dossiers filed in their commune;
- provincial staff and provincial leader: dossiers of communes in their province;
- council member and secretary: dossiers on sessions of councils they sit on;
- central staff: dossiers sent on to the central level (certificates: all of them);
- administrator: accounts only (the workflow is the officials' business).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ocop.core.process import State

from .models import Role

PROVINCIAL = {Role.PROVINCE_STAFF, Role.PROVINCE_LEADER}
COUNCIL = {Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY}


def dossiers_for(user: Any) -> QuerySet[Any]:
    from ocop.dossiers.models import Dossier

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


def products_for(user: Any) -> QuerySet[Any]:
    from ocop.producers.models import Product

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


def councils_for(user: Any) -> QuerySet[Any]:
    from ocop.councils.models import Council

    if not user.is_authenticated:
        return Council.objects.none()
    if user.role == Role.PROVINCE_STAFF and user.province_id:
        return Council.objects.filter(province=user.province_id, level="province")
    if user.role == Role.CENTRAL_STAFF:
        return Council.objects.filter(level="central")
    if user.role in COUNCIL:
        return Council.objects.filter(memberships__user=user).distinct()
    return Council.objects.none()


def certificates_for(user: Any) -> QuerySet[Any]:
    """Certificates a user may open: the producer its own, the commune and province theirs, the centre all."""
    from ocop.certificates.models import Certificate

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
