"""What must follow a change to certificates, products or producers: called by the service that made
the change, where it makes it (never a model signal).

- the catalogue's table of listed products (`ocop.catalogue.entries.refresh_entries`), in the same
  transaction, so the public list never shows what was rolled back;
- the verification page's cache of recent look-ups (`ocop.lifecycle.verify_cache.changed`), forgotten
  now and again at commit, and announced to the other server processes on PostgreSQL;
- the Art. 12.3 extension of a certificate whose re-rating dossier moved (`sync_extension`).

Bulk paths (the register import, the demo) call the same functions once for all they touched; the
daily job rebuilds the catalogue as a safety net (`ocop.lifecycle.services.run_daily`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from ocop.audit.models import record
from ocop.catalogue.entries import refresh_entries
from ocop.core.process import State
from ocop.core.rulebooks import rulebook_for_filing
from ocop.dossiers.models import CLOSED_STATES, Dossier
from ocop.lifecycle import verify_cache

from .models import Certificate

# Filed, and not yet decided or withdrawn: the re-rating is pending (26/2026 Art. 12.3).
PENDING_STATES = tuple(s for s in State if s is not State.DRAFT and s not in CLOSED_STATES)


def certificates_changed(product_ids: Iterable[int]) -> None:
    """Certificates of these products were issued, replaced, revoked, expired or extended."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    refresh_entries(ids)
    codes = Certificate.objects.filter(product_id__in=ids).values_list("code", flat=True)
    verify_cache.changed(list(codes))


def products_changed(product_ids: Iterable[int]) -> None:
    """Products (or their producer) were renamed or moved: the catalogue copies their names. The
    verification page shows the certificate's own snapshot, so its cache stays."""
    refresh_entries(product_ids)


def sync_extension(certificate: Certificate, today: date | None = None) -> Certificate:
    """Set or end the Art. 12.3 extension of a certificate from its re-rating dossiers (called by the
    dossier workflow when one of them moves: filed, returned, decided, withdrawn). Only a valid
    certificate the clause covers (Rulebook.transitional_extension_end, under the rulebook in force) with
    a filed, undecided re-rating is extended; the daily job then leaves it valid until the decision or
    the end date. Call it inside the transaction of the change: it locks the certificate."""
    today = today or timezone.localdate()
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    pending = Dossier.objects.filter(
        previous_certificate=certificate, kind="rerating", state__in=PENDING_STATES
    ).exists()
    end = None
    if pending and certificate.status == Certificate.Status.VALID:
        end = rulebook_for_filing(today).transitional_extension_end(certificate.valid_until)
    if end != certificate.extended_until:
        certificate.extended_until = end
        certificate.save(update_fields=["extended_until"])
        record(
            None,
            "certificate.extended" if end else "certificate.extension_ended",
            dossier=certificate.dossier,
            subject=f"certificate:{certificate.number}",
            valid_until=certificate.valid_until.isoformat(),
            extended_until=end.isoformat() if end else None,
        )
        certificates_changed([certificate.product_id])
    return certificate


def dossier_moved(dossier: Dossier) -> None:
    """A dossier changed state: a re-rating keeps (or ends) its certificate's extension."""
    if dossier.kind == "rerating" and dossier.previous_certificate_id:
        sync_extension(Certificate(pk=dossier.previous_certificate_id))
