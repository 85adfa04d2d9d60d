"""Error pages in Vietnamese, with a way back and nothing of the server's inside (issue 11).

This module is also the URLconf of its tests (settings.ROOT_URLCONF = __name__): the product's URLs
plus one view that fails, as a bug would.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from ocop.web.urls import urlpatterns as product_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("SECRET_KEY=/srv/ocop/src/ocop/web/settings.py password=hunter2")


urlpatterns = [path("__loi__/", broken), *product_urlpatterns]

INTERNALS = ("Traceback", "RuntimeError", "hunter2", "settings.py", "/src/ocop", "DATABASES", "No Dossier")


def _check_page(html: str, heading: str) -> None:
    assert '<html lang="vi">' in html and heading in html
    assert 'href="/"' in html and "Về trang chủ" in html  # a way back
    for secret in INTERNALS:
        assert secret not in html, secret


def test_404_in_vietnamese(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    _check_page(response.content.decode(), "Không tìm thấy trang")


def test_404_of_an_object_says_nothing_of_the_query(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["tinh"])
    response = client.get("/ho-so/999999/")
    assert response.status_code == 404
    _check_page(response.content.decode(), "Không tìm thấy trang")


def test_403_in_vietnamese(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["chuthe.nachilang"])
    response = client.get("/nhap-so/")
    assert response.status_code == 403
    _check_page(response.content.decode(), "Không có quyền truy cập")


def test_403_for_an_expired_form_in_vietnamese(demo: dict[str, Any]) -> None:
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "tinh", "password": "demo"})
    assert response.status_code == 403
    _check_page(response.content.decode(), "Biểu mẫu đã hết hạn")


def test_400_in_vietnamese(client: Client) -> None:
    response = client.get("/", HTTP_HOST="may-chu-la.invalid")  # not an allowed host
    assert response.status_code == 400
    _check_page(response.content.decode(), "Yêu cầu không hợp lệ")


def test_500_in_vietnamese_without_internals(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/__loi__/")
    assert response.status_code == 500
    html = response.content.decode()
    _check_page(html, "Hệ thống gặp lỗi")
    assert len(html) < 3000  # not a debug page (59 KB)


@pytest.mark.parametrize("status", ["400", "403", "404", "500"])
def test_error_pages_need_no_inline_style_or_script(status: str) -> None:
    from django.template.loader import render_to_string

    html = render_to_string(f"{status}.html")
    assert "<style" not in html and "style=" not in html and "<script" not in html
