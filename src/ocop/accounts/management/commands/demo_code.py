"""`ocop manage demo_code`: the current second-factor code of the demo's leaders, central staff and admin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.accounts.two_factor import DEMO_SECRET, demo_code


class Command(BaseCommand):
    help = "In mã xác thực hiện tại của khoá mẫu (chỉ OCOP_MODE=development) / the demo secret's current code"

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEVELOPMENT:
            raise CommandError("Chỉ dùng với OCOP_MODE=development / development only")
        self.stdout.write(
            f"{demo_code()}  (khoá / secret {DEMO_SECRET}; mã đổi mỗi 30 giây / changes every 30 s)"
        )
