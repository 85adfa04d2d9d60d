"""The catalogue's own table (CatalogueEntry) follows every change that matters, and the page does not
count large result sets exactly (issue 4). Writes here are direct, so each is followed by the call
every service makes after such a change (certificates.effects); the services' own tests show that
they make it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client


def _entries() -> dict[str, int]:
    from ocop.catalogue.models import CatalogueEntry

    return dict(CatalogueEntry.objects.values_list("name", "star"))


def test_issue_revoke_and_expire_keep_the_table_current(products: Any, certify: Any) -> None:
    from ocop.certificates.effects import certificates_changed
    from ocop.certificates.models import Certificate
    from ocop.lifecycle.services import mark_expired

    na, ruou = products["Na Chi Lăng"], products["Rượu Mẫu Sơn 29 độ"]
    first = certify(na, star=3)
    certify(ruou, star=4, valid_until=date.today() + timedelta(days=5))
    assert _entries() == {"Na Chi Lăng": 3, "Rượu Mẫu Sơn 29 độ": 4}

    # Upgrade (certificates.services.issue_certificate): the old one is replaced by QuerySet.update,
    # then the new one is created; the entry shows the new certificate.
    Certificate.objects.filter(pk=first.pk).update(status=Certificate.Status.REPLACED)
    second = certify(na, star=5)  # calls certificates_changed
    assert _entries()["Na Chi Lăng"] == 5
    from ocop.catalogue.models import CatalogueEntry

    assert CatalogueEntry.objects.get(product=na).certificate_code == second.code

    # Revocation (lifecycle.services.decide_revocation saves the status).
    second.status = Certificate.Status.REVOKED
    second.save(update_fields=["status"])
    certificates_changed([na.pk])
    assert "Na Chi Lăng" not in _entries()
    assert Client().get(f"/san-pham-ocop/{na.pk}/").status_code == 404

    # Past its term: hidden at once by date, removed by the daily expiry job.
    later = date.today() + timedelta(days=6)
    from ocop.catalogue.services import CatalogueQuery, search

    assert [e.name for e in search(CatalogueQuery(), today=later)] == []
    assert [e.name for e in search(CatalogueQuery())] == ["Rượu Mẫu Sơn 29 độ"]
    mark_expired(later)
    assert _entries() == {}


def test_one_row_per_product_with_the_best_certificate(products: Any, certify: Any) -> None:
    na = products["Na Chi Lăng"]
    certify(na, star=3)
    certify(na, star=4)
    html = Client().get("/san-pham-ocop/").content.decode()
    assert html.count(">Na Chi Lăng</a>") == 1 and "1 sản phẩm" in html
    assert _entries() == {"Na Chi Lăng": 4}


def test_deleted_certificate_and_renames(products: Any, certify: Any) -> None:
    from ocop.areas.models import Province
    from ocop.catalogue.entries import rebuild_catalogue
    from ocop.catalogue.services import CatalogueQuery, search
    from ocop.certificates.effects import certificates_changed, products_changed

    na = products["Na Chi Lăng"]
    certificate = certify(na)
    na.name = "Na dai Chi Lăng"
    na.save()
    products_changed([na.pk])
    assert [e.name for e in search(CatalogueQuery(q="na dai"))] == ["Na dai Chi Lăng"]
    # A province renamed (no signal): the rebuild puts the search text right.
    Province.objects.filter(code=20).update(name="Tỉnh Xứ Lạng")
    assert [e.name for e in search(CatalogueQuery(q="xu lang"))] == []
    assert rebuild_catalogue() == 1
    assert [e.name for e in search(CatalogueQuery(q="xu lang"))] == ["Na dai Chi Lăng"]
    certificate.delete()
    certificates_changed([na.pk])
    assert _entries() == {}


def test_large_result_sets_are_not_counted_exactly(products: Any, certify: Any, monkeypatch: Any) -> None:
    from ocop.catalogue import services
    from ocop.producers.models import Product

    producer = products["Na Chi Lăng"].producer
    for i in range(45):
        certify(Product.objects.create(producer=producer, name=f"Sản phẩm thử {i:02d}", scorecard_number=7))
    monkeypatch.setattr(services, "COUNT_CAP", 30)
    client = Client()
    html = client.get("/san-pham-ocop/", {"q": "san pham thu"}).content.decode()
    assert "Hơn 30 sản phẩm" in html and "Trang 1<" in html and "trang=2" in html
    assert html.count("Sản phẩm thử") == 20
    # The last page is counted from what it shows, exactly.
    last = client.get("/san-pham-ocop/", {"q": "san pham thu", "trang": 3}).content.decode()
    assert "45 sản phẩm" in last and "Trang 3/3" in last and last.count("Sản phẩm thử") == 5
    assert "trang=2" in last and "trang=4" not in last
    # Past the end: the last page.
    past = client.get("/san-pham-ocop/", {"q": "san pham thu", "trang": 99}).content.decode()
    assert "Trang 3/3" in past


def test_filter_options_follow_the_listed_products(products: Any, certify: Any) -> None:
    html = Client().get("/san-pham-ocop/").content.decode()
    assert '<option value="20"' not in html and 'value="I"' not in html
    certify(products["Miến dong Quảng Lâm"])
    html = Client().get("/san-pham-ocop/").content.decode()
    assert '<option value="4"' in html and '<option value="20"' not in html and 'value="I"' in html
