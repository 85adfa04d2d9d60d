"""Hand-made certificate history for the report tests (Lạng Sơn and Cao Bằng, year 2024).

Counted by hand for Lạng Sơn, period 01/01/2024–31/12/2024, report made 01/03/2025:
- issued: C (4★, imported re-rating of B), D (3★), E (5★) → 3; re-rated: C → 1;
- expired: A (ends 10/05/2024) → 1; B was replaced (not expired);
- revoked: D (decision 15/10/2024) → 1;
- in force on 31/12/2024: C and E → 2 products, 2 producers;
- by group: Đồ uống 2 (C, D), Thực phẩm 1 (E); by area: Văn Quan 2, Chi Lăng 1.
Cao Bằng adds F (3★, 01/06/2024) nationally; G (Lạng Sơn, 01/01/2025) is outside the period.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

PERIOD = (date(2024, 1, 1), date(2024, 12, 31))
MADE_ON = date(2025, 3, 1)


def make_certificate(
    product: Any,
    number: str,
    star: int,
    signed_on: date,
    valid_until: date,
    *,
    signer: Any,
    status: str = "valid",
) -> Any:
    from ocop.certificates.models import Certificate, Decision

    decision = Decision.objects.create(
        number=f"QĐ-{number}",
        signed_on=signed_on,
        signer=signer,
        signer_title="Phó Chủ tịch",
        issuer="ỦY BAN NHÂN DÂN TỈNH",
        province=product.producer.commune.province,
        rulebook_id=product.rulebook_id,
    )
    return Certificate.objects.create(
        number=number,
        decision=decision,
        product=product,
        star=star,
        total={3: 60, 4: 80, 5: 95}[star],
        rulebook_id=product.rulebook_id,
        scorecard_number=product.scorecard_number,
        product_name=product.name,
        producer_name=product.producer.name,
        producer_address=product.producer.address,
        valid_from=signed_on,
        valid_until=valid_until,
        status=status,
    )


def make_product(name: str, kind: str, commune_code: int, scorecard: int) -> Any:
    from ocop.areas.models import Commune
    from ocop.producers.models import Producer, Product

    commune = Commune.objects.get(code=commune_code)
    producer = Producer.objects.create(
        name=f"Chủ thể {name}", kind=kind, representative="Nguyễn Văn A", address="Thôn 1", commune=commune
    )
    return Product.objects.create(producer=producer, name=name, scorecard_number=scorecard)


@pytest.fixture
def history(demo: dict[str, Any]) -> dict[str, Any]:
    from ocop.lifecycle.models import Revocation

    leader = demo["lanhdao"]
    p1 = make_product("Miến A", "cooperative", 6463, 7)
    p2 = make_product("Rượu B", "household", 6253, 14)
    p3 = make_product("Rượu D", "cooperative", 6463, 14)
    p4 = make_product("Bánh E", "enterprise", 6253, 7)
    p5 = make_product("Miến F", "cooperative", 1304, 7)
    p6 = make_product("Trà G", "cooperative", 6463, 11)
    certs = {
        "A": make_certificate(p1, "A/2021", 3, date(2021, 5, 10), date(2024, 5, 10), signer=leader),
        "B": make_certificate(
            p2, "B/2021", 4, date(2021, 3, 1), date(2024, 3, 1), signer=leader, status="replaced"
        ),
        "C": make_certificate(p2, "C/2024", 4, date(2024, 2, 20), date(2027, 2, 20), signer=leader),
        "D": make_certificate(
            p3, "D/2024", 3, date(2024, 7, 1), date(2027, 7, 1), signer=leader, status="revoked"
        ),
        "E": make_certificate(p4, "E/2024", 5, date(2024, 12, 31), date(2027, 12, 31), signer=leader),
        "F": make_certificate(
            p5, "F/2024", 3, date(2024, 6, 1), date(2027, 6, 1), signer=demo["lanhdao.caobang"]
        ),
        "G": make_certificate(p6, "G/2025", 3, date(2025, 1, 1), date(2028, 1, 1), signer=leader),
    }
    Revocation.objects.create(
        certificate=certs["D"],
        status=Revocation.Status.DECIDED,
        rulebook_id="26-2026",
        ground="đ",
        ground_text="Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP",
        proposal_note="Xã xác nhận đã ngừng sản xuất",
        proposed_by=demo["tinh"],
        decided_by=leader,
        decision_number="99/QĐ-UBND",
        decision_date=date(2024, 10, 15),
    )
    return certs
