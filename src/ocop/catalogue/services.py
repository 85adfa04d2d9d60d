"""The public catalogue: which products are listed, how they are searched, and the edits province staff
may make (sales points, product stories). Views call these functions and nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.areas.models import Province
from ocop.audit.models import record
from ocop.certificates.models import Certificate
from ocop.core.rulebooks import all_rulebooks
from ocop.dossiers.services import StepRefused
from ocop.producers.models import Product

from .models import CatalogueEntry, ProductProfile, SalesPoint, SalesPointProduct
from .search import search_column, searchable

PAGE_SIZE = 20
# Above this many matches the catalogue says "more than 1 000" instead of counting every match: an exact
# COUNT of a broad query ("hop tac xa") over 100 000 products costs more than the whole search (issue 4).
COUNT_CAP = 1000
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
    rebuild_catalogue()
    return written


# ---------------------------------------------------------------------------------------------------
# The catalogue's own table: one CatalogueEntry per product listed today (models.CatalogueEntry).


def _group_codes() -> dict[tuple[str, int], str]:
    return {(rid, n): g.code for g in product_groups() for rid, numbers in g.scorecards for n in numbers}


def _entry(certificate: Certificate, groups: dict[tuple[str, int], str]) -> CatalogueEntry:
    """The entry for a certificate whose product, producer, commune and province are loaded."""
    product = certificate.product
    producer = product.producer
    commune = producer.commune
    province = commune.province
    return CatalogueEntry(
        product_id=product.pk,
        certificate_id=certificate.pk,
        certificate_code=certificate.code,
        valid_until=certificate.valid_until,
        star=certificate.star,
        rulebook_id=certificate.rulebook_id,
        scorecard_number=certificate.scorecard_number,
        group_code=groups.get((certificate.rulebook_id, certificate.scorecard_number), ""),
        name=product.name,
        producer_name=producer.name,
        commune_name=commune.name,
        province_code=province.code,
        province_name=province.name,
        search_text=search_column(product.name, producer.name, commune.name, province.name),
    )


def _current_certificates(today: date) -> QuerySet[Certificate]:
    """Per product, the certificate the catalogue shows first: the best star, then the newest."""
    return (
        certified(today)
        .select_related("product__producer__commune__province")
        .order_by("product_id", "-star", "-valid_from", "-pk")
    )


@transaction.atomic
def refresh_entries(product_ids: Iterable[int], today: date | None = None) -> None:
    """Bring the catalogue entries of these products in line with their certificates and names.

    The one function that writes entries (besides `rebuild_catalogue`): called by the signals on
    Certificate, Product and Producer saves (signals.py), and by any bulk path that bypasses them.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return
    today = today or timezone.localdate()
    groups = _group_codes()
    best: dict[int, CatalogueEntry] = {}
    for certificate in _current_certificates(today).filter(product_id__in=ids):
        best.setdefault(certificate.product_id, _entry(certificate, groups))
    CatalogueEntry.objects.filter(product_id__in=ids).delete()
    CatalogueEntry.objects.bulk_create(list(best.values()))


@transaction.atomic
def rebuild_catalogue(today: date | None = None) -> int:
    """Recompute every catalogue entry from the certificates (after an import, raw SQL, a rename of a
    commune or province). Returns the number of products listed."""
    today = today or timezone.localdate()
    groups = _group_codes()
    CatalogueEntry.objects.all().delete()
    batch: list[CatalogueEntry] = []
    written = 0
    last = None
    for certificate in _current_certificates(today).iterator(chunk_size=2000):
        if certificate.product_id == last:
            continue
        last = certificate.product_id
        batch.append(_entry(certificate, groups))
        if len(batch) >= 2000:
            written += len(CatalogueEntry.objects.bulk_create(batch))
            batch = []
    written += len(CatalogueEntry.objects.bulk_create(batch)) if batch else 0
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


def listed(today: date | None = None) -> QuerySet[CatalogueEntry]:
    """The catalogue's entries in term today (an entry past its term waits for the daily expiry job)."""
    return CatalogueEntry.objects.filter(valid_until__gte=today or timezone.localdate())


def groups_in_use(today: date | None = None) -> list[GroupChoice]:
    """The groups worth offering as a filter: those of the rulebooks current certificates were made under."""
    entries = listed(today)
    rulebook_ids = {rid for g in product_groups() for rid, _ in g.scorecards}
    used = {rid for rid in rulebook_ids if entries.filter(rulebook_id=rid).exists()}  # one index probe each
    return [g for g in product_groups() if any(rid in used for rid, _ in g.scorecards)]


def filter_choices(today: date | None = None) -> tuple[list[Province], list[GroupChoice]]:
    """The catalogue page's province and group choices: one index probe per province and per rulebook."""
    return list(provinces_in_use(today)), groups_in_use(today)


def provinces_in_use(today: date | None = None) -> QuerySet[Province]:
    """The provinces with at least one listed product (one index probe per province)."""
    return Province.objects.filter(Exists(listed(today).filter(province_code=OuterRef("code")))).order_by(
        "code"
    )


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


def text_filter(qs: QuerySet[Any], field: str, query: str, lookup: str = "icontains") -> QuerySet[Any]:
    """Accent-free search on a padded search column (`search.search_column`).

    The query as typed, as one piece ("cha c" finds "Chả cá" while typing); when nothing has it, every
    word as a whole word in any order ("ruou lang son" finds "Rượu Mẫu Sơn … Lạng Sơn"). `lookup` is
    "contains" for a column already in lower case whose trigram index is on the column itself.
    """
    phrase = searchable(query)
    if not phrase:
        return qs
    exact = qs.filter(**{f"{field}__{lookup}": phrase})
    if " " not in phrase or exact.exists():
        return exact
    for term in phrase.split():
        qs = qs.filter(**{f"{field}__{lookup}": f" {term} "})
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


# On PostgreSQL the entry's words are in `search_vector`, a column PostgreSQL generates from search_text
# (migration 0003; the model does not declare it) with a GIN index. Words are [0-9a-z]+
# (search.searchable), so the tsquery built from them needs no escaping.
_MATCH = '"catalogue_catalogueentry"."search_vector" @@ to_tsquery(\'simple\'::regconfig, %s)'


@dataclass(frozen=True)
class _Candidate:
    qs: QuerySet[CatalogueEntry]  # the matches, in the list's order
    base: QuerySet[CatalogueEntry]  # the same without the text condition
    match: RawSQL | None  # the text condition on PostgreSQL (None elsewhere, or without text)
    how: str = ""  # "phrase", "typing", "words" (see _matching), "" without text


def _matching(base: QuerySet[CatalogueEntry], words: list[str], how: str) -> _Candidate:
    """Entries whose search text has `words`: "phrase" as a phrase of whole words; "typing" as a phrase
    whose last word may be unfinished ("cha c" → "Chả cá"); "words" every word as a whole word, in any
    order. The same meaning on every backend: the GIN full-text index on PostgreSQL, LIKE on the padded
    column (search.search_column) elsewhere."""
    if connections[base.db].vendor == "postgresql":
        tsquery = {
            "phrase": " <-> ".join(words),
            "typing": " <-> ".join([*words[:-1], f"{words[-1]}:*"]),
            "words": " & ".join(words),
        }[how]
        match = RawSQL(_MATCH, (tsquery,), output_field=BooleanField())
        return _Candidate(base.filter(match), base, match, how)
    qs = base
    if how == "words":
        for word in words:
            qs = qs.filter(search_text__contains=f" {word} ")
    else:
        qs = qs.filter(search_text__contains=" " + " ".join(words) + (" " if how == "phrase" else ""))
    return _Candidate(qs, base, None, how)


def _candidates(query: CatalogueQuery, today: date | None) -> list[_Candidate]:
    """The query as a phrase of whole words; when no product has it, as a phrase being typed; then
    (several words) its words anywhere."""
    qs = listed(today)
    if query.province is not None:
        qs = qs.filter(province_code=query.province)
    if query.star is not None:
        qs = qs.filter(star=query.star)
    if query.group:
        if not any(g.code == query.group for g in product_groups()):
            qs = qs.none()
        qs = qs.filter(group_code=query.group)
    qs = qs.order_by("-star", "name", "id")
    words = search_terms(query.q)
    if not words:
        return [_Candidate(qs, qs, None)]
    found = [_matching(qs, words, "phrase"), _matching(qs, words, "typing")]
    if len(words) > 1:
        found.append(_matching(qs, words, "words"))
    return found


def search(query: CatalogueQuery, today: date | None = None) -> QuerySet[CatalogueEntry]:
    """The listed products matching the query, best stars first. Accent-free; the query as a phrase of
    whole words ("ca dong" finds "Chả cá Đồng Đăng"), else as a phrase being typed ("cha c"), else
    every word as a whole word in any order ("ruou lang son" finds "Rượu Mẫu Sơn … Lạng Sơn").

    One table (CatalogueEntry): its text index serves the words, its btree indexes the filters and the
    order.
    """
    *first, last = _candidates(query, today)
    return next((c.qs for c in first if c.qs.exists()), last.qs)


@dataclass(frozen=True)
class CataloguePage:
    """A page of results without an exact count of large result sets (see COUNT_CAP)."""

    rows: list[CatalogueEntry]
    number: int
    has_next: bool
    count: int  # exact unless `more`; then COUNT_CAP
    more: bool  # more than COUNT_CAP matches

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def num_pages(self) -> int | None:
        """None when the count is capped."""
        return None if self.more else max(1, -(-self.count // PAGE_SIZE))


def search_page(query: CatalogueQuery, page: Any = 1, today: date | None = None) -> CataloguePage:
    """One page of `search` and a count capped at COUNT_CAP (above it the page says "more than"). A page
    past the end shows the last page, as Django's Paginator.get_page does."""
    number = min(int(page), 50_000) if str(page).isdigit() and int(page) > 0 else 1
    candidates = _candidates(query, today)
    typing_finds: bool | None = None
    for i, candidate in enumerate(candidates):  # the first way of reading the query that finds something
        last = i == len(candidates) - 1
        rows = _probe(candidate, number) if candidate.how != "typing" else []
        if len(rows) > PAGE_SIZE:  # the whole page, and a next one: exact (see _probe)
            break
        found = bool(rows)
        if not found and not last and candidate.how in ("phrase", "typing"):
            # What the phrase finds, the phrase being typed finds too: one look settles both when
            # neither finds anything (a query that is a list of words, the usual case here).
            if typing_finds is None:
                typing_finds = _exists(candidates[1])
            if not typing_finds:
                continue
            found = candidate.how == "typing"  # the whole phrase found nothing, this one does
        if found or last or _exists(candidate):
            rows = _counted_page(candidate, number)
            break
    qs = candidate.qs
    if not rows and number > 1:
        total = qs.count()  # past the end: rare, so an exact count is fine here
        number = max(1, -(-total // PAGE_SIZE))
        rows = list(candidate.qs[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if not has_next:  # the last page: counted from what it shows, exactly, with no query
        return CataloguePage(rows, number, False, (number - 1) * PAGE_SIZE + len(rows), False)
    counted = getattr(rows[0], "total_matches", None)
    # No order: stops at the cap, however it scans.
    count = int(counted) if counted is not None else qs.order_by()[: COUNT_CAP + 1].count()
    count = max(count, number * PAGE_SIZE + 1)
    return CataloguePage(rows, number, True, min(count, COUNT_CAP), count > COUNT_CAP)


def _counted_page(candidate: _Candidate, number: int) -> list[CatalogueEntry]:
    """The page from the text index, with the number of matches on each row (`total_matches`) on
    PostgreSQL: the probe did not find the page among the first rows, so the matches are few (or the
    page is deep) and the database sorts them all anyway; counting them then costs next to nothing."""
    qs = candidate.qs
    if candidate.match is not None:
        qs = qs.annotate(total_matches=Window(Count("id")))
    return list(qs[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])


class _Undo(Exception):
    pass


def _exists(candidate: _Candidate) -> bool:
    """Whether the candidate finds anything, asked of the text index alone on PostgreSQL.

    Left to itself, the planner expects a phrase of common words to match often and walks the whole
    table looking for a first match that does not exist (50 ms at 100 000 products). Plain index and
    sequential scans are switched off for this one query, inside a savepoint rolled back afterwards,
    which also undoes the SET LOCAL.
    """
    if candidate.match is None:
        return candidate.qs.exists()
    found = False
    try:
        with transaction.atomic(using=candidate.qs.db):
            with connections[candidate.qs.db].cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_indexscan = off")
            found = candidate.qs.exists()
            raise _Undo
    except _Undo:
        pass
    return found


# A broad text query ("banh chung": 4 000 matches) is answered fastest by walking the order index and
# keeping the matches; a narrow one by the text index. PostgreSQL's estimate of how many rows a phrase
# matches is far too low for related words, so it picks the text index for broad phrases and then
# sorts thousands of rows. `_probe` first looks for the page among the PROBE first rows of the list (cheap: an index walk):
# when it finds the whole page and one more row there, that page is exact (every later match sorts
# after them); otherwise the query goes to the planner as it is.
PROBE = 1000


def _probe(candidate: _Candidate, number: int) -> list[CatalogueEntry]:
    """The matches of page `number` (and one more row) among the PROBE first rows of the list, on
    PostgreSQL; when it returns PAGE_SIZE + 1 rows they are exactly the page (every later match sorts
    after them). Fewer rows: only that some match exists (or not, among those rows)."""
    start, stop = (number - 1) * PAGE_SIZE, number * PAGE_SIZE + 1
    if candidate.match is None or stop > PROBE:
        return []
    try:
        compiler = candidate.base.annotate(_hit=candidate.match)[:PROBE].query.get_compiler(candidate.base.db)
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    probe = CatalogueEntry.objects.raw(
        f"SELECT * FROM ({sql}) AS top_rows WHERE _hit ORDER BY star DESC, name, id LIMIT %s OFFSET %s",
        (*params, stop - start, start),
    )
    return list(probe.using(candidate.base.db))


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
