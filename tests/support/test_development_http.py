"""Consultants and product development plans over HTTP: registration with field and capability, the
producers served and their results, plans whose progress is read from the certificates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from form_tokens import version_of
from ocop.support.models import Consultant, DevelopmentPlan, Engagement, PlanItem

pytestmark = pytest.mark.django_db

CONSULTANT = {
    "name": "Công ty Tư vấn Xứ Lạng",
    "kind": "organisation",
    "specialities": ["packaging", "story"],
    "qualifications": "14 sản phẩm OCOP đã thiết kế bao bì",
}


@pytest.fixture
def products() -> dict[str, Any]:
    from ocop.producers.models import Product

    return {p.name: p for p in Product.objects.select_related("producer__commune")}


def certify(product: Any, star: int, signed_on: date, signer: Any, **kwargs: Any) -> Any:
    from ocop.lifecycle.demo import make_certificate

    return make_certificate(
        product,
        star=star,
        signed_on=signed_on,
        decision_number=f"{signed_on:%j}{star}/QĐ-UBND",
        signer=signer,
        **kwargs,
    )


# --- consultants --------------------------------------------------------------------------------


def test_staff_register_a_consultant_with_its_fields(client_for: Any) -> None:
    r = client_for("tinh").post("/ho-tro/tu-van/", CONSULTANT)
    consultant = Consultant.objects.get()
    assert r.status_code == 302 and consultant.specialities == ["packaging", "story"]
    page = client_for("lanhdao").get(f"/ho-tro/tu-van/{consultant.pk}/").content.decode()
    assert "Thiết kế bao bì, nhãn, nhận diện thương hiệu" in page and "14 sản phẩm OCOP" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"specialities": []}, "Lĩnh vực tư vấn"),
        ({"specialities": ["astrology"]}, "Lĩnh vực tư vấn"),
        ({"qualifications": ""}, "Năng lực, kinh nghiệm"),
        ({"name": ""}, "Tên đơn vị"),
    ],
)
def test_a_consultant_needs_its_field_and_capability(
    client_for: Any, changes: dict[str, Any], message: str
) -> None:
    r = client_for("tinh").post("/ho-tro/tu-van/", {**CONSULTANT, **changes})
    assert r.status_code == 200 and message in r.content.decode()
    assert not Consultant.objects.exists()


def test_only_the_province_staff_register_and_record(
    demo: dict[str, Any], client_for: Any, products: Any
) -> None:
    for username in ("lanhdao", "trunguong"):
        r = client_for(username).post("/ho-tro/tu-van/", CONSULTANT)
        assert "Chỉ cơ quan tham mưu OCOP cấp tỉnh" in r.content.decode()
    for username in ("chuthe.nachilang", "xa.chilang", "hoidong1"):
        assert client_for(username).get("/ho-tro/tu-van/").status_code == 403
    assert not Consultant.objects.exists()
    client_for("tinh").post("/ho-tro/tu-van/", CONSULTANT)
    consultant = Consultant.objects.get()
    na = products["Na Chi Lăng"]
    data = {"producer": na.producer_id, "subject": "Bao bì", "started_on": "2026-02-01"}
    assert client_for("lanhdao").post(f"/ho-tro/tu-van/{consultant.pk}/", data).status_code == 403
    assert client_for("tinh.caobang").get(f"/ho-tro/tu-van/{consultant.pk}/").status_code == 404
    assert not Engagement.objects.exists()


def test_the_producers_served_and_their_results(demo: dict[str, Any], client_for: Any, products: Any) -> None:
    client_for("tinh").post("/ho-tro/tu-van/", CONSULTANT)
    consultant = Consultant.objects.get()
    na = products["Na Chi Lăng"]
    started = timezone.localdate() - timedelta(days=60)
    r = client_for("tinh").post(
        f"/ho-tro/tu-van/{consultant.pk}/",
        {
            "producer": na.producer_id,
            "product": na.pk,
            "subject": "Bao bì, câu chuyện",
            "started_on": started.isoformat(),
        },
    )
    assert r.status_code == 302
    page = client_for("tinh").get(f"/ho-tro/tu-van/{consultant.pk}/").content.decode()
    assert "Hợp tác xã Na Chi Lăng" in page and "chưa có" in page
    # A certificate issued before the advice is not its result; one after is.
    certify(na, 3, started - timedelta(days=400), demo["lanhdao"], status="replaced")
    certify(na, 4, timezone.localdate(), demo["lanhdao"])
    page = client_for("tinh").get(f"/ho-tro/tu-van/{consultant.pk}/").content.decode()
    assert "Na Chi Lăng 4★" in page and "Na Chi Lăng 3★" not in page
    assert "1 có sản phẩm được công nhận sau khi tư vấn" in page


def test_an_engagement_outside_the_province_or_in_the_future_is_refused(
    client_for: Any, products: Any
) -> None:
    client_for("tinh").post("/ho-tro/tu-van/", CONSULTANT)
    consultant = Consultant.objects.get()
    noodles = products["Miến dong Quảng Lâm"]
    r = client_for("tinh").post(
        f"/ho-tro/tu-van/{consultant.pk}/",
        {"producer": noodles.producer_id, "subject": "x", "started_on": "2026-02-01"},
    )
    assert r.status_code == 200 and "Hãy chọn" in r.content.decode()  # not offered
    na = products["Na Chi Lăng"]
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    r = client_for("tinh").post(
        f"/ho-tro/tu-van/{consultant.pk}/", {"producer": na.producer_id, "subject": "x", "started_on": future}
    )
    assert "Ngày bắt đầu tư vấn không thể ở tương lai" in r.content.decode()
    other = products["Rượu Mẫu Sơn 29 độ"]
    r = client_for("tinh").post(
        f"/ho-tro/tu-van/{consultant.pk}/",
        {"producer": na.producer_id, "product": other.pk, "subject": "x", "started_on": "2026-02-01"},
    )
    assert "Sản phẩm không phải của chủ thể" in r.content.decode()
    assert not Engagement.objects.exists()


# --- development plans ---------------------------------------------------------------------------


@pytest.fixture
def plan(demo: dict[str, Any]) -> DevelopmentPlan:
    from ocop.support.development import create_plan

    today = timezone.localdate()
    return create_plan(
        demo["tinh"],
        title="Đề án 333 sản phẩm",
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=265),
        target_products=4,
    )


def _add(c: Any, plan: Any, product: Any, **values: Any) -> Any:
    page = c.get(f"/ho-tro/phat-trien-san-pham/{plan.pk}/").content.decode()
    data = {"product": product.pk, "action": "develop", "target_star": "3", "version": version_of(page)}
    return c.post(f"/ho-tro/phat-trien-san-pham/{plan.pk}/", {**data, **values}, follow=True)


def test_create_a_plan_with_its_headline(client_for: Any) -> None:
    r = client_for("tinh").post(
        "/ho-tro/phat-trien-san-pham/",
        {
            "title": "Đề án 2026–2030",
            "starts_on": "2026-01-01",
            "ends_on": "2030-12-31",
            "target_products": "333",
        },
    )
    plan = DevelopmentPlan.objects.get()
    assert r.status_code == 302 and plan.target_products == 333
    r = client_for("tinh").post(
        "/ho-tro/phat-trien-san-pham/",
        {"title": "Sai", "starts_on": "2026-01-01", "ends_on": "2025-12-31", "target_products": "3"},
    )
    assert "Ngày kết thúc trước ngày bắt đầu" in r.content.decode()
    r = client_for("lanhdao").post(
        "/ho-tro/phat-trien-san-pham/",
        {"title": "X", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "target_products": "3"},
    )
    assert "Chỉ cơ quan tham mưu OCOP cấp tỉnh" in r.content.decode()
    assert DevelopmentPlan.objects.count() == 1


def test_progress_is_read_from_the_certificates(
    demo: dict[str, Any], client_for: Any, plan: Any, products: Any
) -> None:
    c = client_for("tinh")
    for name, values in (
        ("Na Chi Lăng", {"target_star": "4"}),
        ("Na sấy dẻo Chi Lăng", {}),
        ("Khâu nhục Lạng Sơn", {}),
    ):
        assert "Đã thêm sản phẩm vào kế hoạch" in _add(c, plan, products[name], **values).content.decode()
    today = timezone.localdate()
    certify(products["Na Chi Lăng"], 3, today - timedelta(days=10), demo["lanhdao"])  # below target
    page = c.get(f"/ho-tro/phat-trien-san-pham/{plan.pk}/").content.decode()
    assert '<span class="achieved">0</span>/4' in page
    certify(products["Na Chi Lăng"], 4, today, demo["lanhdao"])  # reached
    revoked = certify(
        products["Khâu nhục Lạng Sơn"], 3, today - timedelta(days=5), demo["lanhdao"], status="revoked"
    )
    page = c.get(f"/ho-tro/phat-trien-san-pham/{plan.pk}/").content.decode()
    assert '<span class="achieved">1</span>/4' in page  # the revoked one does not count
    assert revoked.number not in page
    assert "Chưa có hồ sơ đánh giá" in page and "Đã đạt" in page
    listing = c.get("/ho-tro/phat-trien-san-pham/").content.decode()
    assert '<span class="achieved">1</span>/4' in listing


def test_a_result_after_the_plan_ends_is_late(
    demo: dict[str, Any], client_for: Any, plan: Any, products: Any
) -> None:
    from ocop.support.development import plan_progress

    _add(client_for("tinh"), plan, products["Na Chi Lăng"])
    DevelopmentPlan.objects.filter(pk=plan.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    certify(products["Na Chi Lăng"], 3, timezone.localdate(), demo["lanhdao"])
    plan.refresh_from_db()
    assert plan_progress(plan).achieved == 0
    assert (
        "Đạt sau thời hạn kế hoạch"
        in client_for("tinh").get(f"/ho-tro/phat-trien-san-pham/{plan.pk}/").content.decode()
    )


def test_bad_items_are_refused(demo: dict[str, Any], client_for: Any, plan: Any, products: Any) -> None:
    c = client_for("tinh")
    liquor = products["Rượu Mẫu Sơn 29 độ"]
    certify(liquor, 4, timezone.localdate() - timedelta(days=200), demo["lanhdao"])
    cases = [
        (liquor, {"action": "develop"}, "Sản phẩm đang có giấy chứng nhận 4 sao"),
        (liquor, {"action": "upgrade", "target_star": "4"}, "cao hơn hạng hiện có (4 sao)"),
        (
            products["Na Chi Lăng"],
            {"action": "upgrade", "target_star": "4"},
            "Nâng hạng cần một giấy chứng nhận",
        ),
        (products["Na Chi Lăng"], {"action": "rerate"}, "Đánh giá lại cần sản phẩm đã từng được chứng nhận"),
        (products["Na Chi Lăng"], {"target_star": "2"}, "Hạng sao mục tiêu"),
        (products["Miến dong Quảng Lâm"], {}, "Hãy chọn"),  # another province's product is not offered
    ]
    for product, values, message in cases:
        r = _add(c, plan, product, **values)
        assert message in r.content.decode(), message
    assert not PlanItem.objects.exists()
    _add(c, plan, liquor, action="upgrade", target_star="5")
    assert "đã có trong kế hoạch" in _add(c, plan, liquor, action="upgrade", target_star="5").content.decode()
    assert PlanItem.objects.get().baseline_star == 4


def test_a_stale_list_is_refused(client_for: Any, plan: Any, products: Any) -> None:
    c = client_for("tinh")
    page = c.get(f"/ho-tro/phat-trien-san-pham/{plan.pk}/").content.decode()
    seen = version_of(page)
    _add(c, plan, products["Na Chi Lăng"])
    r = c.post(
        f"/ho-tro/phat-trien-san-pham/{plan.pk}/",
        {
            "product": products["Na sấy dẻo Chi Lăng"].pk,
            "action": "develop",
            "target_star": "3",
            "version": seen,
        },
        follow=True,
    )
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in r.content.decode()
    assert PlanItem.objects.count() == 1
    item = PlanItem.objects.get()
    r = c.post(
        f"/ho-tro/phat-trien-san-pham/{plan.pk}/san-pham/{item.pk}/bo/", {"version": seen}, follow=True
    )
    assert "Bản ghi đã được sửa" in r.content.decode() and PlanItem.objects.exists()
    page = c.get(f"/ho-tro/phat-trien-san-pham/{plan.pk}/").content.decode()
    c.post(f"/ho-tro/phat-trien-san-pham/{plan.pk}/san-pham/{item.pk}/bo/", {"version": version_of(page)})
    assert not PlanItem.objects.exists()


def test_plans_are_the_provinces_own(client_for: Any, plan: Any, products: Any) -> None:
    assert client_for("tinh.caobang").get(f"/ho-tro/phat-trien-san-pham/{plan.pk}/").status_code == 404
    r = client_for("lanhdao").post(
        f"/ho-tro/phat-trien-san-pham/{plan.pk}/",
        {"product": products["Na Chi Lăng"].pk, "action": "develop", "target_star": "3"},
    )
    assert r.status_code == 403 and not PlanItem.objects.exists()
    assert client_for("chuthe.nachilang").get("/ho-tro/phat-trien-san-pham/").status_code == 403
