"""Official numbers from the register (models.IssuedNumber): propose the next free one, take one.

A form proposes `propose(...)`; the service that issues the document calls `take(...)` in its own
transaction. A number the issuer already used that year is refused with what it was used for; two
requests taking the same number at once are serialised on PostgreSQL by a lock on the issuer's year,
and the unique constraint catches anything else (an IntegrityError becomes the same refusal, never a
500).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from ocop.errors import StepRefused

from .models import IssuedNumber

# "3002/QĐ-UBND", "27/BC-UBND", "05/QĐ-UBND": the order number, a slash, the symbol.
NUMBER = re.compile(r"^\s*0*(\d{1,7})\s*/\s*(\S.*?)\s*$")


@dataclass(frozen=True)
class Issuer:
    key: str  # stable: "tinh-20", "xa-06280", "trung-uong"
    name: str  # as printed: "Ủy ban nhân dân tỉnh Lạng Sơn"


def parse(text: str) -> tuple[int, str]:
    """(3002, "QĐ-UBND") from "3002/QĐ-UBND"; StepRefused when the text is not number/symbol."""
    match = NUMBER.match(text or "")
    if match is None or int(match.group(1)) == 0:
        raise StepRefused(
            f"Số văn bản phải có dạng số thứ tự/ký hiệu, ví dụ 12/QĐ-UBND (đã nhập: '{text.strip()}')",
            "the document number must read number/symbol, e.g. 12/QĐ-UBND",
        )
    return int(match.group(1)), match.group(2)


def _lock_year(issuer: Issuer, year: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"numbering {issuer.key} {year}"])


def next_free(issuer: Issuer, year: int) -> int:
    highest = IssuedNumber.objects.filter(issuer=issuer.key, year=year).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def propose(issuer: Issuer, year: int, symbol: str) -> str:
    """The number a form offers: the one after the highest this issuer took this year."""
    return f"{next_free(issuer, year)}/{symbol}"


def _used(issuer: Issuer, year: int, number: int) -> StepRefused:
    taken = IssuedNumber.objects.filter(issuer=issuer.key, year=year, number=number).first()
    what = f" cho {taken.get_kind_display().lower()} {taken.number}/{taken.symbol}" if taken else ""
    return StepRefused(
        f"Số {number} năm {year} của {issuer.name} đã được dùng{what}; "
        f"số tiếp theo còn trống là {next_free(issuer, year)}",
        f"number {number} of {year} is already used by this issuer; next free: {next_free(issuer, year)}",
    )


def take(*, issuer: Issuer, text: str, issued_on: date, kind: str, subject: str, user: Any) -> IssuedNumber:
    """Register `text` ("3002/QĐ-UBND") for the issuer in the year of `issued_on`, or refuse it."""
    number, symbol = parse(text)
    year = issued_on.year
    _lock_year(issuer, year)
    if IssuedNumber.objects.filter(issuer=issuer.key, year=year, number=number).exists():
        raise _used(issuer, year, number)
    try:
        with transaction.atomic():
            return IssuedNumber.objects.create(
                issuer=issuer.key,
                issuer_name=issuer.name,
                year=year,
                number=number,
                symbol=symbol,
                kind=kind,
                subject=subject,
                issued_on=issued_on,
                registered_by=user,
            )
    except IntegrityError:  # taken by a request that committed since the check
        raise _used(issuer, year, number) from None


def retarget(issued: IssuedNumber, subject: str) -> None:
    """Point a registered number at the document once it has its id."""
    issued.subject = subject
    issued.save(update_fields=["subject"])
