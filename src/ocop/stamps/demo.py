"""Demo stamps: a batch for a certified Lạng Sơn product (with a GTIN, so its QR codes are GS1
Digital Links), one of whose stamps has been scanned like a copy and is flagged."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.models import Certificate, in_force_q

from .services import clone_rule, record_scan, request_stamps

DEMO_GTIN = "8930000000019"  # a well-formed GTIN-13 in the Vietnamese 893 range, invented for the demo
DEMO_LOT = "NA2026-01"


def seed_stamps_demo() -> None:
    today = timezone.localdate()
    producer = User.objects.get(username="chuthe.nachilang")
    certificate = (
        Certificate.objects.filter(in_force_q(today), product__producer=producer.producer_id)
        .order_by("pk")
        .first()
    )
    if certificate is None:
        return
    batch = request_stamps(
        actor=producer,
        product=certificate.product,
        lot=DEMO_LOT,
        quantity=24,
        produced_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=180),
        gtin=DEMO_GTIN,
    )
    stamps = list(batch.stamps.order_by("pk"))
    for stamp in stamps[:3]:  # a few jars bought and scanned once
        record_scan(stamp)
    clone = stamps[-1]
    for _ in range(clone_rule().min_scans + 10):  # a copied stamp, on many jars
        record_scan(clone)
