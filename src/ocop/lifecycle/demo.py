"""Certificates at each stage of their life, for the demo (on top of ``load_demo(pipeline=True)``).

Lạng Sơn: "Rượu Mẫu Sơn 29 độ" 4★ expires in about five months (inside the re-rating window, a
reminder already sent) and is in this year's inspection plan; "Hoa hồi khô Văn Quan" 3★ has expired
(the producer is applying again); "Khâu nhục Lạng Sơn" 3★ was revoked after a failed inspection.
Cao Bằng: "Miến dong Quảng Lâm" 3★ was replaced by a 4★ after an upgrade.
Decisions and certificates are made directly (they lie in the past), at the level the rulebook of
their day gave: a 3★ signed under 148-2023 (24/02/2023 → 05/07/2025) is a district decision. The
daily job, the inspection and the revocation go through the services, so the audit trail is what
users would produce.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.effects import certificates_changed
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.services import ISSUERS, district_issuer, next_certificate_number, next_in_sequence
from ocop.core.calendar_dates import add_months
from ocop.core.rulebooks import get_rulebook, rulebook_for_filing
from ocop.dossiers.models import Dossier
from ocop.producers.models import Product

from . import services

# The district each demo commune lay in before 1/7/2025. The areas keep no old district (a 2025
# commune has none, and vietnam-provinces 2025.10.1 has no old→new table), so the demo names it:
# these 2025 communes carry the name of the district whose seat they took in.
OLD_DISTRICTS = {6253: "Huyện Văn Quan", 6193: "Huyện Cao Lộc"}


def make_certificate(
    product: Product,
    *,
    star: int,
    signed_on: date,
    decision_number: str,
    signer: User,
    total: Decimal | None = None,
    status: str = Certificate.Status.VALID,
    signer_title: str = "Phó Chủ tịch",
) -> Certificate:
    """A decision and its certificate, as issued on ``signed_on`` under the rules then: by the level
    that rulebook gives the star (148-2023: a district for 3★; otherwise the province, or the centre)."""
    commune = product.producer.commune
    province = commune.province
    rulebook = rulebook_for_filing(signed_on)
    holder = rulebook.recognising_level(star)
    if holder is None:
        raise ValueError(f"rulebook {rulebook.id} names no level that recognises {star}★")
    level = holder.code
    if level == "district":
        if commune.code not in OLD_DISTRICTS:
            raise ValueError(f"the demo knows no old district for {commune.name} ({commune.code})")
        issuer = district_issuer(OLD_DISTRICTS[commune.code])
        # A number of the district's own, as imported ones keep theirs: the system never issues one.
        number = _district_number(issuer, province.code, signed_on.year)
    elif level == "province":
        issuer = ISSUERS["province"].format(province=province.name.upper())
        number = next_certificate_number("province", province.code, signed_on.year)
    else:
        issuer = ISSUERS["central"]
        number = next_certificate_number("central", None, signed_on.year)
    decision = Decision.objects.create(
        number=decision_number,
        signed_on=signed_on,
        signer=signer,
        signer_title=signer_title,
        issuer=issuer,
        province=province if level != "central" else None,
        level=level,
        rulebook_id=rulebook.id,
    )
    certificate = Certificate.objects.create(
        number=number,
        decision=decision,
        product=product,
        star=star,
        total=total if total is not None else Decimal({3: "64.50", 4: "78.25", 5: "92.00"}[star]),
        rulebook_id=rulebook.id,
        scorecard_number=product.scorecard_number,
        product_name=product.name,
        producer_name=product.producer.name,
        producer_address=product.producer.address,
        valid_from=signed_on,
        valid_until=add_months(signed_on, get_rulebook(rulebook.id).certificate_validity_months or 36),
        status=status,
    )
    certificates_changed([product.pk])  # as every path that writes certificates does
    return certificate


def _district_number(issuer: str, province_code: int, year: int) -> str:
    """012/2024/OCOP-20-VQ for Văn Quan (Lạng Sơn 20): a per-district, per-year sequence."""
    name = issuer.removeprefix("ỦY BAN NHÂN DÂN ").split(maxsplit=1)[-1]
    initials = "".join(w[0] for w in name.split()).upper()
    initials = unicodedata.normalize("NFD", initials.replace("Đ", "D"))
    return next_in_sequence(f"OCOP-{province_code}-" + "".join(ch for ch in initials if ch.isascii()), year)


def seed_lifecycle_demo() -> None:
    today = timezone.localdate()
    user = {u.username: u for u in User.objects.filter(username__in=["lanhdao", "lanhdao.caobang", "tinh"])}
    product = {p.name: p for p in Product.objects.select_related("producer__commune__province")}

    # Expiring soon: 150 days left, so the re-rating window (180 → 120 days before expiry) is open.
    signed = add_months(today + timedelta(days=150), -36)
    liquor = make_certificate(
        product["Rượu Mẫu Sơn 29 độ"],
        star=4,
        signed_on=signed,
        decision_number=f"{1200 + signed.month * 7}/QĐ-UBND",
        signer=user["lanhdao"],
    )

    # Expired four months ago, not re-rated: the daily job marks it (the producer applies afresh).
    signed = add_months(today, -40)
    make_certificate(
        product["Hoa hồi khô Văn Quan"],
        star=3,
        signed_on=signed,
        decision_number=f"{900 + signed.month * 11}/QĐ-UBND",
        signer=user["lanhdao"],
    )
    services.run_daily(today)  # marks it expired and sends the liquor's 180-day reminder

    # Upgraded: 3★ under 148/1489, then 4★ under 26/2026 on an upgrade dossier; the 3★ is replaced.
    noodles = product["Miến dong Quảng Lâm"]
    signed = add_months(today, -11)
    old = make_certificate(
        noodles,
        star=3,
        signed_on=signed,
        decision_number=f"{2100 + signed.month * 5}/QĐ-UBND",
        signer=user["lanhdao.caobang"],
        status=Certificate.Status.REPLACED,
    )
    signed = today - timedelta(days=13)
    new = make_certificate(
        noodles,
        star=4,
        signed_on=signed,
        decision_number=f"{2500 + signed.month * 5}/QĐ-UBND",
        signer=user["lanhdao.caobang"],
        total=Decimal("81.50"),
    )
    new.dossier = Dossier.objects.create(
        product=noodles,
        kind="upgrade",
        rulebook_id=new.rulebook_id,
        state="recognised",
        commune=noodles.producer.commune,
        filed_on=signed - timedelta(days=60),
        previous_certificate=old,
        created_by=User.objects.get(username="chuthe.mienquanglam"),
    )
    new.save(update_fields=["dossier"])

    # Hậu kiểm: this year's plan; the household's khâu nhục fails on food safety and the OCOP mark,
    # the province proposes revocation on ground (b) and the leader revokes.
    signed = add_months(today, -20)
    pork = make_certificate(
        product["Khâu nhục Lạng Sơn"],
        star=3,
        signed_on=signed,
        decision_number=f"{1700 + signed.month * 3}/QĐ-UBND",
        signer=user["lanhdao"],
    )
    staff = user["tinh"]
    plan = services.create_plan(
        staff,
        year=today.year,
        title=f"Kế hoạch kiểm tra, giám sát sản phẩm OCOP năm {today.year}",
        number=f"{today.month * 13}/KH-SNNMT",
    )
    year_end = date(today.year, 12, 31)
    inspected = max(today - timedelta(days=10), date(today.year, 1, 1), pork.valid_from)
    planned = services.plan_inspection(staff, plan, pork, planned_on=inspected, unannounced=True)
    services.plan_inspection(staff, plan, liquor, planned_on=min(today + timedelta(days=20), year_end))
    inspection = services.record_inspection(
        staff,
        pork,
        planned=planned,
        inspected_on=inspected,
        inspectors="Chi cục Phát triển nông thôn; Chi cục An toàn vệ sinh thực phẩm; UBND xã",
        checks={
            "raw_materials": ("ok", "Thịt lợn mua của hộ chăn nuôi trong xã, có sổ ghi chép."),
            "process": ("not_ok", "Không còn ghi chép nhật ký sản xuất từ quý II."),
            "quality": ("not_ok", "Không có phiếu kiểm nghiệm định kỳ năm nay."),
            "facilities": ("not_ok", "Khu chế biến xuống cấp, không tách khu sống và chín."),
            "food_safety": ("not_ok", "Giấy chứng nhận cơ sở đủ điều kiện ATTP đã hết hạn."),
            "label_mark": ("not_ok", "Dùng nhãn OCOP 3 sao trên sản phẩm chả lợn chưa được công nhận."),
            "promotion": ("ok", ""),
        },
        findings="Sản phẩm không còn duy trì các tiêu chí như hồ sơ đã được đánh giá, phân hạng; "
        "sử dụng nhãn OCOP trên sản phẩm khác. Đề nghị thu hồi giấy chứng nhận.",
        today=today,
    )
    revocation = services.propose_revocation(
        staff,
        pork,
        ground="b",
        note="Theo biên bản kiểm tra, sản phẩm không còn đáp ứng bộ tiêu chí đã được công nhận.",
        inspection=inspection,
        today=today,
    )
    services.decide_revocation(
        user["lanhdao"],
        revocation,
        number=f"{2600 + today.month * 9}/QĐ-UBND",
        decided_on=today,
        signer_title="Phó Chủ tịch",
        note="Giao Sở Nông nghiệp và Môi trường thông báo cho chủ thể và các cơ quan liên quan.",
        today=today,
    )
