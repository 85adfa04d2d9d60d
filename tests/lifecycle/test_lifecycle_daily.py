from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate
from ocop.lifecycle.models import ExpiryReminder


def _run(day: str) -> str:
    """The daily command, its transactions committed (notices go only after commit)."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("ocop_daily", "--today", day, stdout=out)
    return out.getvalue()


def test_daily_marks_expired_once_and_is_idempotent(make_cert: Any) -> None:
    old = make_cert(signed_on=date(2023, 3, 1))  # valid until 2026-03-01
    current = make_cert(product="Khâu nhục Lạng Sơn", signed_on=date(2026, 6, 1))
    out = _run("2026-11-23")
    assert old.number in out
    old.refresh_from_db()
    current.refresh_from_db()
    assert old.status == Certificate.Status.EXPIRED and current.status == Certificate.Status.VALID
    events = AuditEvent.objects.filter(action="certificate.expired")
    assert (
        events.count() == 1
        and events.get().actor is None
        and events.get().subject == f"certificate:{old.number}"
    )
    mail.outbox.clear()
    out = _run("2026-11-23")
    assert "0 hết hiệu lực / expired, 0 nhắc hạn / reminders sent" in out
    assert AuditEvent.objects.filter(action="certificate.expired").count() == 1 and not mail.outbox


def test_expiry_on_the_last_day_is_still_valid(make_cert: Any) -> None:
    cert = make_cert(signed_on=date(2023, 11, 23))  # valid until 2026-11-23 inclusive
    _run("2026-11-23")
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VALID
    _run("2026-11-24")
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.EXPIRED


def test_reminders_sent_once_per_interval_to_producer_and_province(
    make_cert: Any, demo: dict[str, Any]
) -> None:
    cert = make_cert(signed_on=date(2024, 6, 1))  # valid until 2027-06-01
    mail.outbox.clear()
    _run("2026-11-01")  # 212 days left: no interval reached (210, 180, 120)
    assert not mail.outbox and not ExpiryReminder.objects.exists()
    _run("2026-11-03")  # 210 days left
    assert ExpiryReminder.objects.get().days_before == 210
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"chuthe.ruoumauson@demo.ocop.invalid", "tinh@demo.ocop.invalid"}
    assert "01/06/2027" in mail.outbox[0].body and "re-rating" in mail.outbox[0].body
    mail.outbox.clear()
    _run("2026-11-03")
    _run("2026-11-04")
    assert not mail.outbox and ExpiryReminder.objects.count() == 1
    _run("2026-12-03")  # 180 days left
    assert sorted(ExpiryReminder.objects.values_list("days_before", flat=True)) == [180, 210]
    assert len(mail.outbox) == 2
    del cert


def test_late_first_run_sends_only_the_most_urgent(make_cert: Any, settings: Any) -> None:
    make_cert(signed_on=date(2024, 1, 10))  # valid until 2027-01-10: 48 days left on 2026-11-23
    settings.OCOP_EXPIRY_REMINDER_DAYS = [90, 30]
    _run("2026-11-23")
    assert list(ExpiryReminder.objects.values_list("days_before", flat=True)) == [90]
    _run("2026-11-24")
    assert ExpiryReminder.objects.count() == 1


def test_bad_today_is_refused(demo: dict[str, Any]) -> None:
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        _run("23/11/2026")


def test_register_scope_and_filters(make_cert: Any, demo: dict[str, Any]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from ocop.core.calendar_dates import add_months

    expiring = make_cert(signed_on=add_months(timezone.localdate(), -36) + timedelta(days=40))
    expired = make_cert(product="Hoa hồi khô Văn Quan", star=3, signed_on=date(2022, 1, 10))
    other = make_cert(product="Miến dong Quảng Lâm", star=3, signed_on=date(2026, 6, 1))
    client = Client()
    client.force_login(demo["tinh"])
    page = client.get(reverse("certificate_register"), {"loc": "expiring", "thang": "3"})
    text = page.content.decode()
    assert expiring.number in text and expired.number not in text and other.number not in text
    assert page.context["counts"]["expired"] == 1 and page.context["counts"]["all"] == 2
    text = client.get(reverse("certificate_register"), {"loc": "expired"}).content.decode()
    assert expired.number in text and expiring.number not in text
    # another province's certificate is a 404 for this province's staff, visible to the centre
    assert client.get(reverse("lifecycle_certificate", args=[other.pk])).status_code == 404
    client.force_login(demo["trunguong"])
    assert other.number in client.get(reverse("certificate_register")).content.decode()
    client.force_login(demo["hoidong1"])
    assert client.get(reverse("certificate_register")).context["counts"]["all"] == 0


def test_the_daily_task_runs_the_same_job_through_django_tasks(make_cert: Any) -> None:
    from ocop.lifecycle.tasks import daily

    old = make_cert(signed_on=date(2023, 3, 1))  # valid until 2026-03-01
    result = daily.enqueue("2026-11-23")  # the immediate backend runs it at once
    assert result.return_value == {"expired": [old.number], "reminded": []}
    old.refresh_from_db()
    assert old.status == Certificate.Status.EXPIRED
    assert daily.enqueue("2026-11-23").return_value == {"expired": [], "reminded": []}
