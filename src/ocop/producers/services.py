"""The producer's own records: sign-up (chủ thể, rules.md §1.4) and product registration (§1.1)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.areas.models import Commune
from ocop.audit.models import record
from ocop.core.rulebooks import Rulebook, rulebook_for_filing
from ocop.dossiers.services import is_tourism
from ocop.errors import StepRefused

from .models import Producer, ProducerKind, Product


def rulebook_in_force() -> Rulebook:
    """The rulebook a product registered today is classified under."""
    return rulebook_for_filing(timezone.localdate())


def scorecards_by_group(rulebook: Rulebook) -> list[tuple[str, list[tuple[int, str]]]]:
    """The classification as the rulebook's data gives it: (group — Nhóm, [(scorecard number, label)])."""
    grouped: dict[str, list[tuple[int, str]]] = {}
    for number, card in sorted(rulebook.scorecards.items()):
        c = card.classification
        heading = f"{c.code.split('.')[0]}. {c.group} — {c.nhom}"
        label = f"{c.phan_nhom or c.nhom} (phiếu số {number})"
        grouped.setdefault(heading, []).append((number, label))
    return list(grouped.items())


@transaction.atomic
def sign_up_producer(
    *, username: str, password: str, email: str, commune: Commune, **fields: str
) -> tuple[Producer, User]:
    """A new producer (chủ thể, rules.md §1.4) and its first account, in the commune where it is based."""
    if fields.get("kind") not in ProducerKind.values:
        raise StepRefused("Loại hình chủ thể không hợp lệ", "unknown kind of producer")
    for required, label in (
        ("name", "tên chủ thể"),
        ("representative", "người đại diện"),
        ("address", "địa chỉ"),
    ):
        if not (fields.get(required) or "").strip():
            raise StepRefused(f"Cần nhập {label}", f"{required} is required")
    if User.objects.filter(username__iexact=username).exists():
        raise StepRefused("Tên đăng nhập đã có người dùng", "this username is taken")
    producer = Producer.objects.create(
        commune=commune, email=email, **{k: (v or "").strip() for k, v in fields.items()}
    )
    user = User(
        username=username,
        email=email,
        full_name=producer.representative,
        role=Role.PRODUCER,
        province=commune.province,
        commune=commune,
        producer=producer,
    )
    user.set_password(password)
    user.save()
    record(
        user, "producer.sign_up", subject=f"producer:{producer.pk}", name=producer.name, commune=commune.code
    )
    return producer, user


@transaction.atomic
def register_product(user: User, name: str, scorecard_number: int, description: str = "") -> Product:
    """The producer registers one of its products, classified by a scorecard of the rulebook in force."""
    if user.role != Role.PRODUCER or user.producer is None:
        raise StepRefused("Chỉ chủ thể mới đăng ký sản phẩm", "only a producer registers products")
    return add_product(user, user.producer, name, scorecard_number, description)


def add_product(
    user: User, producer: Producer, name: str, scorecard_number: int, description: str = ""
) -> Product:
    """A product of `producer` classified by a scorecard of the rulebook in force (rules.md §1.1): by the
    producer itself, or by the province approving the business plan of its idea (ideas.services)."""
    name = name.strip()
    if not name:
        raise StepRefused("Cần nhập tên sản phẩm", "the product name is required")
    rulebook = rulebook_in_force()
    try:
        card = rulebook.scorecard(scorecard_number)
    except KeyError:
        raise StepRefused(
            f"Không có bộ sản phẩm số {scorecard_number} trong {rulebook.decision}", "unknown scorecard"
        ) from None
    # Associations and operating centres may register tourism products only (26/2026 Art. 2.3).
    if producer.kind == ProducerKind.ASSOCIATION and not is_tourism(card):
        raise StepRefused(
            "Hội, hiệp hội, trung tâm điều hành chỉ đăng ký sản phẩm dịch vụ du lịch (nhóm VI)",
            "associations may register tourism products (group VI) only",
        )
    if producer.products.filter(name__iexact=name).exists():
        raise StepRefused("Chủ thể đã có sản phẩm cùng tên", "a product with this name exists")
    product = Product.objects.create(
        producer=producer,
        name=name,
        rulebook_id=rulebook.id,
        scorecard_number=scorecard_number,
        description=description.strip(),
    )
    record(user, "product.register", subject=f"product:{product.pk}", name=name, scorecard=card.key)
    return product
