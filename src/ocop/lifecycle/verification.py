"""Public verification of a certificate's stamp code (rules.md §5.6): genuine or not, at a glance.

This is the one page anybody may hit at any rate (every stamp's QR code leads here), so it is kept
cheap on purpose (issue 4, `bench/verify_throughput.py`): the common case — a valid or expired
certificate — is one indexed SQL statement selecting only the columns the page shows, written once at
import time rather than compiled by the ORM on every request; only a revoked or replaced certificate
needs a second look-up (its revocation decision, or the newer certificate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.db import connection

from ocop.certificates.models import CODE_ALPHABET, Certificate, Decision

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


class VerifiedCertificate(NamedTuple):
    """What the verification page shows of a certificate (its snapshot columns and its decision)."""

    id: int
    product_id: int
    number: str
    code: str
    star: int
    product_name: str
    producer_name: str
    producer_address: str
    valid_from: date
    valid_until: date
    status: str  # as stored; see Verification.status for the status as of today
    decision_number: str
    decision_issuer: str

    @property
    def stars(self) -> str:
        return "★" * self.star

    @property
    def valid_from_text(self) -> str:
        return self.valid_from.strftime("%d/%m/%Y")

    @property
    def valid_until_text(self) -> str:
        return self.valid_until.strftime("%d/%m/%Y")


def _column(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).column)


_C = Certificate._meta.db_table
_D = Decision._meta.db_table
# Certificate.Meta.ordering is irrelevant on a unique lookup: no ORDER BY, no LIMIT.
_LOOKUP_SQL = (
    "SELECT "
    + ", ".join(
        f"c.{_column(Certificate, f)}" for f in VerifiedCertificate._fields if not f.startswith("decision_")
    )
    + f", d.{_column(Decision, 'number')}, d.{_column(Decision, 'issuer')}"
    + f" FROM {_C} c JOIN {_D} d ON d.{Decision._meta.pk.column} = c.{_column(Certificate, 'decision')}"
    + f" WHERE c.{_column(Certificate, 'code')} = %s"
)


@dataclass(frozen=True)
class Verification:
    certificate: VerifiedCertificate
    status: str  # Certificate.Status value, computed from dates as well as the stored status
    newer: Certificate | None
    revocation: Any | None  # the decided Revocation, when revoked


def effective_status(certificate: Certificate | VerifiedCertificate, today: date) -> str:
    """Revoked and replaced stand; a valid certificate past ``valid_until`` is expired today."""
    if certificate.status == Certificate.Status.VALID and certificate.valid_until < today:
        return Certificate.Status.EXPIRED
    return str(certificate.status)


def lookup(code: str) -> VerifiedCertificate | None:
    """The certificate with this (normalised) code: one indexed statement, only the shown columns."""
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP_SQL, [code])
        row = cursor.fetchone()
    if row is None:
        return None
    if isinstance(row[8], str):  # SQLite (the embedded database) returns dates as ISO text
        row = (*row[:8], date.fromisoformat(row[8]), date.fromisoformat(row[9]), *row[10:])
    return VerifiedCertificate._make(row)


def verify(raw: str, today: date) -> Verification | None:
    code = normalise_code(raw)
    if code is None:
        return None
    certificate = lookup(code)
    if certificate is None:
        return None
    status = effective_status(certificate, today)
    newer = revocation = None
    # Only a replaced or revoked certificate needs a second look-up.
    if status == Certificate.Status.REPLACED:
        newer = (
            Certificate.objects.filter(product=certificate.product_id, valid_from__gte=certificate.valid_from)
            .exclude(pk=certificate.id)
            .order_by("valid_from", "pk")
            .only("code", "number", "star")
            .first()
        )
    elif status == Certificate.Status.REVOKED:
        from .models import Revocation

        revocation = (
            Revocation.objects.filter(certificate=certificate.id, status=Revocation.Status.DECIDED)
            .only("decision_number", "decision_date", "ground_text")
            .first()
        )
    return Verification(certificate, status, newer, revocation)
