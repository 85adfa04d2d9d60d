"""Certificate numbers: a sequence per issuer and year, after the highest number taken."""

from __future__ import annotations

from datetime import date
from typing import Any

from ocop.certificates.models import Certificate
from ocop.certificates.services import next_certificate_number


def test_numbers_follow_the_highest_taken_per_issuer_and_year(demo: dict[str, Any]) -> None:
    from ocop.lifecycle.demo import make_certificate
    from ocop.producers.models import Product

    product = Product.objects.get(name="Rượu Mẫu Sơn 29 độ")
    first = make_certificate(
        product, star=4, signed_on=date(2030, 3, 1), decision_number="1/QĐ-UBND", signer=demo["lanhdao"]
    )
    assert first.number == "001/2030/OCOP-20"
    # An imported register left a gap: the next number follows the highest, never an existing one.
    Certificate.objects.filter(pk=first.pk).update(number="007/2030/OCOP-20")
    assert next_certificate_number("province", 20, 2030) == "008/2030/OCOP-20"
    assert next_certificate_number("province", 20, 2031) == "001/2031/OCOP-20"
    assert next_certificate_number("province", 4, 2030) == "001/2030/OCOP-4"
    assert next_certificate_number("central", None, 2030) == "001/2030/OCOP-TW"
