"""`ocop manage rebuild_catalogue_search`: recompute the accent-free search columns of the catalogue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ocop.catalogue.services import rebuild_search_text


class Command(BaseCommand):
    help = "Tính lại cột tìm kiếm không dấu của danh mục / rebuild the catalogue's accent-free search text"

    def handle(self, *args: Any, **options: Any) -> None:
        written = rebuild_search_text()
        self.stdout.write(f"Đã cập nhật {written} dòng / {written} rows rebuilt")
