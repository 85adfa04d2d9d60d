"""The producer's steps on a dossier through HTTP: start, upload, replace, file, withdraw, download."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.audit.models import AuditEvent
from ocop.core.process import State
from ocop.dossiers.models import Dossier, DossierDocument
from ocop.dossiers.uploads import MAX_BYTES
from ocop.producers.models import Product

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name: str = "phieu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


pytestmark = pytest.mark.django_db


@pytest.fixture
def producer(as_user: Callable[[str], Client]) -> Client:
    return as_user("chuthe.nachilang")


def start(client: Client, product_name: str = "Na Chi Lăng", **data: Any) -> Any:
    product = Product.objects.get(name=product_name)
    return client.post(f"/chu-the/san-pham/{product.pk}/lap-ho-so/", {"kind": "first", **data})


def upload(client: Client, dossier: Dossier, kind: str, file: SimpleUploadedFile) -> Any:
    return client.post(f"/ho-so/{dossier.pk}/tai-lieu/", {"kind": kind, "file": file}, follow=True)


def test_start_shows_the_checklists_and_creates_a_draft(producer: Client) -> None:
    product = Product.objects.get(name="Na Chi Lăng")
    html = producer.get(f"/chu-the/san-pham/{product.pk}/lap-ho-so/").content.decode()
    assert "Phiếu đăng ký sản phẩm (Mẫu 01)" in html and "Nâng hạng" in html
    response = start(producer)
    dossier = Dossier.objects.get(product=product)
    assert response.status_code == 302 and response["Location"] == f"/ho-so/{dossier.pk}/"
    assert (dossier.state, dossier.kind, dossier.samples) == (State.DRAFT, "first", 5)
    page = producer.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Báo cáo tự đánh giá về sản phẩm (Mẫu 02)" in page
    assert "Còn thiếu 2 tài liệu bắt buộc" in page


def test_one_dossier_in_progress_per_product(producer: Client) -> None:
    assert start(producer).status_code == 302
    response = start(producer)
    assert response.status_code == 400 and "Sản phẩm đã có hồ sơ đang xử lý" in response.content.decode()
    assert Dossier.objects.count() == 1


def test_another_producers_product_is_404(as_user: Callable[[str], Client]) -> None:
    product = Product.objects.get(name="Na Chi Lăng")
    assert as_user("chuthe.khaunhuc").get(f"/chu-the/san-pham/{product.pk}/lap-ho-so/").status_code == 404
    assert start(as_user("chuthe.khaunhuc")).status_code == 404
    assert not Dossier.objects.exists()


def test_upgrade_and_rerating_need_the_products_certificate(producer: Client) -> None:
    for kind in ("upgrade", "rerating"):
        response = start(producer, kind=kind)
        assert response.status_code == 400
        assert "cần giấy chứng nhận trước của sản phẩm" in response.content.decode()
    assert not Dossier.objects.exists()


def test_upgrade_from_the_certificate_and_rerating_window(
    demo: dict[str, Any], as_user: Callable[[str], Client]
) -> None:
    from ocop.certificates.models import Certificate
    from ocop.demo.pipeline import load_pipeline

    load_pipeline()  # Na Chi Lăng: 4★ certificate
    certificate = Certificate.objects.get(product__name="Na Chi Lăng")
    client = as_user("chuthe.nachilang")
    # Another product's certificate is not offered and not accepted.
    response = start(client, "Na sấy dẻo Chi Lăng", kind="upgrade", previous_certificate=certificate.pk)
    assert response.status_code == 400 and "Giấy chứng nhận không hợp lệ" in response.content.decode()
    Certificate.objects.filter(pk=certificate.pk).update(star=5)
    response = start(client, kind="upgrade", previous_certificate=certificate.pk)
    assert response.status_code == 400 and "Sản phẩm đã đạt hạng sao cao nhất" in response.content.decode()
    assert not Dossier.objects.filter(state=State.DRAFT, product__name="Na Chi Lăng").exists()
    response = start(client, kind="rerating", previous_certificate=certificate.pk)
    assert response.status_code == 302
    dossier = Dossier.objects.get(product__name="Na Chi Lăng", state=State.DRAFT)
    assert (dossier.kind, dossier.previous_certificate) == ("rerating", certificate)
    for kind in ("form01", "form02", "legal"):  # re-rating: updated legal papers are required
        upload(client, dossier, kind, pdf_file(f"{kind}.pdf"))
    page = client.post(f"/ho-so/{dossier.pk}/nop/", follow=True).content.decode()
    assert "Chưa đến thời hạn nộp hồ sơ đánh giá lại" in page  # 36 months ahead: too early (Art. 7.6)
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT and dossier.documents.count() == 3


def test_upload_replace_and_file(producer: Client, demo: dict[str, Any]) -> None:
    start(producer)
    dossier = Dossier.objects.get()
    page = producer.post(f"/ho-so/{dossier.pk}/nop/", follow=True).content.decode()
    assert "Hồ sơ còn thiếu" in page
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT

    page = upload(producer, dossier, "form01", pdf_file("phieu-dang-ky.pdf")).content.decode()
    assert "Đã tải lên phieu-dang-ky.pdf" in page
    # Filing still refused (form 02 missing), and the uploaded form 01 is not lost.
    page = producer.post(f"/ho-so/{dossier.pk}/nop/", follow=True).content.decode()
    assert "Hồ sơ còn thiếu: Báo cáo tự đánh giá" in page and "phieu-dang-ky.pdf" in page
    assert dossier.documents.filter(kind="form01", replaced=False).count() == 1

    # Replacing form 01: the old one stays, marked replaced.
    upload(producer, dossier, "form01", pdf_file("phieu-dang-ky-v2.pdf"))
    old, new = dossier.documents.filter(kind="form01").order_by("pk")
    assert (old.replaced, new.replaced, new.original_name) == (True, False, "phieu-dang-ky-v2.pdf")
    page = producer.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Tài liệu đã được thay thế (1)" in page

    upload(producer, dossier, "form02", pdf_file("bao-cao.pdf"))
    page = producer.post(f"/ho-so/{dossier.pk}/nop/", follow=True).content.decode()
    assert "Đã nộp hồ sơ" in page
    dossier.refresh_from_db()
    assert dossier.state == State.FILED and dossier.rulebook_id == "26-2026"
    assert dossier.filed_on and dossier.commune_deadline and dossier.commune_deadline > dossier.filed_on
    assert AuditEvent.objects.filter(dossier=dossier, action="dossier.file").exists()
    # Filed: documents are locked.
    page = upload(producer, dossier, "evidence", pdf_file("them.pdf")).content.decode()
    assert "Hồ sơ đã nộp, không sửa được tài liệu" in page
    assert not dossier.documents.filter(kind="evidence").exists()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("phieu.pdf", EXE, "không phải PDF thật"),  # an .exe renamed .pdf
        ("anh.jpg", b"%PDF-1.4 not a jpeg", "không phải JPG thật"),
        ("chuong-trinh.exe", EXE, "Loại tệp '.exe' không được chấp nhận"),
        ("bao-cao", b"%PDF-1.4\n", "không được chấp nhận"),
        ("to-qua.pdf", b"%PDF-1.4\n" + b"0" * MAX_BYTES, "Tệp quá lớn"),
    ],
)
def test_bad_uploads_are_refused_and_earlier_ones_kept(
    producer: Client, filed: Callable[..., Any], name: str, content: bytes, message: str
) -> None:
    dossier = filed("draft")
    before = list(dossier.documents.values_list("pk", "replaced"))
    page = upload(producer, dossier, "form01", SimpleUploadedFile(name, content)).content.decode()
    assert message in html.unescape(page)
    assert list(dossier.documents.values_list("pk", "replaced")) == before
    assert DossierDocument.objects.count() == 2


def test_the_size_limit_is_a_setting(producer: Client, filed: Callable[..., Any], settings: Any) -> None:
    settings.OCOP_UPLOAD_MAX_BYTES = 1024
    dossier = filed("draft")
    assert 'data-max-bytes="1024"' in producer.get(f"/ho-so/{dossier.pk}/").content.decode()
    page = upload(
        producer, dossier, "evidence", SimpleUploadedFile("a.pdf", PDF + b"0" * 1024)
    ).content.decode()
    assert "Tệp quá lớn" in page and not dossier.documents.filter(kind="evidence").exists()


def test_an_empty_or_missing_file_and_an_unknown_kind(producer: Client, filed: Callable[..., Any]) -> None:
    dossier = filed("draft")
    assert (
        "Chưa chọn tệp"
        in producer.post(f"/ho-so/{dossier.pk}/tai-lieu/", {"kind": "form01"}, follow=True).content.decode()
    )
    page = upload(producer, dossier, "giay-to-la", pdf_file()).content.decode()
    assert "Loại tài liệu không hợp lệ" in page
    assert dossier.documents.count() == 2


def test_only_the_producer_uploads(as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("reported")
    page = upload(as_user("tinh"), dossier, "evidence", pdf_file()).content.decode()
    assert "Chỉ chủ thể mới tải tài liệu lên hồ sơ" in page
    assert dossier.documents.count() == 2


def test_withdraw(producer: Client, as_user: Callable[[str], Client], filed: Callable[..., Any]) -> None:
    dossier = filed("filed")
    # Not the commune officer's step: refused, nothing changed.
    page = as_user("xa.chilang").post(f"/ho-so/{dossier.pk}/rut/", follow=True).content.decode()
    assert "vai trò này không được" in html.unescape(page)
    dossier.refresh_from_db()
    assert dossier.state == State.FILED
    page = producer.post(f"/ho-so/{dossier.pk}/rut/", follow=True).content.decode()
    assert "Đã rút hồ sơ" in page
    dossier.refresh_from_db()
    assert dossier.state == State.WITHDRAWN and dossier.documents.count() == 2


def test_withdraw_is_refused_once_the_commune_reported(producer: Client, filed: Callable[..., Any]) -> None:
    dossier = filed("reported")
    page = producer.post(f"/ho-so/{dossier.pk}/rut/", follow=True).content.decode()
    assert "không thể 'Rút hồ sơ'" in html.unescape(page)
    dossier.refresh_from_db()
    assert dossier.state == State.COMMUNE_REPORTED


def test_documents_download_as_attachments_within_scope(
    client: Client, as_user: Callable[[str], Client], filed: Callable[..., Any]
) -> None:
    dossier = filed("filed")
    document = dossier.documents.get(kind="form01")
    url = f"/ho-so/{dossier.pk}/tai-lieu/{document.pk}/tai-ve/"
    response = as_user("chuthe.nachilang").get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment")
        and "form01.pdf" in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert as_user("xa.chilang").get(url).status_code == 200
    for outsider in (
        "xa.vanquan",
        "tinh.caobang",
        "chuthe.khaunhuc",
        "tinh",
    ):  # tinh: not yet at the province
        assert as_user(outsider).get(url).status_code == 404, outsider
    assert client.get(url).status_code == 302  # sign in first
    assert client.get("/media/" + document.file.name).status_code == 404  # never from a public media URL
