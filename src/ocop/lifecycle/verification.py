"""Public verification of a certificate's stamp code (rules.md §5.6): genuine or not, at a glance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ocop.certificates.models import CODE_ALPHABET, Certificate

# Characters people add when typing a code off a stamp: spaces, dashes, dots.
_SEPARATORS = re.compile(r"[\s\-_.·/]+")
# The alphabet has no 0/O and no 1/I (they are misread); a reader who types one of them means the
# letter or digit that looks alike, which is also absent, so nothing maps to a valid character:
# we only fold the look-alikes the alphabet does contain (none) and reject the rest without a query.
_VALID = re.compile(f"^[{CODE_ALPHABET}]{{12}}$")


def normalise_code(raw: str) -> str | None:
    """The code as stored, or None when it cannot be a genuine code (no database query needed)."""
    code = _SEPARATORS.sub("", raw or "").upper()
    return code if _VALID.match(code) else None


@dataclass(frozen=True)
class Verification:
    certificate: Certificate
    status: str  # Certificate.Status value, computed from dates as well as the stored status
    newer: Certificate | None
    revocation: Any | None  # the decided Revocation, when revoked


def effective_status(certificate: Certificate, today: date) -> str:
    """Revoked and replaced stand; a valid certificate past ``valid_until`` is expired today."""
    if certificate.status == Certificate.Status.VALID and certificate.valid_until < today:
        return Certificate.Status.EXPIRED
    return certificate.status


def verify(raw: str, today: date) -> Verification | None:
    code = normalise_code(raw)
    if code is None:
        return None
    certificate = Certificate.objects.select_related("decision").filter(code=code).first()
    if certificate is None:
        return None
    status = effective_status(certificate, today)
    newer = revocation = None
    # Only a replaced or revoked certificate needs a second look-up.
    if status == Certificate.Status.REPLACED:
        newer = (
            Certificate.objects.filter(product=certificate.product_id, valid_from__gte=certificate.valid_from)
            .exclude(pk=certificate.pk)
            .order_by("valid_from", "pk")
            .first()
        )
    elif status == Certificate.Status.REVOKED:
        from .models import Revocation

        revocation = certificate.revocations.filter(status=Revocation.Status.DECIDED).first()
    return Verification(certificate, status, newer, revocation)
