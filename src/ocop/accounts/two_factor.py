"""Two-factor sign-in: a TOTP app (django-otp) and single-use recovery codes.

Required for the roles that sign decisions or administer (settings.OCOP_2FA_REQUIRED_ROLES: provincial
leader, central staff, administrator; and any Django staff account), offered to every other user. A
user who has set it up is always asked for a code. Sign-in itself is in ocop.accounts.views.
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODES = 10
APP_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã dự phòng"

# The demo's published second factor (README): every demo account of a role that needs one uses it,
# so `python3 dev.py start` can be tried with any authenticator app or `ocop manage demo_code`.
DEMO_SECRET = "OCOPDEMOLANGSONOCOPDEMOLANGSON23"


def required_for(user: Any) -> bool:
    return bool(
        getattr(user, "role", "") in settings.OCOP_2FA_REQUIRED_ROLES
        or getattr(user, "is_staff", False)
        or getattr(user, "is_superuser", False)
    )


def app_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: User) -> bool:
    return app_device(user) is not None


def must_enrol(user: User) -> bool:
    return required_for(user) and not has_second_factor(user)


def pending_app_device(user: User) -> TOTPDevice:
    """The not-yet-confirmed device being set up (one at a time), made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def confirm_app(user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the new app with its first code: it replaces any earlier app, and a fresh set of
    recovery codes (returned, to show once) replaces the old. None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_normalised(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        code = StaticToken.random_token()
        if not code.isdigit():  # digits alone are read as an app's code (verify)
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def throttled_for(user: User) -> int:
    """Seconds before the user's devices accept another code (django-otp's own growing delay), or 0."""
    from django.utils import timezone

    waits = []
    for device in devices_for_user(user):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append((data["locked_until"] - timezone.now()).total_seconds())
    return max(0, round(max(waits))) if waits else 0


@transaction.atomic
def verify(user: User, code: str) -> tuple[Any | None, bool]:
    """The device that accepts `code` (app first, then a recovery code, which is used up), and whether
    it was a recovery code. Each device counts its failures and makes the next try wait longer."""
    token = _normalised(code)
    if not token:
        return None, False
    app = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if app is not None and token.isdigit() and app.verify_token(token):
        return app, False
    recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if recovery is not None and not token.isdigit() and recovery.verify_token(token):
        return recovery, True
    return None, False


@transaction.atomic
def turn_off(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def demo_key_hex() -> str:
    return base64.b32decode(DEMO_SECRET).hex()


def seed_demo_devices() -> int:
    """The demo: a confirmed app with DEMO_SECRET for every account that must have one."""
    users = [u for u in User.objects.all() if required_for(u)]
    for user in users:
        TOTPDevice.objects.create(user=user, name=APP_NAME, key=demo_key_hex(), confirmed=True)
    return len(users)


def demo_code() -> str:
    """The demo secret's code at this moment (ocop manage demo_code)."""
    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(demo_key_hex()), step=30, digits=6)
    return f"{totp.token():06d}"
