"""Sales points and stories: public pages, and edits by province staff of their own province only."""

from __future__ import annotations

from typing import Any

from django.test import Client


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(commune: int, products: list[int], **over: Any) -> dict[str, Any]:
    """The form's fields; `commune` is a commune code (the form posts its primary key)."""
    from ocop.areas.models import Commune

    data = {
        "name": "Điểm bán OCOP ga Đồng Đăng",
        "kind": "point",
        "location": "transport",
        "operator": "Công ty Thương mại Mẫu",
        "address": "Ga Đồng Đăng",
        "commune": Commune.objects.get(code=commune).pk,
        "phone": "0205 3 844 444",
        "opening_hours": "7:00–20:00",
        "active": "on",
        "products": products,
    }
    data.update(over)
    return data


def test_public_list_and_page_by_province_and_commune(products: Any, certify: Any) -> None:
    from ocop.catalogue.demo import seed_catalogue_demo
    from ocop.catalogue.models import SalesPoint

    seed_catalogue_demo()
    certify(products["Na Chi Lăng"], star=4)
    client = Client()
    html = client.get("/diem-ban/", {"tinh": 20}).content.decode()
    assert "3 điểm bán" in html and "Thêm điểm bán" not in html
    html = client.get("/diem-ban/", {"tinh": 20, "xa": 6463}).content.decode()
    assert "Điểm bán sản phẩm OCOP Chi Lăng" in html and "chợ Đông Kinh" not in html
    assert "0 điểm bán" in client.get("/diem-ban/", {"tinh": 4}).content.decode()
    assert "chợ Đông Kinh" in client.get("/diem-ban/", {"q": "cho dong kinh"}).content.decode()
    point = SalesPoint.objects.get(name="Điểm bán sản phẩm OCOP Chi Lăng")
    page = client.get(f"/diem-ban/{point.pk}/").content.decode()
    assert "Na Chi Lăng" in page and f"/san-pham-ocop/{products['Na Chi Lăng'].pk}/" in page
    assert "Na sấy dẻo Chi Lăng" in page and "chưa có chứng nhận OCOP còn hiệu lực" in page
    assert "Sửa" not in page
    SalesPoint.objects.filter(pk=point.pk).update(active=False)
    assert client.get(f"/diem-ban/{point.pk}/").status_code == 404


def test_staff_creates_a_sales_point(products: Any, demo: dict[str, Any]) -> None:
    from ocop.audit.models import AuditEvent
    from ocop.catalogue.models import SalesPoint

    client = _client(demo["tinh"])
    assert client.get("/diem-ban/them/").status_code == 200
    na = products["Na Chi Lăng"]
    response = client.post("/diem-ban/them/", _form(6187, [na.pk]))
    point = SalesPoint.objects.get(name="Điểm bán OCOP ga Đồng Đăng")
    assert response.status_code == 302 and response["Location"] == f"/diem-ban/{point.pk}/"
    assert point.province.code == 20 and point.commune.code == 6187
    assert list(point.products.all()) == [na]
    assert point.search_text.strip().startswith("diem ban ocop ga dong dang")
    assert AuditEvent.objects.filter(action="catalogue.salespoint_created", actor=demo["tinh"]).exists()
    # On the product page once the product is certified? Listed on the sales point page at least.
    assert "Na Chi Lăng" in Client().get(f"/diem-ban/{point.pk}/").content.decode()


def test_staff_edits_and_product_list_changes(products: Any, demo: dict[str, Any]) -> None:
    from ocop.catalogue.demo import seed_catalogue_demo
    from ocop.catalogue.models import SalesPoint

    seed_catalogue_demo()
    point = SalesPoint.objects.get(name="Điểm bán sản phẩm OCOP Chi Lăng")
    client = _client(demo["tinh"])
    assert "Na Chi Lăng" in client.get(f"/diem-ban/{point.pk}/sua/").content.decode()
    khau = products["Khâu nhục Lạng Sơn"]
    response = client.post(
        f"/diem-ban/{point.pk}/sua/", _form(6463, [khau.pk], name="Điểm bán OCOP Chi Lăng (mới)")
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.name == "Điểm bán OCOP Chi Lăng (mới)"
    assert list(point.products.all()) == [khau]


def test_validation_messages_in_vietnamese(products: Any, demo: dict[str, Any]) -> None:
    from ocop.catalogue.models import SalesPoint

    client = _client(demo["tinh"])
    html = client.post("/diem-ban/them/", _form(6187, [], name="", address="", phone="abc")).content.decode()
    assert "Vui lòng nhập tên điểm bán" in html
    assert "Vui lòng nhập địa chỉ" in html
    assert "Số điện thoại chỉ gồm chữ số" in html
    # A commune of another province (Cao Bằng 1304) is refused, and so is an unknown product.
    html = client.post("/diem-ban/them/", _form(1304, [])).content.decode()
    assert "Xã/phường không thuộc tỉnh của bạn" in html
    html = client.post("/diem-ban/them/", _form(6187, [999999])).content.decode()
    assert "không được chọn" in html
    assert not SalesPoint.objects.exists()


def test_other_province_staff_get_404(products: Any, demo: dict[str, Any]) -> None:
    from ocop.catalogue.demo import seed_catalogue_demo
    from ocop.catalogue.models import SalesPoint

    seed_catalogue_demo()
    point = SalesPoint.objects.get(name="Điểm bán sản phẩm OCOP Chi Lăng")
    client = _client(demo["tinh.caobang"])
    assert client.get(f"/diem-ban/{point.pk}/sua/").status_code == 404
    assert client.post(f"/diem-ban/{point.pk}/sua/", _form(6463, [], name="Bị sửa")).status_code == 404
    na = products["Na Chi Lăng"]
    assert client.get(f"/san-pham-ocop/{na.pk}/cau-chuyen/").status_code == 404
    assert client.post(f"/san-pham-ocop/{na.pk}/cau-chuyen/", {"story": "Bị sửa"}).status_code == 404
    point.refresh_from_db()
    assert point.name == "Điểm bán sản phẩm OCOP Chi Lăng"
    # Their own: allowed, and their sales point lands in their province.
    response = client.post("/diem-ban/them/", _form(1304, [products["Miến dong Quảng Lâm"].pk]))
    assert response.status_code == 302
    assert SalesPoint.objects.get(name="Điểm bán OCOP ga Đồng Đăng").province.code == 4


def test_non_staff_get_403_and_anonymous_go_to_login(products: Any, demo: dict[str, Any]) -> None:
    from ocop.catalogue.demo import seed_catalogue_demo
    from ocop.catalogue.models import SalesPoint

    seed_catalogue_demo()
    point = SalesPoint.objects.first()
    assert point is not None
    na = products["Na Chi Lăng"]
    for username in ("chuthe.nachilang", "xa.chilang", "lanhdao", "hoidong1", "trunguong", "admin"):
        client = _client(demo[username])
        assert client.get("/diem-ban/them/").status_code == 403, username
        assert client.post("/diem-ban/them/", _form(6187, [])).status_code == 403, username
        assert client.get(f"/diem-ban/{point.pk}/sua/").status_code == 403, username
        assert client.post(f"/san-pham-ocop/{na.pk}/cau-chuyen/", {"story": "x"}).status_code == 403, username
    response = Client().get("/diem-ban/them/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert SalesPoint.objects.count() == 3


def test_staff_edits_a_story(products: Any, certify: Any, demo: dict[str, Any]) -> None:
    from ocop.audit.models import AuditEvent
    from ocop.catalogue.models import ProductProfile

    na = products["Na Chi Lăng"]
    certify(na)
    client = _client(demo["tinh"])
    assert "Sửa câu chuyện" in client.get(f"/san-pham-ocop/{na.pk}/").content.decode()
    html = client.post(f"/san-pham-ocop/{na.pk}/cau-chuyen/", {"story": "  "}).content.decode()
    assert "Vui lòng nhập câu chuyện sản phẩm" in html
    response = client.post(f"/san-pham-ocop/{na.pk}/cau-chuyen/", {"story": "Na trồng trên núi đá."})
    assert response.status_code == 302 and response["Location"] == f"/san-pham-ocop/{na.pk}/"
    assert ProductProfile.objects.get(product=na).story == "Na trồng trên núi đá."
    assert "Na trồng trên núi đá." in Client().get(f"/san-pham-ocop/{na.pk}/").content.decode()
    assert AuditEvent.objects.filter(action="catalogue.story_updated").count() == 1
    html = client.post(
        f"/san-pham-ocop/{na.pk}/cau-chuyen/",
        {"story": "Có ảnh", "photo": _upload(b"not an image")},
    ).content.decode()
    assert "Tệp không phải ảnh hợp lệ" in html


def _upload(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("anh.jpg", content, content_type="image/jpeg")
