from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FOUR = {
    "report_number": "21/BC-UBND",
    "raw_materials": "100% na trồng tại xã Chi Lăng",
    "labour": "25 lao động địa phương",
    "idea_origin": "Sản phẩm truyền thống",
    "local_identity": "Giống na dai đặc sản Chi Lăng",
    "proposal": "Đề nghị UBND tỉnh đánh giá, phân hạng sản phẩm.",
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_user(demo: dict[str, Any]) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo[username])
        return client

    return make


@pytest.fixture
def filed(demo: dict[str, Any]) -> Callable[..., Any]:
    """A dossier of Na Chi Lăng (xã Chi Lăng) filed through the services, optionally further on."""
    from ocop.dossiers import services
    from ocop.producers.models import Product

    def make(upto: str = "filed", product: str = "Na Chi Lăng") -> Any:
        producer = demo["chuthe.nachilang"]
        dossier = services.start_dossier(producer, Product.objects.get(name=product), "first")
        for kind in ("form01", "form02"):
            services.add_document(producer, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
        if upto == "draft":
            return dossier
        services.file_dossier(producer, dossier)
        if upto in ("reported", "complete"):
            services.commune_report(demo["xa.chilang"], dossier, **FOUR)
        if upto == "complete":
            services.accept(demo["tinh"], dossier)
        dossier.refresh_from_db()
        return dossier

    return make
