"""Fixtures for the programme tests: decisions and certificates with known stars, made directly."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pytest


@pytest.fixture
def products(demo: dict[str, Any]) -> dict[str, Any]:
    from ocop.producers.models import Product

    return {p.name: p for p in Product.objects.select_related("producer__commune__province")}


@pytest.fixture
def decide(demo: dict[str, Any]) -> Any:
    """decide(product, outcome, star, signed_on, level=…, kind=…, valid_until=…, status=…) → DecisionItem.

    One dossier, one decision and, for a recognised outcome, a certificate: the records the progress
    functions count, with values the test knows by hand.
    """
    from ocop.certificates.models import Certificate, Decision, DecisionItem
    from ocop.core.calendar_dates import add_months
    from ocop.dossiers.models import Dossier

    numbers = count(1)
    states = {"recognised": "recognised", "forwarded": "forwarded", "not_recognised": "not_recognised"}

    def make(
        product: Any,
        outcome: str,
        star: int | None,
        signed_on: date,
        *,
        level: str = "province",
        kind: str = "first",
        valid_until: date | None = None,
        status: str = "valid",
    ) -> Any:
        n = next(numbers)
        dossier = Dossier.objects.create(
            product=product,
            kind=kind,
            rulebook_id="26-2026",
            state=states[outcome],
            commune=product.producer.commune,
            level="central" if outcome == "forwarded" else level,
            created_by=demo["tinh"],
        )
        province = product.producer.commune.province
        decision = Decision.objects.create(
            number=f"{n}/QĐ-TEST",
            signed_on=signed_on,
            signer=demo["lanhdao"] if level == "province" else demo["trunguong"],
            signer_title="Phó Chủ tịch",
            issuer="TEST",
            province=province if level == "province" else None,
            level=level,
            rulebook_id="26-2026",
        )
        item = DecisionItem.objects.create(
            decision=decision, dossier=dossier, outcome=outcome, star=star, total=80
        )
        if outcome == "recognised":
            assert star is not None
            Certificate.objects.create(
                number=f"{n:03d}/TEST",
                decision=decision,
                dossier=dossier,
                product=product,
                star=star,
                rulebook_id="26-2026",
                scorecard_number=product.scorecard_number,
                product_name=product.name,
                producer_name=product.producer.name,
                producer_address=product.producer.address,
                valid_from=signed_on,
                valid_until=valid_until or add_months(signed_on, 36),
                status=status,
            )
        return item

    return make


@pytest.fixture
def plan(demo: dict[str, Any]) -> Any:
    """An empty 2026 plan for Lạng Sơn, made by its provincial staff."""
    from ocop.programme.services import create_plan

    return create_plan(demo["tinh"], year=2026, title="Kế hoạch OCOP năm 2026")
