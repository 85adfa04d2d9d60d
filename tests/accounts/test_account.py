"""One's own account through the real pages: password change, reset by e-mail, the password rules,
and how long a session lasts."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from ocop.accounts.sessions import SEEN_AT, SIGNED_IN_AT


def _who(client: Client) -> str:
    return client.get("/").context["user"].username


def test_every_user_can_change_the_password(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["hoidong1"])
    page = client.get("/tai-khoan/doi-mat-khau/")
    assert page.status_code == 200 and "Mật khẩu hiện tại" in page.content.decode()
    wrong = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "sai", "new_password1": "Hoa-hoi-Van-Quan-9", "new_password2": "Hoa-hoi-Van-Quan-9"},
    )
    assert wrong.status_code == 200 and "Mật khẩu cũ không chính xác" in wrong.content.decode()
    done = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": "demo",
            "new_password1": "Hoa-hoi-Van-Quan-9",
            "new_password2": "Hoa-hoi-Van-Quan-9",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/"
    assert _who(client) == "hoidong1"  # this session goes on
    demo["hoidong1"].refresh_from_db()
    assert demo["hoidong1"].check_password("Hoa-hoi-Van-Quan-9")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ngan-qua", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("ocopocop2026", "chỉ gồm những từ dễ đoán"),
        ("hoidong1-2026", "Mật khẩu quá giống"),
        ("1234567890", "Mật khẩu không được chỉ gồm chữ số."),
        ("password123", "Mật khẩu này quá phổ biến"),
    ],
)
def test_a_weak_new_password_is_refused_in_vietnamese(
    demo: dict[str, Any], password: str, message: str
) -> None:
    client = Client()
    client.force_login(demo["hoidong1"])
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "demo", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200 and message in response.content.decode()
    demo["hoidong1"].refresh_from_db()
    assert demo["hoidong1"].check_password("demo")


def test_reset_by_e_mail_with_a_link_to_the_public_address(demo: dict[str, Any], settings: Any) -> None:
    settings.PUBLIC_URL = "https://ocop.langson.gov.vn"
    client = Client()
    sent = client.post("/quen-mat-khau/", {"email": "tinh@demo.ocop.invalid"})
    assert sent.status_code == 302 and sent["Location"] == "/quen-mat-khau/da-gui/"
    assert "Kiểm tra hộp thư" in client.get(sent["Location"]).content.decode()
    [message] = mail.outbox
    assert message.to == ["tinh@demo.ocop.invalid"] and message.subject == "[OCOP] Đặt lại mật khẩu"
    link = re.search(r"https://ocop\.langson\.gov\.vn(/quen-mat-khau/\S+/)", message.body)
    assert link, message.body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Na-dai-Chi-Lang-77", "new_password2": "Na-dai-Chi-Lang-77"},
    )
    assert done.status_code == 302 and done["Location"] == "/quen-mat-khau/xong/"
    signed = Client().post("/dang-nhap/", {"username": "tinh", "password": "Na-dai-Chi-Lang-77"})
    assert signed.status_code == 302
    # The link works once.
    again = Client().get(link.group(1), follow=True)
    assert "Liên kết này không dùng được" in again.content.decode()


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(demo: dict[str, Any]) -> None:
    response = Client().post("/quen-mat-khau/", {"email": "ai-do@khong-co.invalid"})
    assert response.status_code == 302 and response["Location"] == "/quen-mat-khau/da-gui/"
    assert mail.outbox == []


def test_reset_lifts_a_lock_but_not_the_second_factor(demo: dict[str, Any]) -> None:
    for _ in range(10):
        Client().post("/dang-nhap/", {"username": "lanhdao", "password": "sai"})
    client = Client()
    client.post("/quen-mat-khau/", {"email": "lanhdao@demo.ocop.invalid"})
    path = re.search(r"https?://[^/]+(/quen-mat-khau/\S+/)", mail.outbox[0].body).group(1)  # type: ignore[union-attr]
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Ky-quyet-dinh-2027", "new_password2": "Ky-quyet-dinh-2027"},
    )
    step = Client().post("/dang-nhap/", {"username": "lanhdao", "password": "Ky-quyet-dinh-2027"})
    assert step.status_code == 302 and step["Location"] == "/dang-nhap/ma-xac-thuc/"


def _age_session(client: Client, *, idle: float = 0, since_sign_in: float = 0) -> None:
    session = client.session
    session[SEEN_AT] = time.time() - idle
    session[SIGNED_IN_AT] = time.time() - max(idle, since_sign_in)
    session.save()


def test_an_official_idle_for_30_minutes_signs_in_again(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["tinh"])
    _age_session(client, idle=29 * 60)
    assert client.get("/ho-so/").status_code == 200
    _age_session(client, idle=31 * 60)
    response = client.get("/ho-so/?trang=2")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=%2Fho-so%2F%3Ftrang%3D2"
    page = client.get(response["Location"])
    assert "Phiên làm việc đã hết hạn" in page.content.decode()
    assert _who(client) == ""


def test_a_producer_is_not_timed_out_when_idle_but_every_session_ends_after_12_hours(
    demo: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(demo["chuthe.nachilang"])
    _age_session(client, idle=3 * 3600)
    assert client.get("/chu-the/").status_code == 200
    _age_session(client, since_sign_in=12 * 3600 + 60)
    assert client.get("/chu-the/").status_code == 302
    assert _who(client) == ""


def test_the_verification_page_never_reads_the_session(demo: dict[str, Any]) -> None:
    """Not even for a signed-in official's phone: shared caches may keep the page (no Vary: Cookie)."""
    client = Client()
    client.force_login(demo["tinh"])
    response = client.get("/xac-thuc/KHONGCO1234/")
    assert response.status_code == 404 and "Cookie" not in response.get("Vary", "")
