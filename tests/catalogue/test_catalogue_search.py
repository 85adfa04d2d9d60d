"""Accent-free search: the normalisation itself and the search column kept on save."""

from __future__ import annotations

from typing import Any

import pytest

from ocop.catalogue.search import normalise


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Chả cá", "cha ca"),
        ("Chả Cá", "cha ca"),
        ("cha   ca", "cha ca"),
        ("  CHẢ CÁ  ", "cha ca"),
        ("Đồng Đăng", "dong dang"),
        ("đường", "duong"),
        ("Rượu Mẫu Sơn 29 độ", "ruou mau son 29 do"),
        ("Hoa hồi khô Văn Quan", "hoa hoi kho van quan"),
        ("Tinh\tdầu\nhồi", "tinh dau hoi"),
        ("Khâu nhục", "khau nhuc"),
    ],
)
def test_normalise(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


def test_normalise_decomposed_input_gives_the_same_text() -> None:
    import unicodedata

    assert normalise(unicodedata.normalize("NFD", "Chả cá Đồng Đăng")) == "cha ca dong dang"


def _names(qs: Any) -> list[str]:
    return sorted(c.product.name for c in qs)


@pytest.mark.parametrize("typed", ["cha ca", "Chả Cá", "cha   ca", "CHA CA", "cha ca dong dang", "ca dong"])
def test_search_finds_accented_product_typed_without_accents(products: Any, certify: Any, typed: str) -> None:
    from ocop.catalogue.services import CatalogueQuery, search

    certify(products["Chả cá Đồng Đăng"])
    certify(products["Khâu nhục Lạng Sơn"])
    assert _names(search(CatalogueQuery(q=typed))) == ["Chả cá Đồng Đăng"]


def test_d_typed_for_dj(products: Any, certify: Any) -> None:
    from ocop.catalogue.services import CatalogueQuery, search

    certify(products["Chả cá Đồng Đăng"])
    certify(products["Na Chi Lăng"])
    assert _names(search(CatalogueQuery(q="dang"))) == ["Chả cá Đồng Đăng"]
    assert _names(search(CatalogueQuery(q="đăng"))) == ["Chả cá Đồng Đăng"]


def test_search_matches_producer_and_area_names(products: Any, certify: Any) -> None:
    from ocop.catalogue.services import CatalogueQuery, search

    certify(products["Hoa hồi khô Văn Quan"])
    certify(products["Rượu Mẫu Sơn 29 độ"])
    assert _names(search(CatalogueQuery(q="hop tac xa hoi"))) == ["Hoa hồi khô Văn Quan"]
    assert _names(search(CatalogueQuery(q="lang son"))) == ["Hoa hồi khô Văn Quan", "Rượu Mẫu Sơn 29 độ"]
    assert _names(search(CatalogueQuery(q="khong co gi"))) == []


def test_words_in_any_order_when_the_phrase_is_not_found(products: Any, certify: Any) -> None:
    from ocop.catalogue.services import CatalogueQuery, search

    certify(products["Rượu Mẫu Sơn 29 độ"])
    certify(products["Chả cá Đồng Đăng"])
    assert _names(search(CatalogueQuery(q="ruou lang son"))) == ["Rượu Mẫu Sơn 29 độ"]
    assert _names(search(CatalogueQuery(q="son, mau - ruou!"))) == ["Rượu Mẫu Sơn 29 độ"]
    # Whole words only in that case: "ca" is not "cao" (Xã Cao Lộc) nor "ca" inside another word.
    assert _names(search(CatalogueQuery(q="ruou ca"))) == []
    # When nothing else finds anything, the last word may be unfinished (a phrase being typed).
    assert _names(search(CatalogueQuery(q="cha c"))) == ["Chả cá Đồng Đăng"]
    assert _names(search(CatalogueQuery(q="ruo"))) == ["Rượu Mẫu Sơn 29 độ"]


def test_the_readings_and_their_order() -> None:
    from ocop.catalogue.services import Reading, readings

    assert readings(["cha", "ca"]) == [
        Reading("phrase", ("cha", "ca")),
        Reading("words", ("cha", "ca")),
        Reading("prefix", ("cha", "ca")),
    ]
    assert [r.tsquery() for r in readings(["cha", "ca", "dong"])] == [
        "cha <-> ca <-> dong",
        "cha & ca & dong",
        "cha <-> ca <-> dong:*",
    ]
    assert [r.how for r in readings(["ruou"])] == ["phrase", "prefix"]  # one word: no "words" reading
    assert readings([]) == []


def test_whole_words_in_any_order_come_before_an_unfinished_word(products: Any, certify: Any) -> None:
    """Since the single-statement search (issue 4), the unfinished-word reading is tried last: "hoa
    tra" finds "Trà hoa vàng" (both words, whole, in another order), not "… hoa tràm" (an unfinished
    "tra"), which the earlier order (phrase, unfinished word, words) found."""
    from ocop.catalogue.services import CatalogueQuery, search
    from ocop.producers.models import Product

    producer = products["Na Chi Lăng"].producer
    tea = Product.objects.create(producer=producer, name="Trà hoa vàng", scorecard_number=11)
    oil = Product.objects.create(producer=producer, name="Tinh dầu hoa tràm", scorecard_number=20)
    certify(tea)
    certify(oil)
    assert _names(search(CatalogueQuery(q="hoa tra"))) == ["Trà hoa vàng"]
    assert _names(search(CatalogueQuery(q="dau hoa tra"))) == ["Tinh dầu hoa tràm"]  # only the prefix fits


def test_search_follows_renames_and_the_command_rebuilds(products: Any, certify: Any) -> None:
    import io

    from django.core.management import call_command

    from ocop.areas.models import Province
    from ocop.catalogue.demo import seed_catalogue_demo
    from ocop.catalogue.models import CatalogueEntry, SalesPoint
    from ocop.catalogue.services import CatalogueQuery, public_sales_points, search
    from ocop.certificates.effects import products_changed

    product = products["Chả cá Đồng Đăng"]
    certify(product)
    product.name = "Chả mực Đồng Đăng"
    product.save()
    products_changed([product.pk])  # what every path that renames a product calls (certificates.effects)
    assert _names(search(CatalogueQuery(q="cha muc"))) == ["Chả mực Đồng Đăng"]
    assert _names(search(CatalogueQuery(q="cha ca"))) == []

    producer = product.producer
    producer.name = "Cơ sở Hải sản Tiên Yên"
    producer.save()
    products_changed(producer.products.values_list("pk", flat=True))
    assert _names(search(CatalogueQuery(q="tien yen"))) == ["Chả mực Đồng Đăng"]

    # Written behind the services' back (an import by SQL, a province renamed): the command puts the
    # catalogue's table and the sales points' search column right.
    seed_catalogue_demo()
    CatalogueEntry.objects.update(search_text=" ")
    Province.objects.filter(code=20).update(name="Tỉnh Xứ Lạng")
    assert _names(search(CatalogueQuery(q="tien yen"))) == []
    assert list(public_sales_points(q="xu lang")) == []
    out = io.StringIO()
    call_command("rebuild_catalogue_search", stdout=out)
    assert out.getvalue().strip() == (
        "Danh mục: 1 sản phẩm; điểm bán: 3 / catalogue: 1 products listed, 3 sales points"
    )
    assert _names(search(CatalogueQuery(q="tien yen xu lang"))) == ["Chả mực Đồng Đăng"]
    assert {p.name for p in public_sales_points(q="xu lang")} == set(
        SalesPoint.objects.values_list("name", flat=True)
    )
