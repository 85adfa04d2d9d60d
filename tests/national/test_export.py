"""Product codes (rules.md §1.5) and the national export: layout, codes kept, changed since a day,
Excel that opens as text, from the page."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate
from ocop.national.codes import assign_codes, keep_imported_codes, product_code
from ocop.national.export import COLUMNS, changed_since
from ocop.national.models import CertificateCode, ProductNumber


def test_product_code_format() -> None:
    # T-X-STT-YYYY: province and commune codes of QĐ 19/2025 (2 and 5 digits), STT, year
    assert product_code(20, 6463, 1, 2026) == "20-06463-1-2026"
    assert product_code(4, 1304, 12, 2025) == "04-01304-12-2025"


def test_codes_follow_the_commune_sequence_and_are_kept(certify: Any) -> None:
    first = certify("Na Chi Lăng")
    second = certify("Na sấy dẻo Chi Lăng")  # same commune (Chi Lăng, 06463)
    other = certify("Hoa hồi khô Văn Quan")  # commune Văn Quan (06253)
    assert assign_codes(Certificate.objects.all()) == 3
    codes = dict(CertificateCode.objects.values_list("certificate_id", "code"))
    year = first.decision.signed_on.year
    assert codes == {
        first.pk: f"20-06463-1-{year}",
        second.pk: f"20-06463-2-{year}",
        other.pk: f"20-06253-1-{year}",
    }
    assert assign_codes(Certificate.objects.all()) == 0  # given once
    # A later certificate of the same product (a re-rating) keeps its STT, with its own year.
    later = certify("Na Chi Lăng", signed_on=timezone.localdate())
    assign_codes(Certificate.objects.all())
    assert (
        CertificateCode.objects.get(certificate=later).code == f"20-06463-1-{later.decision.signed_on.year}"
    )
    assert ProductNumber.objects.count() == 3


def test_an_imported_code_stays_as_imported(certify: Any) -> None:
    old = certify("Khâu nhục Lạng Sơn")
    keep_imported_codes([(old, " 20-183-6223-3-2022 ")])
    assign_codes(Certificate.objects.all())
    code = CertificateCode.objects.get(certificate=old)
    assert (code.code, code.source) == ("20-183-6223-3-2022", "imported")


def test_changed_since_a_day(certify: Any) -> None:
    today = timezone.localdate()
    old = certify("Na Chi Lăng", signed_on=today - timedelta(days=400))
    assign_codes(Certificate.objects.all())
    CertificateCode.objects.update(assigned_at=timezone.now() - timedelta(days=300))
    old.decision.__class__.objects.filter(pk=old.decision_id).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    since = today - timedelta(days=10)
    assert list(changed_since(Certificate.objects.all(), since, today)) == []
    new = certify("Hoa hồi khô Văn Quan")  # recorded today
    ran_out = certify("Rượu Mẫu Sơn 29 độ", signed_on=today - timedelta(days=3 * 365 + 5))
    ran_out.decision.__class__.objects.filter(pk=ran_out.decision_id).update(
        created_at=timezone.now() - timedelta(days=1200)
    )
    Certificate.objects.filter(pk=ran_out.pk).update(valid_until=today - timedelta(days=2))
    assert set(changed_since(Certificate.objects.all(), since, today)) == {new, ran_out}


def test_the_export_page_gives_excel_and_json_of_the_province_only(
    certify: Any, demo: dict[str, Any]
) -> None:
    mine = certify("Na Chi Lăng")
    certify("Miến dong Quảng Lâm")  # Cao Bằng's
    Certificate.objects.filter(pk=mine.pk).update(product_name="=1+1")  # a formula must stay text
    client = Client()
    client.force_login(demo["tinh"])
    response = client.get("/ket-noi/xuat-du-lieu-quoc-gia/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(str(c.heading) for c in COLUMNS)
    assert len(rows) == 2
    record = dict(zip([c.key for c in COLUMNS], rows[1], strict=True))
    # kept as the text it is, never a live formula (documents/spreadsheet.py)
    assert record["product_name"] == "=1+1"
    name_cell = sheet.cell(row=2, column=[c.key for c in COLUMNS].index("product_name") + 1)
    assert name_cell.data_type == "s"
    assert (record["province_code"], record["commune_code"]) == ("20", "06463")
    assert record["product_code"] == f"20-06463-1-{mine.decision.signed_on.year}"
    assert record["status"] == "Còn hiệu lực"
    body = b"".join(client.get("/ket-noi/xuat-du-lieu-quoc-gia/?format=json").streaming_content)
    data = json.loads(body)
    assert data["layout"] == "ocop-national/1" and [r["certificate_number"] for r in data["records"]] == [
        mine.number
    ]
    assert AuditEvent.objects.filter(action="national.export", actor=demo["tinh"]).count() == 2


def test_the_centre_exports_the_whole_country(certify: Any, demo: dict[str, Any]) -> None:
    certify("Na Chi Lăng")
    certify("Miến dong Quảng Lâm")
    client = Client()
    client.force_login(demo["trunguong"])
    body = b"".join(client.get("/ket-noi/xuat-du-lieu-quoc-gia/?format=json").streaming_content)
    assert sorted(r["province_code"] for r in json.loads(body)["records"]) == ["04", "20"]
    assert (
        client.get("/ket-noi/xuat-du-lieu-quoc-gia/?format=json&since=not-a-date").status_code == 200
    )  # the form, again
