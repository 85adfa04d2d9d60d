"""The public catalogue: which products are listed, how they are searched, and the edits province staff
may make (sales points, product stories). Views call these functions and nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django.db import connections, transaction
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from ocop import versions
from ocop.accounts.models import Role
from ocop.areas.models import Province
from ocop.audit.models import record
from ocop.certificates.models import Certificate
from ocop.dossiers.uploads import removed_on_failure
from ocop.errors import StepRefused
from ocop.producers.models import Product

from .entries import GroupChoice, certified, product_groups
from .models import CatalogueEntry, ProductProfile, SalesPoint, SalesPointProduct
from .search import search_words

PAGE_SIZE = 20
# Above this many matches the catalogue says "more than 1 000" instead of counting every match: an exact
# COUNT of a broad query ("hop tac xa") over 100 000 products costs more than the whole search (issue 4).
COUNT_CAP = 1000
EDITORS = {Role.PROVINCE_STAFF}


# ---------------------------------------------------------------------------------------------------
# Product profiles (story and photo).


def profile_for(product: Product) -> ProductProfile:
    """The product's profile, created the first time an editor (or the demo) asks for it."""
    try:
        return product.profile  # type: ignore[no-any-return]
    except ProductProfile.DoesNotExist:
        profile, _ = ProductProfile.objects.get_or_create(product=product)
        return profile


def profile_of(product: Product) -> ProductProfile | None:
    """The product's profile if it has one; public pages read it without creating it."""
    return ProductProfile.objects.filter(product=product).first()


# Where the story form stores photos (ProductProfile.photo's upload_to), and the types it serves back.
PHOTO_DIR = "catalogue/products/"
PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def listed_photo(pk: int, today: date | None = None) -> tuple[FieldFile, str]:
    """The photo of a product listed in the catalogue today, and its content type.

    Uploads share MEDIA_ROOT with the dossiers' private files, so only a file under PHOTO_DIR with an
    image suffix is ever returned, whatever the column holds. ProductProfile.DoesNotExist otherwise
    (the product is not listed, has no photo, or the stored name is not a catalogue photo).
    """
    if not listed(today).filter(product_id=pk).exists():
        raise ProductProfile.DoesNotExist
    profile = ProductProfile.objects.filter(product_id=pk).exclude(photo="").first()
    if profile is None:
        raise ProductProfile.DoesNotExist
    name = profile.photo.name or ""
    path = PurePosixPath(name)
    content_type = PHOTO_TYPES.get(path.suffix.lower())
    if not name.startswith(PHOTO_DIR) or ".." in path.parts or "\\" in name or content_type is None:
        raise ProductProfile.DoesNotExist
    return profile.photo, content_type


def rebuild_sales_point_search_text() -> int:
    """Recompute every sales point's search column (after a commune or province rename, which sends no
    signal). Returns the number of sales points."""
    points = list(SalesPoint.objects.select_related("commune", "province"))
    for point in points:
        point.search_text = point.build_search_text()
    return SalesPoint.objects.bulk_update(points, ["search_text"], batch_size=500) if points else 0


# ---------------------------------------------------------------------------------------------------
# What the catalogue lists.


def listed(today: date | None = None) -> QuerySet[CatalogueEntry]:
    """The catalogue's entries in term today (an entry past its term waits for the daily expiry job)."""
    return CatalogueEntry.objects.filter(valid_until__gte=today or timezone.localdate())


def filter_choices(today: date | None = None) -> tuple[list[Province], list[GroupChoice]]:
    """The catalogue form's choices: the provinces with a listed product, and the groups of the rulebooks
    listed products were rated under. One query, read fresh every time (no cache to go stale): one index
    probe per province and one per rulebook."""
    today = today or timezone.localdate()
    rulebook_ids = sorted({rid for g in product_groups() for rid, _ in g.scorecards})
    entries, provinces = CatalogueEntry._meta.db_table, Province._meta.db_table
    in_term = f"SELECT 1 FROM {entries} e WHERE e.valid_until >= %s"
    parts = [
        f"SELECT p.id, p.code, p.name FROM {provinces} p WHERE EXISTS ({in_term} AND e.province_code = p.code)"
    ]
    params: list[Any] = [today]
    for rulebook_id in rulebook_ids:  # a rulebook's row: (NULL, NULL, its id)
        parts.append(f"SELECT NULL, NULL, %s WHERE EXISTS ({in_term} AND e.rulebook_id = %s)")
        params += [rulebook_id, today, rulebook_id]
    with connections[CatalogueEntry.objects.db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    used = {name for pk, _code, name in rows if pk is None}
    in_use = sorted(
        (Province(id=pk, code=code, name=name) for pk, code, name in rows if pk is not None),
        key=lambda p: p.code,
    )
    groups = [g for g in product_groups() if any(rid in used for rid, _ in g.scorecards)]
    return in_use, groups


def search_terms(query: str) -> list[str]:
    return search_words(query)


def text_filter(qs: QuerySet[Any], field: str, query: str, lookup: str = "icontains") -> QuerySet[Any]:
    """Accent-free search on a padded search column (`search.search_column`); the sales points use it.

    The query as typed, as one piece ("cho dong k" finds "… chợ Đông Kinh" while typing); when nothing
    has it, every word as a whole word in any order. `lookup` is "contains" for a column already in
    lower case whose trigram index is on the column itself.
    """
    phrase = " ".join(search_words(query))
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


@dataclass(frozen=True)
class Reading:
    """One way of reading the words of a query (see `readings`)."""

    how: str  # "phrase", "words" or "prefix"
    words: tuple[str, ...]

    def tsquery(self) -> str:
        """The reading as a PostgreSQL text query. Words are [0-9a-z]+ (search.searchable): no escaping."""
        if self.how == "words":
            return " & ".join(self.words)
        if self.how == "prefix":
            return " <-> ".join([*self.words[:-1], f"{self.words[-1]}:*"])
        return " <-> ".join(self.words)


def readings(words: Iterable[str]) -> list[Reading]:
    """The readings of a query's words, in the order they are tried; the first that finds a listed
    product gives the result:

    1. "phrase": the words as a phrase of whole words ("ca dong" finds "Chả cá Đồng Đăng");
    2. "words" (two words or more): every word as a whole word, in any order and place ("ruou lang son"
       finds "Rượu Mẫu Sơn … Lạng Sơn"; "ruou ca" does not find "… Cao Lộc");
    3. "prefix": the phrase with its last word unfinished ("cha c" finds "Chả cá"). Last, because only
       a query that finds nothing otherwise needs it, and expanding a prefix in the word index is the
       dearest part of a search.
    """
    terms = tuple(words)
    if not terms:
        return []
    found = [Reading("phrase", terms)]
    if len(terms) > 1:
        found.append(Reading("words", terms))
    found.append(Reading("prefix", terms))
    return found


# On PostgreSQL the entry's words are in `search_vector`, a column PostgreSQL generates from search_text
# (migration 0003; the model does not declare it) with a GIN index.
_MATCH = '"catalogue_catalogueentry"."search_vector" @@ to_tsquery(\'simple\'::regconfig, %s)'


def _is_postgresql(qs: QuerySet[Any]) -> bool:
    return connections[qs.db].vendor == "postgresql"


def _reading_filter(qs: QuerySet[CatalogueEntry], reading: Reading) -> QuerySet[CatalogueEntry]:
    """The entries of `qs` that `reading` finds: the text index on PostgreSQL, LIKE on the padded
    column (search.search_column) elsewhere, with the same meaning."""
    if _is_postgresql(qs):
        return qs.filter(RawSQL(_MATCH, (reading.tsquery(),), output_field=BooleanField()))
    if reading.how == "words":
        for word in reading.words:
            qs = qs.filter(search_text__contains=f" {word} ")
        return qs
    phrase = " " + " ".join(reading.words)
    return qs.filter(search_text__contains=phrase + (" " if reading.how == "phrase" else ""))


def _known_group(code: str) -> bool:
    return any(g.code == code for g in product_groups())


def _filtered(query: CatalogueQuery, today: date | None) -> QuerySet[CatalogueEntry]:
    """The listed entries the query's filters keep, in the list's order (best stars first, then name)."""
    qs = listed(today)
    if query.province is not None:
        qs = qs.filter(province_code=query.province)
    if query.star is not None:
        qs = qs.filter(star=query.star)
    if query.group:
        qs = qs.filter(group_code=query.group) if _known_group(query.group) else qs.none()
    return qs.order_by("-star", "name", "id")


def search(query: CatalogueQuery, today: date | None = None) -> QuerySet[CatalogueEntry]:
    """The listed products matching the query, best stars first, read by the first of `readings` that
    finds something. Accent-free: "cha ca" finds "Chả cá". `search_page` gives the same results a page
    at a time (in one statement on PostgreSQL)."""
    qs = _filtered(query, today)
    found = qs
    for reading in readings(search_terms(query.q)):
        found = _reading_filter(qs, reading)
        if found.exists():
            break
    return found


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


# What the list shows of an entry: the only columns a page reads, in the model's field order (as
# Model.from_db takes them).
SHOWN = tuple(
    f.attname
    for f in CatalogueEntry._meta.concrete_fields
    if f.attname
    in {"id", "product_id", "name", "star", "producer_name", "commune_name", "province_name", "group_code"}
)


def search_page(query: CatalogueQuery, page: Any = 1, today: date | None = None) -> CataloguePage:
    """One page of `search` and the number of matches, counted up to COUNT_CAP (above it the page says
    "more than"). A page past the end shows the last page, as Django's Paginator.get_page does.

    On PostgreSQL one statement answers it all (`page_statement`); elsewhere (SQLite) the ORM does
    the same steps one query at a time.
    """
    number = min(int(page), 50_000) if str(page).isdigit() and int(page) > 0 else 1
    today = today or timezone.localdate()
    if query.group and not _known_group(query.group):
        return CataloguePage([], 1, False, 0, False)
    base = _filtered(query, today)
    if _is_postgresql(base):
        rows, counted = _page_in_one_statement(query, number, today)
    else:
        rows, counted = _page_step_by_step(search(query, today), number)
    if not rows and number > 1:  # past the end: rare, so an exact count is fine here
        matches = search(query, today).only(*SHOWN)
        number = max(1, -(-matches.count() // PAGE_SIZE))
        rows, counted = list(matches[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1]), None
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if not has_next:  # the last page: counted from what it shows, exactly
        return CataloguePage(rows, number, False, (number - 1) * PAGE_SIZE + len(rows), False)
    assert counted is not None  # both ways count when there is a next page
    counted = max(counted, number * PAGE_SIZE + 1)
    return CataloguePage(rows, number, True, min(counted, COUNT_CAP), counted > COUNT_CAP)


def _page_step_by_step(
    found: QuerySet[CatalogueEntry], number: int
) -> tuple[list[CatalogueEntry], int | None]:
    """The page (and one more row) of `search`'s matches, and when there is a next page the number of
    matches up to COUNT_CAP + 1; one query per step."""
    rows = list(found.only(*SHOWN)[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    if len(rows) <= PAGE_SIZE:
        return rows, None
    return rows, found.order_by()[: COUNT_CAP + 1].count()  # no order: stops at the cap


# How many rows of the list's order the statement walks looking for a broad query's page (see
# page_statement). PostgreSQL plans that walk as if it read them all, and above about 40 % of the rows a
# filter keeps it sorts them all instead: with 3 000, "lang son" in a province of 4 229 listed products
# took 15 ms, with 1 000 7 ms. Kept small so that the walk stays a walk.
PROBE = 1000


def page_statement(query: CatalogueQuery, number: int, today: date) -> tuple[str, dict[str, Any]]:
    """The one PostgreSQL statement behind a catalogue page: its rows (the page and one more, with the
    SHOWN columns), each with the number of matches counted up to COUNT_CAP + 1 (`n`). Without rows
    (nothing found, or past the end) it returns one row of NULLs with `n`.

    With text, the readings (see `readings`) are tried inside it, each only when the ones before it
    found nothing (an InitPlan on them: PostgreSQL skips a plan whose one-time filter is false):
    - `m` collects from the word index the entries having every word, each marked with whether it has
      them as a phrase. The phrase and "words" readings need the same entries from the index (it does
      not know word positions), so one pass serves both.
    - `hits` keeps the first reading that finds something: m's phrases, else all of m, else the
      "prefix" reading from the index. Each is read lazily, COUNT_CAP + 1 rows at most: the count.
    Then the page:
    - at most COUNT_CAP matches: all of them are in `hits`; sorted there.
    - the "words" reading: all its matches are in `m` (finding no phrase meant reading m to its end).
    - more than COUNT_CAP phrases (or prefixes): common enough to be found by walking the list's order
      (the btree index) and keeping the matches, over the first PROBE rows at most (`probe`); the
      database's own way (word index, then sorting every match) when those rows do not hold the page.
    """
    start = (number - 1) * PAGE_SIZE
    where = ["e.valid_until >= %(today)s"]
    params: dict[str, Any] = {"today": today, "size": PAGE_SIZE + 1, "start": start, "cap": COUNT_CAP + 1}
    if query.province is not None:
        where.append("e.province_code = %(province)s")
        params["province"] = query.province
    if query.star is not None:
        where.append("e.star = %(star)s")
        params["star"] = query.star
    if query.group:
        where.append("e.group_code = %(group)s")
        params["group"] = query.group
    table = CatalogueEntry._meta.db_table
    listed_rows = f"{table} e WHERE {' AND '.join(where)}"
    order = "ORDER BY star DESC, name, id"
    shown = ", ".join(f"e.{c}" for c in SHOWN)
    ways = {r.how: r.tsquery() for r in readings(search_terms(query.q))}
    if not ways:
        return (
            f"WITH page AS (SELECT {shown} FROM {listed_rows} {order} LIMIT %(size)s OFFSET %(start)s) "
            f"SELECT (SELECT count(*) FROM (SELECT 1 FROM {listed_rows} LIMIT %(cap)s) c) AS n, page.* "
            f"FROM (SELECT 1) one LEFT JOIN page ON TRUE {order}",
            params,
        )
    params.update(ways, probe=PROBE)
    text = {how: f"to_tsquery('simple'::regconfig, %({how})s)" for how in ways}
    phrase, prefix = text["phrase"], text["prefix"]
    words = text.get("words", phrase)  # one word: its phrase is the word
    is_phrase = f"e.search_vector @@ {phrase}" if "words" in ways else "TRUE"
    found = f"(SELECT CASE reading WHEN 1 THEN {phrase} WHEN 2 THEN {words} ELSE {prefix} END FROM total)"
    many = "(SELECT n FROM total) >= %(cap)s"
    sql = f"""WITH
m AS MATERIALIZED (
  SELECT e.id, e.star, e.name, {is_phrase} AS phrase FROM {listed_rows} AND e.search_vector @@ {words}),
hits AS MATERIALIZED (
  (SELECT 1 AS reading, id, star, name FROM m WHERE phrase LIMIT %(cap)s)
  UNION ALL (SELECT 2, id, star, name FROM m WHERE NOT EXISTS (SELECT 1 FROM m WHERE phrase) LIMIT %(cap)s)
  UNION ALL (
    SELECT 3, e.id, e.star, e.name FROM {listed_rows}
    AND NOT EXISTS (SELECT 1 FROM m) AND e.search_vector @@ {prefix} LIMIT %(cap)s)),
total AS MATERIALIZED (SELECT count(*) AS n, min(reading) AS reading FROM hits),
probe AS MATERIALIZED (
  SELECT t.id, t.star, t.name FROM (
    SELECT e.id, e.star, e.name, e.search_vector FROM {listed_rows} {order} LIMIT %(probe)s) t
  WHERE {many} AND (SELECT reading FROM total) <> 2 AND t.search_vector @@ {found}
  {order} LIMIT %(size)s OFFSET %(start)s),
page AS (
  (SELECT id, star, name FROM hits WHERE NOT {many} {order} LIMIT %(size)s OFFSET %(start)s)
  UNION ALL (
    SELECT id, star, name FROM m WHERE {many} AND (SELECT reading FROM total) = 2
    {order} LIMIT %(size)s OFFSET %(start)s)
  UNION ALL (SELECT id, star, name FROM probe WHERE (SELECT count(*) FROM probe) = %(size)s)
  UNION ALL (
    SELECT e.id, e.star, e.name FROM {listed_rows}
    AND {many} AND (SELECT reading FROM total) <> 2 AND (SELECT count(*) FROM probe) < %(size)s
    AND e.search_vector @@ {found} {order} LIMIT %(size)s OFFSET %(start)s))
SELECT total.n, {shown} FROM total LEFT JOIN page ON TRUE LEFT JOIN {table} e ON e.id = page.id
ORDER BY page.star DESC, page.name, page.id"""
    return sql, params


def _page_in_one_statement(
    query: CatalogueQuery, number: int, today: date
) -> tuple[list[CatalogueEntry], int | None]:
    sql, params = page_statement(query, number, today)
    db = CatalogueEntry.objects.db
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    counted = int(fetched[0][0]) if fetched else 0
    rows = [CatalogueEntry.from_db(db, SHOWN, values[1:]) for values in fetched if values[1] is not None]
    return rows, counted


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
    user: Any,
    fields: dict[str, Any],
    products: list[Product],
    point: SalesPoint | None = None,
    version: int | None = None,
) -> SalesPoint:
    """Create or update a sales point of the user's province; `fields` are already-cleaned form values.
    An update is refused, changing nothing, when the point changed since the form was opened at
    `version` (ocop.versions)."""
    _require_editor(user)
    before: dict[str, Any] = {}
    if point is not None:
        point.refresh_from_db(from_queryset=SalesPoint.objects.select_for_update())
        versions.check(point, version, f"salespoint:{point.pk}")
        before = {
            **versions.values(point, list(fields)),
            "products": sorted(point.carried.values_list("product_id", flat=True)),
        }
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
    if not created:
        point.version += 1
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
        version=point.version,
        changes=versions.changed(before, {**versions.values(point, list(fields)), "products": sorted(wanted)})
        if not created
        else {},
    )
    return point


@transaction.atomic
def save_story(
    user: Any, product: Product, story: str, photo: Any = None, version: int | None = None
) -> ProductProfile:
    """Save the product's public story (and photo); refused, changing nothing, when someone saved it
    since the form was opened at `version` (ocop.versions)."""
    _require_editor(user)
    if product.producer.commune.province_id != user.province_id:
        raise StepRefused("Sản phẩm không thuộc tỉnh của bạn", "the product is not in your province")
    profile = profile_for(product)
    profile.refresh_from_db(from_queryset=ProductProfile.objects.select_for_update())
    versions.check(profile, version, f"product:{product.pk}")
    old = profile.story
    profile.version += 1
    profile.story = story.strip()
    profile.updated_by = user
    if photo is not None:
        profile.photo.save(photo.name, photo, save=False)
    with removed_on_failure(profile.photo) if photo is not None else nullcontext():
        profile.save()
        record(
            user,
            "catalogue.story_updated",
            subject=f"product:{product.pk}",
            length=len(profile.story),
            version=profile.version,
            changes=versions.changed({"story": old}, {"story": profile.story}),
        )
    return profile
