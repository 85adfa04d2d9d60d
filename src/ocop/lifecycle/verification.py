"""Public verification of a certificate's stamp code (rules.md §5.6): genuine or not, at a glance.

This is the one page anybody may hit at any rate (every stamp's QR code leads here), so it is kept
cheap on purpose (issue 4, `bench/verify_throughput.py`): a code seen recently is answered from this
process's memory (`verify_cache`, forgotten as soon as the certificate changes); otherwise one indexed
SQL statement, written once at import time rather than compiled by the ORM on every request, reads only
the columns the page shows and the revocation if there is one; only a replaced certificate needs a
second statement (the newer certificate). The status as of today is computed on every request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.db import connection

from ocop.certificates.models import CODE_ALPHABET, Certificate, Decision

from . import verify_cache

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
    extended_until: date | None  # Art. 12.3, while a re-rating is pending
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

    @property
    def extended_until_text(self) -> str:
        return self.extended_until.strftime("%d/%m/%Y") if self.extended_until else ""


def _column(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).column)


class RevocationShown(NamedTuple):
    decision_number: str
    decision_date: date | None
    ground_text: str


class NewerShown(NamedTuple):
    code: str
    number: str
    star: int


def _lookup_sql() -> str:
    from .models import Revocation

    c, d, r = Certificate._meta.db_table, Decision._meta.db_table, Revocation._meta.db_table
    shown = [f for f in VerifiedCertificate._fields if not f.startswith("decision_")]
    return (
        "SELECT "
        + ", ".join(f"c.{_column(Certificate, f)}" for f in shown)
        + f", d.{_column(Decision, 'number')}, d.{_column(Decision, 'issuer')}, "
        + ", ".join(f"r.{_column(Revocation, f)}" for f in RevocationShown._fields)
        + f" FROM {c} c JOIN {d} d ON d.{Decision._meta.pk.column} = c.{_column(Certificate, 'decision')}"
        # At most one decided revocation per certificate (the model's constraint): at most one row.
        + f" LEFT JOIN {r} r ON r.{_column(Revocation, 'certificate')} = c.{Certificate._meta.pk.column}"
        + f" AND r.{_column(Revocation, 'status')} = '{Revocation.Status.DECIDED}'"
        + f" WHERE c.{_column(Certificate, 'code')} = %s"
    )


_LOOKUP_SQL = _lookup_sql()
_FIELDS = len(VerifiedCertificate._fields)


@dataclass(frozen=True)
class Verification:
    certificate: VerifiedCertificate
    status: str  # Certificate.Status value, computed from dates as well as the stored status
    extended: bool  # valid today only by Art. 12.3 (its re-rating is pending)
    newer: NewerShown | None
    revocation: RevocationShown | None  # the decided revocation, when revoked
    # Where the page may keep what it made of this look-up: it lives exactly as long as the cached
    # look-up, so it is forgotten with it when the certificate changes.
    rendered: dict[Any, Any] = field(default_factory=dict, compare=False)


class _Found(NamedTuple):
    """What the page needs of a code, as stored; the status as of today is computed per request."""

    certificate: VerifiedCertificate
    revocation: RevocationShown | None
    newer: NewerShown | None
    rendered: dict[Any, Any]


def effective_status(certificate: Certificate | VerifiedCertificate, today: date) -> str:
    """Revoked and replaced stand; a valid certificate past ``valid_until`` (or past the end of its
    Art. 12.3 extension, while a re-rating is pending) is expired today."""
    end = certificate.extended_until or certificate.valid_until
    if certificate.status == Certificate.Status.VALID and end < today:
        return Certificate.Status.EXPIRED
    return str(certificate.status)


def in_extension(certificate: Certificate | VerifiedCertificate, today: date) -> bool:
    """Past its term but kept valid today by Art. 12.3 (a re-rating pending)."""
    return bool(
        certificate.status == Certificate.Status.VALID
        and certificate.extended_until
        and certificate.valid_until < today <= certificate.extended_until
    )


def _as_date(value: Any) -> Any:
    # SQLite (the embedded database) returns dates as ISO text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _fetch_one(code: str) -> Any:
    with _cursor() as cursor:
        cursor.execute(_LOOKUP_SQL, [code])
        return cursor.fetchone()


def _cursor() -> Any:
    """On PostgreSQL, a cursor whose statements are prepared on the server, so the look-up is planned
    once per connection instead of on every scan (Django's cursors bind parameters client-side, which
    cannot be prepared). Wrapped like Django's own cursors, so it is logged and counted the same."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    raw = _PreparedCursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


if connection.vendor == "postgresql":
    import psycopg

    class _PreparedCursor(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            return super().execute(query, params, prepare=True)


def lookup(code: str) -> _Found | None:
    """The certificate with this (normalised) code and its revocation: one indexed statement. Only a
    replaced certificate needs a second one (the newer certificate)."""
    row = _fetch_one(code)
    if row is None:
        return None
    row = (*row[:8], _as_date(row[8]), _as_date(row[9]), _as_date(row[10]), *row[11:])
    certificate = VerifiedCertificate._make(row[:_FIELDS])
    revocation = None
    if row[_FIELDS] is not None:
        revocation = RevocationShown(row[_FIELDS], _as_date(row[_FIELDS + 1]), row[_FIELDS + 2])
    newer = None
    if certificate.status == Certificate.Status.REPLACED:
        found = (
            Certificate.objects.filter(product=certificate.product_id, valid_from__gte=certificate.valid_from)
            .exclude(pk=certificate.id)
            .order_by("valid_from", "pk")
            .values_list("code", "number", "star")
            .first()
        )
        newer = NewerShown._make(found) if found else None
    return _Found(certificate, revocation, newer, {})


def verify(raw: str, today: date) -> Verification | None:
    code = normalise_code(raw)
    if code is None:
        return None
    found = verify_cache.RECENT.get(code) if verify_cache.usable() else None
    if found is None:
        generation = verify_cache.RECENT.generation
        found = lookup(code)
        if found is None:
            return None
        verify_cache.RECENT.put(code, found, generation)
    certificate = found.certificate
    status = effective_status(certificate, today)
    return Verification(
        certificate,
        status,
        in_extension(certificate, today),
        found.newer if status == Certificate.Status.REPLACED else None,
        found.revocation if status == Certificate.Status.REVOKED else None,
        found.rendered,
    )
