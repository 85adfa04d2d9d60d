"""26/2026 Art. 7.4g through the pages: a product the central council does not rate 5★ goes back to its
province, whose chairman recognises it 3★ or 4★ on the central result, or has it evaluated again.

"g) Bộ Nông nghiệp và Môi trường thông báo kết quả đánh giá, phân hạng sản phẩm OCOP cho UBND cấp tỉnh.
Trường hợp sản phẩm không đạt 90 điểm, Chủ tịch UBND cấp tỉnh có thể căn cứ vào kết quả đánh giá của
Hội đồng cấp trung ương để xem xét, quyết định công nhận và cấp giấy chứng nhận cho sản phẩm OCOP đạt 3
sao, 4 sao hoặc tổ chức đánh giá và phân hạng sản phẩm theo thẩm quyền."
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.certificates.models import Certificate, DecisionItem
from ocop.certificates.services import sign_decision
from ocop.core.process import State
from ocop.councils.models import Council, MemberRole, Membership, Result, Session
from ocop.councils.services import close_session, create_session, save_sheet, schedule
from ocop.demo.pipeline import answers_for_band
from ocop.dossiers.services import central_accept

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def at_the_centre(demo: dict[str, Any], complete: Any, session: Session, best: Any) -> Any:
    """A ≥ 90 Lạng Sơn product the province proposed, received by the ministry and on a central session."""
    dossier = complete("Hoa hồi khô Văn Quan")
    item = schedule(demo["tinh"], dossier, session)
    for name in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[name], item, best(dossier.scorecard), [], submit=True)
    close_session(demo["thuky"], session)
    sign_decision(
        demo["lanhdao"], [dossier], number="5/QĐ-UBND", signed_on=date(2026, 12, 1), signer_title="Chủ tịch"
    )
    dossier.refresh_from_db()
    central_accept(demo["trunguong"], dossier)
    council = Council.objects.create(name="Hội đồng trung ương", level="central", term_start=date(2026, 6, 1))
    members = [User.objects.create(username=f"tw{i}", role=Role.COUNCIL_MEMBER) for i in (1, 2)]
    secretary = User.objects.create(username="tw.thuky", role=Role.COUNCIL_SECRETARY)
    Membership.objects.create(council=council, user=secretary, role=MemberRole.SECRETARY, scores=False)
    for member in members:
        Membership.objects.create(council=council, user=member, role=MemberRole.MEMBER, scores=True)
    central_session = create_session(
        demo["trunguong"], council, timezone.localdate() + timedelta(days=20), place="Hà Nội"
    )
    central_item = schedule(demo["trunguong"], dossier, central_session)
    return dossier, central_session, central_item, members, secretary


def central_result(demo: dict[str, Any], at_the_centre: Any, star: int) -> Any:
    dossier, central_session, item, members, secretary = at_the_centre
    for member in members:
        save_sheet(member, item, answers_for_band(dossier.scorecard, star), [], submit=True)
    close_session(secretary, central_session)
    return Result.objects.get(item=item)


def sign_at_the_centre(demo: dict[str, Any], dossier: Any, on_commit: Any) -> Any:
    mail.outbox.clear()
    with on_commit(execute=True):
        return client_for(demo["trunguong"]).post(
            reverse("decision_queue"),
            {
                "dossiers": [dossier.pk],
                "number": "91/QĐ-BNNMT",
                "signed_on": "2027-03-01",
                "signer_title": "Thứ trưởng",
            },
            follow=True,
        )


def test_a_central_4_star_result_is_recognised_by_the_province(
    demo: dict[str, Any], at_the_centre: Any, django_capture_on_commit_callbacks: Any
) -> None:
    dossier = at_the_centre[0]
    result = central_result(demo, at_the_centre, 4)
    assert (result.star, result.recognised_at, result.forwarded_to) == (4, "", "")
    # The ministry's decision does not close the dossier: it goes back to the province, notified.
    r = sign_at_the_centre(demo, dossier, django_capture_on_commit_callbacks)
    assert "Đã ký quyết định 91/QĐ-BNNMT" in text(r)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.level) == (State.CENTRAL_RETURNED, "province")
    assert DecisionItem.objects.get(decision__number="91/QĐ-BNNMT").outcome == DecisionItem.Outcome.RETURNED
    assert not Certificate.objects.filter(dossier=dossier, star=5).exists()
    told = [m for m in mail.outbox if "Trung ương thông báo kết quả" in m.subject]
    assert {"lanhdao@demo.ocop.invalid", "tinh@demo.ocop.invalid"} <= {a for m in told for a in m.to}
    assert all("Điều 7.4g" in m.body for m in told)
    # The provincial chairman's queue shows it with the central council's result.
    leader = client_for(demo["lanhdao"])
    page = text(leader.get(reverse("decision_queue")))
    assert "Hoa hồi khô Văn Quan" in page and "Kết quả Hội đồng cấp trung ương (Điều 7.4g)" in page
    assert "Another province" not in page
    assert "Hoa hồi khô" not in text(client_for(demo["lanhdao.caobang"]).get(reverse("decision_queue")))
    r = leader.post(
        reverse("decision_queue"),
        {
            "dossiers": [dossier.pk],
            "number": "120/QĐ-UBND",
            "signed_on": "2027-03-10",
            "signer_title": "Chủ tịch",
        },
        follow=True,
    )
    assert "Đã ký quyết định 120/QĐ-UBND" in text(r)
    certificate = Certificate.objects.get(dossier=dossier)
    assert (certificate.star, certificate.total, certificate.number) == (4, result.total, "001/2027/OCOP-20")
    assert certificate.decision.level == "province"  # the province's own powers: 3★, 4★
    dossier.refresh_from_db()
    assert dossier.state == State.RECOGNISED


def test_the_province_may_evaluate_it_again_instead(
    demo: dict[str, Any], at_the_centre: Any, django_capture_on_commit_callbacks: Any
) -> None:
    dossier = at_the_centre[0]
    central_result(demo, at_the_centre, 3)
    sign_at_the_centre(demo, dossier, django_capture_on_commit_callbacks)
    url = reverse("dossier_reevaluate", args=[dossier.pk])
    # Only the chairman decides (staff, the centre, another province: refused, nothing changes).
    for name in ("tinh", "trunguong", "lanhdao.caobang"):
        client_for(demo[name]).post(url)
    dossier.refresh_from_db()
    assert dossier.state == State.CENTRAL_RETURNED
    page = text(client_for(demo["lanhdao"]).get(reverse("dossier_detail", args=[dossier.pk])))
    assert "Tổ chức đánh giá lại tại cấp tỉnh" in page
    r = client_for(demo["lanhdao"]).post(url, follow=True)
    assert "Hồ sơ chờ Hội đồng cấp tỉnh đánh giá lại" in text(r)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.level) == (State.COMPLETE, "province")
    # …and a provincial session can take it again.
    session = Session.objects.filter(
        council__level="province", closed_at__isnull=True
    ).first() or create_session(
        demo["tinh"], Council.objects.get(province__code=20), timezone.localdate() + timedelta(days=30)
    )
    schedule(demo["tinh"], dossier, session)
    dossier.refresh_from_db()
    assert dossier.state == State.SCHEDULED


def test_a_central_result_below_3_stars_cannot_be_recognised(
    demo: dict[str, Any], at_the_centre: Any, django_capture_on_commit_callbacks: Any
) -> None:
    dossier, central_session, item, members, secretary = at_the_centre
    lowest = {
        c.id: min((o for o in c.options if o.points is not None), key=lambda o: o.points).id
        for c in dossier.scorecard.criteria()
    }
    for member in members:
        save_sheet(member, item, lowest, [], submit=True)
    close_session(secretary, central_session)
    assert Result.objects.get(item=item).star in (1, 2)
    sign_at_the_centre(demo, dossier, django_capture_on_commit_callbacks)
    dossier.refresh_from_db()
    assert dossier.state == State.CENTRAL_RETURNED
    page = text(client_for(demo["lanhdao"]).get(reverse("decision_queue")))
    assert "Không công nhận" in page
    sign_decision(
        demo["lanhdao"], [dossier], number="121/QĐ-UBND", signed_on=date(2027, 3, 10), signer_title="Chủ tịch"
    )
    dossier.refresh_from_db()
    assert dossier.state == State.NOT_RECOGNISED
    assert not Certificate.objects.filter(dossier=dossier).exists()
