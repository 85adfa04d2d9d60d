"""Partners' tokens: made and revoked by provincial staff through the service, only a hash stored,
audited, usable until revoked or expired, and the pages that manage them."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.errors import StepRefused
from ocop.national.models import PartnerToken
from ocop.national.tokens import authenticate, create_token, revoke_token


def _make(actor: Any, **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "partner": "Hệ thống OCOP quốc gia",
        "kind": "national",
        "scopes": ["register:read"],
    }
    return create_token(actor=actor, **{**args, **overrides})


def test_a_token_is_stored_as_its_hash_only_and_audited(
    demo: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        issued = _make(demo["tinh"])
    token = PartnerToken.objects.get()
    assert issued.secret.startswith("ocop_") and len(issued.secret) > 40
    assert token.secret_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    stored = [str(v) for v in PartnerToken.objects.values().get().values()]
    assert issued.secret not in stored  # no column holds the secret
    assert token.province == demo["tinh"].province and token.scopes == ["register:read"]
    event = AuditEvent.objects.get(action="partner_token.create")
    assert event.actor == demo["tinh"] and event.subject == f"partner_token:{token.pk}"
    assert issued.secret not in str(event.data)
    assert [m.to for m in mail.outbox] == [["tinh@demo.ocop.invalid"]]  # sent after commit
    assert authenticate(issued.secret) == token


@pytest.mark.parametrize(
    "who", ["lanhdao", "xa.chilang", "chuthe.nachilang", "trunguong", "admin", "hoidong1"]
)
def test_only_provincial_staff_make_tokens(demo: dict[str, Any], who: str) -> None:
    with pytest.raises(StepRefused):
        _make(demo[who])
    assert not PartnerToken.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"partner": "  "}, "tên đối tác"),
        ({"scopes": []}, "ít nhất một quyền"),
        ({"scopes": ["register:read", "admin:all"]}, "ít nhất một quyền"),
        ({"kind": "spy"}, "Loại đối tác"),
        ({"valid_days": 0}, "Thời hạn"),
        ({"valid_days": 731}, "Thời hạn"),
    ],
)
def test_bad_token_requests_are_refused(
    demo: dict[str, Any], overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(StepRefused, match=message):
        _make(demo["tinh"], **overrides)
    assert not PartnerToken.objects.exists()


def test_revoked_and_expired_tokens_no_longer_open_the_api(demo: dict[str, Any]) -> None:
    revoked, expiring = _make(demo["tinh"]), _make(demo["tinh"])
    revoke_token(actor=demo["tinh"], token=revoked.token)
    assert authenticate(revoked.secret) is None
    assert AuditEvent.objects.filter(action="partner_token.revoke", actor=demo["tinh"]).count() == 1
    with pytest.raises(StepRefused, match="đã bị thu hồi"):
        revoke_token(actor=demo["tinh"], token=revoked.token)
    PartnerToken.objects.filter(pk=expiring.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert authenticate(expiring.secret) is None
    assert authenticate("ocop_" + "x" * 43) is None and authenticate("not a token") is None


def test_another_province_cannot_revoke(demo: dict[str, Any]) -> None:
    issued = _make(demo["tinh"])
    with pytest.raises(StepRefused):
        revoke_token(actor=demo["tinh.caobang"], token=issued.token)
    assert PartnerToken.objects.get().revoked_at is None


def test_token_pages_show_the_secret_once_and_revoke(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["tinh"])
    response = client.post(
        "/ket-noi/khoa-api/",
        {
            "partner": "Dịch vụ truy xuất ABC",
            "kind": "traceability",
            "scopes": ["stamps:read"],
            "valid_days": 90,
        },
    )
    token = PartnerToken.objects.get()
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = page.split("<code>")[1].split("</code>")[0]
    assert authenticate(secret) == token and token.scopes == ["stamps:read"]
    again = client.get("/ket-noi/khoa-api/").content.decode()
    assert secret not in again and f"{token.prefix}…" in again  # shown once, then only the prefix
    client.post(f"/ket-noi/khoa-api/{token.pk}/thu-hoi/")
    token.refresh_from_db()
    assert token.revoked_by == demo["tinh"]
    other = Client()
    other.force_login(demo["tinh.caobang"])
    assert other.post(f"/ket-noi/khoa-api/{token.pk}/thu-hoi/").status_code == 404
