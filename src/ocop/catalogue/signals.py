"""Keep the catalogue's search column current when a product, its producer or its area is saved."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from ocop.producers.models import Producer, Product


@receiver(post_save, sender=Product, dispatch_uid="catalogue_product_search_text")
def _product_saved(sender: Any, instance: Product, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: rebuild afterwards with `ocop manage rebuild_catalogue_search`
        return
    from .services import refresh_search_text

    refresh_search_text(instance)


@receiver(post_save, sender=Producer, dispatch_uid="catalogue_producer_search_text")
def _producer_saved(
    sender: Any, instance: Producer, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if raw or created:
        return
    from .services import refresh_search_text

    for product in instance.products.select_related("producer__commune__province"):
        refresh_search_text(product)
