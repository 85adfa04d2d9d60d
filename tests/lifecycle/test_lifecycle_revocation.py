from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate
from ocop.errors import StepRefused
from ocop.lifecycle import services
from ocop.lifecycle.models import Revocation


@pytest.fixture
def cert(make_cert: Any) -> Any:
    return make_cert(product="Khâu nhục Lạng Sơn", star=3)


def test_full_revocation_through_the_pages(cert: Any, demo: dict[str, Any]) -> None:
    client = Client()
    client.force_login(demo["tinh"])
    page = client.get(reverse("lifecycle_certificate", args=[cert.pk]))
    assert "Đề nghị thu hồi" in page.content.decode()
    response = client.post(
        reverse("revocation_propose", args=[cert.pk]), {"ground": "c", "note": "Kết luận của Chi cục ATVSTP."}
    )
    revocation = Revocation.objects.get()
    assert (
        response.status_code == 302
        and revocation.status == "proposed"
        and revocation.rulebook_id == "26-2026"
    )
    # the staff may not decide
    client.post(reverse("revocation_detail", args=[revocation.pk]), {"number": "1/QĐ-UBND"})
    revocation.refresh_from_db()
    assert revocation.status == "proposed"
    client.force_login(demo["lanhdao"])
    today = timezone.localdate()
    response = client.post(
        reverse("revocation_detail", args=[revocation.pk]),
        {
            "action": "decide",
            "number": "2650/QĐ-UBND",
            "decided_on": today.isoformat(),
            "signer_title": "Phó Chủ tịch",
        },
    )
    assert response.status_code == 302
    cert.refresh_from_db()
    revocation.refresh_from_db()
    assert cert.status == Certificate.Status.REVOKED and Certificate.objects.filter(pk=cert.pk).exists()
    assert revocation.decision_number == "2650/QĐ-UBND" and revocation.decision_date == today
    assert list(
        AuditEvent.objects.filter(subject=f"certificate:{cert.number}").values_list("action", flat=True)
    ) == [
        "revocation.propose",
        "revocation.decide",
    ]
    pdf = client.get(reverse("revocation_pdf", args=[revocation.pk]))
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    public = Client().get(reverse("revoked_public")).content.decode()
    assert cert.number in public and "2650/QĐ-UBND" in public


def test_revocation_pdf_text_has_diacritics(cert: Any, demo: dict[str, Any]) -> None:
    import io

    from pypdf import PdfReader

    r = services.propose_revocation(
        demo["tinh"], cert, ground="đ", note="UBND xã xác nhận đã ngừng sản xuất."
    )
    r = services.decide_revocation(
        demo["lanhdao"], r, number="12/QĐ-UBND", decided_on=timezone.localdate(), signer_title="Phó Chủ tịch"
    )
    from ocop.documents.revocation import revocation_pdf
    from ocop.lifecycle.revocation_doc import revocation_doc

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(revocation_pdf(revocation_doc(r)))).pages)
    text = " ".join(text.split())  # the ground's text (Art. 8.1, word for word) wraps over lines
    assert "THU HỒI" in text.upper() or "Thu hồi" in text
    assert (
        "Khâu nhục Lạng Sơn" in text
        and cert.number in text
        and "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP" in text
    )


def test_refusals(cert: Any, demo: dict[str, Any], make_cert: Any) -> None:
    with pytest.raises(StepRefused, match="cơ quan tham mưu"):
        services.propose_revocation(demo["lanhdao"], cert, ground="b", note="x")
    with pytest.raises(StepRefused, match="phạm vi"):
        services.propose_revocation(demo["tinh.caobang"], cert, ground="b", note="x")
    with pytest.raises(StepRefused, match="Căn cứ thu hồi không có"):
        services.propose_revocation(demo["tinh"], cert, ground="g", note="x")
    with pytest.raises(StepRefused, match="nội dung"):
        services.propose_revocation(demo["tinh"], cert, ground="b", note="  ")
    r = services.propose_revocation(demo["tinh"], cert, ground="b", note="Biên bản kiểm tra.")
    with pytest.raises(StepRefused, match="đang chờ"):
        services.propose_revocation(demo["tinh"], cert, ground="a", note="x")
    with pytest.raises(StepRefused, match="thẩm quyền"):
        services.decide_revocation(
            demo["tinh"], r, number="1", decided_on=timezone.localdate(), signer_title="x"
        )
    with pytest.raises(StepRefused, match="phạm vi"):
        services.decide_revocation(
            demo["lanhdao.caobang"], r, number="1", decided_on=timezone.localdate(), signer_title="x"
        )
    with pytest.raises(StepRefused, match="số quyết định"):
        services.decide_revocation(
            demo["lanhdao"], r, number=" ", decided_on=timezone.localdate(), signer_title="x"
        )
    with pytest.raises(StepRefused, match="tương lai"):
        services.decide_revocation(
            demo["lanhdao"],
            r,
            number="5",
            decided_on=timezone.localdate() + timedelta(days=1),
            signer_title="x",
        )
    r.refresh_from_db()
    cert.refresh_from_db()
    assert r.status == "proposed" and cert.status == Certificate.Status.VALID
    assert not AuditEvent.objects.filter(action="revocation.decide").exists()


def test_other_province_gets_404(cert: Any, demo: dict[str, Any]) -> None:
    r = services.propose_revocation(demo["tinh"], cert, ground="b", note="Biên bản.")
    client = Client()
    client.force_login(demo["tinh.caobang"])
    assert (
        client.post(reverse("revocation_propose", args=[cert.pk]), {"ground": "b", "note": "x"}).status_code
        == 404
    )
    client.force_login(demo["lanhdao.caobang"])
    response = client.post(
        reverse("revocation_detail", args=[r.pk]),
        {
            "action": "decide",
            "number": "9/QĐ-UBND",
            "decided_on": timezone.localdate().isoformat(),
            "signer_title": "x",
        },
    )
    assert response.status_code == 404
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VALID


def test_dismissed_proposal_leaves_certificate_valid(cert: Any, demo: dict[str, Any]) -> None:
    r = services.propose_revocation(demo["tinh"], cert, ground="b", note="Biên bản.")
    with pytest.raises(StepRefused):
        services.dismiss_revocation(demo["lanhdao"], r, note="")
    services.dismiss_revocation(demo["lanhdao"], r, note="Chủ thể đã khắc phục.")
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.VALID
    assert services.propose_revocation(demo["tinh"], cert, ground="b", note="Lần hai.").status == "proposed"
