"""The producer portal through HTTP: sign-up, the producer's page, product registration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from ocop.accounts.models import Role, User
from ocop.areas.models import Commune
from ocop.audit.models import AuditEvent
from ocop.core.rulebooks import rulebook_for_filing
from ocop.dossiers.services import return_for_completion
from ocop.producers.models import Producer, ProducerKind, Product

pytestmark = pytest.mark.django_db


def signup_data(**changes: Any) -> dict[str, Any]:
    commune = Commune.objects.get(code=6253)  # Xã Văn Quan
    data = {
        "name": "Hợp tác xã Chè Văn Quan",
        "kind": ProducerKind.COOPERATIVE.value,
        "registration_number": "4900123456",
        "commune": commune.pk,
        "address": "Thôn Nà Lầm, xã Văn Quan, tỉnh Lạng Sơn",
        "representative": "Hoàng Văn Chè",
        "position": "Giám đốc",
        "representative_sex": "Nam",
        "representative_ethnicity": "Tày",
        "representative_residence": "Thôn Nà Lầm, xã Văn Quan",
        "phone": "0912 345 678",
        "email": "htx.che@example.vn",
        "username": "htx.chevanquan",
        "password1": "na-dai-chi-lang-2026",
        "password2": "na-dai-chi-lang-2026",
    }
    data.update(changes)
    return data


def test_signup_page_groups_communes_by_province(demo: dict[str, Any], client: Client) -> None:
    html = client.get("/chu-the/dang-ky/").content.decode()
    assert '<optgroup label="Lạng Sơn">' in html and '<optgroup label="Cao Bằng">' in html
    assert "Xã Chi Lăng" in html and "Xã Quảng Lâm" in html
    for kind in ProducerKind:
        assert kind.label in html


def test_signup_creates_the_producer_and_its_account(demo: dict[str, Any], client: Client) -> None:
    response = client.post("/chu-the/dang-ky/", signup_data())
    assert response.status_code == 302 and response["Location"] == "/chu-the/"
    producer = Producer.objects.get(name="Hợp tác xã Chè Văn Quan")
    assert (producer.commune.code, producer.kind, producer.representative_ethnicity) == (
        6253,
        "cooperative",
        "Tày",
    )
    user = User.objects.get(username="htx.chevanquan")
    assert (user.role, user.producer, user.commune, user.province.code) == (
        Role.PRODUCER,
        producer,
        producer.commune,
        20,
    )
    assert user.check_password("na-dai-chi-lang-2026")
    assert AuditEvent.objects.filter(action="producer.sign_up", actor=user).exists()
    page = client.get("/chu-the/")  # signed in straight away
    assert page.status_code == 200 and "Hợp tác xã Chè Văn Quan" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Vui lòng nhập thông tin này"),
        ({"kind": "ngan_hang"}, "Loại hình không hợp lệ"),
        ({"commune": 999999}, "Xã, phường không hợp lệ"),
        ({"email": "khong-phai-email"}, "Địa chỉ email không hợp lệ"),
        ({"phone": "abc"}, "Số điện thoại không hợp lệ"),
        ({"username": "tinh"}, "Tên đăng nhập đã có người dùng"),
        ({"username": "Tên Có Dấu"}, "Tên đăng nhập chỉ gồm"),
        ({"password2": "khac-mat-khau-123"}, "Hai mật khẩu không khớp"),
        ({"password1": "123", "password2": "123"}, "Mật khẩu quá ngắn"),
        ({"password1": "ocopocop", "password2": "ocopocop"}, "Mật khẩu quá ngắn"),  # issue 11
        ({"password1": "ocopocop2026", "password2": "ocopocop2026"}, "những từ dễ đoán"),
        ({"password1": "htx.chevanquan", "password2": "htx.chevanquan"}, "Mật khẩu quá giống"),
    ],
)
def test_signup_refuses_bad_input_and_creates_nothing(
    demo: dict[str, Any], client: Client, changes: dict[str, Any], message: str
) -> None:
    producers, users = Producer.objects.count(), User.objects.count()
    response = client.post("/chu-the/dang-ky/", signup_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Thôn Nà Lầm, xã Văn Quan, tỉnh Lạng Sơn"' in html  # what was typed stays
    assert (Producer.objects.count(), User.objects.count()) == (producers, users)


def test_producer_home_shows_products_dossiers_and_completion_requests(
    demo: dict[str, Any], as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("reported")
    return_for_completion(demo["tinh"], dossier, "Bổ sung phiếu kiểm nghiệm chỉ tiêu vi sinh còn hiệu lực.")
    html = as_user("chuthe.nachilang").get("/chu-the/").content.decode()
    assert "Na Chi Lăng" in html and "Na sấy dẻo Chi Lăng" in html
    assert "Trả lại để hoàn thiện" in html
    assert "Bổ sung phiếu kiểm nghiệm chỉ tiêu vi sinh còn hiệu lực." in html
    assert f"/ho-so/{dossier.pk}/" in html
    assert "Rượu Mẫu Sơn" not in html  # another producer's product
    # A new dossier can be started only for the product without one in progress.
    dried = Product.objects.get(name="Na sấy dẻo Chi Lăng")
    assert f"/chu-the/san-pham/{dossier.product_id}/lap-ho-so/" not in html
    assert f"/chu-the/san-pham/{dried.pk}/lap-ho-so/" in html


@pytest.mark.parametrize("username", ["tinh", "xa.chilang", "trunguong"])
def test_producer_pages_are_for_producers(as_user: Callable[[str], Client], username: str) -> None:
    client = as_user(username)
    assert client.get("/chu-the/").status_code == 403
    assert client.get("/chu-the/san-pham/them/").status_code == 403


def test_product_form_shows_the_classification_of_the_rulebook_in_force(
    as_user: Callable[[str], Client],
) -> None:
    from datetime import date

    book = rulebook_for_filing(date.today())
    html = as_user("chuthe.khaunhuc").get("/chu-the/san-pham/them/").content.decode()
    assert book.decision in html
    for card in book.scorecards.values():
        c = card.classification
        assert c.nhom in html and c.group in html
        assert f'value="{card.number}"' in html


def test_registering_a_product(demo: dict[str, Any], as_user: Callable[[str], Client]) -> None:
    client = as_user("chuthe.khaunhuc")
    response = client.post("/chu-the/san-pham/them/", {"name": "Lạp sườn hun khói", "scorecard_number": "8"})
    assert response.status_code == 302
    product = Product.objects.get(name="Lạp sườn hun khói")
    assert (product.producer, product.scorecard_number, product.rulebook_id) == (
        demo["chuthe.khaunhuc"].producer,
        8,
        "26-2026",
    )
    assert "Lạp sườn hun khói" in client.get("/chu-the/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "scorecard_number": "8"}, "Vui lòng nhập thông tin này"),
        ({"name": "Lạp sườn", "scorecard_number": "99"}, "Nhóm sản phẩm không hợp lệ"),
        ({"name": "Khâu nhục Lạng Sơn", "scorecard_number": "8"}, "Chủ thể đã có sản phẩm cùng tên"),
    ],
)
def test_product_registration_refuses_bad_input(
    as_user: Callable[[str], Client], data: dict[str, str], message: str
) -> None:
    before = Product.objects.count()
    response = as_user("chuthe.khaunhuc").post("/chu-the/san-pham/them/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Product.objects.count() == before


def test_an_association_registers_tourism_products_only(
    demo: dict[str, Any], as_user: Callable[[str], Client]
) -> None:
    producer = demo["chuthe.khaunhuc"].producer
    producer.kind = ProducerKind.ASSOCIATION
    producer.save()
    client = as_user("chuthe.khaunhuc")
    response = client.post("/chu-the/san-pham/them/", {"name": "Giò chả", "scorecard_number": "8"})
    assert response.status_code == 400
    assert "chỉ đăng ký sản phẩm dịch vụ du lịch" in response.content.decode()
    assert not Product.objects.filter(name="Giò chả").exists()
    response = client.post(
        "/chu-the/san-pham/them/", {"name": "Du lịch cộng đồng Mẫu Sơn", "scorecard_number": "26"}
    )
    assert response.status_code == 302
    assert Product.objects.filter(name="Du lịch cộng đồng Mẫu Sơn").exists()
