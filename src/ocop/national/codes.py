"""Product codes of rules.md §1.5: `T-X-STT-YYYY` (26/2026, the scorecard header).

T is the province's code and X the commune's, both from QĐ 19/2025/QĐ-TTg (2 and 5 digits, as the
decision writes them); STT is the product's number in its commune's sequence, given once and kept
(`ProductNumber`); YYYY is the year of the evaluation, read as the year of the decision that
recognised it. The decision prints no width for STT, so it is written without padding. A code a
register import brought stays exactly as imported (`CertificateCode.Source.IMPORTED`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet

from ocop.areas.models import Commune

from .models import CertificateCode, ProductNumber


def product_code(province_code: int, commune_code: int, number: int, year: int) -> str:
    return f"{province_code:02d}-{commune_code:05d}-{number}-{year}"


def assign_codes(certificates: QuerySet[Any]) -> int:
    """Give each certificate of `certificates` that has no code its code, numbering its product in
    its commune first if it has no number yet. Returns how many codes were given.

    The communes concerned are locked (in id order, so two exports never wait on each other in a
    cycle) while their next numbers are read and written; the unique (commune, number) constraint
    stands behind the lock on SQLite, which has none."""
    with transaction.atomic():
        missing = list(
            certificates.filter(product_code__isnull=True)
            .select_related("product__producer__commune__province", "decision")
            .order_by("decision__signed_on", "pk")
        )
        if not missing:
            return 0
        products = {c.product_id: c.product for c in missing}
        numbers = dict(ProductNumber.objects.filter(product__in=products).values_list("product_id", "number"))
        communes_of = {pk: p.producer.commune for pk, p in products.items()}
        wanted: dict[int, list[int]] = defaultdict(list)
        for pk in products:
            if pk not in numbers:
                wanted[communes_of[pk].pk].append(pk)
        if wanted:
            list(Commune.objects.select_for_update().filter(pk__in=sorted(wanted)).order_by("pk"))
            highest = dict(
                ProductNumber.objects.filter(commune__in=wanted)
                .values("commune")
                .annotate(top=Max("number"))
                .values_list("commune", "top")
            )
            new = []
            for commune_id, product_ids in sorted(wanted.items()):
                top = highest.get(commune_id) or 0
                for offset, product_id in enumerate(sorted(product_ids), start=1):
                    numbers[product_id] = top + offset
                    new.append(
                        ProductNumber(product_id=product_id, commune_id=commune_id, number=top + offset)
                    )
            ProductNumber.objects.bulk_create(new, batch_size=500)
        given = []
        for certificate in missing:
            commune = communes_of[certificate.product_id]
            code = product_code(
                commune.province.code,
                commune.code,
                numbers[certificate.product_id],
                certificate.decision.signed_on.year,
            )
            given.append(
                CertificateCode(certificate=certificate, code=code, source=CertificateCode.Source.ASSIGNED)
            )
        CertificateCode.objects.bulk_create(given, batch_size=500)
        return len(given)


def keep_imported_codes(pairs: Iterable[tuple[Any, str]]) -> int:
    """The codes a register gave its certificates, kept as written (blank ones are left for
    `assign_codes`). Returns how many were kept."""
    kept = [
        CertificateCode(
            certificate=certificate, code=code.strip()[:50], source=CertificateCode.Source.IMPORTED
        )
        for certificate, code in pairs
        if code and code.strip()
    ]
    CertificateCode.objects.bulk_create(kept, batch_size=500)
    return len(kept)
