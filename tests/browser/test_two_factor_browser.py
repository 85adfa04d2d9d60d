"""Signing in with a second factor in a real browser, under the real Content-Security-Policy.

The leader signs in with the password, then the code of the demo's authenticator app (README); a
producer sets up an app from the page's QR code and key. No page may break the policy: Chromium
reports every refused inline script or style on the console, and the test listens.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import TOTP

from ocop.accounts.models import User
from ocop.demo.load import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _policy_watch(page: Any) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return refused


def _submit(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_leader_signs_in_with_password_then_app_code(page: Any, shot: Any, otp_code: Any) -> None:
    load_demo()
    refused = _policy_watch(page)
    page.goto(page.base_url + "/dang-nhap/")
    page.fill("main input[name=username]", "lanhdao")
    page.fill("main input[name=password]", "demo")
    _submit(page)
    assert page.url.endswith("/dang-nhap/ma-xac-thuc/")
    assert page.locator("header .who").count() == 0  # the password alone signs nobody in
    page.fill("main input[name=code]", "000000")
    _submit(page)
    assert "Mã xác thực không đúng" in (page.text_content("main") or "")
    page.wait_for_timeout(1100)  # django-otp makes the next try wait a second
    page.fill("main input[name=code]", otp_code(User.objects.get(username="lanhdao")))
    shot(page, "2fa-code")
    _submit(page)
    assert page.url.endswith("/quyet-dinh/")  # the leader's first page: signing decisions
    assert "Lương Văn Bình" in (page.text_content("header .who") or "")
    page.goto(page.base_url + "/tai-khoan/")
    assert page.locator("[data-two-factor]").get_attribute("data-two-factor") == "on"
    shot(page, "2fa-account")
    assert refused == []


def test_producer_sets_up_an_app_from_the_page(page: Any, shot: Any) -> None:
    load_demo()
    refused = _policy_watch(page)
    page.goto(page.base_url + "/dang-nhap/")
    page.fill("main input[name=username]", "chuthe.nachilang")
    page.fill("main input[name=password]", "demo")
    _submit(page)
    page.goto(page.base_url + "/tai-khoan/xac-thuc-hai-buoc/")
    qr = page.locator(".qr-box svg")
    assert qr.count() == 1 and qr.bounding_box()["width"] > 100  # the QR code is shown, sized by CSS
    secret = (page.text_content("[data-secret]") or "").replace(" ", "")
    shot(page, "2fa-enrol")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("main input[name=code]", f"{TOTP(key).token():06d}")  # what the phone app would show
    _submit(page)
    codes = page.locator("[data-codes] li")
    assert codes.count() == 10
    shot(page, "2fa-recovery-codes")
    assert refused == []
