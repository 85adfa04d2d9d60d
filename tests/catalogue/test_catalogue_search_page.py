"""`search_page` (one statement on PostgreSQL, the ORM step by step elsewhere) gives exactly the pages
of `search`, through every way the statement can find a page, and the page costs few queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SIZE, CAP, PROBE = 5, 12, 15


@pytest.fixture
def shelf(products: Any, certify: Any, monkeypatch: Any) -> None:
    """60 listed products: 30 five-star honeys (the top of the list), 10 four-star teas, 20 three-star
    corn wines (the bottom); small pages, cap and probe so that every branch is reached."""
    from ocop.catalogue import services
    from ocop.producers.models import Product

    producer = products["Na Chi Lăng"].producer
    for name, star, card, n in [("Mật ong rừng", 5, 4, 30), ("Chè xanh", 4, 11, 10), ("Rượu ngô", 3, 14, 20)]:
        for i in range(n):
            product = Product.objects.create(producer=producer, name=f"{name} {i:02d}", scorecard_number=card)
            certify(product, star=star)
    monkeypatch.setattr(services, "PAGE_SIZE", SIZE)
    monkeypatch.setattr(services, "COUNT_CAP", CAP)
    monkeypatch.setattr(services, "PROBE", PROBE)


CASES = [
    # more matches than the cap, at the top of the list: the probe holds the first pages only
    {"q": "mat ong"},
    # more than the cap, at the bottom: the probe finds nothing, the word index answers
    {"q": "ruou ngo"},
    {"q": "ngo ruou"},  # the same by the "words" reading
    {"q": "che xanh"},  # fewer than the cap: sorted from what was collected
    {"q": "mat on"},  # the "prefix" reading, more than the cap
    {"q": "xanh che", "star": 4},
    {"q": "ruou", "province": 20},
    {"q": "ruou", "province": 4},  # nothing in Cao Bằng
    {"q": "xyz khong co"},
    {},  # no text: every listed product
    {"star": 4},
    {"group": "II"},
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()) or "all")
def test_every_page_is_the_slice_of_search(shelf: None, case: dict[str, Any]) -> None:
    from ocop.catalogue.services import CatalogueQuery, search, search_page

    query = CatalogueQuery(**case)
    expected = [e.product_id for e in search(query)]
    total = len(expected)
    last = max(1, -(-total // SIZE))
    for number in range(1, last + 3):  # and two pages past the end, which show the last page
        page = search_page(query, number)
        shown = min(number, last)
        assert page.number == shown
        assert [e.product_id for e in page.rows] == expected[(shown - 1) * SIZE : shown * SIZE], number
        assert page.has_next == (shown < last)
        if shown < last:
            assert (page.count, page.more) == ((CAP, True) if total > CAP else (total, False))
        else:
            assert (page.count, page.more) == (total, False)


def test_the_rows_carry_what_the_list_shows(shelf: None) -> None:
    from ocop.catalogue.services import CatalogueQuery, search_page

    row = search_page(CatalogueQuery(q="che xanh 03")).rows[0]
    assert (row.name, row.star, row.producer_name, row.province_name) == (
        "Chè xanh 03",
        4,
        "Hợp tác xã Na Chi Lăng",
        "Lạng Sơn",
    )
    assert (row.commune_name, row.group_code) == ("Xã Chi Lăng", "I")


def test_the_page_costs_two_queries_on_postgresql(shelf: None) -> None:
    """The search in one statement, the form's choices in another (read fresh: no cache to go stale).
    SQLite, the development database, takes the steps one query at a time: does the phrase find
    anything, the page, the count, the choices."""
    client = Client()
    client.get("/san-pham-ocop/", {"q": "ruou ngo"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/san-pham-ocop/", {"q": "ruou ngo"}).content.decode()
    assert f"Hơn {CAP} sản phẩm" in html and html.count("Rượu ngô") == SIZE
    expected = 2 if connection.vendor == "postgresql" else 4
    assert len(queries.captured_queries) == expected, [q["sql"][:80] for q in queries.captured_queries]
