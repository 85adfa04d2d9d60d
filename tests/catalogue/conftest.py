from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest


@pytest.fixture
def certify(demo: dict[str, Any]) -> Any:
    """Give a product a certificate directly (the decision services are tested elsewhere), then tell
    the catalogue as every path that writes certificates does (certificates.effects)."""
    from ocop.certificates.effects import certificates_changed
    from ocop.certificates.models import Certificate, Decision

    decision = Decision.objects.create(
        number="99/QĐ-UBND",
        signed_on=date.today() - timedelta(days=30),
        signer=demo["lanhdao"],
        signer_title="Phó Chủ tịch",
        issuer="ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
        level="province",
        rulebook_id="26-2026",
    )
    counter = iter(range(1, 1000))

    def make(
        product: Any, star: int = 3, status: str = "valid", valid_until: date | None = None
    ) -> Certificate:
        certificate = Certificate.objects.create(
            number=f"{next(counter):03d}/2026/OCOP-TEST",
            decision=decision,
            product=product,
            star=star,
            rulebook_id=product.rulebook_id,
            scorecard_number=product.scorecard_number,
            product_name=product.name,
            producer_name=product.producer.name,
            producer_address=product.producer.address,
            valid_from=date.today() - timedelta(days=30),
            valid_until=valid_until or date.today() + timedelta(days=1000),
            status=status,
        )
        certificates_changed([product.pk])
        return certificate

    return make


@pytest.fixture
def products(demo: dict[str, Any]) -> dict[str, Any]:
    """The demo products, plus "Chả cá Đồng Đăng" (scorecard 8) of the Khâu nhục household."""
    from ocop.producers.models import Producer, Product

    producer = Producer.objects.get(name="Hộ kinh doanh Khâu nhục Bà Tươi")
    Product.objects.create(
        producer=producer, name="Chả cá Đồng Đăng", rulebook_id="26-2026", scorecard_number=8
    )
    return {p.name: p for p in Product.objects.select_related("producer__commune__province")}
