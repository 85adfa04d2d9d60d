"""Traceability stamps: requested through the service, unique serials, GS1 Digital Link addresses,
the public scan page (certificate status first, then the batch), counting, the clone rule, and the
printable sheet whose QR codes a reader decodes."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.errors import StepRefused
from ocop.producers.models import Product
from ocop.stamps.clone import CloneRule, Suspicion, suspicion
from ocop.stamps.links import gtin14, stamp_url
from ocop.stamps.models import Stamp, StampBatch
from ocop.stamps.services import batch_total, find_stamp, record_scan, request_stamps

GTIN = "8930000000019"


def _request(actor: Any, product: str = "Na Chi Lăng", **overrides: Any) -> StampBatch:
    today = timezone.localdate()
    args: dict[str, Any] = {
        "lot": "L1",
        "quantity": 20,
        "produced_on": today - timedelta(days=5),
        "expires_on": today + timedelta(days=90),
        "gtin": GTIN,
    }
    return request_stamps(actor=actor, product=Product.objects.get(name=product), **{**args, **overrides})


def test_gtin_check_digit() -> None:
    assert gtin14("8930000000019") == "08930000000019"
    assert gtin14("08930000000019") == "08930000000019"
    assert gtin14("8930000000012") is None and gtin14("12345") is None and gtin14("abc") is None


def test_clone_rule_is_relative_to_the_batch() -> None:
    rule = CloneRule(min_scans=50, ratio=20, provinces=3)
    assert suspicion(rule, scans=49, batch_scans=49, quantity=100, provinces=1) is None
    assert suspicion(rule, scans=50, batch_scans=50, quantity=100, provinces=1) == Suspicion.SCANS
    # a batch whose other stamps are scanned 5 times each explains 99 scans, not 100
    assert suspicion(rule, scans=99, batch_scans=99 + 99 * 5, quantity=100, provinces=1) is None
    assert suspicion(rule, scans=100, batch_scans=100 + 99 * 5, quantity=100, provinces=1) == Suspicion.SCANS
    assert suspicion(rule, scans=3, batch_scans=3, quantity=100, provinces=3) == Suspicion.PROVINCES


def test_a_producer_requests_stamps_for_a_certified_product(
    certify: Any, demo: dict[str, Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    certificate = certify("Na Chi Lăng")
    with django_capture_on_commit_callbacks(execute=True):
        batch = _request(demo["chuthe.nachilang"])
    serials = list(batch.stamps.values_list("serial", flat=True))
    assert len(serials) == len(set(serials)) == 20
    assert all(len(s) == 10 for s in serials)
    assert batch.certificate == certificate and batch.gtin == "08930000000019"
    event = AuditEvent.objects.get(action="stamps.request")
    assert event.actor == demo["chuthe.nachilang"] and event.data["quantity"] == 20
    url = stamp_url(serial=serials[0], gtin=batch.gtin, lot=batch.lot)
    assert url == f"{settings.PUBLIC_URL}/01/08930000000019/10/L1/21/{serials[0]}"
    no_gtin = _request(demo["chuthe.nachilang"], lot="L2", gtin="")
    assert stamp_url(serial="ABCDEFGHJK", gtin=no_gtin.gtin, lot=no_gtin.lot).endswith("/tem/ABCDEFGHJK/")


def test_the_public_address_comes_from_the_setting(settings: Any) -> None:
    settings.PUBLIC_URL = "https://ocop.langson.gov.vn"
    assert stamp_url(serial="ABCDEFGHJK", gtin="", lot="L1") == "https://ocop.langson.gov.vn/tem/ABCDEFGHJK/"


@pytest.mark.parametrize(
    ("who", "product", "overrides", "message"),
    [
        ("chuthe.hoivanquan", "Na Chi Lăng", {}, "Chỉ chủ thể"),  # not its product
        ("tinh", "Na Chi Lăng", {}, "Chỉ chủ thể"),
        ("chuthe.nachilang", "Na sấy dẻo Chi Lăng", {}, "không có giấy chứng nhận"),
        ("chuthe.nachilang", "Na Chi Lăng", {"lot": "lô 1"}, "Số lô"),
        ("chuthe.nachilang", "Na Chi Lăng", {"quantity": 0}, "Số lượng"),
        ("chuthe.nachilang", "Na Chi Lăng", {"quantity": 10_001}, "Số lượng"),
        ("chuthe.nachilang", "Na Chi Lăng", {"gtin": "8930000000012"}, "GTIN"),
        (
            "chuthe.nachilang",
            "Na Chi Lăng",
            {"produced_on": timezone.localdate() + timedelta(days=1)},
            "Ngày sản xuất",
        ),
        (
            "chuthe.nachilang",
            "Na Chi Lăng",
            {"expires_on": timezone.localdate() - timedelta(days=30)},
            "Hạn sử dụng",
        ),
    ],
)
def test_bad_stamp_requests_change_nothing(
    certify: Any, demo: dict[str, Any], who: str, product: str, overrides: dict[str, Any], message: str
) -> None:
    certify("Na Chi Lăng")
    with pytest.raises(StepRefused, match=message):
        _request(demo[who], product, **overrides)
    assert not StampBatch.objects.exists() and not Stamp.objects.exists()


def test_one_lot_is_stamped_once(certify: Any, demo: dict[str, Any]) -> None:
    certify("Na Chi Lăng")
    _request(demo["chuthe.nachilang"])
    with pytest.raises(StepRefused, match="đã có tem"):
        _request(demo["chuthe.nachilang"])
    assert StampBatch.objects.count() == 1


def test_scanning_shows_the_certificate_first_then_the_batch_and_counts(
    certify: Any, demo: dict[str, Any]
) -> None:
    certificate = certify("Na Chi Lăng")
    batch = _request(demo["chuthe.nachilang"])
    stamp = batch.stamps.first()
    client = Client()
    page = client.get(f"/01/08930000000019/10/L1/21/{stamp.serial}")
    text = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert 'data-status="valid"' in text and text.index("data-status") < text.index("data-batch")
    assert "L1" in text and certificate.number in text
    client.get(f"/tem/{stamp.serial}/")
    stamp.refresh_from_db()
    assert (stamp.scans, batch_total(batch)) == (2, 2)
    # a link with another GTIN or lot, or an unknown serial, is not a genuine stamp
    assert client.get(f"/01/08930000000026/10/L1/21/{stamp.serial}").status_code == 404
    assert client.get(f"/01/08930000000019/10/L9/21/{stamp.serial}").status_code == 404
    assert 'data-status="unknown"' in client.get("/tem/ABCDEFGHJK/").content.decode()
    stamp.refresh_from_db()
    assert stamp.scans == 2  # the refused links counted nothing
    # revoked: the stamp says so first
    certificate.status = "revoked"
    certificate.save()
    assert 'data-status="revoked"' in client.get(f"/tem/{stamp.serial}/").content.decode()


def test_a_cloned_stamp_scanned_10000_times_is_flagged_once(
    certify: Any, demo: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    certify("Na Chi Lăng")
    batch = _request(demo["chuthe.nachilang"], quantity=100)
    genuine = list(batch.stamps.order_by("pk")[:99])
    for stamp in genuine[:30]:  # honest jars: one or two scans each
        record_scan(find_stamp(stamp.serial))
    clone = find_stamp(batch.stamps.order_by("pk").last().serial)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10_000):  # one copied stamp on thousands of jars
            record_scan(clone)
    clone.refresh_from_db()
    assert clone.scans == 10_000 and clone.flagged_at is not None and clone.flag_reason == "scans"
    assert Stamp.objects.filter(flagged_at__isnull=False).count() == 1
    events = AuditEvent.objects.filter(action="stamps.flag_clone")
    assert events.count() == 1 and events.get().data["serial"] == clone.serial
    # flagged to the province: its staff see it, with the rule and its thresholds
    client = Client()
    client.force_login(demo["tinh"])
    page = client.get("/tem-truy-xuat/nghi-sao-chep/").content.decode()
    assert f'data-serial="{clone.serial}"' in page and "data-rule" in page and "50" in page
    other = Client()
    other.force_login(demo["tinh.caobang"])
    assert clone.serial not in other.get("/tem-truy-xuat/nghi-sao-chep/").content.decode()
    # and the consumer who scans it is warned
    assert "data-flagged" in Client().get(f"/tem/{clone.serial}/").content.decode()


def test_scans_in_many_provinces_flag_the_stamp(certify: Any, demo: dict[str, Any], settings: Any) -> None:
    settings.OCOP_SCAN_PROVINCE_HEADER = "X-Scan-Province"
    from ocop.areas.units import load_units

    load_units([1, 79])
    certify("Na Chi Lăng")
    stamp = _request(demo["chuthe.nachilang"]).stamps.first()
    client = Client()
    for code in ("20", "4", "999", "abc"):
        client.get(f"/tem/{stamp.serial}/", headers={"X-Scan-Province": code})
    stamp.refresh_from_db()
    assert stamp.provinces == [4, 20] and stamp.flagged_at is None  # unknown codes are dropped
    client.get(f"/tem/{stamp.serial}/", headers={"X-Scan-Province": "79"})
    stamp.refresh_from_db()
    assert stamp.provinces == [4, 20, 79] and stamp.flag_reason == "provinces"


def test_the_printed_sheet_carries_real_qr_codes(certify: Any, demo: dict[str, Any]) -> None:
    import pypdfium2
    import zxingcpp

    certify("Na Chi Lăng")
    batch = _request(demo["chuthe.nachilang"], quantity=30)
    client = Client()
    client.force_login(demo["chuthe.nachilang"])
    response = client.get(f"/tem-truy-xuat/lo/{batch.pk}/in.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    assert len(pdf) == 2  # 24 labels a page
    image = pdf[0].render(scale=3).to_pil()
    found = sorted(r.text for r in zxingcpp.read_barcodes(image))
    first = sorted(batch.stamps.order_by("pk").values_list("serial", flat=True)[:24])
    assert found == sorted(f"http://testserver/01/08930000000019/10/L1/21/{s}" for s in first)
    other = Client()
    other.force_login(demo["chuthe.hoivanquan"])
    assert other.get(f"/tem-truy-xuat/lo/{batch.pk}/in.pdf").status_code == 404


def test_the_request_page(certify: Any, demo: dict[str, Any]) -> None:
    certify("Na Chi Lăng")
    client = Client()
    client.force_login(demo["chuthe.nachilang"])
    product = Product.objects.get(name="Na Chi Lăng")
    today = timezone.localdate()
    response = client.post(
        "/tem-truy-xuat/yeu-cau/",
        {
            "product": product.pk,
            "lot": "A-7",
            "quantity": 5,
            "produced_on": today.isoformat(),
            "expires_on": (today + timedelta(days=30)).isoformat(),
            "gtin": "",
        },
    )
    batch = StampBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tem-truy-xuat/lo/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert all(f"/tem/{s}/" in page for s in batch.stamps.values_list("serial", flat=True))
    stranger = Product.objects.get(name="Hoa hồi khô Văn Quan")
    response = client.post(
        "/tem-truy-xuat/yeu-cau/",
        {
            "product": stranger.pk,
            "lot": "B",
            "quantity": 1,
            "produced_on": today.isoformat(),
            "expires_on": (today + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200 and StampBatch.objects.count() == 1  # not one of its choices
