"""Decisions and certificates through real HTTP requests: the queue, signing, the PDFs, who sees what."""

from __future__ import annotations

import html
import io
from datetime import date
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate, Decision
from ocop.core.process import State
from ocop.councils.services import close_session, save_sheet, schedule
from ocop.demo.pipeline import answers_for_band

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def scored(demo: dict[str, Any], complete: Any, session: Any, best: Any) -> dict[str, Any]:
    """Two Lạng Sơn products scored by the council: a 4★ (recognised) and a ≥ 90 (to the centre)."""
    four, top = complete("Na Chi Lăng"), complete("Hoa hồi khô Văn Quan")
    items = {"four": schedule(demo["tinh"], four, session), "top": schedule(demo["tinh"], top, session)}
    for name in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[name], items["four"], answers_for_band(four.scorecard, 4), [], submit=True)
        save_sheet(demo[name], items["top"], best(top.scorecard), [], submit=True)
    close_session(demo["thuky"], session)
    four.refresh_from_db()
    top.refresh_from_db()
    assert four.state == top.state == State.SCORED
    return {"four": four, "top": top}


def sign(c: Client, dossiers: list[Any], number: str = "1520/QĐ-UBND", **extra: str) -> Any:
    data = {
        "dossiers": [d.pk for d in dossiers],
        "number": number,
        "signed_on": "2026-12-01",
        "signer_title": "Phó Chủ tịch",
        **extra,
    }
    return c.post(reverse("decision_queue"), data, follow=True)


def test_the_leader_sees_the_queue_of_own_province_only(demo: dict[str, Any], scored: dict[str, Any]) -> None:
    page = text(client_for(demo["lanhdao"]).get(reverse("decision_queue")))
    assert "Na Chi Lăng" in page and "Hoa hồi khô Văn Quan" in page
    assert "Công nhận" in page and "4★" in page
    assert "Phê duyệt kết quả, đề nghị trung ương đánh giá 5 sao" in page
    for name in ("lanhdao.caobang", "trunguong"):
        assert "Na Chi Lăng" not in text(client_for(demo[name]).get(reverse("decision_queue")))
    for name in ("tinh", "thuky", "hoidong1", "chuthe.nachilang"):
        assert client_for(demo[name]).get(reverse("decision_queue")).status_code == 403


def test_signing_recognises_forwards_and_issues_the_certificate(
    demo: dict[str, Any], scored: dict[str, Any]
) -> None:
    r = sign(client_for(demo["lanhdao"]), [scored["four"], scored["top"]])
    decision = Decision.objects.get()
    assert r.redirect_chain[-1][0] == reverse("decision_detail", args=[decision.pk])
    page = text(r)
    assert "Đã ký quyết định 1520/QĐ-UBND" in page
    certificate = Certificate.objects.get()
    assert certificate.dossier == scored["four"] and certificate.star == 4
    assert (certificate.valid_from, certificate.valid_until) == (date(2026, 12, 1), date(2029, 12, 1))
    assert certificate.number in page and reverse("certificate_detail", args=[certificate.pk]) in page
    assert "Phê duyệt kết quả, đề nghị trung ương đánh giá 5 sao" in page
    for d in scored.values():
        d.refresh_from_db()
    assert scored["four"].state == State.RECOGNISED
    assert (scored["top"].state, scored["top"].level) == (State.FORWARDED, "central")
    assert AuditEvent.objects.filter(action="decision.recognised").count() == 1
    # signed products leave the queue: they cannot be decided twice
    page = text(client_for(demo["lanhdao"]).get(reverse("decision_queue")))
    assert "Không có sản phẩm nào chờ quyết định" in page
    r = sign(client_for(demo["lanhdao"]), [scored["four"]], number="2/QĐ-UBND")
    assert "Kiểm tra lại" in text(r) and Decision.objects.count() == 1


def test_signing_refusals_change_nothing(demo: dict[str, Any], scored: dict[str, Any]) -> None:
    leader = client_for(demo["lanhdao"])
    assert "Kiểm tra lại" in text(sign(leader, [scored["four"]], number=""))
    assert "Chọn ít nhất một sản phẩm" in text(sign(leader, []))
    # another province's leader cannot pick Lạng Sơn products
    assert "Kiểm tra lại" in text(sign(client_for(demo["lanhdao.caobang"]), [scored["four"]]))
    assert client_for(demo["tinh"]).post(reverse("decision_queue"), {"number": "x"}).status_code == 403
    assert not Decision.objects.exists() and not Certificate.objects.exists()
    scored["four"].refresh_from_db()
    assert scored["four"].state == State.SCORED


def test_decision_detail_and_pdf(demo: dict[str, Any], scored: dict[str, Any]) -> None:
    sign(client_for(demo["lanhdao"]), [scored["four"], scored["top"]])
    decision = Decision.objects.get()
    for name in ("lanhdao", "tinh"):
        page = text(client_for(demo[name]).get(reverse("decision_detail", args=[decision.pk])))
        assert "Quyết định số 1520/QĐ-UBND" in page and "Na Chi Lăng" in page
    r = client_for(demo["lanhdao"]).get(reverse("decision_pdf", args=[decision.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    content = pdf_text(r.content)
    assert "1520/QĐ-UBND" in content and "Na Chi Lăng" in content and "Hợp tác xã Na Chi Lăng" in content
    assert "ỦY BAN NHÂN DÂN" in content and "LẠNG SƠN" in content and "KT. CHỦ TỊCH" in content
    assert "Hoa hồi khô Văn Quan" not in content  # the list holds the recognised products only
    for name in ("lanhdao.caobang", "tinh.caobang"):
        assert client_for(demo[name]).get(reverse("decision_detail", args=[decision.pk])).status_code == 404
        assert client_for(demo[name]).get(reverse("decision_pdf", args=[decision.pk])).status_code == 404
    assert (
        client_for(demo["chuthe.nachilang"]).get(reverse("decision_detail", args=[decision.pk])).status_code
        == 403
    )


def test_a_decision_without_recognised_products_has_no_list_to_print(
    demo: dict[str, Any], scored: dict[str, Any]
) -> None:
    sign(client_for(demo["lanhdao"]), [scored["top"]], number="77/QĐ-UBND")
    decision = Decision.objects.get()
    page = text(client_for(demo["lanhdao"]).get(reverse("decision_detail", args=[decision.pk])))
    assert reverse("decision_pdf", args=[decision.pk]) not in page
    r = client_for(demo["lanhdao"]).get(reverse("decision_pdf", args=[decision.pk]), follow=True)
    assert "không công nhận sản phẩm nào" in text(r)


def test_certificate_page_and_pdf_with_the_verification_qr(
    demo: dict[str, Any], scored: dict[str, Any]
) -> None:
    sign(client_for(demo["lanhdao"]), [scored["four"]])
    certificate = Certificate.objects.get()
    producer = client_for(demo["chuthe.nachilang"])
    page = text(producer.get(reverse("certificate_detail", args=[certificate.pk])))
    verify = f"http://testserver{reverse('verify', args=[certificate.code])}"
    assert certificate.number in page and "Na Chi Lăng" in page and "4★" in page
    assert verify in page and "01/12/2029" in page
    r = producer.get(reverse("certificate_pdf", args=[certificate.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    content = pdf_text(r.content)
    assert certificate.number in content and certificate.code in content
    assert "Na Chi Lăng" in content and "Hợp tác xã Na Chi Lăng" in content  # diacritics survive
    assert "GIẤY CHỨNG NHẬN" in content and "1520/QĐ-UBND" in content and "01/12/2029" in content


def test_who_may_see_a_certificate(demo: dict[str, Any], scored: dict[str, Any]) -> None:
    sign(client_for(demo["lanhdao"]), [scored["four"]])
    certificate = Certificate.objects.get()
    for name, status in {
        "chuthe.nachilang": 200,
        "tinh": 200,
        "lanhdao": 200,
        "trunguong": 200,
        "chuthe.hoivanquan": 404,
        "chuthe.mienquanglam": 404,
        "tinh.caobang": 404,
        "lanhdao.caobang": 404,
        "hoidong.caobang": 404,
        "thuky.caobang": 404,
    }.items():
        c = client_for(demo[name])
        assert c.get(reverse("certificate_detail", args=[certificate.pk])).status_code == status, name
        assert c.get(reverse("certificate_pdf", args=[certificate.pk])).status_code == status, name
