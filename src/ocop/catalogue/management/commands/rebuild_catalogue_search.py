"""`ocop manage rebuild_catalogue_search`: rebuild the catalogue's table of listed products and the sales
points' accent-free search column, after data changed behind the signals' back (an import by SQL, a
commune or province renamed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ocop.catalogue.entries import rebuild_catalogue
from ocop.catalogue.services import rebuild_sales_point_search_text


class Command(BaseCommand):
    help = (
        "Dựng lại danh mục sản phẩm OCOP công khai và cột tìm kiếm không dấu của điểm bán / "
        "rebuild the public catalogue's table and the sales points' accent-free search text"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        listed = rebuild_catalogue()
        points = rebuild_sales_point_search_text()
        self.stdout.write(
            f"Danh mục: {listed} sản phẩm; điểm bán: {points} / catalogue: {listed} products listed, "
            f"{points} sales points"
        )
