"""The daily job as a Django task (django-tasks, the backport of Django 6's `django.tasks`).

Deployments with a task worker enqueue `daily` once a day; others call `ocop manage ocop_daily` from
cron or a systemd timer. Both run the same service, which is idempotent.
"""

from __future__ import annotations

from datetime import date

from django_tasks import task

from .services import run_daily


@task()
def daily(today: str | None = None) -> dict[str, list[str]]:
    """Expire certificates past their term and send the due reminders; returns what it did."""
    report = run_daily(date.fromisoformat(today) if today else None)
    return {
        "expired": [c.number for c in report.expired],
        "reminded": [f"{r.certificate.number}:{r.days_before}" for r in report.reminders],
    }
