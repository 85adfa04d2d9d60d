"""A phone scans a certificate's QR code: valid, expired, revoked, and a fake code."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ocop.accounts.models import User
from ocop.demo.load import load_demo
from ocop.lifecycle import services
from ocop.lifecycle.demo import make_certificate
from ocop.producers.models import Product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cert(product: str, star: int, signed_on: date, number: str) -> Any:
    return make_certificate(
        Product.objects.get(name=product),
        star=star,
        signed_on=signed_on,
        decision_number=number,
        signer=User.objects.get(username="lanhdao"),
    )


def test_phone_verifies_certificates(page: Any, settings: Any, shot: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    today = timezone.localdate()
    valid = _cert("Rượu Mẫu Sơn 29 độ", 4, today - timedelta(days=60), "1520/QĐ-UBND")
    expired = _cert("Hoa hồi khô Văn Quan", 3, date(2022, 8, 5), "3981/QĐ-UBND")
    revoked = _cert("Khâu nhục Lạng Sơn", 3, date(2025, 9, 12), "1745/QĐ-UBND")
    r = services.propose_revocation(
        User.objects.get(username="tinh"), revoked, ground="b", note="Theo biên bản kiểm tra."
    )
    services.decide_revocation(
        User.objects.get(username="lanhdao"),
        r,
        number="2650/QĐ-UBND",
        decided_on=today,
        signer_title="Phó Chủ tịch",
    )

    page.goto(f"{page.base_url}/xac-thuc/{valid.code}/")
    banner = page.locator(".banner")
    assert banner.get_attribute("data-status") == "valid"
    assert "Giấy chứng nhận thật, còn hiệu lực" in banner.text_content()
    main = page.text_content("main")
    assert "Rượu Mẫu Sơn 29 độ" in main and valid.number in main and "4 sao" in main
    assert banner.bounding_box()["y"] < 100  # the verdict is the first thing on the screen
    shot(page, "verify-valid")

    page.goto(f"{page.base_url}/xac-thuc/{expired.code.lower()}/")  # typed in lower case
    assert page.locator(".banner").get_attribute("data-status") == "expired"
    assert "đã hết hiệu lực" in page.text_content(".banner")
    shot(page, "verify-expired")

    page.goto(f"{page.base_url}/xac-thuc/{revoked.code}/")
    assert page.locator(".banner").get_attribute("data-status") == "revoked"
    main = page.text_content("main")
    assert "2650/QĐ-UBND" in main and today.strftime("%d/%m/%Y") in main
    assert "Sản phẩm OCOP không còn đáp ứng các tiêu chí theo Bộ tiêu chí OCOP" in main
    shot(page, "verify-revoked")

    response = page.goto(f"{page.base_url}/xac-thuc/ABCDEFGHJKLM/")
    assert response.status == 404
    assert page.locator(".banner").get_attribute("data-status") == "unknown"
    assert "không phải giấy chứng nhận thật" in page.text_content(".banner")
    shot(page, "verify-unknown")
