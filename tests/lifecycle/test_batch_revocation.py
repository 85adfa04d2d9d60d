"""Revocation by list over HTTP (26/2026 Art. 8.1đ and un-renewed products): the commune's
confirmation, the list the system builds, one proposal, one decision with one number from the
register, all or nothing, each certificate's revocation audited; and every refusal."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate
from ocop.lifecycle.batch_models import ProductionStop, RevocationBatch
from ocop.lifecycle.models import Revocation
from ocop.numbering.models import IssuedNumber

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _producer(name: str) -> Any:
    from ocop.producers.models import Producer

    return Producer.objects.get(name=name)


@pytest.fixture
def certs(make_cert: Any) -> dict[str, Certificate]:
    """Hồi Văn Quan: two products certified; Rượu Mẫu Sơn: one, expired last month, not re-rated."""
    today = timezone.localdate()
    return {
        "anise": make_cert(product="Hoa hồi khô Văn Quan", star=3, signed_on=today - timedelta(days=300)),
        "oil": make_cert(product="Tinh dầu hồi Văn Quan", star=4, signed_on=today - timedelta(days=200)),
        "liquor": make_cert(signed_on=date(today.year - 3, today.month, 1) - timedelta(days=45)),
    }


@pytest.fixture
def stopped(demo: dict[str, Any]) -> ProductionStop:
    from ocop.lifecycle import batch_revocation

    return batch_revocation.record_production_stop(
        demo["xa.vanquan"],
        _producer("Hợp tác xã Hồi Văn Quan"),
        kind="dissolved",
        confirmed_on=timezone.localdate() - timedelta(days=3),
        reference="25/UBND-VP",
    )


def _propose(c: Client, kind: str, ids: list[int], **values: str) -> Any:
    page = c.get(f"/theo-doi/thu-hoi-theo-danh-sach/?loai={kind}").content.decode()
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page).group(1)
    data = {
        "loai": kind,
        "certificate": [str(i) for i in ids],
        "note": "Theo xác nhận của UBND xã.",
        "token": token,
    }
    return c.post("/theo-doi/thu-hoi-theo-danh-sach/", {**data, **values}, follow=True)


# --- the commune's confirmation --------------------------------------------------------------------


def test_the_commune_records_that_a_producer_stopped(demo: dict[str, Any]) -> None:
    c = _client(demo["xa.vanquan"])
    producer = _producer("Hợp tác xã Hồi Văn Quan")
    data = {
        "producer": producer.pk,
        "kind": "stopped",
        "confirmed_on": timezone.localdate().isoformat(),
        "reference": "25/UBND",
    }
    assert c.post("/theo-doi/ngung-san-xuat/", data).status_code == 302
    assert ProductionStop.objects.get().recorded_by == demo["xa.vanquan"]
    r = c.post("/theo-doi/ngung-san-xuat/", {**data, "confirmed_on": "2099-01-01"})
    assert "Ngày xác nhận không thể ở tương lai" in r.content.decode()
    product = producer.products.first()
    r = c.post("/theo-doi/ngung-san-xuat/", {**data, "kind": "dissolved", "product": product.pk})
    assert "Giải thể là của chủ thể" in r.content.decode()
    # Another commune's officer is not offered this producer; a producer may not record at all.
    r = _client(demo["xa.chilang"]).post("/theo-doi/ngung-san-xuat/", data)
    assert "Hãy chọn" in r.content.decode()
    assert _client(demo["chuthe.hoivanquan"]).get("/theo-doi/ngung-san-xuat/").status_code == 403
    assert ProductionStop.objects.count() == 1


# --- the lists ---------------------------------------------------------------------------------------


def test_the_lists_the_system_builds(demo: dict[str, Any], certs: dict[str, Any], stopped: Any) -> None:
    c = _client(demo["tinh"])
    page = c.get("/theo-doi/thu-hoi-theo-danh-sach/?loai=stopped").content.decode()
    assert certs["anise"].number in page and certs["oil"].number in page
    assert certs["liquor"].number not in page
    deadline = stopped.confirmed_on + timedelta(days=15)
    assert f"hạn quyết định {deadline:%d/%m/%Y}" in page
    page = c.get("/theo-doi/thu-hoi-theo-danh-sach/?loai=not_rerated").content.decode()
    assert certs["liquor"].number in page and certs["anise"].number not in page
    # Another province builds its own lists only.
    page = (
        _client(demo["tinh.caobang"]).get("/theo-doi/thu-hoi-theo-danh-sach/?loai=stopped").content.decode()
    )
    assert certs["anise"].number not in page
    # A pending re-rating keeps the expired certificate off the list.
    from ocop.dossiers.models import Dossier

    Dossier.objects.create(
        product=certs["liquor"].product,
        kind="rerating",
        rulebook_id="26-2026",
        state="filed",
        commune=certs["liquor"].product.producer.commune,
        previous_certificate=certs["liquor"],
        created_by=demo["chuthe.ruoumauson"],
    )
    page = c.get("/theo-doi/thu-hoi-theo-danh-sach/?loai=not_rerated").content.decode()
    assert certs["liquor"].number not in page
    assert "không hợp lệ" in c.get("/theo-doi/thu-hoi-theo-danh-sach/?loai=xyz").content.decode()


# --- proposal ----------------------------------------------------------------------------------------


def test_staff_propose_the_list_once(demo: dict[str, Any], certs: dict[str, Any], stopped: Any) -> None:
    c = _client(demo["tinh"])
    ids = [certs["anise"].pk, certs["oil"].pk]
    r = _propose(c, "stopped", ids)
    assert "Đã gửi danh sách đề nghị thu hồi" in r.content.decode()
    batch = RevocationBatch.objects.get()
    assert (batch.ground, batch.kind, batch.status) == ("đ", "stopped", "proposed")
    revocations = Revocation.objects.filter(batch=batch)
    assert sorted(r.certificate_id for r in revocations) == sorted(ids)
    assert all("UBND xã xác nhận giải thể" in r.proposal_note for r in revocations)
    assert AuditEvent.objects.filter(action="revocation.propose", data__batch=batch.pk).count() == 2
    # The same form again: refused, nothing added.
    r = c.post(
        "/theo-doi/thu-hoi-theo-danh-sach/",
        {"loai": "stopped", "certificate": [str(i) for i in ids], "note": "x", "token": str(batch.token)},
        follow=True,
    )
    assert "Danh sách này đã được gửi lúc" in r.content.decode()
    # Both are off the list now.
    page = c.get("/theo-doi/thu-hoi-theo-danh-sach/?loai=stopped").content.decode()
    assert "Không có giấy chứng nhận nào trong danh sách này" in page
    assert (
        RevocationBatch.objects.count() == 1 and Revocation.objects.filter(batch__isnull=False).count() == 2
    )


def test_a_stale_list_is_refused_whole(demo: dict[str, Any], certs: dict[str, Any], stopped: Any) -> None:
    from ocop.lifecycle import services

    c = _client(demo["tinh"])
    page = c.get("/theo-doi/thu-hoi-theo-danh-sach/?loai=stopped").content.decode()
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page).group(1)
    # Meanwhile one of them is proposed alone.
    services.propose_revocation(demo["tinh"], certs["oil"], ground="đ", note="Riêng lẻ")
    r = c.post(
        "/theo-doi/thu-hoi-theo-danh-sach/",
        {"loai": "stopped", "certificate": [certs["anise"].pk, certs["oil"].pk], "note": "x", "token": token},
        follow=True,
    )
    text = r.content.decode()
    assert f"Giấy chứng nhận {certs['oil'].number} không còn trong danh sách" in text
    assert (
        not RevocationBatch.objects.exists() and Revocation.objects.filter(batch__isnull=False).count() == 0
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"note": ""}, "Nội dung đề nghị"),
        ({"certificate": []}, "Chọn ít nhất một giấy chứng nhận"),
        ({"certificate": ["x"]}, "Lựa chọn không hợp lệ"),
    ],
)
def test_bad_proposals_change_nothing(
    demo: dict[str, Any], certs: dict[str, Any], stopped: Any, values: dict[str, Any], message: str
) -> None:
    r = _propose(_client(demo["tinh"]), "stopped", [certs["anise"].pk], **values)
    assert message in r.content.decode()
    assert not RevocationBatch.objects.exists() and not Revocation.objects.exists()


def test_who_may_not_propose(demo: dict[str, Any], certs: dict[str, Any], stopped: Any) -> None:
    data = {
        "loai": "stopped",
        "certificate": [certs["anise"].pk],
        "note": "x",
        "token": "6f1c0e38-0000-4000-8000-000000000001",
    }
    assert _client(demo["lanhdao"]).post("/theo-doi/thu-hoi-theo-danh-sach/", data).status_code == 403
    for username in ("xa.vanquan", "trunguong", "chuthe.hoivanquan"):
        assert _client(demo[username]).post("/theo-doi/thu-hoi-theo-danh-sach/", data).status_code == 403
    r = _client(demo["tinh.caobang"]).post("/theo-doi/thu-hoi-theo-danh-sach/", data, follow=True)
    assert "không còn trong danh sách" in r.content.decode()  # not on Cao Bằng's list
    assert not RevocationBatch.objects.exists()


# --- decision ------------------------------------------------------------------------------------------


@pytest.fixture
def batch(demo: dict[str, Any], certs: dict[str, Any], stopped: Any) -> RevocationBatch:
    from ocop.lifecycle import batch_revocation

    return batch_revocation.propose_batch(
        demo["tinh"],
        "stopped",
        [certs["anise"].pk, certs["oil"].pk],
        note="Chủ thể đã giải thể.",
        token="6f1c0e38-0000-4000-8000-0000000000b1",
    )


def _decide(c: Client, batch: Any, **values: str) -> Any:
    data = {
        "number": "4100/QĐ-UBND",
        "decided_on": timezone.localdate().isoformat(),
        "signer_title": "Phó Chủ tịch",
        **values,
    }
    return c.post(f"/theo-doi/thu-hoi-theo-danh-sach/{batch.pk}/", data, follow=True)


def test_one_decision_revokes_the_whole_list(demo: dict[str, Any], certs: dict[str, Any], batch: Any) -> None:
    numbers = IssuedNumber.objects.count()
    r = _decide(_client(demo["lanhdao"]), batch)
    assert "Đã quyết định thu hồi theo danh sách" in r.content.decode()
    batch.refresh_from_db()
    assert (batch.status, batch.decision_number) == ("decided", "4100/QĐ-UBND")
    assert IssuedNumber.objects.count() == numbers + 1
    assert IssuedNumber.objects.get(number=4100).subject == f"revocation-batch:{batch.pk}"
    for key in ("anise", "oil"):
        certs[key].refresh_from_db()
        assert certs[key].status == "revoked"
    assert set(Revocation.objects.filter(batch=batch).values_list("status", "decision_number")) == {
        ("decided", "4100/QĐ-UBND")
    }
    assert AuditEvent.objects.filter(action="revocation.decide", data__number="4100/QĐ-UBND").count() == 2
    # The public verification page reads it as any revocation.
    page = Client().get(f"/xac-thuc/{certs['oil'].code}/").content.decode()
    assert "4100/QĐ-UBND" in page
    # The decision's PDF lists both certificates.
    r = _client(demo["tinh"]).get(f"/theo-doi/thu-hoi-theo-danh-sach/{batch.pk}/quyet-dinh.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(r.content)).pages)
    assert "THU HỒI GIẤY CHỨNG NHẬN SẢN PHẨM OCOP" in text.upper() and "4100/QĐ-UBND" in text
    assert (
        certs["anise"].number in text
        and certs["oil"].number in text
        and "Tổng số: 02 giấy chứng nhận" in text
    )


def test_all_or_nothing(demo: dict[str, Any], certs: dict[str, Any], batch: Any) -> None:
    from ocop.numbering import services as numbering

    numbering.take(
        issuer=numbering.Issuer("tinh-20", "UBND tỉnh Lạng Sơn"),
        text="4100/QĐ-UBND",
        issued_on=timezone.localdate(),
        kind="decision",
        subject="decision:x",
        user=demo["lanhdao"],
    )
    r = _decide(_client(demo["lanhdao"]), batch)
    assert "Số 4100 năm" in r.content.decode() and "đã được dùng" in r.content.decode()
    for value, message in (
        ({"decided_on": "2099-01-01"}, "Ngày quyết định không thể ở tương lai"),
        ({"decided_on": "2000-01-01"}, "Ngày quyết định trước ngày đề nghị"),
        ({"number": "abc"}, "Số văn bản phải có dạng"),
    ):
        r = _decide(_client(demo["lanhdao"]), batch, **value)
        assert message in r.content.decode()
    batch.refresh_from_db()
    assert batch.status == "proposed"
    assert set(
        Certificate.objects.filter(pk__in=[certs["anise"].pk, certs["oil"].pk]).values_list(
            "status", flat=True
        )
    ) == {"valid"}
    assert not Revocation.objects.filter(status="decided").exists()


def test_an_item_of_a_list_is_not_decided_alone(demo: dict[str, Any], batch: Any) -> None:
    item = Revocation.objects.filter(batch=batch).first()
    r = _client(demo["lanhdao"]).post(
        f"/theo-doi/thu-hoi/{item.pk}/",
        {
            "number": "4200/QĐ-UBND",
            "decided_on": timezone.localdate().isoformat(),
            "signer_title": "Phó Chủ tịch",
        },
        follow=True,
    )
    assert "quyết định theo danh sách" in r.content.decode()
    r = _client(demo["lanhdao"]).post(
        f"/theo-doi/thu-hoi/{item.pk}/", {"action": "dismiss", "note": "x"}, follow=True
    )
    assert "quyết định theo danh sách" in r.content.decode()
    item.refresh_from_db()
    assert item.status == "proposed"


def test_who_may_not_decide(demo: dict[str, Any], batch: Any) -> None:
    for username in ("tinh", "trunguong", "xa.vanquan"):
        assert _decide(_client(demo[username]), batch).status_code in (403, 404)
    assert _decide(_client(demo["lanhdao.caobang"]), batch).status_code == 404
    batch.refresh_from_db()
    assert batch.status == "proposed"


def test_dismissing_the_list(demo: dict[str, Any], certs: dict[str, Any], batch: Any) -> None:
    c = _client(demo["lanhdao"])
    r = c.post(
        f"/theo-doi/thu-hoi-theo-danh-sach/{batch.pk}/", {"action": "dismiss", "note": ""}, follow=True
    )
    assert "Lý do không thu hồi" in r.content.decode()
    c.post(
        f"/theo-doi/thu-hoi-theo-danh-sach/{batch.pk}/", {"action": "dismiss", "note": "Xã xác nhận nhầm."}
    )
    batch.refresh_from_db()
    assert batch.status == "dismissed"
    assert set(Revocation.objects.filter(batch=batch).values_list("status", flat=True)) == {"dismissed"}
    # Decided once: a second decision is refused, saying so.
    r = _decide(c, batch)
    assert "Danh sách đã được xử lý" in r.content.decode()
    certs["anise"].refresh_from_db()
    assert certs["anise"].status == "valid"


def test_the_not_rerated_list_rests_on_ground_e(demo: dict[str, Any], certs: dict[str, Any]) -> None:
    r = _propose(_client(demo["tinh"]), "not_rerated", [certs["liquor"].pk])
    assert "Đã gửi danh sách" in r.content.decode()
    batch = RevocationBatch.objects.get()
    assert batch.ground == "e" and "Hết hiệu lực từ ngày" in Revocation.objects.get(batch=batch).proposal_note
    _decide(_client(demo["lanhdao"]), batch)
    certs["liquor"].refresh_from_db()
    assert certs["liquor"].status == "revoked"
