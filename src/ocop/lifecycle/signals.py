"""Forget cached verifications (verify_cache) when a certificate or its revocation changes; set or end a
certificate's Art. 12.3 extension when one of its re-rating dossiers changes (services.sync_extension).

A certificate's save forgets every certificate of its product: issuing a re-rated certificate marks the
previous one replaced with ``QuerySet.update``, which sends no signal of its own.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ocop.certificates.models import Certificate
from ocop.dossiers.models import Dossier

from . import verify_cache
from .models import Revocation


def _forget_product(product_id: int, *also: str) -> None:
    codes = Certificate.objects.filter(product_id=product_id).values_list("code", flat=True)
    verify_cache.changed([*also, *codes])


@receiver(post_save, sender=Certificate, dispatch_uid="verify_cache_certificate_saved")
@receiver(post_delete, sender=Certificate, dispatch_uid="verify_cache_certificate_deleted")
def certificate_changed(sender: Any, instance: Certificate, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    _forget_product(instance.product_id, instance.code)  # a deleted certificate is no longer in the query


@receiver(post_save, sender=Revocation, dispatch_uid="verify_cache_revocation_saved")
def revocation_changed(sender: Any, instance: Revocation, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        _forget_product(instance.certificate.product_id)


@receiver(post_save, sender=Dossier, dispatch_uid="extension_rerating_saved")
def rerating_changed(sender: Any, instance: Dossier, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.kind != "rerating" or not instance.previous_certificate_id:
        return
    from .services import sync_extension

    sync_extension(instance.previous_certificate)
