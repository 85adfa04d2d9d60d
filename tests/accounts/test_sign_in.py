"""Signing in through the real pages: throttling and its Vietnamese lockout page, the busy answer of a
flood, the second factor (required for a leader), and what is recorded."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts import throttle, two_factor

PASSWORD = "demo"


def _post(client: Client, username: str, password: str, ip: str = "198.51.100.7") -> Any:
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _who(client: Client) -> str:
    return client.get("/").context["user"].username


def test_ten_wrong_passwords_lock_the_account_and_say_when_in_vietnamese(demo: dict[str, Any]) -> None:
    client = Client()
    for _ in range(9):
        assert _post(client, "tinh", "doan-sai").status_code == 200
    locked = _post(client, "tinh", "doan-sai")  # the 10th failure
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in html and "Vui lòng thử lại sau" in html
    assert "khoảng 5 phút nữa" in html  # the first lock: 5 minutes
    retry = timezone.localtime(timezone.now() + timedelta(minutes=5))
    assert f"{retry:%H}:" in html
    assert int(locked["Retry-After"]) == 300

    # The right password now is refused too, before any password is checked, from any address.
    right = _post(Client(), "tinh", PASSWORD, ip="203.0.113.9")
    assert right.status_code == 429 and "Tạm khoá đăng nhập" in right.content.decode()
    assert _who(client) == ""
    # Failures are kept one by one; one refused during the lock checks nothing, so is not written.
    assert AccessFailureLog.objects.filter(username="tinh").count() == 10


def test_one_address_trying_many_accounts_is_locked_but_others_are_not(demo: dict[str, Any]) -> None:
    attacker = Client()
    for i in range(10):
        _post(attacker, f"khong-co-{i}", "doan-sai", ip="198.51.100.66")
    assert _post(attacker, "tinh", PASSWORD, ip="198.51.100.66").status_code == 429
    colleague = Client()
    assert _post(colleague, "tinh", PASSWORD, ip="203.0.113.10").status_code == 302
    assert _who(colleague) == "tinh"


def test_the_address_behind_the_proxy_is_the_one_nginx_added(settings: Any) -> None:
    settings.OCOP_TRUSTED_PROXIES = 1
    request = RequestFactory().post(
        "/dang-nhap/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23"
    )
    assert throttle.client_ip(request) == "198.51.100.23"  # "6.6.6.6" is the client's own claim
    settings.OCOP_TRUSTED_PROXIES = 0
    assert throttle.client_ip(request) == "127.0.0.1"


def test_cool_off_doubles_with_each_run_of_failures_in_a_day(db: Any) -> None:
    def cool_off_after(failures: int) -> timedelta:
        AccessFailureLog.objects.all().delete()
        AccessFailureLog.objects.bulk_create(
            AccessFailureLog(username="lanhdao", ip_address=f"198.51.100.{i % 200}", user_agent="x")
            for i in range(failures)
        )
        request = RequestFactory().post("/dang-nhap/", {"username": "lanhdao"}, REMOTE_ADDR="203.0.113.1")
        return throttle.cool_off(request)

    assert cool_off_after(9) == timedelta(minutes=5)
    assert cool_off_after(19) == timedelta(minutes=5)  # the first lock
    assert cool_off_after(20) == timedelta(minutes=10)  # the second
    assert cool_off_after(30) == timedelta(minutes=20)
    assert cool_off_after(500) == timedelta(hours=2)  # never longer


def test_a_lock_ends_after_its_cool_off(demo: dict[str, Any]) -> None:
    client = Client()
    for _ in range(10):
        _post(client, "tinh", "doan-sai")
    assert _post(client, "tinh", PASSWORD).status_code == 429
    # Six minutes later (the attempts' clock moved back): the right password works again.
    earlier = timezone.now() - timedelta(minutes=6)
    AccessAttempt.objects.update(attempt_time=earlier)
    from axes.models import AccessAttemptExpiration

    AccessAttemptExpiration.objects.update(expires_at=earlier + timedelta(minutes=5))
    assert _post(client, "tinh", PASSWORD).status_code == 302
    assert _who(client) == "tinh"
    assert AccessLog.objects.filter(username="tinh").count() == 1  # the successful sign-in, recorded
    assert not AccessAttempt.objects.filter(username="tinh").exists()  # reset on success


def test_a_flood_is_answered_busy_without_checking_the_password(demo: dict[str, Any], settings: Any) -> None:
    settings.OCOP_LOGIN_CONCURRENCY = 1
    held, release = threading.Event(), threading.Event()

    def hold_the_only_slot() -> None:
        with throttle.sign_in_slot() as got:
            assert got
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold_the_only_slot)
    holder.start()
    held.wait(5)
    old_wait, throttle.SLOT_WAIT_SECONDS = throttle.SLOT_WAIT_SECONDS, 0.1
    try:
        client = Client()
        busy = _post(client, "tinh", PASSWORD)
    finally:
        throttle.SLOT_WAIT_SECONDS = old_wait
        release.set()
        holder.join()
    assert busy.status_code == 503 and busy["Retry-After"] == "10"
    assert "Hệ thống đang xử lý nhiều lượt đăng nhập cùng lúc" in busy.content.decode()
    assert not AccessFailureLog.objects.exists()  # not counted against the account
    assert _post(client, "tinh", PASSWORD).status_code == 302  # the slot free again


def test_a_leader_needs_the_second_factor(demo: dict[str, Any], otp_code: Any) -> None:
    client = Client()
    step = _post(client, "lanhdao", PASSWORD)
    assert step.status_code == 302 and step["Location"] == "/dang-nhap/ma-xac-thuc/"
    # The password alone opens nothing.
    assert _who(client) == ""
    assert client.get("/quyet-dinh/").status_code == 302
    wrong = client.post("/dang-nhap/ma-xac-thuc/", {"code": "000000"})
    assert wrong.status_code == 200 and "Mã xác thực không đúng" in wrong.content.decode()
    assert AccessFailureLog.objects.filter(username="lanhdao").count() == 1  # counted as a failed sign-in
    TOTPDevice.objects.filter(user=demo["lanhdao"]).update(throttling_failure_count=0)  # no 1 s wait here
    done = client.post("/dang-nhap/ma-xac-thuc/", {"code": otp_code(demo["lanhdao"])})
    assert done.status_code == 302 and done["Location"] == "/lam-viec/"
    assert _who(client) == "lanhdao"
    assert client.get("/quyet-dinh/").status_code == 200
    assert client.session["otp_device_id"].startswith("otp_totp.totpdevice/")


def test_a_code_is_accepted_once(demo: dict[str, Any], otp_code: Any) -> None:
    code = otp_code(demo["trunguong"])
    first, second = Client(), Client()
    _post(first, "trunguong", PASSWORD)
    assert first.post("/dang-nhap/ma-xac-thuc/", {"code": code}).status_code == 302
    _post(second, "trunguong", PASSWORD)
    again = second.post("/dang-nhap/ma-xac-thuc/", {"code": code})
    assert again.status_code == 200 and _who(second) == ""


def test_wrong_codes_lock_like_wrong_passwords(demo: dict[str, Any], otp_code: Any) -> None:
    client = Client()
    _post(client, "lanhdao", PASSWORD)
    for _ in range(9):
        TOTPDevice.objects.filter(user=demo["lanhdao"]).update(throttling_failure_count=0)
        client.post("/dang-nhap/ma-xac-thuc/", {"code": "123456"})
    locked = client.post("/dang-nhap/ma-xac-thuc/", {"code": "123456"})
    assert locked.status_code == 429 and "Vui lòng thử lại sau" in locked.content.decode()
    TOTPDevice.objects.filter(user=demo["lanhdao"]).update(throttling_failure_count=0)
    still = client.post("/dang-nhap/ma-xac-thuc/", {"code": otp_code(demo["lanhdao"])})
    assert still.status_code == 429 and _who(client) == ""


def test_a_leader_without_an_app_must_set_one_up_before_signing_in(demo: dict[str, Any]) -> None:
    from django_otp.oath import TOTP

    leader = demo["lanhdao"]
    TOTPDevice.objects.filter(user=leader).delete()
    client = Client()
    step = _post(client, "lanhdao", PASSWORD)
    assert step["Location"] == "/tai-khoan/xac-thuc-hai-buoc/"
    page = client.get("/tai-khoan/xac-thuc-hai-buoc/")
    html = page.content.decode()
    assert "<svg" in html and "Vai trò của bạn ký quyết định" in html
    assert _who(client) == ""  # not signed in while setting up
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert two_factor.secret_text(device).replace(" ", "") == secret
    code = f"{TOTP(device.bin_key).token():06d}"
    done = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"code": code})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    assert _who(client) == "lanhdao" and TOTPDevice.objects.get(user=leader).confirmed

    # A recovery code signs in once, in place of the app.
    other = Client()
    _post(other, "lanhdao", PASSWORD)
    assert other.post("/dang-nhap/ma-xac-thuc/", {"code": codes[0].upper()}).status_code == 302
    assert _who(other) == "lanhdao"
    assert StaticToken.objects.filter(device__user=leader).count() == 9
    third = Client()
    _post(third, "lanhdao", PASSWORD)
    assert third.post("/dang-nhap/ma-xac-thuc/", {"code": codes[0]}).status_code == 200
    assert _who(third) == ""


def test_a_producer_signs_in_with_a_password_and_may_add_a_second_factor(demo: dict[str, Any]) -> None:
    from django_otp.oath import TOTP

    client = Client()
    assert _post(client, "chuthe.nachilang", PASSWORD)["Location"] == "/lam-viec/"
    assert _who(client) == "chuthe.nachilang"
    account = client.get("/tai-khoan/").content.decode()
    assert "Đang tắt." in account and "bắt buộc" not in account
    client.get("/tai-khoan/xac-thuc-hai-buoc/")
    device = TOTPDevice.objects.get(user=demo["chuthe.nachilang"], confirmed=False)
    client.post("/tai-khoan/xac-thuc-hai-buoc/", {"code": f"{TOTP(device.bin_key).token():06d}"})
    # From now on this producer is asked for a code too.
    assert _post(Client(), "chuthe.nachilang", PASSWORD)["Location"] == "/dang-nhap/ma-xac-thuc/"


def test_the_admin_site_signs_in_through_the_same_two_steps(client: Client) -> None:
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"] == "/dang-nhap/?next=%2Fquan-tri%2F"


def test_a_half_signed_in_session_expires(demo: dict[str, Any], otp_code: Any) -> None:
    from ocop.accounts.views import PENDING

    client = Client()
    _post(client, "lanhdao", PASSWORD)
    session = client.session
    session[PENDING] = {**session[PENDING], "at": session[PENDING]["at"] - 301}
    session.save()
    late = client.post("/dang-nhap/ma-xac-thuc/", {"code": otp_code(demo["lanhdao"])})
    assert late.status_code == 302 and late["Location"] == "/dang-nhap/"
    assert _who(client) == ""


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_sign_in_never_sends_elsewhere(demo: dict[str, Any], target: str) -> None:
    response = Client().post("/dang-nhap/", {"username": "tinh", "password": PASSWORD, "next": target})
    assert response["Location"] == "/lam-viec/"
