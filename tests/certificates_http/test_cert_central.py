"""The central level through the pages: a ≥ 90 product goes on, the central council scores it, the
central OCOP body records the Minister's decision and the 5★ certificate; and the QR's address."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.certificates.models import Certificate, Decision
from ocop.certificates.services import sign_decision
from ocop.core.process import State
from ocop.councils.models import Council, MemberRole, Membership, Session
from ocop.councils.services import close_session, save_sheet, schedule
from ocop.dossiers.services import central_accept

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_central_session_decision_and_5_star_certificate(
    demo: dict[str, Any], complete: Any, session: Session, best: Any
) -> None:
    dossier = complete("Hoa hồi khô Văn Quan")
    item = schedule(demo["tinh"], dossier, session)
    answers = best(dossier.scorecard)
    for name in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[name], item, answers, [], submit=True)
    close_session(demo["thuky"], session)
    sign_decision(
        demo["lanhdao"], [dossier], number="5/QĐ-UBND", signed_on=date(2026, 12, 1), signer_title="Chủ tịch"
    )
    central = demo["trunguong"]
    dossier.refresh_from_db()
    central_accept(central, dossier)

    council = Council.objects.create(
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP trung ương",
        level="central",
        term_start=date(2026, 6, 1),
    )
    members = [
        User.objects.create(username=f"tw{i}", full_name=f"Thành viên TW {i}", role=Role.COUNCIL_MEMBER)
        for i in (1, 2)
    ]
    secretary = User.objects.create(username="tw.thuky", full_name="Thư ký TW", role=Role.COUNCIL_SECRETARY)
    Membership.objects.create(council=council, user=secretary, role=MemberRole.SECRETARY, scores=False)
    c = client_for(central)
    # central staff manage the central council only
    assert "trung ương" in text(c.get(reverse("council_list")))
    assert c.get(reverse("council_detail", args=[session.council.pk])).status_code == 404
    for member in members:
        r = c.post(
            reverse("council_detail", args=[council.pk]),
            {"user": member.pk, "role": "member", "scores": "on"},
        )
        assert r.status_code == 302
    assert council.memberships.count() == 3

    day = timezone.localdate() + timedelta(days=20)
    c.post(reverse("session_list"), {"council": council.pk, "meets_on": day.isoformat(), "place": "Hà Nội"})
    central_session = Session.objects.get(council=council)
    c.post(reverse("session_schedule", args=[central_session.pk]), {"dossier": dossier.pk})
    central_item = central_session.items.get()
    for member in members:
        r = client_for(member).post(
            reverse("score_sheet", args=[central_item.pk]),
            {**{f"c:{k}": v for k, v in answers.items()}, "action": "submit"},
        )
        assert r.status_code == 302
    r = client_for(secretary).post(reverse("session_close", args=[central_session.pk]), follow=True)
    assert "5★" in text(r) and "Đề nghị trung ương" not in text(r)

    # the province leader does not see the central queue; central staff do
    assert "Hoa hồi khô" not in text(client_for(demo["lanhdao"]).get(reverse("decision_queue")))
    page = text(c.get(reverse("decision_queue")))
    assert "Hoa hồi khô Văn Quan" in page and "Công nhận" in page and "5★" in page
    r = c.post(
        reverse("decision_queue"),
        {
            "dossiers": [dossier.pk],
            "number": "88/QĐ-BNNMT",
            "signed_on": "2027-03-01",
            "signer_title": "Thứ trưởng",
        },
        follow=True,
    )
    assert "Đã ký quyết định 88/QĐ-BNNMT" in text(r)
    certificate = Certificate.objects.get()
    assert (certificate.star, certificate.number) == (5, "001/2027/OCOP-TW")
    decision = Decision.objects.get(number="88/QĐ-BNNMT")
    r = c.get(reverse("decision_pdf", args=[decision.pk]))
    assert r.content.startswith(b"%PDF")
    # the province follows its product: it sees the 5★ certificate, not the central decision
    assert (
        client_for(demo["tinh"]).get(reverse("certificate_detail", args=[certificate.pk])).status_code == 200
    )
    assert client_for(demo["tinh"]).get(reverse("decision_detail", args=[decision.pk])).status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == State.RECOGNISED


def test_the_certificate_qr_points_to_the_public_verification_page(
    demo: dict[str, Any], complete: Any, session: Session, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from ocop.certificates import views
    from ocop.demo.pipeline import answers_for_band

    dossier = complete("Na Chi Lăng")
    item = schedule(demo["tinh"], dossier, session)
    for name in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[name], item, answers_for_band(dossier.scorecard, 3), [], submit=True)
    close_session(demo["thuky"], session)
    sign_decision(
        demo["lanhdao"], [dossier], number="9/QĐ-UBND", signed_on=date(2026, 12, 1), signer_title="Chủ tịch"
    )
    certificate = Certificate.objects.get()
    seen: list[Any] = []
    real = views.certificate_pdf

    def spy(doc: Any) -> bytes:
        seen.append(doc)
        return real(doc)

    monkeypatch.setattr(views, "certificate_pdf", spy)
    # The QR code carries the configured public address (OCOP_PUBLIC_URL), whatever Host the request had.
    settings.ALLOWED_HOSTS = ["ocop.langson.vn", "may-chu-noi-bo.invalid"]
    settings.PUBLIC_URL = "https://ocop.langson.gov.vn"
    r = client_for(demo["tinh"]).get(
        reverse("certificate_pdf", args=[certificate.pk]), HTTP_HOST="may-chu-noi-bo.invalid"
    )
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    [doc] = seen
    assert doc.verification_url == f"https://ocop.langson.gov.vn{reverse('verify', args=[certificate.code])}"
    assert (doc.verification_code, doc.stars, doc.signer.on_behalf) == (certificate.code, 3, "")
    assert doc.issuer.name == "Ủy ban nhân dân tỉnh Lạng Sơn"
