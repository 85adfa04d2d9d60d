"""The daily job: mark certificates past their term as expired, send the expiry reminders that are due.

Run it once a day (cron or a systemd timer): ``ocop manage ocop_daily``. Running it again the same day
changes nothing and sends nothing (each reminder is recorded once).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ocop.lifecycle.services import run_daily


class Command(BaseCommand):
    help = "Hết hạn giấy chứng nhận và nhắc hạn / expire certificates and send expiry reminders"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="run as if today were this day (YYYY-MM-DD), for tests")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today: ngày không hợp lệ / invalid date, use YYYY-MM-DD") from None
        report = run_daily(today)
        for certificate in report.expired:
            self.stdout.write(f"hết hiệu lực / expired: {certificate.number} ({certificate.valid_until})")
        for reminder in report.reminders:
            self.stdout.write(
                f"nhắc hạn / reminder: {reminder.certificate.number} "
                f"({reminder.days_before} ngày / days, {reminder.recipients} người nhận / recipients)"
            )
        for dossier in report.time_limits:
            self.stdout.write(f"hạn đánh giá / evaluation time limit: {dossier.product} (hồ sơ {dossier.pk})")
        self.stdout.write(
            f"{len(report.expired)} hết hiệu lực / expired, {len(report.reminders)} nhắc hạn / reminders sent, "
            f"{len(report.time_limits)} cảnh báo hạn đánh giá / evaluation time-limit warnings"
        )
