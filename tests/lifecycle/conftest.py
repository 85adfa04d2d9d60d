from __future__ import annotations

from datetime import date
from typing import Any

import pytest


@pytest.fixture
def make_cert(demo: dict[str, Any]) -> Any:
    """A certificate for a demo product, issued on ``signed_on`` (default 2026-06-01) at the level its
    rulebook gives the star (148-2023 3★: the district)."""
    from ocop.lifecycle.demo import make_certificate
    from ocop.producers.models import Product

    counter = iter(range(100, 999))

    def make(
        product: str = "Rượu Mẫu Sơn 29 độ", star: int = 4, signed_on: date = date(2026, 6, 1), **kw: Any
    ) -> Any:
        p = Product.objects.select_related("producer__commune__province").get(name=product)
        signer = demo["lanhdao.caobang"] if p.producer.commune.province.code == 4 else demo["lanhdao"]
        return make_certificate(
            p, star=star, signed_on=signed_on, decision_number=f"{next(counter)}/QĐ-UBND", signer=signer, **kw
        )

    return make
