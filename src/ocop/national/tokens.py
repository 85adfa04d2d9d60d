"""Partners' API tokens: made and revoked by the provincial OCOP body, checked on every API call.

A token is a random secret shown once; the database keeps its SHA-256 only (the secret has 256 bits
of entropy, so a plain hash cannot be reversed by guessing, and a look-up by hash needs no
constant-time comparison). Each change is audited in its transaction; the province's staff are told
after commit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, User
from ocop.audit.models import record
from ocop.errors import StepRefused
from ocop.notifications import notify

from . import rules
from .models import PartnerKind, PartnerToken, Scope
from .selectors import tokens_for

SECRET_PREFIX = "ocop_"
MAX_VALID_DAYS = 730  # a partner's key is renewed at least every two years
DEFAULT_VALID_DAYS = 365
# A token's last use is written at most this often, so that a busy partner does not write on every call.
TOUCH_EVERY = timedelta(minutes=1)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: PartnerToken
    secret: str  # shown once to the official who made it, never stored


def _notify_staff(province_id: int, subject: str, body: str) -> None:
    staff = User.objects.filter(role=Role.PROVINCE_STAFF, province=province_id, is_active=True)
    notify(staff, subject, body)


def create_token(
    *,
    actor: Any,
    partner: str,
    kind: str,
    scopes: list[str],
    valid_days: int = DEFAULT_VALID_DAYS,
    secret: str | None = None,
) -> IssuedToken:
    """A new token for the actor's province. `secret` is for the demo only, whose documented
    tokens must be known in advance; everywhere else the secret is drawn here."""
    rules.manage_tokens.check(actor, None)
    partner = " ".join(partner.split())[:150]
    if not partner:
        raise StepRefused(_("Cần ghi tên đối tác"))
    if kind not in PartnerKind.values:
        raise StepRefused(_("Loại đối tác không hợp lệ"))
    wanted = sorted(set(scopes))
    if not wanted or any(s not in Scope.values for s in wanted):
        raise StepRefused(_("Cần chọn ít nhất một quyền hợp lệ"))
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise StepRefused(_("Thời hạn của khóa từ 1 đến %(days)s ngày") % {"days": MAX_VALID_DAYS})
    if secret is None:
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    elif not secret.startswith(SECRET_PREFIX):
        raise StepRefused(_("Khóa phải bắt đầu bằng %(prefix)s") % {"prefix": SECRET_PREFIX})
    with transaction.atomic():
        token = PartnerToken.objects.create(
            province_id=actor.province_id,
            partner=partner,
            kind=kind,
            scopes=wanted,
            prefix=secret[:12],
            secret_hash=secret_hash(secret),
            expires_at=timezone.now() + timedelta(days=valid_days),
            created_by=actor,
        )
        record(
            actor,
            "partner_token.create",
            subject=f"partner_token:{token.pk}",
            partner=partner,
            kind=kind,
            scopes=wanted,
            expires_at=token.expires_at.isoformat(),
        )
        body = _("%(who)s đã cấp khóa API %(prefix)s… cho %(partner)s (quyền: %(scopes)s).") % {
            "who": actor,
            "prefix": token.prefix,
            "partner": partner,
            "scopes": ", ".join(wanted),
        }
        transaction.on_commit(lambda: _notify_staff(token.province_id, _("Khóa API mới"), body))
    return IssuedToken(token, secret)


def revoke_token(*, actor: Any, token: PartnerToken) -> PartnerToken:
    with transaction.atomic():
        locked = tokens_for(actor).select_for_update(of=("self",)).filter(pk=token.pk).first()
        if locked is None:
            raise StepRefused(_("Chỉ cán bộ OCOP của tỉnh đã cấp khóa được thu hồi khóa"))
        if locked.revoked_at is not None:
            raise StepRefused(_("Khóa này đã bị thu hồi"))
        locked.revoked_at, locked.revoked_by = timezone.now(), actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record(actor, "partner_token.revoke", subject=f"partner_token:{locked.pk}", partner=locked.partner)
        body = _("%(who)s đã thu hồi khóa API %(prefix)s… của %(partner)s.") % {
            "who": actor,
            "prefix": locked.prefix,
            "partner": locked.partner,
        }
        transaction.on_commit(lambda: _notify_staff(locked.province_id, _("Khóa API bị thu hồi"), body))
    return locked


def audited_as(actor: Any) -> tuple[Any, dict[str, Any]]:
    """Who an audit row names for an actor: a user as itself; a partner's token has no account, so
    the row names no user and carries the token and the partner instead."""
    if isinstance(actor, PartnerToken):
        return None, {"token": actor.pk, "partner": actor.partner}
    return actor, {}


def authenticate(secret: str) -> PartnerToken | None:
    """The usable token with this secret, or None (unknown, revoked or expired)."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    token = PartnerToken.objects.select_related("province").filter(secret_hash=secret_hash(secret)).first()
    if token is None or not rules.token_usable(token):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        # A conditional update, not a save: two calls at once write once, and nothing else is touched.
        PartnerToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(last_used_at=now)
        token.last_used_at = now
    return token
