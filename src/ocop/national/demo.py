"""Demo partner tokens: one per demo province, with every scope, and a secret written in the
README (a demo has no secret worth keeping; a real token's secret is shown once and never stored)."""

from __future__ import annotations

from ocop.accounts.models import User

from .models import PartnerKind, Scope
from .tokens import create_token

DEMO_TOKENS = {
    "tinh": "ocop_demo-lang-son-national",
    "tinh.caobang": "ocop_demo-cao-bang-national",
}


def seed_national_demo() -> None:
    for username, secret in DEMO_TOKENS.items():
        create_token(
            actor=User.objects.get(username=username),
            partner="Hệ thống OCOP quốc gia (demo)",
            kind=PartnerKind.NATIONAL,
            scopes=list(Scope.values),
            valid_days=365,
            secret=secret,
        )
