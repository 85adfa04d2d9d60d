"""Revocation by list (26/2026 Art. 8): the system builds the list, the OCOP body proposes it, the
provincial chair decides it in one decision — one number from the register, all or nothing, each
certificate's revocation audited as a single revocation is (`services.open_revocation`,
`services.apply_revocation`, the same rules).

Two lists, each with the ground it rests on (the law's or our reading of it, said here once):
- producers that stopped producing or were dissolved, on the commune's confirmation (`ProductionStop`):
  ground đ, "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP" (Art. 8.1đ); the 15 days of
  Art. 8.4 run from the commune's confirmation;
- products whose certificate expired without a re-rating (no re-rating dossier pending, no newer
  certificate): ground e, the competent body's conclusion that the product no longer qualifies.
  26/2026 lets an expired certificate simply lapse; provinces still decide revocations of
  un-renewed products (rules.md §5.3, Đồng Tháp revoked 41 in 12/2023) [C]. This reading is ours.

Only certificates the province decides on (3★/4★, and district 148-2023 ones: `rules.level_of`) are
listed; a 5★ certificate is the Minister's and is revoked alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ocop.accounts.models import Role, User
from ocop.accounts.rules import Need, Rule, role_in
from ocop.audit.models import record
from ocop.certificates.effects import certificates_changed
from ocop.certificates.models import Certificate, in_force_q
from ocop.certificates.services import ISSUERS, register_issuer
from ocop.checks import form_token
from ocop.core.rulebooks import get_rulebook
from ocop.dossiers.models import CLOSED_STATES, Dossier
from ocop.errors import StepRefused
from ocop.notifications import notify
from ocop.numbering import services as numbering
from ocop.producers.models import Producer, Product

from . import rules, services
from .batch_models import ProductionStop, RevocationBatch
from .models import Revocation

# Each list and the revocation ground it rests on (the module docstring gives the reasoning).
GROUNDS: dict[str, str] = {RevocationBatch.Kind.STOPPED: "đ", RevocationBatch.Kind.NOT_RERATED: "e"}


def _today() -> date:
    return timezone.localdate()


# --- rules ------------------------------------------------------------------------------------------

PROVINCIAL_DESK: Need[Any] = Need(
    lambda user, obj: (
        role_in(Role.PROVINCE_STAFF, Role.PROVINCE_LEADER)(user) and user.province_id is not None
    ),
    _l("Trang dành cho cơ quan tham mưu OCOP và lãnh đạo UBND tỉnh"),
)
desk: Rule[Any] = Rule("lifecycle.batch_desk", PROVINCIAL_DESK)
propose: Rule[Any] = Rule(
    "lifecycle.batch_propose",
    Need(
        lambda user, obj: role_in(rules.PROPOSERS["province"])(user) and user.province_id is not None,
        _l("Chỉ cơ quan tham mưu OCOP cấp tỉnh đề nghị thu hồi theo danh sách"),
    ),
)
decide: Rule[RevocationBatch] = Rule(
    "lifecycle.batch_decide",
    Need(
        lambda user, b: role_in(rules.DECIDERS["province"])(user),
        _l("Chỉ lãnh đạo UBND tỉnh quyết định thu hồi"),
    ),
    Need(lambda user, b: user.province_id == b.province_id, _l("Danh sách của tỉnh khác")),
    Need(
        lambda user, b: b.status == RevocationBatch.Status.PROPOSED,
        why=lambda user, b: StepRefused(
            _("Danh sách đã được xử lý (%(status)s, %(who)s); không có gì thay đổi")
            % {"status": b.get_status_display(), "who": b.decided_by}
        ),
    ),
)


def _records_stop(user: Any, producer: Producer) -> bool:
    if role_in(Role.COMMUNE_OFFICER)(user):
        return user.commune_id is not None and user.commune_id == producer.commune_id
    return role_in(Role.PROVINCE_STAFF)(user) and user.province_id == producer.commune.province_id


record_stop: Rule[Producer] = Rule(
    "lifecycle.record_stop",
    Need(
        _records_stop, _l("Chỉ UBND xã nơi chủ thể sản xuất (hoặc cơ quan tham mưu OCOP tỉnh) ghi xác nhận")
    ),
)


# --- the lists the system builds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    certificate: Certificate
    basis: str  # why it is on the list, as the proposal will quote it
    since: date  # the commune's confirmation, or the end of the certificate's force
    deadline: date | None  # Art. 8.4: the decision is due within N days of the confirmation


def _open(province_id: int) -> Any:
    """The province's certificates a list may hold: decided by the province, not revoked or replaced,
    no revocation already proposed."""
    return (
        Certificate.objects.filter(product__producer__commune__province=province_id)
        .exclude(decision__level="central")
        .exclude(status__in=[Certificate.Status.REVOKED, Certificate.Status.REPLACED])
        .exclude(revocations__status=Revocation.Status.PROPOSED)
        .select_related("decision", "product__producer__commune")
        .order_by("product__producer__commune__name", "product_name", "number")
    )


def candidates(province_id: int, kind: str, today: date | None = None) -> list[Candidate]:
    today = today or _today()
    limit = services.revocation_rulebook(today).revocation_time_limit_days
    out: list[Candidate] = []
    if kind == RevocationBatch.Kind.STOPPED:
        stops = list(
            ProductionStop.objects.filter(producer__commune__province=province_id).order_by(
                "confirmed_on", "pk"
            )
        )
        if not stops:
            return []
        whole = {s.producer_id: s for s in stops if s.product_id is None}
        single = {s.product_id: s for s in stops if s.product_id is not None}
        for c in _open(province_id).filter(
            Q(product__producer__in=whole.keys()) | Q(product__in=single.keys())
        ):
            stop = single.get(c.product_id) or whole[c.product.producer_id]
            out.append(
                Candidate(
                    c,
                    _("UBND xã xác nhận %(kind)s ngày %(day)s (%(ref)s)")
                    % {
                        "kind": stop.get_kind_display().lower(),
                        "day": f"{stop.confirmed_on:%d/%m/%Y}",
                        "ref": stop.reference,
                    },
                    stop.confirmed_on,
                    stop.confirmed_on + timedelta(days=limit) if limit else None,
                )
            )
    elif kind == RevocationBatch.Kind.NOT_RERATED:
        pending = (
            Dossier.objects.filter(kind="rerating", previous_certificate__isnull=False)
            .exclude(state__in=CLOSED_STATES)
            .values("previous_certificate")
        )
        expired = (
            _open(province_id)
            .filter(
                Q(status=Certificate.Status.EXPIRED)
                | (Q(status=Certificate.Status.VALID) & ~in_force_q(today))
            )
            .exclude(pk__in=pending)
        )
        for c in expired:
            end = c.extended_until or c.valid_until
            out.append(
                Candidate(
                    c,
                    _("Hết hiệu lực từ ngày %(day)s, không được đánh giá lại")
                    % {"day": f"{end + timedelta(days=1):%d/%m/%Y}"},
                    end,
                    None,
                )
            )
    return out


# --- services ------------------------------------------------------------------------------------------


@transaction.atomic
def record_production_stop(
    user: User,
    producer: Producer,
    *,
    kind: str,
    confirmed_on: date | None,
    reference: str,
    product: Product | None = None,
    note: str = "",
    today: date | None = None,
) -> ProductionStop:
    """The commune confirms that a producer stopped producing (a product, or all) or was dissolved."""
    today = today or _today()
    producer = Producer.objects.select_for_update().select_related("commune").get(pk=producer.pk)
    record_stop.check(user, producer)
    if kind not in ProductionStop.Kind.values:
        raise StepRefused(_("Tình trạng không hợp lệ"))
    if product is not None and product.producer_id != producer.pk:
        raise StepRefused(_("Sản phẩm không phải của chủ thể"))
    if kind == ProductionStop.Kind.DISSOLVED and product is not None:
        raise StepRefused(_("Giải thể là của chủ thể, không của một sản phẩm: để trống ô sản phẩm"))
    if confirmed_on is None:
        raise StepRefused(_("Cần ngày xã xác nhận"))
    if confirmed_on > today:
        raise StepRefused(_("Ngày xác nhận không thể ở tương lai"))
    if not (reference or "").strip():
        raise StepRefused(_("Cần số văn bản xác nhận của UBND xã"))
    stop = ProductionStop.objects.create(
        producer=producer,
        product=product,
        kind=kind,
        confirmed_on=confirmed_on,
        reference=reference.strip()[:100],
        note=(note or "").strip()[:500],
        recorded_by=user,
    )
    record(
        user,
        "revocation.production_stop",
        subject=f"producer:{producer.pk}",
        kind=kind,
        product=product.pk if product else None,
        confirmed_on=confirmed_on.isoformat(),
    )
    return stop


@transaction.atomic
def propose_batch(
    user: User,
    kind: str,
    certificate_ids: Iterable[int],
    *,
    note: str,
    token: Any,
    today: date | None = None,
) -> RevocationBatch:
    """Propose the chosen certificates of the list, all or nothing: every one must still be on the list
    the system builds now (not revoked, re-rated or proposed meanwhile)."""
    today = today or _today()
    token = form_token(token)
    propose.check(user, None)
    earlier = RevocationBatch.objects.filter(token=token).first()
    if earlier is not None:
        raise StepRefused(
            _("Danh sách này đã được gửi lúc %(when)s; không gửi lại lần nữa")
            % {"when": f"{timezone.localtime(earlier.proposed_at):%H:%M %d/%m/%Y}"}
        )
    if kind not in GROUNDS:
        raise StepRefused(_("Danh sách không hợp lệ"))
    if not (note or "").strip():
        raise StepRefused(_("Cần ghi rõ nội dung đề nghị"))
    wanted = sorted(set(certificate_ids))
    if not wanted:
        raise StepRefused(_("Chọn ít nhất một giấy chứng nhận trong danh sách"))
    assert user.province_id is not None
    # Lock the chosen certificates (in id order, as every path does), then rebuild the list.
    locked = {
        c.pk: c
        for c in Certificate.objects.select_for_update(of=("self",))
        .select_related("decision", "product__producer__commune")
        .filter(pk__in=wanted)
        .order_by("pk")
    }
    listed = {c.certificate.pk: c for c in candidates(user.province_id, kind, today)}
    gone = [locked[pk].number if pk in locked else str(pk) for pk in wanted if pk not in listed]
    if gone:
        raise StepRefused(
            _(
                "Giấy chứng nhận %(numbers)s không còn trong danh sách (đã có đề nghị, đã thu hồi, "
                "đã đánh giá lại hoặc không thuộc tỉnh); không có gì được gửi, hãy tải lại danh sách"
            )
            % {"numbers": ", ".join(gone)}
        )
    rulebook = services.revocation_rulebook(today)
    ground = GROUNDS[kind]
    if ground not in rulebook.revocation_grounds:
        raise StepRefused(_("Căn cứ thu hồi không có trong bộ quy tắc %(id)s") % {"id": rulebook.id})
    try:
        with transaction.atomic():
            batch = RevocationBatch.objects.create(
                province_id=user.province_id,
                kind=kind,
                rulebook_id=rulebook.id,
                ground=ground,
                ground_text=rulebook.revocation_grounds[ground],
                note=note.strip(),
                token=token,
                proposed_by=user,
            )
    except IntegrityError:
        raise StepRefused(_("Danh sách này đã được gửi; không gửi lại lần nữa")) from None
    for pk in wanted:
        services.open_revocation(
            user,
            locked[pk],
            rulebook=rulebook,
            ground=ground,
            note=f"{note.strip()}\n{listed[pk].basis}",
            batch=batch,
        )
    record(
        user,
        "revocation.batch_propose",
        subject=f"revocation-batch:{batch.pk}",
        kind=kind,
        ground=ground,
        certificates=[locked[pk].number for pk in wanted],
    )
    notify(
        services.deciders_of("province", user.province_id),
        _("Đề nghị thu hồi %(n)d giấy chứng nhận OCOP theo danh sách") % {"n": len(wanted)},
        _("%(kind)s: %(numbers)s.\n%(note)s")
        % {
            "kind": batch.get_kind_display(),
            "numbers": ", ".join(locked[pk].number for pk in wanted),
            "note": note.strip(),
        },
    )
    return batch


def _items(batch: RevocationBatch) -> list[Revocation]:
    return list(
        Revocation.objects.select_for_update(of=("self",))
        .select_related("certificate__decision", "certificate__product__producer__commune__province")
        .filter(batch=batch)
        .order_by("certificate_id")
    )


def deadline(batch: RevocationBatch) -> date | None:
    """Art. 8.4: within N days of the commune's confirmation (the earliest on the list), or of the
    proposal when the list rests on no confirmation."""
    limit = get_rulebook(batch.rulebook_id).revocation_time_limit_days
    if limit is None:
        return None
    start = timezone.localdate(batch.proposed_at)
    if batch.kind == RevocationBatch.Kind.STOPPED:
        producers = batch.revocations.values("certificate__product__producer")
        first = ProductionStop.objects.filter(producer__in=producers).order_by("confirmed_on").first()
        if first is not None:
            start = first.confirmed_on
    return start + timedelta(days=limit)


@transaction.atomic
def decide_batch(
    user: User,
    batch: RevocationBatch,
    *,
    number: str,
    decided_on: date,
    signer_title: str,
    note: str = "",
    today: date | None = None,
) -> RevocationBatch:
    """One decision revokes every certificate on the list: one number taken from the register, each
    revocation applied and audited; any refusal leaves everything as it was."""
    today = today or _today()
    batch = (
        RevocationBatch.objects.select_for_update(of=("self",))
        .select_related("province", "decided_by")
        .get(pk=batch.pk)
    )
    decide.check(user, batch)
    items = _items(batch)
    for revocation in items:
        rules.decide_listed.check(user, revocation)
    services.check_decision_fields(
        number, signer_title, decided_on, timezone.localdate(batch.proposed_at), today
    )
    issued = numbering.take(
        issuer=register_issuer("province", batch.province),
        text=number,
        issued_on=decided_on,
        kind="revocation",
        subject=f"revocation-batch:{batch.pk}",
        user=user,
    )
    decision_number = f"{issued.number}/{issued.symbol}"
    issuer = ISSUERS["province"].format(province=batch.province.name.upper())
    certificates = {
        c.pk: c
        for c in Certificate.objects.select_for_update()
        .filter(pk__in=[r.certificate_id for r in items])
        .order_by("pk")
    }
    for revocation in items:
        services.apply_revocation(
            user,
            revocation,
            certificates[revocation.certificate_id],
            decision_number=decision_number,
            decided_on=decided_on,
            signer_title=signer_title,
            issuer=issuer,
            note=note,
        )
    batch.status = RevocationBatch.Status.DECIDED
    batch.decided_by, batch.decided_at = user, timezone.now()
    batch.decision_number, batch.decision_date = decision_number, decided_on
    batch.signer_title, batch.issuer, batch.decision_note = signer_title.strip(), issuer, note.strip()
    batch.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_number",
            "decision_date",
            "signer_title",
            "issuer",
            "decision_note",
        ]
    )
    record(
        user,
        "revocation.batch_decide",
        subject=f"revocation-batch:{batch.pk}",
        number=decision_number,
        date=decided_on.isoformat(),
        certificates=[certificates[r.certificate_id].number for r in items],
    )
    certificates_changed(c.product_id for c in certificates.values())
    return batch


@transaction.atomic
def dismiss_batch(user: User, batch: RevocationBatch, *, note: str) -> RevocationBatch:
    """Not revoking: every proposal of the list dismissed with the reason."""
    batch = (
        RevocationBatch.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=batch.pk)
    )
    decide.check(user, batch)
    if not (note or "").strip():
        raise StepRefused(_("Cần ghi rõ lý do không thu hồi"))
    for revocation in _items(batch):
        rules.decide_listed.check(user, revocation)
        services.apply_dismissal(user, revocation, note)
    batch.status = RevocationBatch.Status.DISMISSED
    batch.decided_by, batch.decided_at, batch.decision_note = user, timezone.now(), note.strip()
    batch.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record(user, "revocation.batch_dismiss", subject=f"revocation-batch:{batch.pk}", note=note.strip())
    return batch


def batches_for(user: Any) -> Any:
    if not desk(user, None):
        return RevocationBatch.objects.none()
    return RevocationBatch.objects.filter(province=user.province_id).select_related(
        "proposed_by", "decided_by"
    )


def stops_for(user: Any) -> Any:
    qs = ProductionStop.objects.select_related("producer__commune", "product", "recorded_by")
    if role_in(Role.COMMUNE_OFFICER)(user) and user.commune_id:
        return qs.filter(producer__commune=user.commune_id)
    if desk(user, None):
        return qs.filter(producer__commune__province=user.province_id)
    return qs.none()
