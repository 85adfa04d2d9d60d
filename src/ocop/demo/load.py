"""The demo province: Lạng Sơn (code 20) with users for every role, producers and products.

Every demo password is "demo". Names are invented; communes and product kinds are real for the province.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from ocop.accounts.models import Role, User
from ocop.accounts.two_factor import seed_demo_devices
from ocop.areas.models import Commune, Province
from ocop.areas.units import load_units
from ocop.councils.models import Council, MemberRole, Membership
from ocop.ideas.demo import record_existing_plans
from ocop.producers.models import Producer, ProducerKind, Product

PROVINCE_CODE = 20  # Lạng Sơn
# A neighbouring province with a few accounts, so "another area" is always at hand (permission tests).
OTHER_PROVINCE_CODE = 4  # Cao Bằng
PASSWORD = "demo"

# username, full name, role, commune code (None: the whole province)
USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, None),
    ("tinh", "Hoàng Thị Thu (Chi cục PTNT)", Role.PROVINCE_STAFF, None),
    ("lanhdao", "Lương Văn Bình (Phó Chủ tịch UBND tỉnh)", Role.PROVINCE_LEADER, None),
    ("thuky", "Vi Thị Hạnh (Thư ký Hội đồng)", Role.COUNCIL_SECRETARY, None),
    ("hoidong1", "Nông Văn Đức (Sở Công Thương)", Role.COUNCIL_MEMBER, None),
    ("hoidong2", "Lăng Thị Mai (Sở Y tế)", Role.COUNCIL_MEMBER, None),
    ("hoidong3", "Triệu Văn Quân (Sở KH&CN)", Role.COUNCIL_MEMBER, None),
    ("xa.chilang", "Hà Văn Tùng (UBND xã Chi Lăng)", Role.COMMUNE_OFFICER, 6463),
    ("xa.vanquan", "Chu Thị Lan (UBND xã Văn Quan)", Role.COMMUNE_OFFICER, 6253),
    ("trunguong", "Nguyễn Minh Châu (Văn phòng OCOP Bộ NN&MT)", Role.CENTRAL_STAFF, None),
]

# The other province: username, full name, role, commune code (None: the whole province)
OTHER_USERS = [
    ("tinh.caobang", "Bế Văn Hùng (Chi cục PTNT Cao Bằng)", Role.PROVINCE_STAFF, None),
    ("lanhdao.caobang", "Nông Thị Hoa (UBND tỉnh Cao Bằng)", Role.PROVINCE_LEADER, None),
    ("thuky.caobang", "Đàm Văn Lực (Thư ký Hội đồng Cao Bằng)", Role.COUNCIL_SECRETARY, None),
    ("hoidong.caobang", "Lương Thị Vân (Hội đồng Cao Bằng)", Role.COUNCIL_MEMBER, None),
    ("xa.quanglam", "Hoàng Văn Sơn (UBND xã Quảng Lâm)", Role.COMMUNE_OFFICER, 1304),
]
OTHER_PRODUCER = (
    "Hợp tác xã Miến dong Quảng Lâm",
    "Triệu Văn Phú",
    1304,
    "chuthe.mienquanglam",
    "Miến dong Quảng Lâm",
    2,
)

# producer, kind, representative, commune code, username, products [(name, scorecard number under 26/2026)]
PRODUCERS = [
    (
        "Hợp tác xã Na Chi Lăng",
        ProducerKind.COOPERATIVE,
        "Hoàng Văn Thắng",
        6463,
        "chuthe.nachilang",
        [("Na Chi Lăng", 1), ("Na sấy dẻo Chi Lăng", 7)],
    ),
    (
        "Hợp tác xã Hồi Văn Quan",
        ProducerKind.COOPERATIVE,
        "Lộc Thị Nga",
        6253,
        "chuthe.hoivanquan",
        [("Hoa hồi khô Văn Quan", 10), ("Tinh dầu hồi Văn Quan", 20)],
    ),
    (
        "Công ty TNHH Rượu Mẫu Sơn",
        ProducerKind.ENTERPRISE,
        "Đinh Văn Khoa",
        6541,
        "chuthe.ruoumauson",
        [("Rượu Mẫu Sơn 29 độ", 14)],
    ),
    (
        "Hộ kinh doanh Khâu nhục Bà Tươi",
        ProducerKind.HOUSEHOLD,
        "Mã Thị Tươi",
        6193,
        "chuthe.khaunhuc",
        [("Khâu nhục Lạng Sơn", 8)],
    ),
]

# Representative's sex and ethnicity, printed on Form 02 and the commune report (Form 03).
REPRESENTATIVES = {
    "Hoàng Văn Thắng": ("Nam", "Tày"),
    "Lộc Thị Nga": ("Nữ", "Nùng"),
    "Đinh Văn Khoa": ("Nam", "Kinh"),
    "Mã Thị Tươi": ("Nữ", "Tày"),
}


@transaction.atomic
def load_demo(pipeline: bool = False) -> None:
    """The province, its people and products; with `pipeline`, dossiers at every step of the cycle."""
    load_units([PROVINCE_CODE, OTHER_PROVINCE_CODE])
    province = Province.objects.get(code=PROVINCE_CODE)
    communes = {
        c.code: c for c in Commune.objects.filter(province__code__in=[PROVINCE_CODE, OTHER_PROVINCE_CODE])
    }

    def user(username: str, full_name: str, role: str, commune: Commune | None, **extra: object) -> User:
        home = extra.pop("province", province)
        u = User(
            username=username,
            full_name=full_name,
            role=role,
            province=commune.province if commune else home,
            commune=commune,
            **extra,
        )
        u.email = f"{username}@demo.ocop.invalid"
        u.set_password(PASSWORD)
        u.save()
        return u

    for username, full_name, role, commune_code in USERS:
        extra = {"is_staff": True, "is_superuser": True} if role == Role.ADMIN else {}
        user(username, full_name, role, communes[commune_code] if commune_code else None, **extra)
    for name, kind, representative, commune_code, username, products in PRODUCERS:
        commune = communes[commune_code]
        producer = Producer.objects.create(
            name=name,
            kind=kind,
            representative=representative,
            position="Giám đốc" if kind != ProducerKind.HOUSEHOLD else "Chủ hộ",
            address=f"{commune.name}, tỉnh Lạng Sơn",
            commune=commune,
            phone="0205 3 800 000",
            # Form 02 / Form 03 ask for these (rules.md §4.1–4.2).
            representative_sex=REPRESENTATIVES[representative][0],
            representative_ethnicity=REPRESENTATIVES[representative][1],
            representative_residence=f"{commune.name}, tỉnh Lạng Sơn",
        )
        user(username, representative, Role.PRODUCER, commune, producer=producer)
        for product_name, scorecard in products:
            Product.objects.create(
                producer=producer, name=product_name, rulebook_id="26-2026", scorecard_number=scorecard
            )
    _council(province)
    _other_province(user, communes)
    record_existing_plans()  # the products above came through last year's cycle (ideas.demo)
    seed_demo_devices()  # the published second factor of lanhdao, trunguong, admin… (README)
    if pipeline:
        from ocop.catalogue.demo import seed_catalogue_demo
        from ocop.ideas.demo import seed_ideas_demo
        from ocop.lifecycle.demo import seed_lifecycle_demo
        from ocop.lifecycle.market_demo import seed_market_demo
        from ocop.national.demo import seed_national_demo
        from ocop.programme.demo import seed_commune_demo, seed_programme_demo
        from ocop.stamps.demo import seed_stamps_demo
        from ocop.support.demo import seed_support_demo

        from .pipeline import load_pipeline

        load_pipeline()
        # Each part of the programme adds its own demo records on top of the pipeline.
        seed_lifecycle_demo()
        seed_programme_demo()
        seed_catalogue_demo()
        seed_national_demo()
        seed_stamps_demo()
        seed_ideas_demo()
        seed_commune_demo()
        seed_support_demo()
        seed_market_demo()


def _council(province: Province) -> Council:
    council = Council.objects.create(
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Lạng Sơn",
        level="province",
        province=province,
        established_by="Quyết định số 712/QĐ-UBND",
        term_start=date(2026, 6, 1),
        dossier_lead_working_days=3,
    )
    roles = {"hoidong1": MemberRole.CHAIR, "hoidong2": MemberRole.MEMBER, "hoidong3": MemberRole.MEMBER}
    for username, role in roles.items():
        Membership.objects.create(council=council, user=User.objects.get(username=username), role=role)
    Membership.objects.create(
        council=council, user=User.objects.get(username="thuky"), role=MemberRole.SECRETARY, scores=False
    )
    return council


def _other_province(user: Any, communes: dict[int, Commune]) -> None:
    other = Province.objects.get(code=OTHER_PROVINCE_CODE)
    for username, full_name, role, commune_code in OTHER_USERS:
        user(username, full_name, role, communes[commune_code] if commune_code else None, province=other)
    name, representative, commune_code, username, product_name, scorecard = OTHER_PRODUCER
    commune = communes[commune_code]
    producer = Producer.objects.create(
        name=name,
        kind=ProducerKind.COOPERATIVE,
        representative=representative,
        position="Giám đốc",
        address=f"{commune.name}, tỉnh Cao Bằng",
        commune=commune,
        phone="0206 3 800 000",
    )
    user(username, representative, Role.PRODUCER, commune, producer=producer)
    Product.objects.create(
        producer=producer, name=product_name, rulebook_id="26-2026", scorecard_number=scorecard
    )
    council = Council.objects.create(
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Cao Bằng",
        level="province",
        province=other,
        established_by="Quyết định số 455/QĐ-UBND",
        term_start=date(2026, 6, 1),
        dossier_lead_working_days=3,
    )
    Membership.objects.create(
        council=council, user=User.objects.get(username="hoidong.caobang"), role=MemberRole.CHAIR
    )
    Membership.objects.create(
        council=council,
        user=User.objects.get(username="thuky.caobang"),
        role=MemberRole.SECRETARY,
        scores=False,
    )


def load_demo_if_empty() -> bool:
    if User.objects.exists():
        return False
    load_demo(pipeline=True)
    return True
