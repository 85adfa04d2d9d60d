"""The public catalogue: only products certified today, filters, pagination, the product page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.test import Client


def _listed(client: Client, **params: Any) -> str:
    response = client.get("/san-pham-ocop/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_only_valid_certificates_are_listed(products: Any, certify: Any) -> None:
    certify(products["Na Chi Lăng"], star=4)
    certify(products["Hoa hồi khô Văn Quan"], status="revoked")
    certify(products["Rượu Mẫu Sơn 29 độ"], status="expired")
    certify(
        products["Khâu nhục Lạng Sơn"], valid_until=date.today() - timedelta(days=1)
    )  # still marked valid
    certify(products["Chả cá Đồng Đăng"], status="replaced")
    html = _listed(Client())
    assert "Na Chi Lăng" in html
    for name in ("Hoa hồi khô", "Rượu Mẫu Sơn", "Khâu nhục", "Chả cá"):
        assert name not in html
    assert "1 sản phẩm" in html


def test_certificate_valid_until_today_is_still_listed(products: Any, certify: Any) -> None:
    certify(products["Na Chi Lăng"], valid_until=date.today())
    assert "Na Chi Lăng" in _listed(Client())


def test_filters_by_province_star_and_group(products: Any, certify: Any) -> None:
    certify(products["Na Chi Lăng"], star=4)  # scorecard 1: group I
    certify(products["Rượu Mẫu Sơn 29 độ"], star=3)  # scorecard 14: group II
    certify(products["Tinh dầu hồi Văn Quan"], star=3)  # scorecard 20: group III
    certify(products["Miến dong Quảng Lâm"], star=4)  # Cao Bằng
    client = Client()
    by_star = _listed(client, sao=4)
    assert "Na Chi Lăng" in by_star and "Miến dong" in by_star and "Rượu" not in by_star
    lang_son = _listed(client, tinh=20)
    assert "Na Chi Lăng" in lang_son and "Rượu Mẫu Sơn" in lang_son and "Miến dong" not in lang_son
    cao_bang = _listed(client, tinh=4)
    assert "Miến dong" in cao_bang and "Na Chi Lăng" not in cao_bang
    drinks = _listed(client, nhom="II")
    assert "Rượu Mẫu Sơn" in drinks and "Na Chi Lăng" not in drinks and "Tinh dầu" not in drinks
    herbs = _listed(client, nhom="III", sao=3, tinh=20)
    assert "Tinh dầu hồi" in herbs and "Rượu" not in herbs
    assert "0 sản phẩm" in _listed(client, nhom="XX")
    # The group names come from the rulebook data.
    assert "SẢN PHẨM ĐỒ UỐNG" in drinks.upper()


def test_group_choices_come_from_rulebook_data() -> None:
    from ocop.catalogue.services import product_groups
    from ocop.core.rulebooks import get_rulebook

    groups = {g.code: g for g in product_groups()}
    # 148 and 26/2026 share groups I–VI; 1048's groups (1–6) are different ones and stay apart.
    assert list(groups) == ["I", "II", "III", "IV", "V", "VI", "1", "2", "3", "4", "5", "6"]
    card = get_rulebook("26-2026").scorecard(14)
    assert groups["II"].label == card.classification.group
    assert dict(groups["II"].scorecards)["26-2026"] == (14, 15, 16, 17)
    assert 14 in dict(groups["II"].scorecards)["148-2023"]
    assert "1048" in groups["1"].label


def test_group_filter_offers_only_groups_in_use(products: Any, certify: Any) -> None:
    certify(products["Na Chi Lăng"])
    html = _listed(Client())
    assert 'value="I"' in html and 'value="II"' in html  # same rulebook: all its groups
    assert 'value="1"' not in html  # no 1048 certificate is valid


def test_search_through_the_page_and_bad_params(products: Any, certify: Any) -> None:
    certify(products["Chả cá Đồng Đăng"])
    certify(products["Na Chi Lăng"])
    client = Client()
    html = _listed(client, q="cha   ca")
    assert "Chả cá Đồng Đăng" in html and "Na Chi Lăng" not in html
    # Nonsense in the filters is ignored, not an error.
    html = _listed(client, tinh="abc", sao="x", trang="999")
    assert "Chả cá Đồng Đăng" in html and "Na Chi Lăng" in html


def test_pagination(products: Any, certify: Any) -> None:
    from ocop.producers.models import Product

    producer = products["Na Chi Lăng"].producer
    for i in range(25):
        certify(Product.objects.create(producer=producer, name=f"Sản phẩm thử {i:02d}", scorecard_number=7))
    client = Client()
    first = _listed(client, q="san pham thu")
    assert "25 sản phẩm" in first and "Trang 1/2" in first
    assert first.count("Sản phẩm thử") == 20
    second = _listed(client, q="san pham thu", trang=2)
    assert second.count("Sản phẩm thử") == 5
    assert "q=san+pham+thu&amp;trang=1" in second


def test_product_page(products: Any, certify: Any) -> None:
    from ocop.catalogue.demo import seed_catalogue_demo

    seed_catalogue_demo()
    product = products["Na Chi Lăng"]
    certificate = certify(product, star=4)
    response = Client().get(f"/san-pham-ocop/{product.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert certificate.number in html and "4 sao" in html
    assert f"/xac-thuc/{certificate.code}/" in html
    assert "Hợp tác xã Na Chi Lăng" in html
    assert "sườn đồi núi đá vôi" in html  # the demo story
    assert "Điểm bán sản phẩm OCOP Chi Lăng" in html  # a sales point carrying it
    assert "Điểm bán sản phẩm OCOP chợ Đông Kinh" not in html  # does not carry fresh custard apples
    assert "Sửa câu chuyện" not in html  # the public sees no edit link


def test_product_page_without_valid_certificate_is_404(products: Any, certify: Any) -> None:
    product = products["Hoa hồi khô Văn Quan"]
    assert Client().get(f"/san-pham-ocop/{product.pk}/").status_code == 404
    certify(product, status="revoked")
    assert Client().get(f"/san-pham-ocop/{product.pk}/").status_code == 404
    assert Client().get("/san-pham-ocop/999999/").status_code == 404


def test_demo_seed_is_idempotent(products: Any) -> None:
    from ocop.catalogue.demo import seed_catalogue_demo
    from ocop.catalogue.models import SalesPoint, SalesPointProduct

    seed_catalogue_demo()
    counts = (SalesPoint.objects.count(), SalesPointProduct.objects.count())
    seed_catalogue_demo()
    assert (SalesPoint.objects.count(), SalesPointProduct.objects.count()) == counts
    assert counts[0] == 3
    assert set(SalesPoint.objects.values_list("province__code", flat=True)) == {20}
