"""What each user may see of support, and the sums the rules and the pages read.

- producer: its province's programmes, its own applications;
- commune officer: its province's programmes, the applications of its commune's producers;
- provincial staff and leader: their province's programmes, applications, consultants and plans;
- central staff: every province's (to read);
- anyone else: nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum

from ocop.accounts.models import Role
from ocop.accounts.rules import PROVINCIAL

from .models import (
    ApplicationState,
    Consultant,
    DevelopmentPlan,
    Disbursement,
    SupportApplication,
    SupportProgramme,
)


def province_of(user: Any) -> int | None:
    """The province a user's support pages are about (a producer's: its commune's)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.role == Role.PRODUCER:
        producer = user.producer
        return producer.commune.province_id if producer is not None else None
    return user.province_id if user.role in (*PROVINCIAL, Role.COMMUNE_OFFICER) else None


def _by_province(qs: QuerySet[Any], user: Any, field: str = "province") -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == Role.CENTRAL_STAFF:
        return qs
    province = province_of(user)
    return qs.filter(**{field: province}) if province is not None else qs.none()


def programmes_for(user: Any) -> QuerySet[SupportProgramme]:
    return _by_province(SupportProgramme.objects.select_related("province"), user)


def applications_for(user: Any) -> QuerySet[SupportApplication]:
    qs = SupportApplication.objects.select_related("programme__province", "producer__commune", "product")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == Role.PRODUCER:
        return qs.filter(producer=user.producer_id) if user.producer_id else qs.none()
    if user.role == Role.COMMUNE_OFFICER:
        return qs.filter(producer__commune=user.commune_id) if user.commune_id else qs.none()
    if user.role in PROVINCIAL:
        return qs.filter(programme__province=user.province_id) if user.province_id else qs.none()
    if user.role == Role.CENTRAL_STAFF:
        return qs
    return qs.none()


def consultants_for(user: Any) -> QuerySet[Consultant]:
    if not getattr(user, "is_authenticated", False) or user.role not in (*PROVINCIAL, Role.CENTRAL_STAFF):
        return Consultant.objects.none()
    return _by_province(Consultant.objects.select_related("province"), user)


def plans_for(user: Any) -> QuerySet[DevelopmentPlan]:
    if not getattr(user, "is_authenticated", False) or user.role not in (*PROVINCIAL, Role.CENTRAL_STAFF):
        return DevelopmentPlan.objects.none()
    return _by_province(DevelopmentPlan.objects.select_related("province"), user)


# --- sums -----------------------------------------------------------------------------------------


def committed(programme: SupportProgramme) -> int:
    """Đồng granted on the programme's approved applications (what its budget has promised)."""
    total = programme.applications.filter(state=ApplicationState.APPROVED).aggregate(s=Sum("granted"))["s"]
    return int(total or 0)


def remaining(programme: SupportProgramme) -> int:
    return programme.budget - committed(programme)


def disbursed(application: SupportApplication) -> int:
    return int(application.disbursements.aggregate(s=Sum("amount"))["s"] or 0)


def programme_disbursed(programme: SupportProgramme) -> int:
    total = Disbursement.objects.filter(application__programme=programme).aggregate(s=Sum("amount"))["s"]
    return int(total or 0)


def is_open(programme: SupportProgramme, on: date) -> bool:
    """Applications are received within the programme's period."""
    return programme.starts_on <= on <= programme.ends_on


def open_programmes(qs: QuerySet[SupportProgramme], on: date) -> QuerySet[SupportProgramme]:
    return qs.filter(Q(starts_on__lte=on) & Q(ends_on__gte=on))
