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
    # While typing, the phrase may stop mid-word.
    assert _names(search(CatalogueQuery(q="cha c"))) == ["Chả cá Đồng Đăng"]


def test_search_text_follows_renames_and_can_be_rebuilt(products: Any, certify: Any) -> None:
    from ocop.catalogue.models import ProductProfile
    from ocop.catalogue.services import CatalogueQuery, rebuild_search_text, search

    product = products["Chả cá Đồng Đăng"]
    certify(product)
    product.name = "Chả mực Đồng Đăng"
    product.save()
    assert _names(search(CatalogueQuery(q="cha muc"))) == ["Chả mực Đồng Đăng"]
    assert _names(search(CatalogueQuery(q="cha ca"))) == []

    producer = product.producer
    producer.name = "Cơ sở Hải sản Tiên Yên"
    producer.save()
    assert _names(search(CatalogueQuery(q="tien yen"))) == ["Chả mực Đồng Đăng"]

    # Written behind the ORM's back (an import, raw SQL): the rebuild puts it right.
    ProductProfile.objects.update(search_text="")
    ProductProfile.objects.filter(product=products["Na Chi Lăng"]).delete()
    assert rebuild_search_text() >= len(products)
    assert ProductProfile.objects.get(product=products["Na Chi Lăng"]).search_text == (
        " na chi lang hop tac xa na chi lang xa chi lang lang son "
    )
    assert _names(search(CatalogueQuery(q="tien yen"))) == ["Chả mực Đồng Đăng"]


def test_rebuild_command(products: Any) -> None:
    import io

    from django.core.management import call_command

    from ocop.catalogue.models import ProductProfile

    ProductProfile.objects.update(search_text="")
    out = io.StringIO()
    call_command("rebuild_catalogue_search", stdout=out)
    assert "rows rebuilt" in out.getvalue()
    assert not ProductProfile.objects.filter(search_text="").exists()
