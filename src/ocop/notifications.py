"""E-mail notices to the people a step concerns (console backend by default; docs/deploy.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail


def notify(users: Iterable[Any], subject: str, body: str) -> int:
    messages = [
        (f"[OCOP] {subject}", body, settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users
        if getattr(u, "email", "")
    ]
    return send_mass_mail(messages, fail_silently=True) if messages else 0
