"""The support report: grants grouped by programme, producer, product, commune, year, source and kind,
on the page and in Excel, where a name that looks like a formula stays a text."""

from __future__ import annotations

import io
import uuid
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def grants(demo: dict[str, Any], programme: Any) -> Any:
    """Two grants: Na Chi Lăng 20.000.000 (12.000.000 paid), Hồi Văn Quan 10.000.000 (none paid)."""
    from ocop.producers.models import Product
    from ocop.support import services

    out = []
    for username, product, granted in (
        ("chuthe.nachilang", "Na Chi Lăng", 20_000_000),
        ("chuthe.hoivanquan", "Hoa hồi khô Văn Quan", 10_000_000),
    ):
        a = services.apply(
            demo[username],
            programme,
            activity="x",
            cost=60_000_000,
            requested=granted,
            token=uuid.uuid4(),
            product=Product.objects.get(name=product),
        )
        out.append(services.decide(demo["tinh"], a, approve=True, granted=granted, reasons=""))
    services.disburse(
        demo["tinh"],
        out[0],
        amount=12_000_000,
        paid_on=timezone.localdate(),
        reference="UNC",
        token=uuid.uuid4(),
    )
    # A refused one counts nowhere.
    a = services.apply(
        demo["chuthe.ruoumauson"],
        programme,
        activity="x",
        cost=10_000_000,
        requested=5_000_000,
        token=uuid.uuid4(),
    )
    services.decide(demo["tinh"], a, approve=False, reasons="Không đủ điều kiện")
    return out


def test_the_page_groups_by_producer_and_commune(client_for: Any, grants: Any) -> None:
    c = client_for("tinh")
    page = c.get("/ho-tro/bao-cao/?theo=producer").content.decode()
    assert "Hợp tác xã Na Chi Lăng" in page and "Hợp tác xã Hồi Văn Quan" in page
    assert "Công ty TNHH Rượu Mẫu Sơn" not in page  # refused: not a grant
    assert "30.000.000 đồng" in page and "12.000.000 đồng" in page  # total granted, total paid
    page = c.get("/ho-tro/bao-cao/?theo=commune").content.decode()
    assert "Chi Lăng" in page and "Văn Quan" in page
    year = timezone.localdate().year
    page = c.get(f"/ho-tro/bao-cao/?theo=year&nam={year}").content.decode()
    assert f"<td>{year}</td>" in page
    page = c.get(f"/ho-tro/bao-cao/?theo=year&nam={year - 5}").content.decode()
    assert "Chưa có khoản hỗ trợ nào được duyệt" in page


@pytest.mark.parametrize("query", ["?nam=²⁰²⁶", "?nam=99999999999", "?theo=drop+table", "?chuong-trinh=-1"])
def test_bad_filters_are_ignored_with_a_message(client_for: Any, grants: Any, query: str) -> None:
    r = client_for("tinh").get("/ho-tro/bao-cao/" + query)
    text = r.content.decode()
    assert r.status_code == 200 and ("không hợp lệ" in text)
    assert "30.000.000 đồng" in text  # the unfiltered report


def test_the_excel_has_every_grouping_and_the_list(client_for: Any, grants: Any) -> None:
    r = client_for("tinh").get("/ho-tro/bao-cao/excel/")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == [
        "Chương trình hỗ trợ",
        "Chủ thể",
        "Sản phẩm",
        "Xã, phường",
        "Năm",
        "Nguồn kinh phí",
        "Nội dung hỗ trợ",
        "Danh sách",
    ]
    producers = {row[0]: row[1:] for row in wb["Chủ thể"].iter_rows(min_row=4, values_only=True)}
    assert producers["Hợp tác xã Na Chi Lăng"] == (1, 20_000_000, 20_000_000, 12_000_000)
    assert producers["Tổng cộng"] == (2, 30_000_000, 30_000_000, 12_000_000)
    listed = list(wb["Danh sách"].iter_rows(min_row=3, values_only=True))
    assert len(listed) == 2 and {r[7] for r in listed} == {"Na Chi Lăng", "Hoa hồi khô Văn Quan"}


def test_a_formula_looking_name_stays_a_text_in_excel(client_for: Any, grants: Any, programme: Any) -> None:
    from ocop.support.models import SupportProgramme

    SupportProgramme.objects.filter(pk=programme.pk).update(title='=HYPERLINK("http://x.invalid","bấm")')
    wb = openpyxl.load_workbook(io.BytesIO(client_for("tinh").get("/ho-tro/bao-cao/excel/").content))
    cell = wb["Chương trình hỗ trợ"]["A4"]
    assert cell.value == '=HYPERLINK("http://x.invalid","bấm")' and cell.data_type == "s"
    assert wb["Danh sách"]["B3"].data_type == "s"


@pytest.mark.parametrize("username", ["chuthe.nachilang", "xa.chilang", "hoidong1"])
def test_the_report_is_for_officials(client_for: Any, username: str) -> None:
    assert client_for(username).get("/ho-tro/bao-cao/").status_code == 403
    assert client_for(username).get("/ho-tro/bao-cao/excel/").status_code == 403


def test_another_province_sees_none_of_it(client_for: Any, grants: Any) -> None:
    page = client_for("tinh.caobang").get("/ho-tro/bao-cao/?theo=producer").content.decode()
    assert "Hợp tác xã Na Chi Lăng" not in page
