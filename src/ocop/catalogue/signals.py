"""Keep the catalogue's own table (models.CatalogueEntry) current whenever a certificate, product or
producer is saved or a certificate is deleted.

Certificates change in their own apps (certificates.services.issue_certificate, lifecycle's revocation
and the daily expiry job); listening here keeps those apps unaware of the catalogue. A bulk write that
bypasses signals (QuerySet.update, bulk_create) must call `services.refresh_entries(product_ids)` or
`ocop manage rebuild_catalogue_search` afterwards.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ocop.certificates.models import Certificate
from ocop.producers.models import Producer, Product


@receiver(post_save, sender=Product, dispatch_uid="catalogue_product_saved")
def _product_saved(
    sender: Any, instance: Product, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if raw or created:  # loaddata: rebuild afterwards; a new product has no certificate yet
        return
    from .services import refresh_entries

    refresh_entries([instance.pk])


@receiver(post_save, sender=Producer, dispatch_uid="catalogue_producer_saved")
def _producer_saved(
    sender: Any, instance: Producer, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if raw or created:
        return
    from .services import refresh_entries

    refresh_entries(instance.products.values_list("pk", flat=True))


@receiver(post_save, sender=Certificate, dispatch_uid="catalogue_certificate_saved")
def _certificate_saved(sender: Any, instance: Certificate, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from .services import refresh_entries

    refresh_entries([instance.product_id])


@receiver(post_delete, sender=Certificate, dispatch_uid="catalogue_certificate_deleted")
def _certificate_deleted(sender: Any, instance: Certificate, **kwargs: Any) -> None:
    from .services import refresh_entries

    refresh_entries([instance.product_id])
