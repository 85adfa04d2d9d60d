"""A support application from request to disbursement, on a phone (390 px): the producer applies, the
province approves within the budget, pays in two parts (a third payment above the grant is refused
with its reason), and the producer sees what was paid."""

from __future__ import annotations

from typing import Any

import pytest

from ocop.demo.load import PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, username: str) -> None:
    page.goto(page.base_url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _sign_out(page: Any) -> None:
    page.click("header button:has-text('Đăng xuất')")


def test_a_support_application_from_request_to_disbursement(page: Any, settings: Any, shot: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(pipeline=True)
    from ocop.support.models import SupportApplication

    # The producer finds the open consulting programme from the menu and applies.
    _sign_in(page, "chuthe.nachilang")
    page.click("header >> text=Hỗ trợ")
    page.click("a:has-text('Hỗ trợ tư vấn hoàn thiện hồ sơ')")
    assert "Lồng ghép chương trình, dự án khác" in page.text_content("dl.facts")
    page.click("a:has-text('Gửi đơn đề nghị hỗ trợ')")
    page.select_option("select[name=product]", label="Na sấy dẻo Chi Lăng")
    page.fill("textarea[name=activity]", "Thuê tư vấn xây dựng câu chuyện sản phẩm và hồ sơ đánh giá.")
    page.fill("input[name=cost]", "18.000.000")
    page.fill("input[name=requested]", "13.000.000")  # above 70 % of the cost: refused, nothing sent
    page.click(".apply-form button[type=submit]")
    assert "vượt 70% chi phí thực hiện" in page.text_content(".messages")
    assert not SupportApplication.objects.filter(product__name="Na sấy dẻo Chi Lăng").exists()
    page.fill("input[name=cost]", "20.000.000")
    page.fill("input[name=requested]", "12.000.000")
    page.click(".apply-form button[type=submit]")
    assert page.text_content("#state").strip() == "Đã gửi, chờ xét duyệt"
    shot(page, "support-1-applied")
    url = page.url
    _sign_out(page)

    # The province approves it, within the request and the programme's remaining budget.
    _sign_in(page, "tinh")
    page.goto(url)
    assert "Kinh phí còn lại của chương trình: 289.000.000 đồng" in page.text_content(".decide-form")
    page.select_option("select[name=decision]", "approve")
    page.fill(".decide-form input[name=granted]", "12.000.000")
    page.fill(".decide-form input[name=reference]", "Công văn 130/SNNMT")
    page.click(".decide-form button[type=submit]")
    assert page.text_content("#state").strip() == "Đã duyệt hỗ trợ"
    shot(page, "support-2-approved")

    # Paid in two parts; a third above what is left is refused with its reason.
    for amount, voucher in (("7.000.000", "UNC 0501"), ("5.000.000", "UNC 0502")):
        page.fill(".disburse-form input[name=amount]", amount)
        page.fill(".disburse-form input[name=reference]", voucher)
        if voucher == "UNC 0502":
            page.fill(".disburse-form input[name=amount]", "6.000.000")
            page.click(".disburse-form button[type=submit]")
            assert "vượt số còn được giải ngân" in page.text_content(".messages")
            page.fill(".disburse-form input[name=amount]", amount)
            page.fill(".disburse-form input[name=reference]", voucher)
        page.click(".disburse-form button[type=submit]")
    assert page.text_content(".money.paid").strip() == "12.000.000 đồng"
    assert page.locator(".disburse-form").count() == 0  # paid in full
    shot(page, "support-3-disbursed")
    _sign_out(page)

    # The producer sees the grant and both payments.
    _sign_in(page, "chuthe.nachilang")
    page.goto(url)
    assert page.text_content(".money.granted").strip() == "12.000.000 đồng"
    assert "UNC 0501" in page.text_content(".disbursements") and "UNC 0502" in page.text_content(
        ".disbursements"
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    shot(page, "support-4-producer")
    application = SupportApplication.objects.get(product__name="Na sấy dẻo Chi Lăng")
    assert (application.granted, sum(d.amount for d in application.disbursements.all())) == (
        12_000_000,
        12_000_000,
    )
