"""`ocop manage load_units [CODE ...]`: the 34 provinces and their communes after the 2025 reform
(QĐ 19/2025/QĐ-TTg), or only the provinces named. Adds what is missing; run it again safely."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocop.areas.models import Commune, Province
from ocop.areas.units import load_units


class Command(BaseCommand):
    help = "Nạp các tỉnh và xã/phường sau sắp xếp năm 2025 (tất cả, hoặc các mã tỉnh đã cho)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", type=int, help="mã tỉnh (để trống: cả 34 tỉnh)")

    def handle(self, *args: Any, codes: list[int], **options: Any) -> None:
        added = load_units(codes or None)
        self.stdout.write(
            f"+{added}: {Province.objects.count()} tỉnh/thành phố, {Commune.objects.count()} xã/phường/đặc khu"
        )
