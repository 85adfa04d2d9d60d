"""Market checks over HTTP: products on sale recorded with their place and evidence, the verdict read
from the certificate on the day, the follow-up to its end; self-declarations recorded by the producer
and checked in a hậu kiểm record. Every refusal changes nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.lifecycle.market_models import (
    DeclarationCheck,
    MarketCheck,
    MarketEvidence,
    MarketFinding,
    SelfDeclaration,
)

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _photo(name: str = "quay-hang.jpg", data: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture
def check(demo: dict[str, Any]) -> MarketCheck:
    from ocop.lifecycle import market

    return market.record_market_check(
        demo["tinh"],
        checked_on=timezone.localdate() - timedelta(days=1),
        place_kind="shop",
        place="Cửa hàng đặc sản Kỳ Lừa",
        address="Chợ Kỳ Lừa, Lạng Sơn",
        inspectors="Chi cục PTNT; Đội QLTT số 1",
    )


def _finding(c: Client, check: MarketCheck, **values: Any) -> Any:
    data = {
        "product_label": "Rượu Mẫu Sơn 29 độ",
        "claimed_star": "4",
        "follow_up": "Thu hồi sản phẩm khỏi quầy, dán lại nhãn",
        "follow_up_deadline": (timezone.localdate() + timedelta(days=15)).isoformat(),
        **values,
    }
    return c.post(f"/theo-doi/kiem-tra-thi-truong/{check.pk}/", data, follow=True)


# --- checks and findings ----------------------------------------------------------------------------


def test_staff_record_a_check_at_a_shop_and_online(demo: dict[str, Any]) -> None:
    c = _client(demo["tinh"])
    today = timezone.localdate().isoformat()
    r = c.post(
        "/theo-doi/kiem-tra-thi-truong/",
        {
            "checked_on": today,
            "place_kind": "shop",
            "place": "Cửa hàng A",
            "address": "Số 1 Trần Đăng Ninh",
            "inspectors": "Đoàn 1",
        },
    )
    check = MarketCheck.objects.get()
    assert r.status_code == 302 and check.province.code == 20
    r = c.post(
        "/theo-doi/kiem-tra-thi-truong/",
        {
            "checked_on": today,
            "place_kind": "online",
            "place": "Gian hàng X trên sàn",
            "inspectors": "Đoàn 1",
        },
    )
    assert "cần địa chỉ trang bán hàng" in r.content.decode()
    r = c.post(
        "/theo-doi/kiem-tra-thi-truong/",
        {
            "checked_on": today,
            "place_kind": "online",
            "place": "Gian hàng X",
            "url": "https://san.example/x",
            "inspectors": "Đoàn 1",
        },
    )
    assert MarketCheck.objects.count() == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"address": ""}, "Cần địa chỉ nơi bán"),
        ({"checked_on": "2099-01-01"}, "không thể ở tương lai"),
        ({"inspectors": ""}, "Thành phần đoàn kiểm tra"),
        ({"place_kind": "moon"}, "Nơi bán"),
    ],
)
def test_bad_checks_are_refused(demo: dict[str, Any], values: dict[str, str], message: str) -> None:
    data = {
        "checked_on": timezone.localdate().isoformat(),
        "place_kind": "fair",
        "place": "Hội chợ",
        "address": "Quảng trường",
        "inspectors": "Đoàn",
        **values,
    }
    r = _client(demo["tinh"]).post("/theo-doi/kiem-tra-thi-truong/", data)
    assert r.status_code == 200 and message in r.content.decode() and not MarketCheck.objects.exists()


def test_only_provincial_staff_record_checks(demo: dict[str, Any], check: MarketCheck) -> None:
    data = {
        "checked_on": timezone.localdate().isoformat(),
        "place_kind": "shop",
        "place": "X",
        "address": "Y",
        "inspectors": "Z",
    }
    for username in ("lanhdao", "trunguong"):
        assert _client(demo[username]).post("/theo-doi/kiem-tra-thi-truong/", data).status_code == 403
        assert _client(demo[username]).get(f"/theo-doi/kiem-tra-thi-truong/{check.pk}/").status_code == 200
    for username in ("chuthe.nachilang", "xa.chilang", "hoidong1"):
        assert _client(demo[username]).get("/theo-doi/kiem-tra-thi-truong/").status_code == 403
    assert _client(demo["tinh.caobang"]).get(f"/theo-doi/kiem-tra-thi-truong/{check.pk}/").status_code == 404
    assert (
        _client(demo["tinh.caobang"])
        .post(f"/theo-doi/kiem-tra-thi-truong/{check.pk}/", {"product_label": "x"})
        .status_code
        == 404
    )
    assert MarketCheck.objects.count() == 1 and not MarketFinding.objects.exists()


def test_an_expired_product_still_sold_with_the_mark(
    demo: dict[str, Any], check: MarketCheck, make_cert: Any, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    cert = make_cert(
        signed_on=date(today.year - 3, today.month, 1) - timedelta(days=40)
    )  # expired last month
    c = _client(demo["tinh"])
    page = c.get(f"/theo-doi/kiem-tra-thi-truong/{check.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'capture="environment"' in page
    with django_capture_on_commit_callbacks(execute=True):
        r = _finding(
            c, check, certificate_reference=cert.code.lower(), evidence=[_photo(), _photo("hoa-don.jpg")]
        )
    assert "Giấy chứng nhận đã hết hiệu lực nhưng vẫn dùng nhãn OCOP" in r.content.decode()
    finding = MarketFinding.objects.get()
    assert (finding.verdict, finding.certificate, finding.is_open) == ("expired", cert, True)
    assert [e.original_name for e in finding.evidence.all()] == ["quay-hang.jpg", "hoa-don.jpg"]
    from django.core import mail

    assert any("chuthe.ruoumauson@demo.ocop.invalid" in m.to for m in mail.outbox)
    # The list shows it under follow-up; the evidence opens for the province only.
    listing = c.get("/theo-doi/kiem-tra-thi-truong/").content.decode()
    assert "Đang theo dõi xử lý" in listing and "Rượu Mẫu Sơn 29 độ" in listing
    evidence = finding.evidence.first()
    assert c.get(f"/theo-doi/kiem-tra-thi-truong/bang-chung/{evidence.pk}/").status_code == 200
    assert (
        _client(demo["tinh.caobang"])
        .get(f"/theo-doi/kiem-tra-thi-truong/bang-chung/{evidence.pk}/")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("setup", "claimed", "verdict"),
    [
        ({}, "4", "ok"),
        ({}, "5", "star_mismatch"),
        ({"status": "revoked"}, "4", "revoked"),
        (None, "3", "no_certificate"),
    ],
)
def test_the_verdict_is_read_from_the_records(
    demo: dict[str, Any], check: MarketCheck, make_cert: Any, setup: Any, claimed: str, verdict: str
) -> None:
    reference = ""
    if setup is not None:
        reference = make_cert(signed_on=timezone.localdate() - timedelta(days=100), **setup).number
    r = _finding(_client(demo["tinh"]), check, certificate_reference=reference, claimed_star=claimed)
    assert r.status_code == 200
    finding = MarketFinding.objects.get()
    assert finding.verdict == verdict
    assert finding.is_open == (verdict != "ok")
    if verdict == "ok":
        assert finding.follow_up == "" and finding.follow_up_deadline is None


def test_a_replaced_certificate_is_read_through_its_successor(
    demo: dict[str, Any], check: MarketCheck, make_cert: Any
) -> None:
    today = timezone.localdate()
    old = make_cert(star=3, signed_on=today - timedelta(days=500), status="replaced")
    make_cert(star=4, signed_on=today - timedelta(days=30))
    _finding(_client(demo["tinh"]), check, certificate_reference=old.number, claimed_star="4")
    assert MarketFinding.objects.get().verdict == "ok"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"certificate_reference": "KHÔNG-CÓ"}, "Không tìm thấy giấy chứng nhận"),
        ({"follow_up": ""}, "cần nội dung yêu cầu xử lý và hạn xử lý"),
        ({"follow_up_deadline": "2000-01-01"}, "Hạn xử lý phải sau ngày kiểm tra"),
        ({"claimed_star": "9"}, "Hạng sao ghi trên nhãn"),
        ({"evidence": [SimpleUploadedFile("anh.jpg", b"not a jpeg", "image/jpeg")]}, "không phải JPG thật"),
        (
            {"evidence": [SimpleUploadedFile("bang.xlsx", b"PK\x03\x04x", "application/zip")]},
            "Tệp Office bị hỏng",
        ),
        (
            {"evidence": [SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")]},
            "không được chấp nhận",
        ),
        # A good photo and a bad one: neither is kept.
        (
            {"evidence": [_photo(), SimpleUploadedFile("b.png", b"GIF89a", "image/png")]},
            "không phải PNG thật",
        ),
    ],
)
def test_bad_findings_change_nothing(
    demo: dict[str, Any], check: MarketCheck, values: dict[str, Any], message: str, tmp_path: Any
) -> None:
    r = _finding(_client(demo["tinh"]), check, **values)
    assert message in r.content.decode()
    assert not MarketFinding.objects.exists() and not MarketEvidence.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # no file left behind


def test_a_document_type_that_is_neither_photo_nor_pdf_is_refused(
    demo: dict[str, Any], check: MarketCheck
) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    r = _finding(
        _client(demo["tinh"]), check, evidence=[SimpleUploadedFile("bien-ban.docx", buffer.getvalue())]
    )
    assert "Bằng chứng là ảnh (JPG, PNG) hoặc tài liệu PDF" in r.content.decode()
    assert not MarketFinding.objects.exists()


def test_the_follow_up_is_closed_once(demo: dict[str, Any], check: MarketCheck) -> None:
    c = _client(demo["tinh"])
    _finding(c, check)  # no certificate: the mark on an uncertified product
    finding = MarketFinding.objects.get()
    url = f"/theo-doi/kiem-tra-thi-truong/phat-hien/{finding.pk}/"
    r = c.post(
        url,
        {"action": "evidence", "evidence": [SimpleUploadedFile("bb.pdf", PDF, "application/pdf")]},
        follow=True,
    )
    assert "Đã thêm bằng chứng" in r.content.decode() and finding.evidence.count() == 1
    for username in ("lanhdao", "trunguong"):
        r = _client(demo[username]).post(
            url, {"closed_on": timezone.localdate().isoformat(), "closure": "x"}, follow=True
        )
        assert "Chỉ cơ quan tham mưu OCOP cấp tỉnh" in r.content.decode()
    r = c.post(url, {"closed_on": timezone.localdate().isoformat(), "closure": ""}, follow=True)
    assert "Kết quả xử lý" in r.content.decode()
    page = c.get(url).content.decode()
    import re

    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    c.post(
        url,
        {
            "closed_on": timezone.localdate().isoformat(),
            "closure": "Cửa hàng đã gỡ sản phẩm khỏi quầy",
            "version": version,
        },
    )
    finding.refresh_from_db()
    assert finding.closed_on == timezone.localdate() and not finding.is_open
    r = c.post(
        url,
        {"closed_on": timezone.localdate().isoformat(), "closure": "lần hai", "version": version},
        follow=True,
    )
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in r.content.decode()
    finding.refresh_from_db()
    assert finding.closure == "Cửa hàng đã gỡ sản phẩm khỏi quầy"
    assert AuditEvent.objects.filter(action="market.closed").count() == 1


def test_another_province_sees_a_finding_about_its_own_product(
    demo: dict[str, Any], check: MarketCheck, make_cert: Any
) -> None:
    noodles = make_cert(
        product="Miến dong Quảng Lâm", star=4, signed_on=timezone.localdate() - timedelta(days=20)
    )
    _finding(
        _client(demo["tinh"]),
        check,
        product_label="Miến dong",
        certificate_reference=noodles.number,
        claimed_star="5",
    )
    finding = MarketFinding.objects.get()
    assert finding.verdict == "star_mismatch"
    other = _client(demo["tinh.caobang"])
    assert other.get(f"/theo-doi/kiem-tra-thi-truong/phat-hien/{finding.pk}/").status_code == 200
    r = other.post(
        f"/theo-doi/kiem-tra-thi-truong/phat-hien/{finding.pk}/",
        {"closed_on": timezone.localdate().isoformat(), "closure": "x"},
        follow=True,
    )
    assert "Đợt kiểm tra của tỉnh khác" in r.content.decode()
    finding.refresh_from_db()
    assert finding.closed_on is None


# --- self-declarations -------------------------------------------------------------------------------


def test_the_producer_records_its_self_declaration(demo: dict[str, Any]) -> None:
    from ocop.producers.models import Product

    na = Product.objects.get(name="Na Chi Lăng")
    c = _client(demo["chuthe.nachilang"])
    data = {
        "product": na.pk,
        "number": "01/2026/HTXNCL",
        "declared_on": "2026-03-01",
        "standard": "TCCS 01:2026/HTXNCL",
    }
    r = c.post("/tu-cong-bo/", {**data, "document": SimpleUploadedFile("tu-cong-bo.pdf", PDF)})
    declaration = SelfDeclaration.objects.get()
    assert r.status_code == 302 and declaration.product == na and declaration.size == len(PDF)
    r = c.post("/tu-cong-bo/", {**data, "document": SimpleUploadedFile("tu-cong-bo.pdf", PDF)})
    assert "đã có bản tự công bố số 01/2026/HTXNCL" in r.content.decode()
    r = c.post("/tu-cong-bo/", {**data, "number": "02/2026"})
    assert "Cần tệp bản tự công bố" in r.content.decode()
    other = Product.objects.get(name="Rượu Mẫu Sơn 29 độ")
    r = c.post(
        "/tu-cong-bo/",
        {**data, "product": other.pk, "number": "03", "document": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert "Hãy chọn" in r.content.decode()  # not one of its products
    assert SelfDeclaration.objects.count() == 1
    assert c.get(f"/tu-cong-bo/{declaration.pk}/tep/").status_code == 200
    assert _client(demo["chuthe.ruoumauson"]).get(f"/tu-cong-bo/{declaration.pk}/tep/").status_code == 404
    assert _client(demo["xa.chilang"]).get(f"/tu-cong-bo/{declaration.pk}/tep/").status_code == 200
    assert _client(demo["hoidong1"]).get("/tu-cong-bo/").status_code == 403


def test_declarations_are_checked_in_the_inspection_record(demo: dict[str, Any], make_cert: Any) -> None:
    from ocop.lifecycle import market, services

    cert = make_cert(product="Na Chi Lăng", star=4, signed_on=timezone.localdate() - timedelta(days=60))
    declaration = market.record_declaration(
        demo["chuthe.nachilang"],
        cert.product,
        number="01/2026",
        declared_on=timezone.localdate() - timedelta(days=50),
        standard="TCCS 01:2026",
        document=("tcb.pdf", io.BytesIO(PDF), len(PDF)),
    )
    inspection = services.record_inspection(
        demo["tinh"],
        cert,
        inspected_on=timezone.localdate(),
        inspectors="Đoàn hậu kiểm",
        checks={"quality": ("ok", "")},
        findings="Duy trì các tiêu chí.",
    )
    c = _client(demo["tinh"])
    page = c.get(f"/theo-doi/kiem-tra/{inspection.pk}/").content.decode()
    assert "Bản tự công bố sản phẩm" in page and "01/2026" in page and "declaration-check" in page
    url = f"/theo-doi/kiem-tra/{inspection.pk}/tu-cong-bo/"
    r = c.post(url, {"declaration": declaration.pk, "result": "differs", "note": ""}, follow=True)
    assert "Cần ghi rõ điểm không đúng" in r.content.decode()
    for username in ("lanhdao", "chuthe.nachilang"):
        assert _client(demo[username]).post(
            url, {"declaration": declaration.pk, "result": "matches"}
        ).status_code in (302, 404)
    assert not DeclarationCheck.objects.exists()
    assert (
        _client(demo["tinh.caobang"])
        .post(url, {"declaration": declaration.pk, "result": "matches"})
        .status_code
        == 404
    )
    r = c.post(
        url,
        {"declaration": declaration.pk, "result": "differs", "note": "Hàm lượng đường cao hơn công bố"},
        follow=True,
    )
    assert "Sản phẩm không đúng chỉ tiêu, nhãn đã tự công bố" in r.content.decode()
    r = c.post(url, {"declaration": declaration.pk, "result": "matches"}, follow=True)
    assert "đã được kiểm tra trong biên bản" in r.content.decode()
    assert DeclarationCheck.objects.get().result == "differs"
    # The producer's declarations page shows the result of the inspection.
    page = _client(demo["chuthe.nachilang"]).get("/tu-cong-bo/").content.decode()
    assert "Sản phẩm không đúng chỉ tiêu" in page
