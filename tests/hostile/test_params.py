"""Query parameters are read by one typed helper (ocop.web.params): the 500s of issue 10, item 6."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client

from ocop.web.params import MAX_INTEGER, Params, bounded_search, parse_integer


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20", 20),
        (" 4 ", 4),
        ("0", 0),
        ("²", None),
        ("٣", None),
        ("１２", None),
        ("-1", None),
        ("1.0", None),
        ("1e3", None),
        ("", None),
        (str(MAX_INTEGER + 1), None),
        ("9" * 5000, None),
        ("2\x00", None),
    ],
)
def test_a_number_is_ascii_digits_within_bounds(raw: str, expected: int | None) -> None:
    assert parse_integer(raw) == expected


def test_a_search_is_cut_to_ten_words_and_says_so() -> None:
    assert bounded_search("cha ca  lang\tson") == ("cha ca lang son", False)
    kept, cut = bounded_search(" ".join(["từ"] * 1000))
    assert (kept, cut) == (" ".join(["từ"] * 10), True)
    assert bounded_search("x" * 500)[0] == "x" * 100
    params = Params(QueryDict("q=" + "+".join(["mat"] * 50) + "&tinh=%C2%B2&sao=9&trang=%C2%B2"))
    assert params.search("q") == " ".join(["mat"] * 10)
    assert params.integer("tinh", "tỉnh") is None
    assert params.integer("sao", "hạng sao", minimum=1, maximum=5) is None
    assert params.page() == 1
    assert len(params.problems) == 3 and "tỉnh" in params.problems[1]


@pytest.mark.parametrize(
    "url",
    [
        "/san-pham-ocop/?tinh=²",
        "/san-pham-ocop/?sao=²&trang=²",
        "/diem-ban/?tinh=²&xa=³",
        "/diem-ban/?q=" + "+".join(["ab"] * 1000),
        "/san-pham-ocop/?q=" + "+".join(["ab"] * 1000),
        "/xac-thuc/?ma=12/34",
        "/xac-thuc/?ma=/",
    ],
)
def test_what_gave_500s_now_gives_a_page(demo: dict[str, Any], url: str) -> None:
    response = Client().get(url, follow=True)
    assert response.status_code in (200, 404)


def test_the_dashboard_ignores_a_province_that_is_not_a_number(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["trunguong"])
    response = client.get("/bang-dieu-khien/?tinh=²")
    assert response.status_code == 200
    assert "bộ lọc «tỉnh» không hợp lệ" in response.content.decode()
    assert client.get(f"/bang-dieu-khien/?tinh={MAX_INTEGER + 1}").status_code == 200
    assert client.get("/bang-dieu-khien/?tinh=99").status_code == 404  # a number, but no such province


def test_a_nul_character_is_refused_before_any_view(demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["tinh"])
    for response in (
        client.get("/san-pham-ocop/?q=a%00b"),
        client.post("/ke-hoach/", {"year": "2031", "title": "Kế hoạch\x00"}),
    ):
        assert response.status_code == 400
        assert "ký tự NUL" in response.content.decode()
    from ocop.programme.models import Plan

    assert not Plan.objects.filter(year=2031).exists()


def test_a_text_longer_than_its_column_is_refused_with_a_message(demo: dict[str, Any]) -> None:
    from ocop.programme.models import Plan

    client = Client()
    client.force_login(demo["tinh"])
    response = client.post("/ke-hoach/", {"year": "2031", "title": "x" * 256}, follow=True)
    assert "«Tên kế hoạch» dài quá 255 ký tự" in response.content.decode()
    assert not Plan.objects.filter(year=2031).exists()
