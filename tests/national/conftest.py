"""Fixtures of the national link: the demo with certificates made directly (fast), and the whole
demo with its pipeline (dossiers at every step, demo tokens and stamps) where a journey needs it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    from ocop.accounts.models import User
    from ocop.demo.load import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    load_demo(pipeline=True)
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def certify(demo: dict[str, Any]) -> Callable[..., Any]:
    """A factory: a certificate for the named demo product, signed by its province's leader."""
    from ocop.certificates.models import Certificate, Decision
    from ocop.producers.models import Product

    made = {"n": 0}

    def make(name: str, *, star: int = 4, signed_on: date | None = None, status: str = "valid") -> Any:
        product = Product.objects.select_related("producer__commune__province").get(name=name)
        province = product.producer.commune.province
        signed_on = signed_on or timezone.localdate() - timedelta(days=30)
        made["n"] += 1
        leader = demo["lanhdao.caobang" if province.code == 4 else "lanhdao"]
        decision = Decision.objects.create(
            number=f"{made['n']}/QĐ-UBND",
            signed_on=signed_on,
            signer=leader,
            signer_title="Phó Chủ tịch",
            issuer=f"ỦY BAN NHÂN DÂN TỈNH {province.name.upper()}",
            province=province,
            rulebook_id="26-2026",
        )
        return Certificate.objects.create(
            number=f"{made['n']:03d}/{signed_on.year}/OCOP-{province.code}",
            decision=decision,
            product=product,
            star=star,
            total=80,
            rulebook_id="26-2026",
            scorecard_number=product.scorecard_number,
            product_name=product.name,
            producer_name=product.producer.name,
            producer_address=product.producer.address,
            valid_from=signed_on,
            valid_until=signed_on.replace(year=signed_on.year + 3),
            status=status,
        )

    return make
