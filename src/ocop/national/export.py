"""The national export: a province's register (or the country's) in the layout the national OCOP
system takes (rules.md §6: product code, producer, address as commune/province codes, scorecard,
star, decision number and date, certificate validity, status), as JSON or Excel, in full or only
the records changed since a day.

The national system's exact fields are not published (rules.md §6 [?]): the layout carries what
§6 lists, keys are stable (`LAYOUT` names the version), and the Excel headings are Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.audit.models import record
from ocop.documents.spreadsheet import Book
from ocop.lifecycle.verification import effective_status

from .codes import assign_codes
from .tokens import audited_as

LAYOUT = "ocop-national/1"
# Exports stream in slices of this many certificates, so memory stays flat for a large province.
CHUNK = 500


@dataclass(frozen=True)
class Column:
    key: str
    heading: Any  # a lazy translation


COLUMNS: tuple[Column, ...] = (
    Column("product_code", _("Mã sản phẩm")),
    Column("product_name", _("Tên sản phẩm")),
    Column("rulebook", _("Bộ quy tắc")),
    Column("scorecard_number", _("Bộ sản phẩm (số phiếu)")),
    Column("star", _("Hạng sao")),
    Column("total", _("Tổng điểm")),
    Column("producer_name", _("Tên chủ thể")),
    Column("producer_kind", _("Loại hình chủ thể")),
    Column("producer_registration", _("Mã số thuế / số đăng ký kinh doanh")),
    Column("province_code", _("Mã tỉnh")),
    Column("province_name", _("Tỉnh/thành phố")),
    Column("commune_code", _("Mã xã")),
    Column("commune_name", _("Xã/phường/đặc khu")),
    Column("certificate_number", _("Số giấy chứng nhận")),
    Column("decision_number", _("Số quyết định")),
    Column("decision_date", _("Ngày quyết định")),
    Column("issuer", _("Cơ quan ban hành")),
    Column("valid_from", _("Hiệu lực từ")),
    Column("valid_until", _("Hiệu lực đến")),
    Column("extended_until", _("Gia hạn đến (Điều 12.3)")),
    Column("status", _("Trạng thái")),
    Column("verification_code", _("Mã tra cứu")),
)
STATUS_LABELS = {
    "valid": _("Còn hiệu lực"),
    "expired": _("Hết hiệu lực"),
    "revoked": _("Đã thu hồi"),
    "replaced": _("Đã thay bằng giấy chứng nhận mới"),
}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def changed_since(certificates: QuerySet[Any], since: date, today: date) -> QuerySet[Any]:
    """Certificates whose exported line may differ from an export taken before `since`: issued or
    imported since (their decision recorded), given their code since, revoked since, replaced by a
    newer certificate since, or run out (term or extension) between `since` and today."""
    start = _start_of(since)
    return certificates.filter(
        Q(decision__created_at__gte=start)
        | Q(product_code__assigned_at__gte=start)
        | Q(revocations__decided_at__gte=start)
        | Q(product__certificates__decision__created_at__gte=start)
        | Q(valid_until__gte=since, valid_until__lt=today)
        | Q(extended_until__gte=since, extended_until__lt=today)
    ).distinct()


def ordered(certificates: QuerySet[Any]) -> QuerySet[Any]:
    return certificates.select_related(
        "decision", "product_code", "product__producer__commune__province"
    ).order_by("pk")


def line(certificate: Any, today: date) -> dict[str, Any]:
    """One certificate in the national layout (plain JSON values: dates as ISO text)."""
    producer = certificate.product.producer
    commune = producer.commune
    code = getattr(certificate, "product_code", None)
    return {
        "product_code": code.code if code is not None else None,
        "product_name": certificate.product_name,
        "rulebook": certificate.rulebook_id,
        "scorecard_number": certificate.scorecard_number,
        "star": certificate.star,
        "total": str(certificate.total) if certificate.total is not None else None,
        "producer_name": certificate.producer_name,
        "producer_kind": producer.kind,
        "producer_registration": producer.registration_number,
        "province_code": f"{commune.province.code:02d}",
        "province_name": commune.province.name,
        "commune_code": f"{commune.code:05d}",
        "commune_name": commune.name,
        "certificate_number": certificate.number,
        "decision_number": certificate.decision.number,
        "decision_date": certificate.decision.signed_on.isoformat(),
        "issuer": certificate.decision.issuer,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "extended_until": certificate.extended_until.isoformat() if certificate.extended_until else None,
        "status": effective_status(certificate, today),
        "verification_code": certificate.code,
    }


def lines(certificates: QuerySet[Any], today: date) -> Iterator[dict[str, Any]]:
    """Every certificate in order, read a slice at a time (by id, so no OFFSET scan)."""
    last = 0
    while True:
        chunk = list(ordered(certificates).filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        for certificate in chunk:
            yield line(certificate, today)
        last = chunk[-1].pk


def prepare(*, actor: Any, certificates: QuerySet[Any], since: date | None, fmt: str) -> QuerySet[Any]:
    """Before an export: give the missing product codes (a change, audited with the export itself),
    and return the certificates the export carries."""
    user, via = audited_as(actor)
    with transaction.atomic():  # the codes and the audit row of the export that gave them, together
        given = assign_codes(certificates)
        record(
            user,
            "national.export",
            subject="national_export",
            since=since.isoformat() if since else None,
            format=fmt,
            codes_given=given,
            **via,
        )
    today = timezone.localdate()
    return changed_since(certificates, since, today) if since else certificates


def workbook(rows: Iterator[dict[str, Any]]) -> bytes:
    """The register in the national layout, through the project's one Excel writer (texts that look
    like formulas stay texts: documents/spreadsheet.py)."""
    book = Book()
    sheet = book.sheet(str(_("Sổ sản phẩm OCOP")))
    sheet.append([str(c.heading) for c in COLUMNS])
    for row in rows:
        values = dict(row, status=str(STATUS_LABELS.get(row["status"], row["status"])))
        sheet.append([values[c.key] for c in COLUMNS])
    return book.save()
