"""E-mail notices to the people a step concerns (console backend by default; docs/deploy.md).

A notice is sent only when the transaction that made the change commits (`transaction.on_commit`):
a step that fails after it was written (a decision whose second product is refused) rolls back and
announces nothing. Outside a transaction the notice goes at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction


def notify(users: Iterable[Any], subject: str, body: str) -> int:
    """Queue one message per user with an address, sent after commit; returns how many."""
    messages = tuple(
        (f"[OCOP] {subject}", body, settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users
        if getattr(u, "email", "")
    )
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(messages)
