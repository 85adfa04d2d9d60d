"""The one write path of a dossier's state: lock the row, check the step on what is stored, move.

Every step of every app (filing, the commune report, intake, scheduling, closing a session, the
decision) does, inside one transaction::

    dossier = lock_for(user, dossier, "accept")     # SELECT … FOR UPDATE, then rules.STEPS["accept"]
    …checks of its own, other rows…
    move(user, dossier, "accept", event="dossier.accept", …)   # state, save(update_fields), audit

and queues its notices with `ocop.notifications.notify`, which sends them after commit. Two requests
for the same dossier queue on the row lock; the second one then checks the step against the state
the first one left, and a step that lost the race is refused with what happened meanwhile (who moved
the dossier, to which step, when), changing nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ocop.audit.models import AuditEvent, record
from ocop.certificates.effects import dossier_moved
from ocop.core.process import STATE_LABELS, State, transition
from ocop.errors import StepRefused

from .models import Dossier
from .rules import STEPS


def lock(dossier: Dossier) -> Dossier:
    """Re-read the dossier into the same object and lock its row until the transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock() needs a transaction: call it from a service under transaction.atomic")
    dossier.refresh_from_db(from_queryset=Dossier.objects.select_for_update())
    return dossier


def lock_for(user: Any, dossier: Dossier, action: str) -> Dossier:
    """Lock the dossier and check that `user` may take `action` on it as it is stored now.

    When the state changed since the caller read the dossier and the step no longer applies, the
    refusal says who moved it and when (the step lost a race or the page was old)."""
    if action not in STEPS:
        raise StepRefused(f"không có thao tác '{action}'", f"no action '{action}'")
    seen = dossier.state
    lock(dossier)
    refusal = STEPS[action].refusal(user, dossier)
    if refusal is None:
        return dossier
    if dossier.state != seen:
        raise moved_meanwhile(dossier, action)
    raise refusal


def moved_meanwhile(dossier: Dossier, action: str) -> StepRefused:
    """The refusal of a step whose dossier another user moved first."""
    last = AuditEvent.objects.filter(dossier=dossier).select_related("actor").order_by("-id").first()
    label = STATE_LABELS[dossier.state_enum]
    wanted = STEPS[action].name.removeprefix("dossiers.")
    if last is None:
        return StepRefused(
            f"Hồ sơ đã chuyển sang bước '{label}'; thao tác không còn thực hiện được",
            f"the dossier moved to {dossier.state}; {wanted} no longer applies",
        )
    at = timezone.localtime(last.at)
    who = str(last.actor) if last.actor else "hệ thống"
    return StepRefused(
        f"Hồ sơ đã được {who} chuyển sang bước '{label}' lúc {at:%H:%M:%S %d/%m/%Y}; "
        "thao tác của bạn không được thực hiện, không có gì thay đổi",
        f"{who} moved the dossier to {dossier.state} at {at.isoformat(timespec='seconds')}; "
        f"{wanted} was not applied",
    )


def move(
    user: Any, dossier: Dossier, action: str, *, event: str, fields: tuple[str, ...] = (), **data: Any
) -> State:
    """Apply the transition to a dossier `lock_for` returned: save the state (and `fields`, set by
    the caller) with update_fields, write the audit event `event` with `data`, and keep a re-rated
    certificate's Art. 12.3 extension in step (certificates.effects)."""
    dossier.state = transition(dossier.state_enum, action, user.role)
    dossier.save(update_fields=["state", "updated_at", *fields])
    record(user, event, dossier=dossier, **data)
    dossier_moved(dossier)
    return dossier.state_enum
