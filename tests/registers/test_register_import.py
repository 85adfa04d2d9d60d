"""Importing a register: preview with every row's problem, nothing written before confirming, all or
nothing on confirmation, old addresses kept, re-import refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate, Decision
from ocop.producers.models import Producer, Product
from ocop.registers.models import ImportBatch, ImportedRecord


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, data: bytes, name: str = "so-theo-doi.xlsx") -> Any:
    return client.post("/nhap-so/", {"tep": SimpleUploadedFile(name, data)})


def _counts() -> tuple[int, ...]:
    return (
        Certificate.objects.count(),
        Decision.objects.count(),
        Producer.objects.count(),
        Product.objects.count(),
        ImportedRecord.objects.count(),
    )


def test_preview_shows_each_bad_rows_problem_and_writes_nothing(
    demo: dict[str, Any], register_file: bytes, sample: Any
) -> None:
    client = _client(demo["tinh"])
    before = _counts()
    response = _upload(client, register_file)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/nhap-so/{batch.pk}/"
    assert batch.rows == 8 and batch.status == "preview" and batch.file.name.startswith("registers/")
    page = client.get(response["Location"])
    html = page.content.decode()
    for row, problem in sample.problems.items():
        assert f'id="dong-{row}"' in html
        assert problem in html, problem
    assert '→ <span class="ok">Xã Chi Lăng</span>' in html  # the new code given for Đồng Mỏ
    assert "Xã mới xác định theo tên" not in html  # Văn Quan found in the old→new table, not guessed
    assert _counts() == before
    # confirming with bad rows kept is refused, and still writes nothing
    response = client.post(f"/nhap-so/{batch.pk}/", {"action": "confirm"}, follow=True)
    assert "Còn 6 dòng có lỗi chưa loại ra" in response.content.decode()
    assert _counts() == before
    assert ImportBatch.objects.get().status == "preview"


def test_exclude_bad_rows_then_confirm_writes_everything(demo: dict[str, Any], register_file: bytes) -> None:
    client = _client(demo["tinh"])
    na = Product.objects.get(name="Na Chi Lăng")
    producers_before = Producer.objects.count()
    _upload(client, register_file)
    batch = ImportBatch.objects.get()
    client.post(f"/nhap-so/{batch.pk}/", {"action": "exclude", "loai": ["6", "7"]})
    assert ImportBatch.objects.get().excluded == [6, 7]
    client.post(f"/nhap-so/{batch.pk}/", {"action": "exclude_bad"})
    assert ImportBatch.objects.get().excluded == [6, 7, 8, 9, 10, 11]
    response = client.post(f"/nhap-so/{batch.pk}/", {"action": "confirm"}, follow=True)
    assert "Đã ghi 2 giấy chứng nhận vào hệ thống" in response.content.decode()

    batch.refresh_from_db()
    assert batch.status == "confirmed" and batch.written == 2 and batch.confirmed_by == demo["tinh"]
    first = Certificate.objects.get(number="LS-2022-001")
    assert first.product == na  # matched by name and commune, not created again
    assert (first.star, first.total, first.rulebook_id, first.scorecard_number) == (4, 75, "148-2023", 1)
    assert first.valid_from == date(2022, 8, 15) and first.valid_until == date(2025, 8, 15)
    assert first.status == "expired" and first.dossier is None
    assert first.producer_address == "Thị trấn Đồng Mỏ, Huyện Chi Lăng, Tỉnh Lạng Sơn"
    assert first.decision.number == "1234/QĐ-UBND" and first.decision.issuer == "UBND tỉnh Lạng Sơn"
    second = Certificate.objects.get(number="LS-2025-010")
    assert second.product.producer.commune.code == 6253
    assert second.product.producer.kind == "household" and second.scorecard_number == 6
    assert str(second.total) == "62.50" and second.status == "valid"
    assert Producer.objects.count() == producers_before + 1
    record = ImportedRecord.objects.get(certificate=first)
    assert (record.commune, record.district, record.province) == (
        "Thị trấn Đồng Mỏ",
        "Huyện Chi Lăng",
        "Tỉnh Lạng Sơn",
    )
    assert not record.producer_created and not record.product_created
    assert ImportedRecord.objects.get(certificate=second).producer_created
    event = AuditEvent.objects.get(action="register.confirm")
    assert event.data["certificates"] == 2 and event.actor == demo["tinh"]
    # the valid imported certificate is in the public catalogue at once, the expired one is not
    from ocop.catalogue.models import CatalogueEntry

    listed = set(CatalogueEntry.objects.values_list("product_id", flat=True))
    assert second.product_id in listed and first.product_id not in listed
    # a closed import cannot be confirmed twice
    client.post(f"/nhap-so/{batch.pk}/", {"action": "confirm"})
    assert Certificate.objects.filter(number__startswith="LS-").count() == 2


def test_confirm_is_all_or_nothing(demo: dict[str, Any], monkeypatch: Any, sample: Any) -> None:
    from ocop.registers import services

    client = _client(demo["tinh"])
    _upload(client, sample.workbook(sample.good))
    batch = ImportBatch.objects.get()
    before = _counts()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.ImportedRecord.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.confirm(demo["tinh"], batch)
    assert _counts() == before
    assert ImportBatch.objects.get().status == "preview"


def test_reimport_of_the_same_certificates_is_refused(demo: dict[str, Any], sample: Any) -> None:
    client = _client(demo["tinh"])
    _upload(client, sample.workbook(sample.good))
    first = ImportBatch.objects.get()
    client.post(f"/nhap-so/{first.pk}/", {"action": "confirm"})
    assert Certificate.objects.filter(number__startswith="LS-").count() == 2
    before = _counts()
    response = _upload(client, sample.workbook(sample.good))
    batch = ImportBatch.objects.exclude(pk=first.pk).get()
    html = client.get(response["Location"]).content.decode()
    assert "Số giấy chứng nhận LS-2022-001 đã có trong hệ thống" in html
    assert "Số giấy chứng nhận LS-2025-010 đã có trong hệ thống" in html
    response = client.post(f"/nhap-so/{batch.pk}/", {"action": "confirm"}, follow=True)
    assert "Còn 2 dòng có lỗi" in response.content.decode()
    client.post(f"/nhap-so/{batch.pk}/", {"action": "exclude_bad"})
    response = client.post(f"/nhap-so/{batch.pk}/", {"action": "confirm"}, follow=True)
    assert "Không còn dòng nào để ghi" in response.content.decode()
    assert _counts() == before


def test_only_province_staff_of_the_province(demo: dict[str, Any], sample: Any) -> None:
    _upload(_client(demo["tinh"]), sample.workbook(sample.good))
    batch = ImportBatch.objects.get()
    for username in ("chuthe.nachilang", "lanhdao", "xa.chilang", "trunguong"):
        client = _client(demo[username])
        assert client.get("/nhap-so/").status_code == 403
        assert client.get(f"/nhap-so/{batch.pk}/").status_code == 403
        assert _upload(client, sample.workbook(sample.good)).status_code == 403
    other = _client(demo["tinh.caobang"])
    assert other.get(f"/nhap-so/{batch.pk}/").status_code == 404
    assert other.post(f"/nhap-so/{batch.pk}/", {"action": "confirm"}).status_code == 404
    # Cao Bằng's staff importing Lạng Sơn's register: every address is outside their province
    response = _upload(other, sample.workbook(sample.good))
    html = other.get(response["Location"]).content.decode()
    assert "Mã xã mới 6463 không phải xã/phường của tỉnh" in html
    assert "Không xác định được xã mới" in html or "không thuộc tỉnh này" in html
    assert Certificate.objects.filter(number__startswith="LS-").count() == 0


def test_unreadable_or_incomplete_files_are_refused(demo: dict[str, Any]) -> None:
    client = _client(demo["tinh"])
    response = _upload(client, b"not a spreadsheet", "so.pdf")
    assert (
        "Chỉ nhận tệp .xlsx hoặc .csv" in client.get("/nhap-so/").content.decode()
        or response.status_code == 200
    )
    response = _upload(client, "Tên chủ thể,Tên sản phẩm,Hạng sao,Tổng điểm\nA,B,3,55\n".encode(), "so.csv")
    assert "Tệp thiếu cột" in response.content.decode()
    assert "«Số giấy chứng nhận»" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_csv_register_with_semicolons(demo: dict[str, Any], sample: Any) -> None:
    from ocop.registers.columns import COLUMNS

    lines = [";".join(c.heading for c in COLUMNS)]
    row = [str(v) if v is not None else "" for v in sample.good[0]]
    lines.append(";".join(row))
    client = _client(demo["tinh"])
    response = _upload(client, ("\n".join(lines) + "\n").encode("utf-8-sig"), "so.csv")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'id="problems-left">0<' in html
    client.post(response["Location"], {"action": "confirm"})
    assert Certificate.objects.get(number="LS-2022-001").star == 4


def test_template_download(demo: dict[str, Any]) -> None:
    response = _client(demo["tinh"]).get("/nhap-so/mau.csv")
    assert response.status_code == 200
    assert response.content.decode("utf-8").lstrip("\ufeff").startswith("Tên chủ thể,Loại hình chủ thể,")


def test_a_products_history_in_one_register(demo: dict[str, Any], sample: Any) -> None:
    """Two certificates of one product: the earlier is replaced, and the report counts a re-rating."""
    from ocop.reports.figures import Scope, build_figures

    later = list(sample.good[0])
    later[11], later[12], later[13], later[9], later[10] = "LS-2025-777", "77/QĐ-UBND", "10/08/2025", 3, 65
    later[15] = "148-1489-2025"  # in force on 10/08/2025; 148 as first issued gave 3★ to districts
    client = _client(demo["tinh"])
    _upload(client, sample.workbook([sample.good[0], later]))
    batch = ImportBatch.objects.get()
    client.post(f"/nhap-so/{batch.pk}/", {"action": "confirm"})
    first, second = (
        Certificate.objects.get(number="LS-2022-001"),
        Certificate.objects.get(number="LS-2025-777"),
    )
    assert first.product == second.product
    assert (first.status, second.status) == ("replaced", "valid")
    scope = Scope(demo["tinh"].province_id, "Lạng Sơn")
    figures = build_figures(scope, date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31))
    assert [r.number for r in figures.rerated_list] == ["LS-2025-777"]
    assert figures.expired.total == 0  # the 2022 certificate was replaced, not left to lapse
