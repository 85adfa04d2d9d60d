"""The catalogue's own table (models.CatalogueEntry): one row per product listed today, kept by the
services that change what it copies.

The services that change a certificate, a product or a producer call `refresh_entries` for the products
concerned, in their own transaction (through `ocop.certificates.effects`); bulk paths (the register
import, the demo) call the same; `rebuild_catalogue` recomputes everything and runs in the daily job as
a safety net (for what no service saw: raw SQL, a renamed commune or province).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ocop.certificates.models import Certificate, in_force_q
from ocop.core.rulebooks import all_rulebooks

from .models import CatalogueEntry
from .search import search_column


def certified(today: date | None = None) -> QuerySet[Certificate]:
    """Certificates that make a product OCOP today: status valid and not past their term (or their
    Art. 12.3 extension)."""
    today = today or timezone.localdate()
    return Certificate.objects.filter(in_force_q(today))


@dataclass(frozen=True)
class GroupChoice:
    code: str  # the Roman numeral of the product group, as the rulebook data has it (I … VI)
    label: str
    # (rulebook id, scorecard numbers in this group) for every rulebook that has the group
    scorecards: tuple[tuple[str, tuple[int, ...]], ...]


@lru_cache(maxsize=1)
def product_groups() -> tuple[GroupChoice, ...]:
    """The product groups, read from each rulebook's scorecard data (never a list of our own).

    The key is the first part of the classification code: I–VI under 148 and 26/2026 (the same six
    groups, rules.md §1.1), 1–6 under 1048, whose groups differ and so stay separate.
    """
    labels: dict[str, str] = {}
    members: dict[str, dict[str, list[int]]] = {}
    books = sorted(all_rulebooks().values(), key=lambda b: b.effective_from, reverse=True)
    for book in books:
        for number, card in sorted(book.scorecards.items()):
            code = card.classification.code.split(".")[0]
            label = card.classification.group
            if code.isdigit():
                label = f"{label} ({book.decision})"
            labels.setdefault(code, label)  # the newest rulebook's label wins
            members.setdefault(code, {}).setdefault(book.id, []).append(number)
    return tuple(
        GroupChoice(code, labels[code], tuple((rid, tuple(nums)) for rid, nums in members[code].items()))
        for code in sorted(labels, key=_group_order)
    )


def _group_order(code: str) -> tuple[int, int]:
    if code.isdigit():
        return (1, int(code))
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for ch, nxt in zip(code, [*code[1:], ""], strict=True):
        v = values.get(ch, 0)
        total += -v if nxt and values.get(nxt, 0) > v else v
    return (0, total)


def group_label(rulebook_id: str, scorecard_number: int) -> str:
    for group in product_groups():
        for rid, numbers in group.scorecards:
            if rid == rulebook_id and scorecard_number in numbers:
                return group.label
    return ""


# ---------------------------------------------------------------------------------------------------
# The catalogue's own table: one CatalogueEntry per product listed today (models.CatalogueEntry).


def _group_codes() -> dict[tuple[str, int], str]:
    return {(rid, n): g.code for g in product_groups() for rid, numbers in g.scorecards for n in numbers}


def _entry(certificate: Certificate, groups: dict[tuple[str, int], str]) -> CatalogueEntry:
    """The entry for a certificate whose product, producer, commune and province are loaded."""
    product = certificate.product
    producer = product.producer
    commune = producer.commune
    province = commune.province
    return CatalogueEntry(
        product_id=product.pk,
        certificate_id=certificate.pk,
        certificate_code=certificate.code,
        # listed to the end of an Art. 12.3 extension while its re-rating is pending
        valid_until=certificate.extended_until or certificate.valid_until,
        star=certificate.star,
        rulebook_id=certificate.rulebook_id,
        scorecard_number=certificate.scorecard_number,
        group_code=groups.get((certificate.rulebook_id, certificate.scorecard_number), ""),
        name=product.name,
        producer_name=producer.name,
        commune_name=commune.name,
        province_code=province.code,
        province_name=province.name,
        search_text=search_column(product.name, producer.name, commune.name, province.name),
    )


def _current_certificates(today: date) -> QuerySet[Certificate]:
    """Per product, the certificate the catalogue shows first: the best star, then the newest."""
    return (
        certified(today)
        .select_related("product__producer__commune__province")
        .order_by("product_id", "-star", "-valid_from", "-pk")
    )


@transaction.atomic
def refresh_entries(product_ids: Iterable[int], today: date | None = None) -> None:
    """Bring the catalogue entries of these products in line with their certificates and names.

    The one function that writes entries (besides `rebuild_catalogue`): called by the signals on
    Certificate, Product and Producer saves (signals.py), and by any bulk path that bypasses them.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return
    today = today or timezone.localdate()
    groups = _group_codes()
    best: dict[int, CatalogueEntry] = {}
    for certificate in _current_certificates(today).filter(product_id__in=ids):
        best.setdefault(certificate.product_id, _entry(certificate, groups))
    CatalogueEntry.objects.filter(product_id__in=ids).delete()
    CatalogueEntry.objects.bulk_create(list(best.values()))


@transaction.atomic
def rebuild_catalogue(today: date | None = None) -> int:
    """Recompute every catalogue entry from the certificates (after an import, raw SQL, a rename of a
    commune or province). Returns the number of products listed."""
    today = today or timezone.localdate()
    groups = _group_codes()
    CatalogueEntry.objects.all().delete()
    batch: list[CatalogueEntry] = []
    written = 0
    last = None
    for certificate in _current_certificates(today).iterator(chunk_size=2000):
        if certificate.product_id == last:
            continue
        last = certificate.product_id
        batch.append(_entry(certificate, groups))
        if len(batch) >= 2000:
            written += len(CatalogueEntry.objects.bulk_create(batch))
            batch = []
    written += len(CatalogueEntry.objects.bulk_create(batch)) if batch else 0
    return written
