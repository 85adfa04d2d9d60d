"""Demo support for both provinces (on top of ``load_demo(pipeline=True)``), made through the services.

Lạng Sơn: three programmes of the year (packaging, consulting from an integrated programme, trade
promotion from the central budget); an application approved and half paid, one approved and paid in
full, one waiting, one refused; two consultants with the producers they served; a 2026–2030
development plan whose first product already reached its target star.
Cao Bằng: a certification-fee programme with an approved application, a consultant and a plan.
Names, legal bases and amounts are invented for the demo ("dữ liệu minh họa").
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from ocop.accounts.models import User
from ocop.producers.models import Producer, Product

from . import development, services
from .models import (
    Consultant,
    ConsultingField,
    FundingSource,
    PlanAction,
    SupportApplication,
    SupportKind,
    SupportProgramme,
)


def _programme(staff: User, year: int, **values: Any) -> SupportProgramme:
    return services.create_programme(
        staff, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), description="", **values
    )


def _apply(user: User, programme: SupportProgramme, product: str | None, **values: Any) -> SupportApplication:
    item = Product.objects.get(name=product) if product else None
    return services.apply(user, programme, token=uuid.uuid4(), product=item, **values)


def seed_support_demo() -> None:
    people = {u.username: u for u in User.objects.all()}
    staff, other = people["tinh"], people["tinh.caobang"]
    if SupportProgramme.objects.filter(province=staff.province_id).exists():
        return
    today = timezone.localdate()
    year = today.year

    packaging = _programme(
        staff,
        year,
        title=f"Hỗ trợ thiết kế bao bì, nhãn hàng hóa sản phẩm OCOP năm {year}",
        kind=SupportKind.PACKAGING,
        legal_basis="Nghị quyết số 08/2025/NQ-HĐND của HĐND tỉnh Lạng Sơn (dữ liệu minh họa)",
        funding_source=FundingSource.PROVINCIAL,
        funding_detail="",
        budget=600_000_000,
        max_per_application=30_000_000,
        max_share_percent=50,
    )
    consulting = _programme(
        staff,
        year,
        title=f"Hỗ trợ tư vấn hoàn thiện hồ sơ, phát triển sản phẩm OCOP năm {year}",
        kind=SupportKind.CONSULTING,
        legal_basis="Kế hoạch số 45/KH-UBND của UBND tỉnh Lạng Sơn (dữ liệu minh họa)",
        funding_source=FundingSource.INTEGRATED,
        funding_detail="Chương trình MTQG xây dựng nông thôn mới",
        budget=300_000_000,
        max_per_application=15_000_000,
        max_share_percent=70,
    )
    _programme(
        staff,
        year,
        title=f"Hỗ trợ tham gia hội chợ, xúc tiến thương mại năm {year}",
        kind=SupportKind.TRADE_PROMOTION,
        legal_basis="Quyết định số 919/QĐ-TTg; Kế hoạch số 45/KH-UBND (dữ liệu minh họa)",
        funding_source=FundingSource.CENTRAL,
        funding_detail="",
        budget=200_000_000,
        max_per_application=None,
        max_share_percent=None,
    )

    na = _apply(
        people["chuthe.nachilang"],
        packaging,
        "Na Chi Lăng",
        activity="Thiết kế bộ nhận diện, hộp giấy 1 kg và 2 kg cho na Chi Lăng; in 5.000 nhãn có mã QR.",
        cost=56_000_000,
        requested=28_000_000,
    )
    services.decide(
        staff, na, approve=True, granted=25_000_000, reasons="Đủ điều kiện.", reference="Công văn 112/SNNMT"
    )
    services.disburse(staff, na, amount=15_000_000, paid_on=today, reference="UNC 0412", token=uuid.uuid4())
    anise = _apply(
        people["chuthe.hoivanquan"],
        consulting,
        "Tinh dầu hồi Văn Quan",
        activity="Thuê tư vấn hoàn thiện hồ sơ và phiếu kiểm nghiệm tinh dầu hồi.",
        cost=16_000_000,
        requested=11_000_000,
    )
    services.decide(staff, anise, approve=True, granted=11_000_000, reasons="", reference="")
    services.disburse(
        staff, anise, amount=11_000_000, paid_on=today, reference="UNC 0413", token=uuid.uuid4()
    )
    _apply(
        people["chuthe.ruoumauson"],
        packaging,
        "Rượu Mẫu Sơn 29 độ",
        activity="Thiết kế lại chai, hộp quà tặng cho rượu Mẫu Sơn.",
        cost=48_000_000,
        requested=24_000_000,
    )
    pork = _apply(
        people["chuthe.khaunhuc"],
        packaging,
        "Khâu nhục Lạng Sơn",
        activity="In nhãn mới có biểu trưng OCOP 3 sao.",
        cost=10_000_000,
        requested=5_000_000,
    )
    services.decide(
        staff,
        pork,
        approve=False,
        reasons="Giấy chứng nhận OCOP của sản phẩm đã bị thu hồi; không hỗ trợ in nhãn mang biểu trưng OCOP.",
    )

    design = development.register_consultant(
        staff,
        name="Công ty TNHH Tư vấn Thiết kế Xứ Lạng",
        kind=Consultant.Kind.ORGANISATION,
        specialities=[ConsultingField.PACKAGING, ConsultingField.STORY],
        qualifications="Đã thiết kế bao bì cho 14 sản phẩm OCOP trong tỉnh; 3 nhà thiết kế có chứng chỉ (dữ liệu minh họa).",
        contact="0205 3 870 000",
        registered_on=date(year, 1, 15),
    )
    expert = development.register_consultant(
        staff,
        name="ThS. Hoàng Minh Tuấn",
        kind=Consultant.Kind.PERSON,
        specialities=[ConsultingField.DOSSIER, ConsultingField.QUALITY],
        qualifications="Nguyên cán bộ Chi cục Quản lý chất lượng; tư vấn hồ sơ OCOP từ năm 2020 (dữ liệu minh họa).",
        registered_on=date(year, 1, 15),
    )
    producers = {p.name: p for p in Producer.objects.all()}
    products = {p.name: p for p in Product.objects.select_related("producer")}
    development.record_engagement(
        staff,
        design,
        producer=producers["Hợp tác xã Na Chi Lăng"],
        product=products["Na Chi Lăng"],
        subject="Thiết kế bao bì, câu chuyện sản phẩm",
        started_on=max(date(year, 1, 15), today - timedelta(days=240)),
    )
    development.record_engagement(
        staff,
        expert,
        producer=producers["Hợp tác xã Hồi Văn Quan"],
        product=products["Tinh dầu hồi Văn Quan"],
        subject="Hoàn thiện hồ sơ, phiếu kiểm nghiệm",
        started_on=max(date(year, 1, 15), today - timedelta(days=90)),
    )

    plan = development.create_plan(
        staff,
        title="Đề án phát triển sản phẩm OCOP tỉnh Lạng Sơn giai đoạn 2026–2030",
        reference="Quyết định số 210/QĐ-UBND (dữ liệu minh họa)",
        starts_on=date(2026, 1, 1),
        ends_on=date(2030, 12, 31),
        target_products=120,
        notes="Phụ lục danh sách sản phẩm phát triển mới, nâng hạng và đánh giá lại.",
    )
    # The list as it stood when the plan started (before this year's certificates).
    for name, action, star, consultant in (
        ("Na Chi Lăng", PlanAction.DEVELOP, 4, design),
        ("Na sấy dẻo Chi Lăng", PlanAction.DEVELOP, 3, None),
        ("Tinh dầu hồi Văn Quan", PlanAction.DEVELOP, 3, expert),
        ("Hoa hồi khô Văn Quan", PlanAction.RERATE, 3, None),
    ):
        development.add_item(
            staff,
            plan,
            product=products[name],
            action=action,
            target_star=star,
            consultant=consultant,
            today=plan.starts_on,
        )
    development.add_item(
        staff, plan, product=products["Rượu Mẫu Sơn 29 độ"], action=PlanAction.UPGRADE, target_star=5
    )

    # Cao Bằng
    fees = _programme(
        other,
        year,
        title=f"Hỗ trợ phí chứng nhận, kiểm nghiệm sản phẩm OCOP năm {year}",
        kind=SupportKind.CERTIFICATION,
        legal_basis="Nghị quyết số 15/2024/NQ-HĐND của HĐND tỉnh Cao Bằng (dữ liệu minh họa)",
        funding_source=FundingSource.PROVINCIAL,
        funding_detail="",
        budget=150_000_000,
        max_per_application=10_000_000,
        max_share_percent=80,
    )
    noodles = _apply(
        people["chuthe.mienquanglam"],
        fees,
        "Miến dong Quảng Lâm",
        activity="Kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm miến dong.",
        cost=9_500_000,
        requested=7_600_000,
    )
    services.decide(other, noodles, approve=True, granted=7_600_000, reasons="", reference="")
    adviser = development.register_consultant(
        other,
        name="Trung tâm Khuyến nông tỉnh Cao Bằng",
        kind=Consultant.Kind.ORGANISATION,
        specialities=[ConsultingField.PRODUCT, ConsultingField.ORGANISATION],
        qualifications="Đơn vị sự nghiệp công lập; hỗ trợ kỹ thuật cho hợp tác xã từ năm 2015 (dữ liệu minh họa).",
        registered_on=date(year, 2, 1),
    )
    development.record_engagement(
        other,
        adviser,
        producer=producers["Hợp tác xã Miến dong Quảng Lâm"],
        product=products["Miến dong Quảng Lâm"],
        subject="Cải tiến quy trình, nâng hạng sản phẩm",
        started_on=date(year, 2, 1),
    )
    cb_plan = development.create_plan(
        other,
        title=f"Kế hoạch nâng hạng sản phẩm OCOP tỉnh Cao Bằng năm {year}",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        target_products=10,
    )
    development.add_item(
        other, cb_plan, product=products["Miến dong Quảng Lâm"], action=PlanAction.UPGRADE, target_star=5
    )
