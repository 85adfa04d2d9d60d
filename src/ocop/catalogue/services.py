"""The public catalogue: which products are listed, how they are searched, and the edits province staff
may make (sales points, product stories). Views call these functions and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.audit.models import record
from ocop.certificates.models import Certificate
from ocop.core.rulebooks import all_rulebooks
from ocop.dossiers.services import StepRefused
from ocop.producers.models import Product

from .models import ProductProfile, SalesPoint, SalesPointProduct
from .search import searchable

PAGE_SIZE = 20
EDITORS = {Role.PROVINCE_STAFF}


# ---------------------------------------------------------------------------------------------------
# Search text: kept on save by signals (signals.py), rebuilt in bulk here.


def profile_for(product: Product) -> ProductProfile:
    """The product's profile, created (with its search text) the first time it is asked for."""
    try:
        return product.profile  # type: ignore[no-any-return]
    except ProductProfile.DoesNotExist:
        profile, _ = ProductProfile.objects.get_or_create(product=product)
        return profile


def refresh_search_text(product: Product) -> None:
    profile = profile_for(product)
    text = profile.build_search_text()
    if text != profile.search_text:
        ProductProfile.objects.filter(pk=profile.pk).update(search_text=text)


def rebuild_search_text() -> int:
    """Create missing profiles and recompute every search column. Returns the number of rows written."""
    written = 0
    with transaction.atomic():
        have = set(ProductProfile.objects.values_list("product_id", flat=True))
        ProductProfile.objects.bulk_create(
            [
                ProductProfile(product_id=pk)
                for pk in Product.objects.exclude(pk__in=have).values_list("pk", flat=True)
            ],
            batch_size=2000,
        )
        batch: list[ProductProfile] = []
        for profile in ProductProfile.objects.select_related("product__producer__commune__province").iterator(
            chunk_size=2000
        ):
            profile.search_text = profile.build_search_text()
            batch.append(profile)
            if len(batch) >= 2000:
                written += ProductProfile.objects.bulk_update(batch, ["search_text"])
                batch = []
        written += ProductProfile.objects.bulk_update(batch, ["search_text"]) if batch else 0
        points = list(SalesPoint.objects.select_related("commune", "province"))
        for point in points:
            point.search_text = point.build_search_text()
        written += SalesPoint.objects.bulk_update(points, ["search_text"]) if points else 0
    return written


# ---------------------------------------------------------------------------------------------------
# What the catalogue lists.


def certified(today: date | None = None) -> QuerySet[Certificate]:
    """Certificates that make a product OCOP today: status valid and not past their term."""
    today = today or timezone.localdate()
    return Certificate.objects.filter(status=Certificate.Status.VALID, valid_until__gte=today)


@dataclass(frozen=True)
class GroupChoice:
    code: str  # the Roman numeral of the product group, as the rulebook data has it (I … VI)
    label: str
    # (rulebook id, scorecard numbers in this group) for every rulebook that has the group
    scorecards: tuple[tuple[str, tuple[int, ...]], ...]


@lru_cache(maxsize=1)
def product_groups() -> tuple[GroupChoice, ...]:
    """The product groups, read from each rulebook's scorecard data (never a list of our own).

    The key is the first part of the classification code: I–VI under 148 and 26/2026 (the same six
    groups, rules.md §1.1), 1–6 under 1048, whose groups differ and so stay separate.
    """
    labels: dict[str, str] = {}
    members: dict[str, dict[str, list[int]]] = {}
    books = sorted(all_rulebooks().values(), key=lambda b: b.effective_from, reverse=True)
    for book in books:
        for number, card in sorted(book.scorecards.items()):
            code = card.classification.code.split(".")[0]
            label = card.classification.group
            if code.isdigit():
                label = f"{label} ({book.decision})"
            labels.setdefault(code, label)  # the newest rulebook's label wins
            members.setdefault(code, {}).setdefault(book.id, []).append(number)
    return tuple(
        GroupChoice(code, labels[code], tuple((rid, tuple(nums)) for rid, nums in members[code].items()))
        for code in sorted(labels, key=_group_order)
    )


def groups_in_use(today: date | None = None) -> list[GroupChoice]:
    """The groups worth offering as a filter: those of the rulebooks current certificates were made under."""
    used = set(certified(today).values_list("rulebook_id", flat=True).distinct())
    return [g for g in product_groups() if any(rid in used for rid, _ in g.scorecards)]


def _group_order(code: str) -> tuple[int, int]:
    if code.isdigit():
        return (1, int(code))
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for ch, nxt in zip(code, [*code[1:], ""], strict=True):
        v = values.get(ch, 0)
        total += -v if nxt and values.get(nxt, 0) > v else v
    return (0, total)


def group_filter(code: str) -> Q | None:
    group = next((g for g in product_groups() if g.code == code), None)
    if group is None:
        return None
    q = Q(pk__in=[])
    for rulebook_id, numbers in group.scorecards:
        q |= Q(rulebook_id=rulebook_id, scorecard_number__in=numbers)
    return q


def group_label(rulebook_id: str, scorecard_number: int) -> str:
    for group in product_groups():
        for rid, numbers in group.scorecards:
            if rid == rulebook_id and scorecard_number in numbers:
                return group.label
    return ""


def search_terms(query: str) -> list[str]:
    return searchable(query).split()


def text_filter(qs: QuerySet[Any], field: str, query: str) -> QuerySet[Any]:
    """Accent-free search on a padded search column (`search.search_column`).

    The query as typed, as one piece ("cha c" finds "Chả cá" while typing); when nothing has it, every
    word as a whole word in any order ("ruou lang son" finds "Rượu Mẫu Sơn … Lạng Sơn").
    """
    phrase = searchable(query)
    if not phrase:
        return qs
    exact = qs.filter(**{f"{field}__icontains": phrase})
    if " " not in phrase or exact.exists():
        return exact
    for term in phrase.split():
        qs = qs.filter(**{f"{field}__icontains": f" {term} "})
    return qs


@dataclass(frozen=True)
class CatalogueQuery:
    q: str = ""
    province: int | None = None  # province code
    star: int | None = None
    group: str = ""

    @classmethod
    def from_params(cls, params: Any) -> CatalogueQuery:
        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        return cls(
            q=(params.get("q") or "").strip()[:100],
            province=number("tinh"),
            star=number("sao"),
            group=(params.get("nhom") or "").strip()[:8],
        )


def search(query: CatalogueQuery, today: date | None = None) -> QuerySet[Certificate]:
    """The certified products matching the query, best stars first. Accent-free, word by word."""
    qs = certified(today).select_related("product__producer__commune__province", "product__profile")
    qs = text_filter(qs, "product__profile__search_text", query.q)
    if query.province is not None:
        qs = qs.filter(product__producer__commune__province__code=query.province)
    if query.star is not None:
        qs = qs.filter(star=query.star)
    if query.group:
        q = group_filter(query.group)
        qs = qs.filter(q) if q is not None else qs.none()
    return qs.order_by("-star", "product_name", "pk")


def search_page(query: CatalogueQuery, page: Any = 1, today: date | None = None) -> Page[Certificate]:
    return Paginator(search(query, today), PAGE_SIZE).get_page(page)


def certified_product(pk: int, today: date | None = None) -> tuple[Product, Certificate]:
    """A product and its current certificate; Product.DoesNotExist when it is not OCOP today."""
    certificate = (
        certified(today)
        .select_related("product__producer__commune__province", "decision")
        .filter(product_id=pk)
        .order_by("-star", "-valid_from")
        .first()
    )
    if certificate is None:
        raise Product.DoesNotExist
    return certificate.product, certificate


def sales_points_carrying(product: Product) -> QuerySet[SalesPoint]:
    return SalesPoint.objects.filter(active=True, carried__product=product).select_related(
        "province", "commune"
    )


def public_sales_points(
    province: int | None = None, commune: int | None = None, q: str = ""
) -> QuerySet[SalesPoint]:
    qs = SalesPoint.objects.filter(active=True).select_related("province", "commune")
    if province is not None:
        qs = qs.filter(province__code=province)
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    qs = text_filter(qs, "search_text", q)
    return qs


def products_at(point: SalesPoint, today: date | None = None) -> list[dict[str, Any]]:
    """What a sales point carries, each with its current certificate (None when not OCOP today)."""
    products = list(
        Product.objects.filter(carried_at__sales_point=point).select_related("producer").order_by("name")
    )
    current = {c.product_id: c for c in certified(today).filter(product__in=products).order_by("star")}
    return [{"product": p, "certificate": current.get(p.pk)} for p in products]


# ---------------------------------------------------------------------------------------------------
# Province staff: sales points and stories, in their own province only.


def can_edit(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in EDITORS and user.province_id)


def sales_points_for(user: Any) -> QuerySet[SalesPoint]:
    """The sales points a user may edit: province staff, their own province. Everything else: none."""
    if not can_edit(user):
        return SalesPoint.objects.none()
    return SalesPoint.objects.filter(province=user.province_id).select_related("province", "commune")


def story_products_for(user: Any) -> QuerySet[Product]:
    """The products whose public story a user may edit: province staff, products of their province."""
    if not can_edit(user):
        return Product.objects.none()
    return Product.objects.filter(producer__commune__province=user.province_id).select_related("producer")


def _require_editor(user: Any) -> None:
    if not can_edit(user):
        raise StepRefused(
            "Chỉ cán bộ cơ quan tham mưu OCOP cấp tỉnh được sửa danh mục",
            "only provincial OCOP staff may edit the catalogue",
        )


def offerable_products(user: Any, today: date | None = None) -> QuerySet[Product]:
    """Products a sales point may list: any product certified OCOP today, and the province's own products
    (QĐ 950/QĐ-BCT also admits provincial key products and local specialities, rules.md §6)."""
    if not can_edit(user):
        return Product.objects.none()
    return (
        Product.objects.filter(
            Q(producer__commune__province=user.province_id) | Q(pk__in=certified(today).values("product_id"))
        )
        .select_related("producer")
        .order_by("name")
        .distinct()
    )


@transaction.atomic
def save_sales_point(
    user: Any, fields: dict[str, Any], products: list[Product], point: SalesPoint | None = None
) -> SalesPoint:
    """Create or update a sales point of the user's province; `fields` are already-cleaned form values."""
    _require_editor(user)
    if point is not None and point.province_id != user.province_id:
        raise StepRefused("Điểm bán không thuộc tỉnh của bạn", "the sales point is not in your province")
    commune = fields.get("commune")
    if commune is not None and commune.province_id != user.province_id:
        raise StepRefused("Xã/phường không thuộc tỉnh của bạn", "the commune is not in your province")
    allowed = set(offerable_products(user).values_list("pk", flat=True))
    if any(p.pk not in allowed for p in products):
        raise StepRefused("Có sản phẩm không được phép chọn", "a chosen product may not be listed")
    created = point is None
    point = point or SalesPoint(province_id=user.province_id)
    for name, value in fields.items():
        setattr(point, name, value)
    point.province_id = user.province_id
    point.save()
    wanted = {p.pk for p in products}
    have = set(point.carried.values_list("product_id", flat=True))
    SalesPointProduct.objects.filter(sales_point=point, product_id__in=have - wanted).delete()
    SalesPointProduct.objects.bulk_create(
        [SalesPointProduct(sales_point=point, product_id=pk) for pk in sorted(wanted - have)]
    )
    record(
        user,
        "catalogue.salespoint_created" if created else "catalogue.salespoint_updated",
        subject=f"salespoint:{point.pk}",
        name=point.name,
        active=point.active,
        products=sorted(wanted),
    )
    return point


@transaction.atomic
def save_story(user: Any, product: Product, story: str, photo: Any = None) -> ProductProfile:
    _require_editor(user)
    if product.producer.commune.province_id != user.province_id:
        raise StepRefused("Sản phẩm không thuộc tỉnh của bạn", "the product is not in your province")
    profile = profile_for(product)
    profile.story = story.strip()
    if photo is not None:
        profile.photo = photo
    profile.updated_by = user
    profile.save()
    record(user, "catalogue.story_updated", subject=f"product:{product.pk}", length=len(profile.story))
    return profile
