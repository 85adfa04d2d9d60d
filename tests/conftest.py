"""Shared fixtures. The core and CLI tests never touch Django; the others use pytest-django."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dossier_data import FOUR, PDF


@pytest.fixture(autouse=True)
def _fresh_verification_cache() -> Any:
    """Each test's rolled-back rows must not be answered from an earlier test's cached look-up.
    (Only once Django has loaded the cache: the core tests never import it.)"""
    yield
    cache = sys.modules.get("ocop.lifecycle.verify_cache")
    if cache is not None:
        cache.RECENT.forget(None)


@pytest.fixture
def demo(db: Any, settings: Any) -> dict[str, Any]:
    """The demo province (accounts for every role, password "demo"), with fast password hashing."""
    from ocop.accounts.models import User
    from ocop.demo.load import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return {u.username: u for u in User.objects.all()}


def current_code(user: Any) -> str:
    """The code the user's authenticator app shows now, as a phone would (one not yet used: django-otp
    refuses a code twice, so a second sign-in within 30 s takes the next one, which it also accepts)."""
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    step = max(totp.t(), device.last_t + 1)
    if step > totp.t() + device.tolerance:  # two sign-ins already in this step and the next
        time.sleep(device.step - time.time() % device.step + 0.1)
        step = totp.t()
    totp.time = device.t0 + step * device.step + 1
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def otp_code() -> Callable[[Any], str]:
    return current_code


@pytest.fixture
def sign_in() -> Callable[..., Any]:
    """Sign a test client in through the real pages: password, then the app's code where one is asked."""

    def go(client: Any, username: str, password: str = "demo") -> Any:
        from ocop.accounts.models import User

        response = client.post("/dang-nhap/", {"username": username, "password": password})
        if response.status_code == 302 and response.url == "/dang-nhap/ma-xac-thuc/":
            code = current_code(User.objects.get(username=username))
            response = client.post("/dang-nhap/ma-xac-thuc/", {"code": code})
        return response

    return go


@pytest.fixture
def pdf() -> Any:
    """A factory of small, real PDF uploads."""
    return lambda: io.BytesIO(PDF)


# Dossiers made ready for a council through the real services (council and decision HTTP tests).
@pytest.fixture
def complete(demo: dict[str, Any]) -> Callable[[str], Any]:
    """A factory: the named Lạng Sơn product's dossier, filed, reported by its commune and accepted."""
    from ocop.dossiers.services import accept, add_document, commune_report, file_dossier, start_dossier
    from ocop.producers.models import Product

    owners = {
        "Na Chi Lăng": ("chuthe.nachilang", "xa.chilang"),
        "Na sấy dẻo Chi Lăng": ("chuthe.nachilang", "xa.chilang"),
        "Hoa hồi khô Văn Quan": ("chuthe.hoivanquan", "xa.vanquan"),
        "Miến dong Quảng Lâm": ("chuthe.mienquanglam", "xa.quanglam"),
    }

    def make(name: str) -> Any:
        producer_name, officer_name = owners[name]
        producer = demo[producer_name]
        dossier = start_dossier(producer, Product.objects.get(name=name), "first")
        for kind in ("form01", "form02"):
            add_document(producer, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
        file_dossier(producer, dossier)
        commune_report(demo[officer_name], dossier, report_number="1/BC-UBND", **FOUR)
        staff = demo["tinh.caobang" if name == "Miến dong Quảng Lâm" else "tinh"]
        accept(staff, dossier)
        dossier.refresh_from_db()
        return dossier

    return make


@pytest.fixture
def session(demo: dict[str, Any]) -> Any:
    """An open session of the Lạng Sơn council, three weeks ahead."""
    from ocop.councils.models import Council
    from ocop.councils.services import create_session

    council = Council.objects.get(province__code=20)
    return create_session(
        demo["tinh"], council, timezone.localdate() + timedelta(days=21), place="Hội trường"
    )


def best_answers(card: Any) -> dict[str, str]:
    return {
        c.id: max((o for o in c.options if o.points is not None), key=lambda o: o.points).id
        for c in card.criteria()
    }


@pytest.fixture
def best() -> Callable[[Any], dict[str, str]]:
    return best_answers
