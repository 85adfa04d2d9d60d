"""The recognition decision and its certificates: the last step of an evaluation at a level."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from ocop.accounts.models import Role, User
from ocop.audit.models import record
from ocop.core.calendar_dates import add_months
from ocop.councils.models import Result
from ocop.dossiers.models import Dossier
from ocop.dossiers.services import StepRefused, _move
from ocop.notifications import notify

from .models import Certificate, Decision, DecisionItem

ISSUERS = {"province": "ỦY BAN NHÂN DÂN TỈNH {province}", "central": "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"}


def _result(dossier: Dossier) -> Result:
    result = Result.objects.filter(item__dossier=dossier).order_by("-computed_at").first()
    if result is None:
        raise StepRefused(f"{dossier.product}: chưa có kết quả chấm điểm", "no council result yet")
    return result


def next_certificate_number(level: str, province_code: int | None, year: int) -> str:
    """A per-issuer, per-year sequence: 012/2026/OCOP-20 (province 20), 003/2026/OCOP-TW (central)."""
    suffix = f"OCOP-{province_code}" if level == "province" else "OCOP-TW"
    taken = Certificate.objects.filter(number__endswith=f"/{year}/{suffix}").count()
    return f"{taken + 1:03d}/{year}/{suffix}"


@transaction.atomic
def sign_decision(
    user: User, dossiers: Sequence[Dossier], *, number: str, signed_on: date, signer_title: str
) -> Decision:
    """The competent person decides on scored dossiers: certificates for recognised stars, the rest recorded."""
    if not dossiers:
        raise StepRefused("Chưa chọn sản phẩm nào", "no product selected")
    # Decide on the rows as they are now, locked, not on what the caller loaded earlier.
    dossiers = list(
        Dossier.objects.select_for_update().filter(pk__in=[d.pk for d in dossiers]).order_by("pk")
    )
    if not number.strip() or not signer_title.strip():
        raise StepRefused(
            "Cần số quyết định và chức vụ người ký", "decision number and signer title are required"
        )
    levels = {d.level for d in dossiers}
    if len(levels) != 1:
        raise StepRefused("Các sản phẩm phải cùng một cấp", "all products must be at the same level")
    level = levels.pop()
    if (level, user.role) not in (("province", Role.PROVINCE_LEADER), ("central", Role.CENTRAL_STAFF)):
        raise StepRefused("Bạn không có thẩm quyền ký quyết định ở cấp này", "you may not sign at this level")
    rulebooks = {d.rulebook_id for d in dossiers}
    province = user.province if level == "province" else None
    decision = Decision.objects.create(
        number=number.strip(),
        signed_on=signed_on,
        signer=user,
        signer_title=signer_title.strip(),
        issuer=ISSUERS[level].format(province=(province.name.upper() if province else "")),
        province=province,
        level=level,
        rulebook_id=", ".join(sorted(rulebooks)),
    )
    for dossier in dossiers:
        result = _result(dossier)
        if result.status == "rescore":
            raise StepRefused(f"{dossier.product}: hội đồng phải chấm lại", "the council must re-score")
        if result.recognised_at:
            outcome, action = DecisionItem.Outcome.RECOGNISED, "recognise"
        elif result.forwarded_to:
            outcome, action = DecisionItem.Outcome.FORWARDED, "forward"
        else:
            outcome, action = DecisionItem.Outcome.NOT_RECOGNISED, "reject"
        _move(dossier, action, user)
        if action == "forward":
            dossier.level = "central"
        dossier.save()
        DecisionItem.objects.create(
            decision=decision, dossier=dossier, outcome=outcome, star=result.star, total=result.total
        )
        certificate = None
        if outcome == DecisionItem.Outcome.RECOGNISED:
            certificate = issue_certificate(decision, dossier, result)
        record(
            user,
            f"decision.{outcome}",
            dossier=dossier,
            decision=decision.number,
            star=result.star,
            total=str(result.total),
            certificate=certificate.number if certificate else None,
        )
        notify(
            dossier.product.producer.users.all(),
            f"Kết quả đánh giá: {dossier.product}",
            f"Quyết định {decision.number} ngày {signed_on:%d/%m/%Y}: {outcome.label}"
            + (f", {result.star} sao, giấy chứng nhận {certificate.number}" if certificate else ""),
        )
    return decision


def issue_certificate(decision: Decision, dossier: Dossier, result: Result) -> Certificate:
    product = dossier.product
    rulebook = dossier.rulebook
    months = rulebook.certificate_validity_months or 36
    province_code = dossier.commune.province.code
    # An upgrade or re-rating replaces the earlier certificate; it stays in the record.
    if dossier.previous_certificate_id:
        Certificate.objects.filter(
            pk=dossier.previous_certificate_id, status=Certificate.Status.VALID
        ).update(status=Certificate.Status.REPLACED)
    return Certificate.objects.create(
        number=next_certificate_number(decision.level, province_code, decision.signed_on.year),
        decision=decision,
        dossier=dossier,
        product=product,
        star=result.star,
        total=result.total,
        rulebook_id=rulebook.id,
        scorecard_number=result.scorecard_number,
        product_name=product.name,
        producer_name=product.producer.name,
        producer_address=product.producer.address,
        valid_from=decision.signed_on,
        valid_until=add_months(decision.signed_on, months),
    )


def in_force(certificate: Certificate, on: date) -> bool:
    return (
        certificate.status == Certificate.Status.VALID
        and certificate.valid_from <= on <= certificate.valid_until
    )
