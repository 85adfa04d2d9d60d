"""Traceability stamps: requesting a batch, and what each scan records.

`request_stamps` is the one write path for batches: it checks the actor's right and the product's
certificate inside the transaction, locks the product so one lot is made once, audits, and tells
the producer after commit. `record_scan` counts a scan with one update (no lock on the hot path)
and flags the stamp once when the clone rule says so.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, User
from ocop.audit.models import record
from ocop.certificates.models import CODE_ALPHABET, Certificate, in_force_q
from ocop.errors import StepRefused
from ocop.national import rules
from ocop.national.models import PartnerToken
from ocop.national.tokens import audited_as
from ocop.notifications import notify
from ocop.producers.models import Product

from .clone import CloneRule, Suspicion, suspicion
from .links import LOT, gtin14
from .models import Stamp, StampBatch

SERIAL_LENGTH = 10  # 32^10 ≈ 10^15 serials: guessing one that exists is hopeless
DEFAULT_MAX_PER_BATCH = 10_000


def max_per_batch() -> int:
    return int(getattr(settings, "OCOP_STAMP_MAX_PER_BATCH", DEFAULT_MAX_PER_BATCH))


def clone_rule() -> CloneRule:
    return CloneRule.from_settings(settings)


def _serials(count: int) -> list[str]:
    """`count` new serials, none already taken (checked in slices; a clash is astronomically rare)."""
    wanted: set[str] = set()
    while len(wanted) < count:
        fresh = {
            "".join(secrets.choice(CODE_ALPHABET) for _ in range(SERIAL_LENGTH))
            for _ in range(count - len(wanted))
        }
        fresh -= wanted
        batch = sorted(fresh)
        for start in range(0, len(batch), 900):
            taken = set(
                Stamp.objects.filter(serial__in=batch[start : start + 900]).values_list("serial", flat=True)
            )
            fresh -= taken
        wanted |= fresh
    return sorted(wanted)


def _certificate_in_force(product: Product, today: date) -> Certificate | None:
    return (
        Certificate.objects.filter(in_force_q(today), product=product).order_by("-valid_from", "-pk").first()
    )


def request_stamps(
    *,
    actor: Any,
    product: Product,
    lot: str,
    quantity: int,
    produced_on: date,
    expires_on: date,
    gtin: str = "",
) -> StampBatch:
    """A batch of `quantity` stamps for one lot of a certified product (its producer asks, or a
    partner token of its province with `stamps:write`)."""
    lot = lot.strip()
    if not LOT.match(lot):
        raise StepRefused(_("Số lô gồm 1–20 ký tự: chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới"))
    if not 1 <= quantity <= max_per_batch():
        raise StepRefused(_("Số lượng tem mỗi lô từ 1 đến %(max)s") % {"max": max_per_batch()})
    today = timezone.localdate()
    if produced_on > today:
        raise StepRefused(_("Ngày sản xuất không được sau hôm nay"))
    if expires_on <= produced_on:
        raise StepRefused(_("Hạn sử dụng phải sau ngày sản xuất"))
    normalised = ""
    if gtin.strip():
        normalised = gtin14(gtin) or ""
        if not normalised:
            raise StepRefused(_("Mã GTIN không hợp lệ (8, 12, 13 hoặc 14 chữ số, số kiểm tra đúng)"))
    token = actor if isinstance(actor, PartnerToken) else None
    with transaction.atomic():
        product = Product.objects.select_for_update().select_related("producer__commune").get(pk=product.pk)
        rules.request_stamps.check(actor, product)
        certificate = _certificate_in_force(product, today)
        if certificate is None:
            raise StepRefused(_("Sản phẩm không có giấy chứng nhận OCOP còn hiệu lực: không cấp tem"))
        if StampBatch.objects.filter(product=product, lot=lot).exists():
            raise StepRefused(_("Lô %(lot)s của sản phẩm này đã có tem") % {"lot": lot})
        batch = StampBatch.objects.create(
            product=product,
            certificate=certificate,
            lot=lot,
            quantity=quantity,
            produced_on=produced_on,
            expires_on=expires_on,
            gtin=normalised,
            requested_by=None if token else actor,
            requested_via=token,
        )
        Stamp.objects.bulk_create([Stamp(batch=batch, serial=s) for s in _serials(quantity)], batch_size=1000)
        user, via = audited_as(actor)
        record(
            user,
            "stamps.request",
            subject=f"stamp_batch:{batch.pk}",
            product=product.pk,
            certificate=certificate.number,
            lot=lot,
            quantity=quantity,
            **via,
        )
        producer_users = list(User.objects.filter(producer=product.producer_id, is_active=True))
        body = _("Đã tạo %(n)s tem truy xuất cho lô %(lot)s của sản phẩm %(product)s.") % {
            "n": quantity,
            "lot": lot,
            "product": product.name,
        }
        transaction.on_commit(lambda: notify(producer_users, _("Tem truy xuất đã được tạo"), body))
    return batch


@dataclass(frozen=True)
class Scan:
    stamp: Stamp
    batch: StampBatch
    scans: int  # this stamp's count, this scan included
    flagged: bool


def find_stamp(serial: str) -> Stamp | None:
    serial = serial.strip().upper()
    if len(serial) != SERIAL_LENGTH or any(ch not in CODE_ALPHABET for ch in serial):
        return None  # not a serial we make: no query
    return (
        Stamp.objects.select_related(
            "batch__certificate__decision", "batch__product__producer__commune__province"
        )
        .filter(serial=serial)
        .first()
    )


def record_scan(stamp: Stamp, province_code: int | None = None) -> Scan:
    """Count one scan of `stamp`; flag the stamp once if it now looks copied.

    One update and no lock on this hot path: the count is incremented in the database (`F()`), so
    concurrent scans are all counted, and the rule reads it as loaded with the stamp plus this scan,
    which is exact enough for a threshold. The batch's total is summed only when the rule needs it."""
    now = timezone.now()
    batch = stamp.batch
    # An autocommitted counter, no transaction of its own: a scan is not audited, and the one write
    # that is (the flag) has its transaction in `_flag`.
    Stamp.objects.filter(pk=stamp.pk).update(
        scans=F("scans") + 1, last_scanned_at=now, first_scanned_at=Coalesce(F("first_scanned_at"), now)
    )
    stamp.scans += 1
    if province_code is not None and province_code not in stamp.provinces:
        stamp.provinces = _add_province(stamp.pk, province_code)
    flagged = stamp.flagged_at is not None
    if not flagged:
        rule = clone_rule()
        # The batch's scans are only needed once this stamp has enough scans to be compared.
        batch_scans = batch_total(batch) if stamp.scans >= rule.min_scans else stamp.scans
        reason = suspicion(
            rule,
            scans=stamp.scans,
            batch_scans=batch_scans,
            quantity=batch.quantity,
            provinces=len(stamp.provinces),
        )
        if reason is not None:
            flagged = _flag(stamp, batch, reason, now)
    return Scan(stamp, batch, stamp.scans, flagged)


def batch_total(batch: StampBatch) -> int:
    return int(batch.stamps.aggregate(total=Sum("scans"))["total"] or 0)


def with_scans(batches: Any) -> Any:
    """Batches with `scans`, the sum of their stamps' scans (newest first: a grouped query drops the
    model's ordering)."""
    return batches.annotate(scans=Coalesce(Sum("stamps__scans"), 0)).order_by("-requested_at", "-pk")


@transaction.atomic
def _add_province(stamp_pk: int, province_code: int) -> list[int]:
    locked = Stamp.objects.select_for_update().get(pk=stamp_pk)
    if province_code not in locked.provinces:
        locked.provinces = sorted([*locked.provinces, province_code])
        locked.save(update_fields=["provinces"])
    return list(locked.provinces)


@transaction.atomic
def _flag(stamp: Stamp, batch: StampBatch, reason: Suspicion, now: Any) -> bool:
    """Flag once: only the scan whose conditional update wins writes the audit and the notice."""
    won = Stamp.objects.filter(pk=stamp.pk, flagged_at__isnull=True).update(
        flagged_at=now, flag_reason=reason
    )
    stamp.flagged_at, stamp.flag_reason = now, str(reason)
    if not won:
        return True
    scans, provinces = stamp.scans, len(stamp.provinces)
    record(
        None,
        "stamps.flag_clone",
        subject=f"stamp:{stamp.pk}",
        serial=stamp.serial,
        batch=batch.pk,
        reason=str(reason),
        scans=scans,
        provinces=provinces,
    )
    province_id = batch.product.producer.commune.province_id
    staff = list(User.objects.filter(role=Role.PROVINCE_STAFF, province=province_id, is_active=True))
    body = _("Tem %(serial)s (lô %(lot)s, %(product)s) có dấu hiệu bị sao chép: %(scans)s lượt quét.") % {
        "serial": stamp.serial,
        "lot": batch.lot,
        "product": batch.product.name,
        "scans": scans,
    }
    transaction.on_commit(lambda: notify(staff, _("Tem nghi bị sao chép"), body))
    return True


def scan_province(raw: str) -> int | None:
    """The province code a deployment's proxy passed in its header (OCOP_SCAN_PROVINCE_HEADER), if it
    is a province we know. The proxy derives it from the address at scan time; we never see that."""
    from ocop.areas.models import Province

    value = raw.strip()
    if not value.isdigit() or len(value) > 3:
        return None
    code = int(value)
    return code if Province.objects.filter(code=code).exists() else None


def flagged_stamps(batches: Any) -> Any:
    return (
        Stamp.objects.filter(batch__in=batches, flagged_at__isnull=False)
        .select_related("batch__product")
        .order_by("-flagged_at")
    )
