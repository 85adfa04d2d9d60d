"""The public rulebook pages and sign-in, through real HTTP requests (Django test client)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ocop.accounts.models import Role, User
from ocop.demo.load import PASSWORD, load_demo

pytestmark = pytest.mark.django_db


def test_home_names_the_rulebook_in_force(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "26/2026/QĐ-TTg" in page.content.decode()


def test_rulebook_list_shows_every_rulebook_with_its_counts(client: Client) -> None:
    html = client.get("/bo-quy-tac/").content.decode()
    for rulebook_id in ("26-2026", "148-1489-2025", "148-2023", "1048-2019"):
        assert f"/bo-quy-tac/{rulebook_id}/" in html
    assert "25/26" in html  # 1048 lacks scorecard 3


def test_rulebook_page_says_what_is_missing(client: Client) -> None:
    html = client.get("/bo-quy-tac/1048-2019/").content.decode()
    assert "thiếu trong dữ liệu" in html  # scorecard 3
    assert "không có dữ liệu mức tối thiểu theo hạng sao" in html


def test_scorecard_page_shows_criteria_options_and_star_markers(client: Client) -> None:
    html = client.get("/bo-quy-tac/148-2023/phieu/1/").content.decode()
    assert "Nguồn gốc sản phẩm" in html
    assert "Ứng dụng công nghệ tiên tiến trong sơ chế" in html
    assert "5★" in html


def test_tourism_card_marks_its_choose_one_sections(client: Client) -> None:
    html = client.get("/bo-quy-tac/148-2023/phieu/26/").content.decode()
    assert "chọn một trường hợp" in html


@pytest.mark.parametrize(
    "url", ["/bo-quy-tac/9999/", "/bo-quy-tac/1048-2019/phieu/3/", "/bo-quy-tac/148-2023/phieu/27/"]
)
def test_unknown_rulebook_or_scorecard_is_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_demo_has_a_user_for_every_role_and_they_can_sign_in(client: Client, sign_in: Any) -> None:
    load_demo()
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    for user in User.objects.all():
        c = Client()
        response = sign_in(c, user.username, PASSWORD)  # with the demo's second factor where required
        assert response.status_code == 302, user.username
        assert c.get("/").context["user"].username == user.username


def test_wrong_password_is_refused_with_a_vietnamese_message(client: Client) -> None:
    load_demo()
    response = client.post("/dang-nhap/", {"username": "tinh", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_administrator_manages_accounts_in_the_admin(client: Client) -> None:
    load_demo()
    client.force_login(User.objects.get(username="admin"))
    page = client.get("/quan-tri/accounts/user/?role=council_member")
    assert page.status_code == 200
    assert "hoidong1" in page.content.decode() and "tinh" not in page.content.decode().split("result_list")[1]
