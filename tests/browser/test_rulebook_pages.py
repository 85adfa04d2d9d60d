"""A person on a phone browses the rules in force and a scorecard, and signs in as a demo user."""

from __future__ import annotations

from typing import Any

import pytest

from ocop.demo.load import PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_from_home_to_a_scorecard(page: Any, shot: Any) -> None:
    page.goto(page.base_url + "/")
    assert "26/2026/QĐ-TTg" in page.text_content("main")
    page.click("text=Bộ quy tắc")
    page.click("text=148-2023")
    page.click("text=Bộ sản phẩm: Rau, củ, quả, hạt tươi")
    assert page.locator("h1").text_content() == "Phiếu 1: Bộ sản phẩm: Rau, củ, quả, hạt tươi"
    assert page.locator(".criterion").count() == 32
    shot(page, "scorecard-148-1")


def test_sign_in_as_provincial_staff(page: Any, settings: Any, shot: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    page.goto(page.base_url + "/dang-nhap/")
    page.fill("input[name=username]", "tinh")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    assert "Cơ quan tham mưu OCOP cấp tỉnh" in page.text_content("header")
    shot(page, "signed-in")
