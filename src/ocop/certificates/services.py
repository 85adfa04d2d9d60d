"""The recognition decision and its certificates: the last step of an evaluation at a level."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction

from ocop.accounts.models import Role, User
from ocop.accounts.rules import PROVINCIAL
from ocop.core.calendar_dates import add_months
from ocop.core.process import State
from ocop.core.rulebooks import get_rulebook
from ocop.councils.models import Result
from ocop.documents import CertificateDoc, DecisionDoc, DecisionProduct, Issuer, Signer
from ocop.dossiers.models import Dossier
from ocop.dossiers.selectors import dossiers_for
from ocop.dossiers.workflow import lock_for, move
from ocop.errors import StepRefused
from ocop.notifications import notify
from ocop.numbering import services as numbering

from . import rules
from .effects import certificates_changed
from .models import Certificate, Decision, DecisionItem

ISSUERS = {"province": "ỦY BAN NHÂN DÂN TỈNH {province}", "central": "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"}
# The symbol of a decision of each level (Decree 30/2020, Appendix I: kind of document - issuer).
DECISION_SYMBOLS = {"province": "QĐ-UBND", "central": "QĐ-BNNMT"}
# District-level units before 1/7/2025 (148-2023 recognised 3★ there); a bare name is a huyện.
DISTRICT_UNITS = {"huyện": "huyện", "thị xã": "thị xã", "thành phố": "thành phố", "quận": "quận"}
DISTRICT_ABBREVIATIONS = {"tp.": "thành phố", "tx.": "thị xã"}
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN "


def _district_parts(old_district: str, bare: str = "huyện") -> tuple[str, str]:
    """("huyện", "Văn Quan") from "Huyện Văn Quan" or "HUYỆN VĂN QUAN"; a name without its unit gets
    `bare` (the register's column is "Huyện (cũ)"); ("", "") when empty."""
    name = " ".join(unicodedata.normalize("NFC", old_district).split())
    lower = name.lower()
    for prefix, unit in (*DISTRICT_UNITS.items(), *DISTRICT_ABBREVIATIONS.items()):
        if lower.startswith(prefix + " ") or (prefix.endswith(".") and lower.startswith(prefix)):
            return unit, name[len(prefix) :].strip()
    return (bare, name) if name else ("", "")


def district_issuer(old_district: str) -> str:
    """The issuer of a 148-2023 district decision, from the district as an old address writes it:
    "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN". Empty when the district is not known (never made up)."""
    unit, name = _district_parts(old_district)
    return f"{PEOPLES_COMMITTEE}{unit} {name}".upper() if name else ""


def _result(dossier: Dossier) -> Result:
    result = Result.objects.filter(item__dossier=dossier).order_by("-computed_at").first()
    if result is None:
        raise StepRefused(f"{dossier.product}: chưa có kết quả chấm điểm", "no council result yet")
    return result


def next_certificate_number(level: str, province_code: int | None, year: int) -> str:
    """A per-issuer, per-year sequence: 012/2026/OCOP-20 (province 20), 003/2026/OCOP-TW (central).

    The next number after the highest taken (an imported register may have left gaps). Call it inside
    the transaction that saves the certificate: on PostgreSQL it holds a lock on the sequence until
    then, so two decisions signed at the same moment cannot take the same number.
    """
    return next_in_sequence(f"OCOP-{province_code}" if level == "province" else "OCOP-TW", year)


def next_in_sequence(suffix: str, year: int) -> str:
    """The next number of the sequence NNN/<year>/<suffix> (see next_certificate_number)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"certificate-number {suffix}"])
    taken = Certificate.objects.filter(number__endswith=f"/{year}/{suffix}").values_list("number", flat=True)
    # isdecimal, not isdigit: "²".isdigit() is true and int("²") fails
    last = max((int(n.split("/", 1)[0]) for n in taken if n.split("/", 1)[0].isdecimal()), default=0)
    return f"{last + 1:03d}/{year}/{suffix}"


def register_issuer(level: str, province: Any) -> numbering.Issuer:
    """The body whose sequence a decision (or a revocation decision) of this level takes its number
    from: the provincial People's Committee, or the ministry."""
    if level == "central":
        return numbering.Issuer("trung-uong", ISSUERS["central"])
    return numbering.Issuer(
        f"tinh-{province.code}", ISSUERS["province"].format(province=province.name.upper())
    )


def decision_number_for(user: User, on: date) -> str:
    """The decision number the signing form proposes: the next free one of the signer's issuer."""
    level = "central" if user.role == Role.CENTRAL_STAFF else "province"
    if level == "province" and user.province is None:
        return ""
    return numbering.propose(register_issuer(level, user.province), on.year, DECISION_SYMBOLS[level])


@transaction.atomic
def sign_decision(
    user: User, dossiers: Sequence[Dossier], *, number: str, signed_on: date, signer_title: str
) -> Decision:
    """The competent person decides on scored dossiers: certificates for recognised stars, the rest recorded.

    Each dossier is locked (in id order, so two decisions over the same dossiers cannot deadlock) and
    checked as stored now: a dossier another decision took first is refused with who and when. The
    number is taken from the issuer's register. Producers are told after commit only."""
    if not dossiers:
        raise StepRefused("Chưa chọn sản phẩm nào", "no product selected")
    if not number.strip() or not signer_title.strip():
        raise StepRefused(
            "Cần số quyết định và chức vụ người ký", "decision number and signer title are required"
        )
    steps = []
    for dossier in sorted(dossiers, key=lambda d: d.pk):
        result = _result(dossier)
        if result.status == "rescore":
            raise StepRefused(f"{dossier.product}: hội đồng phải chấm lại", "the council must re-score")
        outcome, action = decision_outcome(dossier, result)
        lock_for(user, dossier, action)
        steps.append((dossier, result, outcome, action))
    levels = {d.level for d, *_ in steps}
    if len(levels) != 1:
        raise StepRefused("Các sản phẩm phải cùng một cấp", "all products must be at the same level")
    level = levels.pop()
    for dossier, *_ in steps:
        rules.sign.check(user, dossier)
    rulebooks = {d.rulebook_id for d, *_ in steps}
    province = user.province if level == "province" else None
    issued = numbering.take(
        issuer=register_issuer(level, province),
        text=number,
        issued_on=signed_on,
        kind="decision",
        subject="decision",
        user=user,
    )
    decision = Decision.objects.create(
        number=f"{issued.number}/{issued.symbol}",
        signed_on=signed_on,
        signer=user,
        signer_title=signer_title.strip(),
        issuer=ISSUERS[level].format(province=(province.name.upper() if province else "")),
        province=province,
        level=level,
        rulebook_id=", ".join(sorted(rulebooks)),
    )
    numbering.retarget(issued, f"decision:{decision.pk}")
    for dossier, result, outcome, action in steps:
        if action == "forward":
            dossier.level = "central"
        elif action == "central_return":
            dossier.level = "province"
        DecisionItem.objects.create(
            decision=decision, dossier=dossier, outcome=outcome, star=result.star, total=result.total
        )
        certificate = None
        if outcome == DecisionItem.Outcome.RECOGNISED:
            certificate = issue_certificate(decision, dossier, result)
        move(
            user,
            dossier,
            action,
            event=f"decision.{outcome}",
            fields=("level",),
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
        if action == "central_return":
            province = dossier.commune.province
            notify(
                User.objects.filter(
                    role__in=(Role.PROVINCE_LEADER, Role.PROVINCE_STAFF), province=province, is_active=True
                ),
                f"Trung ương thông báo kết quả: {dossier.product}",
                f"Hội đồng cấp trung ương đánh giá {dossier.product} đạt {result.total} điểm, không đạt 5 sao. "
                "Theo Điều 7.4g QĐ 26/2026/QĐ-TTg, Chủ tịch UBND tỉnh xem xét công nhận 3 sao, 4 sao căn cứ "
                "kết quả này, hoặc tổ chức đánh giá lại theo thẩm quyền.",
            )
    return decision


def decision_outcome(dossier: Dossier, result: Result) -> tuple[DecisionItem.Outcome, str]:
    """What a decision does with a scored dossier, and the process step it takes.

    - a star the level recognises: recognised; ≥ 90 with the 5★ minimums at the province: proposed
      to the centre (Art. 7.3đ);
    - the central council's result below 5★: the ministry tells the province (Art. 7.4g: "Trường hợp
      sản phẩm không đạt 90 điểm, Chủ tịch UBND cấp tỉnh có thể căn cứ vào kết quả đánh giá của Hội
      đồng cấp trung ương để xem xét, quyết định công nhận … 3 sao, 4 sao hoặc tổ chức đánh giá … theo
      thẩm quyền"). Our reading covers every central result short of 5★, a ≥ 90 total that misses a
      5★ minimum too: the central council proposes 5★ only for a product "đáp ứng tiêu chí";
    - back at the province on that result: recognised at the central council's star when it is 3★
      or 4★ (the province's own powers), otherwise not recognised.
    """
    if dossier.state_enum == State.CENTRAL_RETURNED:
        province = dossier.rulebook.level("province")
        if province is not None and result.star in province.recognises:
            return DecisionItem.Outcome.RECOGNISED, "recognise"
        return DecisionItem.Outcome.NOT_RECOGNISED, "reject"
    if result.recognised_at:
        return DecisionItem.Outcome.RECOGNISED, "recognise"
    if result.forwarded_to:
        return DecisionItem.Outcome.FORWARDED, "forward"
    if dossier.level == "central":
        return DecisionItem.Outcome.RETURNED, "central_return"
    return DecisionItem.Outcome.NOT_RECOGNISED, "reject"


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
    certificate = Certificate.objects.create(
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
    certificates_changed([product.pk])
    return certificate


# --- who sees what (built on the selectors) and the documents ------------------------------------


def decision_queue(user: User) -> Any:
    """Scored dossiers waiting for this user's signature: the leader's province, or the central level."""
    if user.role == Role.PROVINCE_LEADER:
        return dossiers_for(user).filter(state__in=(State.SCORED, State.CENTRAL_RETURNED), level="province")
    if user.role == Role.CENTRAL_STAFF:
        return dossiers_for(user).filter(state=State.SCORED, level="central")
    return Dossier.objects.none()


def latest_result(dossier: Dossier) -> Result | None:
    return Result.objects.filter(item__dossier=dossier).order_by("-computed_at").first()


def decisions_for(user: User) -> Any:
    """Decisions of the user's province (staff, leader) or of the central level (central staff)."""
    qs = Decision.objects.select_related("province", "signer")
    if user.role in PROVINCIAL and user.province_id:
        # with the 148-era district decisions of the province's register (the districts are gone)
        return qs.filter(province=user.province_id, level__in=("province", "district"))
    if user.role == Role.CENTRAL_STAFF:
        return qs.filter(level="central")
    return qs.none()


def level_issuer(level: str, province: str) -> Issuer:
    """The provincial People's Committee, or the ministry for the central level, as documents print it."""
    if level == "central":
        return Issuer(name="Bộ Nông nghiệp và Môi trường", place="Hà Nội")
    return Issuer(name=f"Ủy ban nhân dân tỉnh {province}", place=province)


def decision_issuer(decision: Decision) -> Issuer:
    """Who issued a decision, as documents print it: by the decision's level (from its rulebook)."""
    province = decision.province.name if decision.province else ""
    if decision.level == "district":
        # A 148-2023 district decision: the district exists only in the recorded issuer.
        written = decision.issuer.strip()
        upper = unicodedata.normalize("NFC", written).upper()
        unit, name = _district_parts(upper.removeprefix(PEOPLES_COMMITTEE), bare="")
        if upper.startswith(PEOPLES_COMMITTEE) and unit and name:
            return Issuer(name=f"Ủy ban nhân dân {unit} {name.title()}", place=name.title())
        return Issuer(name=written or "Ủy ban nhân dân cấp huyện", place=province)
    return level_issuer(decision.level, province)


def _signer(decision: Decision) -> Signer:
    """A deputy signs on behalf of the head (Decree 30/2020, Appendix I: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")."""
    title = decision.signer_title.strip()
    on_behalf = ""
    if title.lower().startswith("phó "):
        on_behalf = "KT. " + title[4:].strip().capitalize()
    elif title.lower() == "thứ trưởng":
        on_behalf = "KT. Bộ trưởng"
    return Signer(title, decision.signer.full_name or str(decision.signer), on_behalf=on_behalf)


def product_group(rulebook_id: str, number: int) -> str:
    try:
        card = get_rulebook(rulebook_id).scorecard(number)
    except KeyError:
        return f"số {number:02d}"
    title = card.title.removeprefix("Bộ sản phẩm:").strip()
    return f"số {number:02d} - {title}"


def certificate_doc(certificate: Certificate, verification_url: str) -> CertificateDoc:
    decision = certificate.decision
    return CertificateDoc(
        issuer=decision_issuer(decision),
        certificate_number=certificate.number,
        product_name=certificate.product_name,
        producer_name=certificate.producer_name,
        producer_address=certificate.producer_address,
        stars=certificate.star,
        product_group=product_group(certificate.rulebook_id, certificate.scorecard_number),
        decision_number=decision.number,
        decision_date=decision.signed_on,
        signer=_signer(decision),
        verification_url=verification_url,
        verification_code=certificate.code,
        valid_until=certificate.valid_until,
    )


def decision_doc(decision: Decision) -> DecisionDoc:
    """The recognition decision; its list holds the recognised products (rules.md §5.1)."""
    items = decision.items.filter(outcome=DecisionItem.Outcome.RECOGNISED).select_related(
        "dossier__product__producer"
    )
    products = tuple(
        DecisionProduct(
            product_name=item.dossier.product.name,
            producer_name=item.dossier.product.producer.name,
            address=item.dossier.product.producer.address,
            score=float(item.total),
            stars=item.star or 0,
            scorecard=f"{item.dossier.product.scorecard_number:02d}",
        )
        for item in items
    )
    if not products:
        raise StepRefused(
            "Quyết định này không công nhận sản phẩm nào, không có danh sách để in",
            "this decision recognises no product; there is no list to print",
        )
    return DecisionDoc(
        issuer=decision_issuer(decision),
        number=decision.number,
        date=decision.signed_on,
        products=products,
        signer=_signer(decision),
    )
