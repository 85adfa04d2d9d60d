"""Demo programme data for Lạng Sơn: a 2026 plan with targets, fairs, a training course, declared revenue.

Made through the services as the provincial staff (`tinh`) would, so the audit trail is real. Names,
numbers and references are invented for the demo; target values are of the kind provincial plans use
(rules.md §6), not figures of a real plan.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.accounts.models import User
from ocop.producers.models import Producer, Product

from . import services
from .models import EventKind, Plan, TargetKind

YEAR = 2026

TARGETS = [
    (TargetKind.SHARE_3STAR, "70", "Ít nhất 70% sản phẩm tham gia đánh giá đạt từ 3 sao"),
    (TargetKind.COUNT_4STAR, "5", ""),
    (TargetKind.COUNT_5STAR, "1", "Đề xuất trung ương đánh giá"),
    (TargetKind.NEW_ORGANISATIONS, "10", "Hợp tác xã, doanh nghiệp mới tham gia Chương trình"),
    (TargetKind.SALES_POINT_COVERAGE, "100", "Mỗi xã, phường có ít nhất một điểm bán"),
    (TargetKind.EVENTS, "6", "Hội chợ trong tỉnh và xúc tiến thương mại ngoài tỉnh"),
    (TargetKind.OFFICIALS_TRAINED, "100", "100% cán bộ quản lý OCOP được tập huấn"),
    (TargetKind.PRODUCERS_TRAINED, "80", ""),
    (TargetKind.REVENUE_GROWTH, "10", "So với năm 2025"),
]

# producer name → (2025, 2026) declared revenue in million VND
REVENUE = {
    "Hợp tác xã Na Chi Lăng": ("4200", "4850"),
    "Hợp tác xã Hồi Văn Quan": ("3100", "3350"),
    "Công ty TNHH Rượu Mẫu Sơn": ("6500", "7100"),
    "Hộ kinh doanh Khâu nhục Bà Tươi": ("850", "920"),
}


def seed_programme_demo() -> None:
    staff = User.objects.get(username="tinh")
    if Plan.objects.filter(province=staff.province_id, commune__isnull=True, year=YEAR).exists():
        return
    plan = services.create_plan(
        staff,
        year=YEAR,
        title="Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) tỉnh Lạng Sơn năm 2026",
        reference="45/KH-UBND (dữ liệu minh họa)",
        issued_on=date(2026, 2, 20),
        notes="Dữ liệu minh họa (demo).",
    )
    for kind, value, note in TARGETS:
        services.set_target(staff, plan, kind, Decimal(value), note)

    producers = {p.name: p for p in Producer.objects.filter(commune__province=staff.province_id)}
    products = {p.name: p for p in Product.objects.filter(producer__commune__province=staff.province_id)}
    services.create_event(
        staff,
        kind=EventKind.FAIR,
        title="Hội chợ sản phẩm OCOP tỉnh Lạng Sơn năm 2026",
        starts_on=date(2026, 4, 10),
        ends_on=date(2026, 4, 14),
        place="Quảng trường 17 Tháng 10, phường Lương Văn Tri, Lạng Sơn",
        results="120 gian hàng; doanh thu bán hàng tại hội chợ khoảng 2,1 tỷ đồng; 14 biên bản ghi nhớ hợp tác.",
        producer_ids=[p.pk for p in producers.values()],
        product_ids=[
            products[n].pk for n in ("Na sấy dẻo Chi Lăng", "Hoa hồi khô Văn Quan") if n in products
        ],
    )
    services.create_event(
        staff,
        kind=EventKind.TRADE_PROMOTION,
        title="Tuần hàng sản phẩm OCOP Lạng Sơn tại Hà Nội",
        starts_on=date(2026, 9, 18),
        ends_on=date(2026, 9, 20),
        place="Hà Nội",
        results="Kết nối 3 chuỗi siêu thị; 2 sản phẩm được nhận bán thử.",
        producer_ids=[producers[n].pk for n in ("Hợp tác xã Na Chi Lăng",) if n in producers],
        product_ids=[products[n].pk for n in ("Na Chi Lăng",) if n in products],
    )
    services.create_event(
        staff,
        kind=EventKind.CONFERENCE,
        title="Hội nghị sơ kết 6 tháng thực hiện Chương trình OCOP",
        starts_on=date(2026, 7, 8),
        ends_on=date(2026, 7, 8),
        place="Hội trường UBND tỉnh Lạng Sơn",
    )

    course = services.create_course(
        staff,
        title="Tập huấn nâng cao năng lực triển khai Chương trình OCOP năm 2026",
        starts_on=date(2026, 5, 20),
        ends_on=date(2026, 5, 21),
        place="Hội trường UBND tỉnh Lạng Sơn",
        organiser="Chi cục Phát triển nông thôn tỉnh Lạng Sơn",
        content="Quy trình đánh giá, phân hạng theo Quyết định 26/2026/QĐ-TTg; lập hồ sơ sản phẩm; truy xuất nguồn gốc.",
    )
    for username in ("tinh", "xa.chilang", "xa.vanquan", "hoidong1", "thuky"):
        person = User.objects.filter(username=username).first()
        if person is not None:
            services.add_attendee(staff, course, person=person, attended=True)
    for name, attended in (
        ("Hợp tác xã Na Chi Lăng", True),
        ("Hợp tác xã Hồi Văn Quan", True),
        ("Công ty TNHH Rượu Mẫu Sơn", False),  # registered, did not come
    ):
        if name in producers:
            services.add_attendee(staff, course, producer=producers[name], attended=attended)

    for name, (before, after) in REVENUE.items():
        if name in producers:
            services.declare_revenue(
                staff, producers[name], YEAR - 1, Decimal(before), "Báo cáo tài chính năm"
            )
            services.declare_revenue(staff, producers[name], YEAR, Decimal(after), "Ước thực hiện cả năm")


# commune username → (targets of its own 2026 plan, whether its six-month report was acknowledged)
COMMUNE_PLANS = {
    "xa.chilang": (
        [
            (TargetKind.DOSSIERS_FILED, "3"),
            (TargetKind.COUNT_4STAR, "1"),
            (TargetKind.PRODUCERS_TRAINED, "100"),
        ],
        True,
    ),
    "xa.vanquan": ([(TargetKind.DOSSIERS_FILED, "2"), (TargetKind.COUNT_3STAR, "2")], False),
    "xa.quanglam": ([(TargetKind.DOSSIERS_FILED, "1"), (TargetKind.COUNT_4STAR, "1")], False),
}


def seed_commune_demo() -> None:
    """Trade events held abroad (both provinces), communes' own plans and six-month reports."""
    from . import commune_reports

    staff = User.objects.get(username="tinh")
    if Plan.objects.filter(commune__isnull=False).exists():
        return
    other = User.objects.filter(username="tinh.caobang").first()
    services.create_event(
        staff,
        kind=EventKind.TRADE_PROMOTION,
        title="Tuần hàng nông sản, sản phẩm OCOP Lạng Sơn tại Nam Ninh",
        starts_on=date(YEAR, 10, 12),
        ends_on=date(YEAR, 10, 15),
        place="Nam Ninh, Quảng Tây",
        abroad=True,
        country="Trung Quốc",
        results="Giới thiệu 24 sản phẩm OCOP; 2 thỏa thuận xuất khẩu hoa hồi (dữ liệu minh họa).",
    )
    if other is not None:
        services.create_event(
            other,
            kind=EventKind.FAIR,
            title="Hội chợ nông sản, sản phẩm OCOP tỉnh Cao Bằng năm 2026",
            starts_on=date(YEAR, 9, 2),
            ends_on=date(YEAR, 9, 5),
            place="Quảng trường Hồ Chí Minh, Cao Bằng",
        )
        services.create_event(
            other,
            kind=EventKind.TRADE_PROMOTION,
            title="Hội chợ thương mại quốc tế Việt – Trung tại Long Châu",
            starts_on=date(YEAR, 11, 20),
            ends_on=date(YEAR, 11, 23),
            place="Long Châu, Quảng Tây",
            abroad=True,
            country="Trung Quốc",
        )
    today = timezone.localdate()
    six_month = commune_reports.period("six_month", YEAR)
    for username, (targets, acknowledged) in COMMUNE_PLANS.items():
        officer = User.objects.filter(username=username).first()
        if officer is None or officer.commune is None:
            continue
        plan = services.create_plan(
            officer,
            year=YEAR,
            title=f"Kế hoạch thực hiện Chương trình OCOP {officer.commune.name} năm {YEAR}",
            reference="Dữ liệu minh họa",
        )
        for kind, value in targets:
            services.set_target(officer, plan, kind, Decimal(value))
        sent_on = min(six_month.due - timedelta(days=3), today)
        report = commune_reports.submit(
            officer,
            kind="six_month",
            year=YEAR,
            number=commune_reports.next_number(officer.commune, sent_on),
            submitted_on=sent_on,
            results=f"{officer.commune.name} hướng dẫn các chủ thể hoàn thiện hồ sơ, tham gia hội chợ của tỉnh.",
            difficulties="Chủ thể còn thiếu kinh phí kiểm nghiệm, thiết kế bao bì.",
            proposals="Đề nghị tỉnh ưu tiên hỗ trợ phí kiểm nghiệm cho các sản phẩm đăng ký mới.",
            today=today,
        )
        reviewer = staff if officer.province_id == staff.province_id else other
        if acknowledged and reviewer is not None:
            commune_reports.review(
                reviewer, report, accept=True, note="Đã tiếp nhận, tổng hợp vào báo cáo 6 tháng của tỉnh."
            )
