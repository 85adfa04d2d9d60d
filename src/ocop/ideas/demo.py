"""Demo of the cycle's first steps in both demo provinces, made through the services as the people would.

Lạng Sơn and Cao Bằng each have ideas at every step (waiting for the commune, returned, not selected,
forwarded), a plan at every step (draft, submitted, returned, approved), a kind of product proposed by
two communes (flagged to the province), the communes' survey of potential products, and a dossier of
an approved plan's product with its self-assessment and evidence. Names are invented; the products are
of the kinds these provinces make. The products of the base demo get an approved plan of the year
before, recorded as the rest of the base demo is (their programme started before this system).
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.areas.models import Commune, Province
from ocop.dossiers.services import add_document, add_evidence, save_self_assessment, start_dossier
from ocop.producers.models import Producer, ProducerKind, Product

from . import services
from .kinds import kind_key
from .models import BusinessPlan, Idea, IdeaOrigin, IdeaState, PlanState, Review
from .services import IdeaFields, SurveyFields, places_of

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PASSWORD = "demo"

# A second Cao Bằng commune with its officer and a producer, so that two communes there propose alike.
NGUYEN_BINH = 1726  # Xã Nguyên Bình, Cao Bằng
CAO_BANG_EXTRA = [
    ("xa.nguyenbinh", "Nông Văn Thành (UBND xã Nguyên Bình)", Role.COMMUNE_OFFICER),
    ("chuthe.miennguyenbinh", "Lục Thị Duyên", Role.PRODUCER),
]
NGUYEN_BINH_PRODUCER = "Hợp tác xã Nông sản Nguyên Bình"

PLAN = {
    "raw_materials": "Vùng nguyên liệu 12 ha của các hộ thành viên trong xã, liên kết bao tiêu theo hợp đồng.",
    "technology": "Sơ chế, chế biến tại xưởng của hợp tác xã; bao bì in nhãn, mã truy xuất nguồn gốc.",
    "market": "Cửa hàng đặc sản, điểm bán OCOP trong tỉnh; sàn thương mại điện tử.",
    "output": "8 tấn sản phẩm mỗi năm",
    "labour": 14,
    "investment": 850_000_000,
    "funding": "Vốn tự có 60%, vay ưu đãi 40%.",
    "revenue": 1_200_000_000,
    "profit": 180_000_000,
    "schedule": "Quý III hoàn thiện bao bì, nhãn; quý IV công bố chất lượng và nộp hồ sơ đánh giá.",
    "support": "Hỗ trợ thiết kế bao bì, xây dựng câu chuyện sản phẩm.",
}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _idea(user: User, name: str, number: int, description: str, **extra: Any) -> Idea:
    origin = extra.pop("origin", IdeaOrigin.TRADITIONAL)
    fields = IdeaFields(name=name, scorecard_number=number, origin=origin, description=description, **extra)
    return services.register_idea(user, fields)


def _forward(officer: User, idea: Idea, note: str = "", producer: Producer | None = None) -> Idea:
    services.review_idea(officer, idea, Review.Decision.FORWARD, note, None, producer)
    idea.refresh_from_db()
    return idea


def _plan(producer: User, idea: Idea, submit: bool = True, **changes: Any) -> BusinessPlan:
    return services.save_plan(producer, idea, {**PLAN, **changes}, 0, submit=submit)


def record_existing_plans() -> None:
    """The base demo's products came through last year's cycle: an approved plan each, recorded."""
    for product in Product.objects.select_related("producer__commune__province"):
        record_approved_plan(product)


def record_approved_plan(product: Product) -> BusinessPlan:
    """A product's idea and plan of last year, approved before the system was used, recorded as the
    base demo records its producers and products (no step, no audit event). The permission matrix
    gives the products it makes one too, so that their first evaluation may be filed."""
    year = timezone.localdate().year - 1
    decided = timezone.make_aware(datetime(year, 9, 1, 9, 0))  # last year's plans round
    admin = User.objects.filter(role=Role.ADMIN).first() or User.objects.first()
    commune = product.producer.commune
    idea = Idea.objects.create(
        year=year,
        commune=commune,
        producer=product.producer,
        product=product,
        name=product.name,
        rulebook_id=product.rulebook_id,
        scorecard_number=product.scorecard_number,
        origin=IdeaOrigin.TRADITIONAL,
        description="Ghi nhận từ hồ sơ giấy: phương án đã được thống nhất trước khi dùng hệ thống.",
        kind_key=kind_key(product.scorecard_number, product.name, places_of(commune)),
        state=IdeaState.FORWARDED,
        created_by=admin,
        reviewed_at=decided,
    )
    Idea.objects.filter(pk=idea.pk).update(created_at=decided)  # registered then, not today
    return BusinessPlan.objects.create(
        idea=idea,
        state=PlanState.APPROVED,
        created_by=admin,
        submitted_at=decided,
        decided_at=decided,
        **PLAN,
    )


def _self_assess(user: User, product: Product, answers: dict[str, str | None]) -> None:
    """A draft dossier of the product with its self-assessment, a few descriptions and evidence."""
    dossier = start_dossier(user, product, "first")
    card = dossier.scorecard
    criteria = list(card.criteria())
    words = {
        criteria[0].id: "Hợp tác xã có điều lệ, đăng ký kinh doanh và sổ sách kế toán đầy đủ.",
        criteria[1].id: "Nguyên liệu của các hộ thành viên trong xã, có hợp đồng liên kết.",
    }
    save_self_assessment(user, dossier, answers, words, 0)
    for criterion, name in ((criteria[0], "giay-dang-ky-htx.pdf"), (criteria[1], "hop-dong-lien-ket.pdf")):
        add_evidence(user, dossier, criterion.id, name, io.BytesIO(PDF), len(PDF))
    add_document(user, dossier, "form01", "phieu-dang-ky-mau-01.pdf", io.BytesIO(PDF), len(PDF))


def seed_ideas_demo() -> None:
    from ocop.demo.pipeline import answers_for_band

    _lang_son(answers_for_band)
    _cao_bang(answers_for_band)


def _lang_son(answers_for_band: Any) -> None:
    tinh, chilang, vanquan = _user("tinh"), _user("xa.chilang"), _user("xa.vanquan")
    na, hoi = _user("chuthe.nachilang"), _user("chuthe.hoivanquan")
    services.save_settings(
        tinh,
        Province.objects.get(code=20),
        ["first"],
        [],
        "Kế hoạch thực hiện Chương trình OCOP của tỉnh: đăng ký ý tưởng, phương án sản xuất kinh doanh",
        0,
    )

    # Waiting for the commune.
    _idea(na, "Mứt na Chi Lăng", 7, "Mứt na dẻo từ na quả loại 2 của hợp tác xã.", origin=IdeaOrigin.NEW)
    # Returned by the commune, and not selected.
    tea = _idea(hoi, "Trà hoa hồi Văn Quan", 12, "Trà túi lọc từ hoa hồi sấy.", origin=IdeaOrigin.NEW)
    services.review_idea(
        vanquan, tea, Review.Decision.RETURN, "Bổ sung vùng nguyên liệu và thị trường dự kiến.", None
    )
    soap = _idea(hoi, "Nước rửa tay tinh dầu hồi", 19, "Nước rửa tay có tinh dầu hồi.", origin=IdeaOrigin.NEW)
    services.review_idea(
        vanquan,
        soap,
        Review.Decision.DECLINE,
        "Chưa đủ điều kiện sản xuất mỹ phẩm; đề nghị tập trung sản phẩm tinh dầu đã có.",
        None,
    )

    # Two communes propose hill chicken: flagged to the province. Chi Lăng's plan is approved and its
    # product has a draft dossier with a self-assessment; Văn Quan's (a community product) waits.
    chicken = _forward(
        chilang,
        _idea(
            na,
            "Gà đồi Chi Lăng",
            2,
            "Gà thả đồi dưới tán vườn na, nuôi 6 tháng.",
            raw_materials="Vườn na 20 ha",
        ),
        "Sản phẩm có thế mạnh của xã.",
    )
    _plan(na, chicken)
    services.review_plan(tinh, chicken, Review.Decision.APPROVE, "Phương án khả thi.", None)
    chicken.refresh_from_db()
    assert chicken.product is not None
    _self_assess(na, chicken.product, answers_for_band(chicken.product.scorecard, 4))

    community = _idea(
        vanquan,
        "Gà đồi Văn Quan",
        2,
        "Gà đồi của các hộ trong xã, liên kết qua hợp tác xã.",
        raw_materials="Đồi hồi của các hộ",
    )
    _forward(
        vanquan, community, "Giao hợp tác xã thực hiện.", Producer.objects.get(name="Hợp tác xã Hồi Văn Quan")
    )
    _plan(hoi, community)

    # A plan the province returned, and one still a draft.
    wine = _forward(
        chilang, _idea(na, "Rượu ngô men lá Chi Lăng", 14, "Rượu ngô nấu bằng men lá truyền thống.")
    )
    _plan(na, wine)
    services.review_plan(
        tinh,
        wine,
        Review.Decision.RETURN,
        "Bổ sung phương án kiểm soát chất lượng và giấy phép sản xuất rượu.",
        None,
    )
    crisp = _forward(
        chilang, _idea(na, "Na sấy giòn Chi Lăng", 7, "Na sấy giòn đóng túi.", origin=IdeaOrigin.NEW)
    )
    _plan(na, crisp, submit=False, revenue=None)

    for officer, name, number, area, ha in (
        (chilang, "Na Chi Lăng", 1, "Các thôn vùng đồi, đất đá vôi", "950"),
        (chilang, "Gà đồi", 2, "Vườn na, vườn đồi các thôn", "120"),
        (vanquan, "Hoa hồi", 10, "Rừng hồi các thôn", "2400"),
        (vanquan, "Gà đồi", 2, "Đồi hồi các thôn", "80"),
    ):
        services.record_potential(
            officer,
            SurveyFields(name=name, scorecard_number=number, raw_material_area=area, area_ha=Decimal(ha)),
        )


def _cao_bang(answers_for_band: Any) -> None:
    nguyen_binh = Commune.objects.get(code=NGUYEN_BINH)
    producer = Producer.objects.create(
        name=NGUYEN_BINH_PRODUCER,
        kind=ProducerKind.COOPERATIVE,
        representative="Lục Thị Duyên",
        position="Giám đốc",
        address=f"{nguyen_binh.name}, tỉnh Cao Bằng",
        commune=nguyen_binh,
        phone="0206 3 800 100",
    )
    for username, full_name, role in CAO_BANG_EXTRA:
        account = User(
            username=username,
            full_name=full_name,
            role=role,
            province=nguyen_binh.province,
            commune=nguyen_binh,
            producer=producer if role == Role.PRODUCER else None,
            email=f"{username}@demo.ocop.invalid",
        )
        account.set_password(PASSWORD)
        account.save()
    tinh, quanglam, nguyenbinh = _user("tinh.caobang"), _user("xa.quanglam"), _user("xa.nguyenbinh")
    mien, nb = _user("chuthe.mienquanglam"), _user("chuthe.miennguyenbinh")

    # Waiting for the commune: a producer's idea and a community idea that has no producer yet.
    _idea(mien, "Bánh khảo Quảng Lâm", 6, "Bánh khảo nhân đỗ xanh làm thủ công.")
    _idea(quanglam, "Trà giảo cổ lam Quảng Lâm", 12, "Giảo cổ lam mọc tự nhiên trên núi đá.")
    # Returned, and not selected.
    services.review_idea(
        nguyenbinh,
        _idea(nb, "Miến dong Nguyên Bình", 6, "Miến dong làm từ tinh bột dong riềng."),
        Review.Decision.RETURN,
        "Nêu rõ vùng trồng dong riềng và sản lượng dự kiến.",
        None,
    )
    services.review_idea(
        nguyenbinh,
        _idea(nb, "Nước ép dong riềng", 17, "Nước ép từ củ dong riềng.", origin=IdeaOrigin.NEW),
        Review.Decision.DECLINE,
        "Chưa có cơ sở về quy trình và thị trường.",
        None,
    )
    # Grass jelly from two communes: flagged. Quảng Lâm's plan is approved (its product has a draft
    # dossier with a self-assessment); Nguyên Bình's is returned.
    jelly = _forward(
        quanglam, _idea(mien, "Thạch đen sấy Quảng Lâm", 7, "Thạch đen từ cây thạch đen trồng trên nương.")
    )
    _plan(mien, jelly)
    services.review_plan(tinh, jelly, Review.Decision.APPROVE, "Thống nhất phương án.", None)
    jelly.refresh_from_db()
    assert jelly.product is not None
    _self_assess(mien, jelly.product, answers_for_band(jelly.product.scorecard, 3))

    other = _forward(nguyenbinh, _idea(nb, "Thạch đen sấy Nguyên Bình", 7, "Thạch đen sấy khô đóng gói."))
    _plan(nb, other)
    services.review_plan(
        tinh,
        other,
        Review.Decision.RETURN,
        "Trùng loại với thạch đen sấy Quảng Lâm: làm rõ điểm khác biệt.",
        None,
    )
    # A plan waiting for the province, and a draft.
    flour = _forward(quanglam, _idea(mien, "Bột dong riềng Quảng Lâm", 6, "Tinh bột dong riềng đóng túi."))
    _plan(mien, flour)
    noodles = _forward(
        quanglam, _idea(mien, "Miến dong lứt Quảng Lâm", 6, "Miến dong trộn gạo lứt.", origin=IdeaOrigin.NEW)
    )
    _plan(mien, noodles, submit=False)

    for officer, name, number, area, ha in (
        (quanglam, "Dong riềng", 6, "Ruộng nương các thôn", "60"),
        (quanglam, "Thạch đen", 7, "Nương đồi các thôn", "35"),
        (nguyenbinh, "Thạch đen", 7, "Nương đồi các thôn", "25"),
    ):
        services.record_potential(
            officer,
            SurveyFields(name=name, scorecard_number=number, raw_material_area=area, area_ha=Decimal(ha)),
        )
