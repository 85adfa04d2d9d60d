"""Producer support over HTTP, from the programme to the last disbursement, and every refusal: wrong
role, wrong area, wrong state, over the budget, over the grant, a stale or a doubled form. A refusal
answers with its reason in Vietnamese and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from form_tokens import token_of, version_of
from ocop.audit.models import AuditEvent
from ocop.support.models import Disbursement, SupportApplication, SupportProgramme

pytestmark = pytest.mark.django_db

PROGRAMME = {
    "title": "Hỗ trợ tư vấn hồ sơ OCOP",
    "kind": "consulting",
    "legal_basis": "Kế hoạch 45/KH-UBND",
    "funding_source": "integrated",
    "funding_detail": "Chương trình MTQG xây dựng nông thôn mới",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "budget": "300.000.000",
    "max_per_application": "15.000.000",
    "max_share_percent": "70",
}


def _apply(c: Any, programme: Any, **values: str) -> Any:
    page = c.get(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/").content.decode()
    data = {
        "token": token_of(page),
        "activity": "Thiết kế hộp giấy",
        "cost": "40.000.000",
        "requested": "20.000.000",
    }
    return c.post(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/", {**data, **values})


def _approved(demo: dict[str, Any], programme: Any, granted: int = 20_000_000) -> SupportApplication:
    from ocop.support import services

    application = services.apply(
        demo["chuthe.nachilang"],
        programme,
        activity="Hộp giấy",
        cost=40_000_000,
        requested=20_000_000,
        token="6f1c0e38-0000-4000-8000-000000000001",
    )
    return services.decide(demo["tinh"], application, approve=True, granted=granted, reasons="")


# --- programmes -----------------------------------------------------------------------------------


def test_staff_creates_a_programme_with_money_in_dong(client_for: Any) -> None:
    r = client_for("tinh").post("/ho-tro/", PROGRAMME)
    programme = SupportProgramme.objects.get()
    assert r.status_code == 302 and r.url == f"/ho-tro/chuong-trinh/{programme.pk}/"
    assert (programme.budget, programme.max_per_application, programme.max_share_percent) == (
        300_000_000,
        15_000_000,
        70,
    )
    assert programme.province.code == 20
    page = client_for("tinh").get(r.url).content.decode()
    assert "300.000.000 đồng" in page and "Chương trình MTQG xây dựng nông thôn mới" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget": "1,5 tỷ"}, "phải là số tiền bằng đồng"),
        ({"budget": "0"}, "Tổng kinh phí phải lớn hơn 0 đồng"),
        ({"budget": "1.5"}, "không có phần lẻ"),
        ({"funding_detail": ""}, "Nguồn lồng ghép cần ghi rõ"),
        ({"max_per_application": "400.000.000"}, "không vượt tổng kinh phí"),
        ({"ends_on": "2025-12-31"}, "Ngày kết thúc trước ngày bắt đầu"),
        ({"legal_basis": ""}, "Căn cứ pháp lý"),
        ({"kind": "lottery"}, "Nội dung hỗ trợ"),
    ],
)
def test_bad_programmes_are_refused(client_for: Any, changes: dict[str, str], message: str) -> None:
    r = client_for("tinh").post("/ho-tro/", {**PROGRAMME, **changes})
    assert r.status_code == 200 and message in r.content.decode()
    assert not SupportProgramme.objects.exists()


@pytest.mark.parametrize("username", ["lanhdao", "trunguong", "xa.chilang", "chuthe.nachilang"])
def test_only_provincial_staff_create_programmes(client_for: Any, username: str) -> None:
    r = client_for(username).post("/ho-tro/", PROGRAMME)
    assert r.status_code == 200 and "Chỉ cơ quan tham mưu OCOP cấp tỉnh" in r.content.decode()
    assert not SupportProgramme.objects.exists()


@pytest.mark.parametrize("username", ["hoidong1", "thuky", "admin"])
def test_roles_without_support_pages_are_refused(client_for: Any, programme: Any, username: str) -> None:
    c = client_for(username)
    assert c.get("/ho-tro/").status_code == 403
    assert c.get(f"/ho-tro/chuong-trinh/{programme.pk}/").status_code == 403


def test_budget_change_is_versioned_and_never_below_the_grants(
    demo: dict[str, Any], client_for: Any, programme: Any
) -> None:
    _approved(demo, programme)
    c = client_for("tinh")
    page = c.get(f"/ho-tro/chuong-trinh/{programme.pk}/").content.decode()
    seen = version_of(page)
    values = {
        **PROGRAMME,
        "title": programme.title,
        "kind": "packaging",
        "funding_source": "provincial",
        "max_per_application": "",
        "version": seen,
    }
    r = c.post(f"/ho-tro/chuong-trinh/{programme.pk}/", {**values, "budget": "10.000.000"})
    assert "không thể thấp hơn số đã duyệt hỗ trợ (20.000.000 đồng)" in r.content.decode()
    r = c.post(f"/ho-tro/chuong-trinh/{programme.pk}/", {**values, "budget": "120.000.000"})
    assert r.status_code == 302
    programme.refresh_from_db()
    assert programme.budget == 120_000_000
    # A second official's form, opened before that save, is refused with what changed; nothing written.
    r = c.post(f"/ho-tro/chuong-trinh/{programme.pk}/", {**values, "budget": "500.000.000"})
    text = r.content.decode()
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in text and "120000000" in text
    programme.refresh_from_db()
    assert programme.budget == 120_000_000


# --- applications ------------------------------------------------------------------------------------


def test_producer_applies_once_even_if_the_form_is_sent_twice(
    client_for: Any, programme: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = client_for("chuthe.nachilang")
    page = c.get(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/").content.decode()
    data = {
        "token": token_of(page),
        "activity": "Thiết kế hộp giấy",
        "cost": "40.000.000",
        "requested": "20.000.000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/", data)
    application = SupportApplication.objects.get()
    assert r.status_code == 302 and r.url == f"/ho-tro/don/{application.pk}/"
    assert (application.requested, application.cost, application.state) == (
        20_000_000,
        40_000_000,
        "submitted",
    )
    assert [m.to for m in mail.outbox] == [["tinh@demo.ocop.invalid"]]  # the province's staff are told

    r = c.post(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/", data)  # the same form again
    assert "Đơn này đã được gửi lúc" in r.content.decode()
    # A new form for the same thing while the first waits is refused too.
    r = _apply(c, programme)
    assert "đã có đơn đang chờ xét duyệt" in r.content.decode()
    assert SupportApplication.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"requested": "35.000.000", "cost": "80.000.000"},
            "vượt mức hỗ trợ tối đa một đơn của chương trình (30.000.000 đồng)",
        ),
        ({"requested": "25.000.000", "cost": "40.000.000"}, "vượt 50% chi phí thực hiện"),
        ({"requested": "20.000.000", "cost": "10.000.000"}, "vượt tổng chi phí thực hiện"),
        ({"requested": "-5"}, "phải là số tiền bằng đồng"),
        ({"requested": "20000000.5"}, "phải là số tiền bằng đồng"),
        ({"activity": ""}, "Nội dung đề nghị hỗ trợ"),
    ],
)
def test_requests_above_the_programme_rules_are_refused(
    client_for: Any, programme: Any, values: dict[str, str], message: str
) -> None:
    r = _apply(client_for("chuthe.nachilang"), programme, **values)
    assert r.status_code == 200 and message in r.content.decode()
    assert not SupportApplication.objects.exists()


def test_a_product_of_another_producer_is_refused(client_for: Any, programme: Any) -> None:
    from ocop.producers.models import Product

    other = Product.objects.get(name="Rượu Mẫu Sơn 29 độ")
    r = _apply(client_for("chuthe.nachilang"), programme, product=str(other.pk))
    assert r.status_code == 200 and not SupportApplication.objects.exists()


def test_who_may_not_apply(client_for: Any, programme: Any) -> None:
    # Another province's producer does not see the programme at all; officials may not apply.
    assert (
        client_for("chuthe.mienquanglam").get(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/").status_code
        == 404
    )
    for username in ("tinh", "xa.chilang", "lanhdao"):
        assert client_for(username).get(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/").status_code == 403
    assert not SupportApplication.objects.exists()


def test_a_closed_programme_takes_no_application(client_for: Any, programme: Any) -> None:
    SupportProgramme.objects.filter(pk=programme.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    c = client_for("chuthe.nachilang")
    r = c.get(f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/", follow=True)
    assert "Chương trình chỉ nhận đơn từ ngày" in r.content.decode()
    r = c.post(
        f"/ho-tro/chuong-trinh/{programme.pk}/dang-ky/",
        {"token": "6f1c0e38-0000-4000-8000-0000000000bb", "activity": "x", "cost": "2", "requested": "1"},
        follow=True,
    )
    assert "Chương trình chỉ nhận đơn từ ngày" in r.content.decode()
    assert not SupportApplication.objects.exists()


# --- decisions ------------------------------------------------------------------------------------


def _submitted(
    client_for: Any, programme: Any, requested: str = "20.000.000", cost: str = "40.000.000"
) -> Any:
    _apply(client_for("chuthe.nachilang"), programme, requested=requested, cost=cost)
    return SupportApplication.objects.latest("pk")


def _decide(c: Any, application: Any, **values: str) -> Any:
    page = c.get(f"/ho-tro/don/{application.pk}/").content.decode()
    data = {"decision": "approve", "granted": "18.000.000", "reasons": "", "version": version_of(page)}
    return c.post(f"/ho-tro/don/{application.pk}/xet-duyet/", {**data, **values}, follow=True)


def test_staff_approve_and_the_producer_is_told(
    client_for: Any, programme: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application = _submitted(client_for, programme)
    with django_capture_on_commit_callbacks(execute=True):
        r = _decide(client_for("tinh"), application, reference="Công văn 112/SNNMT")
    assert "Đã ghi kết quả xét duyệt" in r.content.decode()
    application.refresh_from_db()
    assert (application.state, application.granted, application.decision_reference) == (
        "approved",
        18_000_000,
        "Công văn 112/SNNMT",
    )
    assert (
        mail.outbox[0].to == ["chuthe.nachilang@demo.ocop.invalid"]
        and "18.000.000 đồng" in mail.outbox[0].body
    )
    page = client_for("tinh").get(f"/ho-tro/chuong-trinh/{programme.pk}/").content.decode()
    assert "82.000.000 đồng" in page  # what is left of the budget


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"granted": "25.000.000"}, "vượt số tiền chủ thể đề nghị (20.000.000 đồng)"),
        ({"granted": ""}, "Cần số tiền được hỗ trợ"),
        ({"granted": "0"}, "Cần số tiền được hỗ trợ"),
        ({"decision": "refuse", "reasons": ""}, "Cần ghi rõ lý do không duyệt"),
        ({"decision": "maybe"}, "Quyết định"),
    ],
)
def test_bad_decisions_are_refused(
    client_for: Any, programme: Any, values: dict[str, str], message: str
) -> None:
    application = _submitted(client_for, programme)
    r = _decide(client_for("tinh"), application, **values)
    assert message in r.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted" and application.granted is None


def test_no_grant_beyond_the_remaining_budget(demo: dict[str, Any], client_for: Any, programme: Any) -> None:
    from ocop.support import services

    # 30 + 30 + 30 granted: 10.000.000 left.
    for n, username in enumerate(("chuthe.hoivanquan", "chuthe.ruoumauson", "chuthe.khaunhuc"), start=2):
        a = services.apply(
            demo[username],
            programme,
            activity="x",
            cost=60_000_000,
            requested=30_000_000,
            token=f"6f1c0e38-0000-4000-8000-00000000000{n}",
        )
        services.decide(demo["tinh"], a, approve=True, granted=30_000_000, reasons="")
    application = _submitted(client_for, programme)
    r = _decide(client_for("tinh"), application, granted="12.000.000")
    assert "vượt kinh phí còn lại của chương trình (10.000.000 đồng)" in r.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"
    r = _decide(client_for("tinh"), application, granted="10.000.000")
    application.refresh_from_db()
    assert application.granted == 10_000_000


def test_refusal_with_reasons(client_for: Any, programme: Any) -> None:
    application = _submitted(client_for, programme)
    _decide(client_for("tinh"), application, decision="refuse", reasons="Sản phẩm chưa có hồ sơ OCOP.")
    application.refresh_from_db()
    assert application.state == "refused" and application.reasons == "Sản phẩm chưa có hồ sơ OCOP."
    page = client_for("chuthe.nachilang").get(f"/ho-tro/don/{application.pk}/").content.decode()
    assert "Sản phẩm chưa có hồ sơ OCOP." in page and "Không duyệt" in page


def test_wrong_role_and_wrong_area_cannot_decide(client_for: Any, programme: Any) -> None:
    application = _submitted(client_for, programme)
    data = {"decision": "approve", "granted": "10.000.000", "reasons": ""}
    for username in ("lanhdao", "trunguong", "xa.chilang", "chuthe.nachilang"):
        r = client_for(username).post(f"/ho-tro/don/{application.pk}/xet-duyet/", data, follow=True)
        assert "Chỉ cơ quan tham mưu OCOP cấp tỉnh" in r.content.decode(), username
    assert (
        client_for("tinh.caobang").post(f"/ho-tro/don/{application.pk}/xet-duyet/", data).status_code == 404
    )
    assert (
        client_for("chuthe.hoivanquan").post(f"/ho-tro/don/{application.pk}/xet-duyet/", data).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.state == "submitted"
    assert not AuditEvent.objects.filter(action__in=["support.approved", "support.refused"]).exists()


def test_a_decision_on_a_stale_page_is_refused(client_for: Any, programme: Any) -> None:
    application = _submitted(client_for, programme)
    staff = client_for("tinh")
    page = staff.get(f"/ho-tro/don/{application.pk}/").content.decode()
    seen = version_of(page)
    # Meanwhile the producer withdraws the application.
    mine = client_for("chuthe.nachilang")
    mine_page = mine.get(f"/ho-tro/don/{application.pk}/").content.decode()
    mine.post(f"/ho-tro/don/{application.pk}/rut-don/", {"version": version_of(mine_page)})
    r = staff.post(
        f"/ho-tro/don/{application.pk}/xet-duyet/",
        {"decision": "approve", "granted": "10.000.000", "version": seen},
        follow=True,
    )
    text = r.content.decode()
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in text and "withdrawn" in text
    application.refresh_from_db()
    assert application.state == "withdrawn" and application.granted is None


def test_a_second_decision_is_refused_with_who_made_the_first(client_for: Any, programme: Any) -> None:
    application = _submitted(client_for, programme)
    _decide(client_for("tinh"), application)
    r = client_for("tinh").post(
        f"/ho-tro/don/{application.pk}/xet-duyet/", {"decision": "refuse", "reasons": "x"}, follow=True
    )
    assert "Đơn đã ở trạng thái «Đã duyệt hỗ trợ»" in r.content.decode()
    application.refresh_from_db()
    assert application.state == "approved"


def test_withdraw_only_while_waiting(client_for: Any, programme: Any) -> None:
    application = _submitted(client_for, programme)
    assert client_for("chuthe.hoivanquan").post(f"/ho-tro/don/{application.pk}/rut-don/").status_code == 404
    _decide(client_for("tinh"), application)
    r = client_for("chuthe.nachilang").post(f"/ho-tro/don/{application.pk}/rut-don/", follow=True)
    assert "Đơn đã ở trạng thái" in r.content.decode()
    application.refresh_from_db()
    assert application.state == "approved"


# --- disbursements -----------------------------------------------------------------------------------


def _disburse(c: Any, application: Any, **values: str) -> Any:
    page = c.get(f"/ho-tro/don/{application.pk}/").content.decode()
    data = {
        "token": token_of(page, "disburse-form"),
        "amount": "8.000.000",
        "paid_on": timezone.localdate().isoformat(),
        "reference": "UNC 01",
    }
    return c.post(f"/ho-tro/don/{application.pk}/giai-ngan/", {**data, **values}, follow=True)


def test_disbursements_up_to_the_grant(demo: dict[str, Any], client_for: Any, programme: Any) -> None:
    application = _approved(demo, programme, granted=20_000_000)
    c = client_for("tinh")
    assert "Đã ghi khoản giải ngân" in _disburse(c, application, amount="12.000.000").content.decode()
    r = _disburse(c, application, amount="9.000.000", reference="UNC 02")
    assert "vượt số còn được giải ngân (được hỗ trợ 20.000.000 đồng) (8.000.000 đồng)" in r.content.decode()
    _disburse(c, application, amount="8.000.000", reference="UNC 02")
    assert sorted(Disbursement.objects.values_list("amount", flat=True)) == [8_000_000, 12_000_000]
    page = c.get(f"/ho-tro/don/{application.pk}/").content.decode()
    assert "disburse-form" not in page  # paid in full: no form offered
    page = client_for("chuthe.nachilang").get(f"/ho-tro/don/{application.pk}/").content.decode()
    assert "20.000.000 đồng" in page and "UNC 02" in page


def test_the_same_disbursement_form_twice_records_once(
    demo: dict[str, Any], client_for: Any, programme: Any
) -> None:
    application = _approved(demo, programme)
    c = client_for("tinh")
    page = c.get(f"/ho-tro/don/{application.pk}/").content.decode()
    data = {
        "token": token_of(page, "disburse-form"),
        "amount": "5.000.000",
        "paid_on": timezone.localdate().isoformat(),
        "reference": "UNC 01",
    }
    c.post(f"/ho-tro/don/{application.pk}/giai-ngan/", data)
    r = c.post(f"/ho-tro/don/{application.pk}/giai-ngan/", data, follow=True)
    assert "Khoản giải ngân này đã được ghi lúc" in r.content.decode()
    assert Disbursement.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"paid_on": "2099-01-01"}, "Ngày giải ngân không thể ở tương lai"),
        ({"amount": "0"}, "Số tiền giải ngân phải lớn hơn 0 đồng"),
        ({"amount": "năm triệu"}, "phải là số tiền bằng đồng"),
        ({"reference": ""}, "Số chứng từ"),
        ({"token": "x"}, "Enter a valid UUID."),
    ],
)
def test_bad_disbursements_are_refused(
    demo: dict[str, Any], client_for: Any, programme: Any, values: dict[str, str], message: str
) -> None:
    application = _approved(demo, programme)
    r = _disburse(client_for("tinh"), application, **values)
    assert r.status_code == 200
    assert not Disbursement.objects.exists()
    if message != "Enter a valid UUID.":
        assert message in r.content.decode()


def test_no_disbursement_before_approval_nor_by_others(
    demo: dict[str, Any], client_for: Any, programme: Any
) -> None:
    application = _submitted(client_for, programme)
    data = {
        "token": "6f1c0e38-0000-4000-8000-0000000000aa",
        "amount": "1.000.000",
        "paid_on": timezone.localdate().isoformat(),
        "reference": "UNC",
    }
    r = client_for("tinh").post(f"/ho-tro/don/{application.pk}/giai-ngan/", data, follow=True)
    assert "Chỉ giải ngân cho đơn đã được duyệt hỗ trợ" in r.content.decode()
    _decide(client_for("tinh"), application)
    for username in ("lanhdao", "chuthe.nachilang", "xa.chilang"):
        r = client_for(username).post(f"/ho-tro/don/{application.pk}/giai-ngan/", data, follow=True)
        assert "Chỉ cơ quan tham mưu OCOP cấp tỉnh" in r.content.decode()
    assert (
        client_for("tinh.caobang").post(f"/ho-tro/don/{application.pk}/giai-ngan/", data).status_code == 404
    )
    assert not Disbursement.objects.exists()


# --- scope ---------------------------------------------------------------------------------------------


def test_each_sees_only_its_area(demo: dict[str, Any], client_for: Any, programme: Any) -> None:
    application = _approved(demo, programme)
    assert client_for("tinh.caobang").get(f"/ho-tro/chuong-trinh/{programme.pk}/").status_code == 404
    assert client_for("tinh.caobang").get(f"/ho-tro/don/{application.pk}/").status_code == 404
    assert client_for("chuthe.hoivanquan").get(f"/ho-tro/don/{application.pk}/").status_code == 404
    assert client_for("xa.vanquan").get(f"/ho-tro/don/{application.pk}/").status_code == 404
    assert client_for("xa.chilang").get(f"/ho-tro/don/{application.pk}/").status_code == 200
    assert programme.title not in client_for("chuthe.mienquanglam").get("/ho-tro/").content.decode()
    assert client_for("trunguong").get(f"/ho-tro/don/{application.pk}/").status_code == 200
