"""Councils and members, sessions and their agenda, through real HTTP requests."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.audit.models import AuditEvent
from ocop.core.process import State
from ocop.councils.models import Council, Membership, ScoreSheet, Session
from ocop.councils.services import latest_send_date, save_sheet, schedule

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def langson() -> Council:
    return Council.objects.get(province__code=20)


def caobang() -> Council:
    return Council.objects.get(province__code=4)


# --- councils -------------------------------------------------------------------------------------


def test_province_staff_see_their_council_with_members_roles_and_term(demo: dict[str, Any]) -> None:
    c = client_for(demo["tinh"])
    page = text(c.get(reverse("council_list")))
    assert "tỉnh Lạng Sơn" in page and "Cao Bằng" not in page
    r = c.get(reverse("council_detail", args=[langson().pk]))
    assert r.status_code == 200
    page = text(r)
    for expected in ("Nông Văn Đức", "Chủ tịch", "Ủy viên thư ký", "01/06/2026", "3 ngày làm việc"):
        assert expected in page
    # the secretary does not score: the members table says so
    assert page.count('Không <span class="en">no</span>') == 1


def test_other_area_and_wrong_role_cannot_open_a_council(demo: dict[str, Any]) -> None:
    assert (
        client_for(demo["tinh.caobang"]).get(reverse("council_detail", args=[langson().pk])).status_code
        == 404
    )
    assert (
        client_for(demo["trunguong"]).get(reverse("council_detail", args=[langson().pk])).status_code == 404
    )
    assert client_for(demo["hoidong1"]).get(reverse("council_list")).status_code == 403
    assert client_for(demo["lanhdao"]).get(reverse("council_detail", args=[langson().pk])).status_code == 403
    anonymous = Client().get(reverse("council_list"))
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]


def test_add_and_remove_a_member(demo: dict[str, Any]) -> None:
    council = langson()
    newcomer = User.objects.create(
        username="hoidong4", full_name="Hoàng Thị Lụa", role=Role.COUNCIL_MEMBER, province=council.province
    )
    c = client_for(demo["tinh"])
    page = text(c.get(reverse("council_detail", args=[council.pk])))
    assert "hoidong4" in page and "hoidong.caobang" not in page  # only same-province council users offered
    r = c.post(
        reverse("council_detail", args=[council.pk]),
        {"user": newcomer.pk, "role": "vice_chair", "organisation": "Sở Văn hóa", "scores": "on"},
    )
    assert r.status_code == 302
    m = Membership.objects.get(council=council, user=newcomer)
    assert (m.role, m.organisation, m.scores) == ("vice_chair", "Sở Văn hóa", True)
    assert "Phó Chủ tịch" in text(c.get(reverse("council_detail", args=[council.pk])))
    assert AuditEvent.objects.filter(action="council.member_add").exists()

    r = c.post(reverse("member_remove", args=[council.pk, m.pk]), follow=True)
    assert "Đã bớt thành viên" in text(r)
    assert not Membership.objects.filter(pk=m.pk).exists()


def test_a_user_of_another_province_or_role_cannot_be_added(demo: dict[str, Any]) -> None:
    council = langson()
    c = client_for(demo["tinh"])
    for user in (
        demo["hoidong.caobang"],
        demo["xa.chilang"],
        demo["hoidong1"],
    ):  # other area, role, already in
        r = c.post(reverse("council_detail", args=[council.pk]), {"user": user.pk, "role": "member"})
        assert r.status_code == 200 and "Kiểm tra lại" in text(r)
    assert council.memberships.count() == 4
    # another province's staff cannot add to (or remove from) this council
    other = client_for(demo["tinh.caobang"])
    m = council.memberships.get(user=demo["hoidong2"])
    assert other.post(reverse("member_remove", args=[council.pk, m.pk])).status_code == 404
    assert Membership.objects.filter(pk=m.pk).exists()


def test_a_member_who_submitted_on_an_open_session_stays(
    demo: dict[str, Any], complete: Any, session: Session, best: Any
) -> None:
    dossier = complete("Na Chi Lăng")
    item = schedule(demo["tinh"], dossier, session)
    save_sheet(demo["hoidong2"], item, best(dossier.scorecard), [], submit=True)
    m = langson().memberships.get(user=demo["hoidong2"])
    r = client_for(demo["tinh"]).post(reverse("member_remove", args=[langson().pk, m.pk]), follow=True)
    assert "đã nộp phiếu ở phiên họp đang mở" in text(r)
    assert Membership.objects.filter(pk=m.pk).exists()


# --- sessions -------------------------------------------------------------------------------------


def test_staff_create_a_session_and_the_secretary_lists_it(demo: dict[str, Any]) -> None:
    day = timezone.localdate() + timedelta(days=30)
    c = client_for(demo["tinh"])
    r = c.post(
        reverse("session_list"),
        {"council": langson().pk, "meets_on": day.isoformat(), "place": "Phòng họp số 2", "written": "on"},
    )
    session = Session.objects.get(place="Phòng họp số 2")
    assert r.status_code == 302 and r["Location"] == reverse("session_detail", args=[session.pk])
    assert session.written and session.meets_on == day and session.created_by == demo["tinh"]
    page = text(client_for(demo["thuky"]).get(reverse("session_list")))
    assert "Phòng họp số 2" in page and "Lấy ý kiến bằng văn bản" in page
    assert "Phòng họp số 2" not in text(client_for(demo["thuky.caobang"]).get(reverse("session_list")))


def test_session_creation_refused_for_wrong_role_and_other_council(demo: dict[str, Any]) -> None:
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    r = client_for(demo["thuky"]).post(reverse("session_list"), {"council": langson().pk, "meets_on": day})
    assert r.status_code == 403
    r = client_for(demo["tinh"]).post(reverse("session_list"), {"council": caobang().pk, "meets_on": day})
    assert r.status_code == 200 and "Kiểm tra lại" in text(r)
    assert client_for(demo["hoidong1"]).get(reverse("session_list")).status_code == 403
    assert not Session.objects.exists()


def test_schedule_shows_the_rule_notifies_members_and_unschedules(
    demo: dict[str, Any], complete: Any, session: Session
) -> None:
    dossier = complete("Na Chi Lăng")
    c = client_for(demo["tinh"])
    url = reverse("session_detail", args=[session.pk])
    page = text(c.get(url))
    latest = latest_send_date(session)
    assert "ít nhất <strong>3 ngày làm việc</strong>" in page
    assert f"chậm nhất ngày {latest:%d/%m/%Y}" in page
    assert "Na Chi Lăng" in page  # offered in the add form
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):  # notices go after commit
        r = c.post(reverse("session_schedule", args=[session.pk]), {"dossier": dossier.pk}, follow=True)
    assert "Đã đưa Na Chi Lăng vào phiên họp" in text(r)
    dossier.refresh_from_db()
    assert dossier.state == State.SCHEDULED
    item = session.items.get()
    assert item.sent_on == timezone.localdate()
    notified = {m.to[0] for m in mail.outbox}
    assert {"hoidong1@demo.ocop.invalid", "hoidong3@demo.ocop.invalid", "thuky@demo.ocop.invalid"} <= notified

    r = c.post(reverse("session_unschedule", args=[session.pk, item.pk]), follow=True)
    assert "Đã rút Na Chi Lăng khỏi phiên họp" in text(r)
    dossier.refresh_from_db()
    item.refresh_from_db()
    assert dossier.state == State.COMPLETE and item.withdrawn
    r = c.post(reverse("session_unschedule", args=[session.pk, item.pk]), follow=True)
    assert "đã được rút" in text(r)  # a second time: refused, nothing changes
    assert AuditEvent.objects.filter(action="dossier.unschedule").count() == 1


def test_a_late_add_is_refused_with_the_reason(demo: dict[str, Any], complete: Any) -> None:
    dossier = complete("Na Chi Lăng")
    soon = Session.objects.create(
        council=langson(), meets_on=timezone.localdate() + timedelta(days=1), created_by=demo["tinh"]
    )
    c = client_for(demo["tinh"])
    page = text(c.get(reverse("session_detail", args=[soon.pk])))
    assert "Đã quá hạn" in page and 'name="dossier"' not in page  # no add form once too late
    r = c.post(reverse("session_schedule", args=[soon.pk]), {"dossier": dossier.pk}, follow=True)
    page = text(r)
    assert "Quá hạn: hồ sơ phải đến thành viên trước phiên họp ít nhất 3 ngày làm việc" in page
    dossier.refresh_from_db()
    assert dossier.state == State.COMPLETE and not soon.items.exists()


def test_schedule_refusals_other_area_wrong_state_wrong_role(
    demo: dict[str, Any], complete: Any, session: Session
) -> None:
    mine, theirs = complete("Na Chi Lăng"), complete("Miến dong Quảng Lâm")
    c = client_for(demo["tinh"])
    # another province's dossier is not offered and cannot be posted
    r = c.post(reverse("session_schedule", args=[session.pk]), {"dossier": theirs.pk}, follow=True)
    assert "Chọn một hồ sơ đầy đủ" in text(r)
    # another province's staff, secretary or member cannot reach this session
    for name in ("tinh.caobang", "thuky.caobang"):
        assert client_for(demo[name]).get(reverse("session_detail", args=[session.pk])).status_code == 404
    r = client_for(demo["tinh.caobang"]).post(
        reverse("session_schedule", args=[session.pk]), {"dossier": mine.pk}
    )
    assert r.status_code == 404
    assert (
        client_for(demo["thuky"])
        .post(reverse("session_schedule", args=[session.pk]), {"dossier": mine.pk})
        .status_code
        == 403
    )
    assert client_for(demo["hoidong1"]).get(reverse("session_detail", args=[session.pk])).status_code == 403
    # a dossier not yet complete (only filed) is not offered
    schedule(demo["tinh"], mine, session)
    r = c.post(reverse("session_schedule", args=[session.pk]), {"dossier": mine.pk}, follow=True)
    assert "Chọn một hồ sơ đầy đủ" in text(r)
    assert session.items.count() == 1
    theirs.refresh_from_db()
    assert theirs.state == State.COMPLETE


def test_progress_shows_who_submitted_and_drafts_not_scores(
    demo: dict[str, Any], complete: Any, session: Session, best: Any
) -> None:
    dossier = complete("Na Chi Lăng")
    item = schedule(demo["tinh"], dossier, session)
    answers = best(dossier.scorecard)
    save_sheet(demo["hoidong1"], item, answers, [], submit=True)
    save_sheet(demo["hoidong2"], item, {"1.1": answers["1.1"]}, [])
    page = text(client_for(demo["thuky"]).get(reverse("session_detail", args=[session.pk])))
    assert "1/3</strong> phiếu đã nộp" in page
    assert "Nông Văn Đức" in page and "Lăng Thị Mai" in page and "Triệu Văn Quân" in page
    drafts = page.split("Đang nháp")[1].split("<br>")[0]
    assert "Lăng Thị Mai" in drafts and "Nông Văn Đức" not in drafts
    assert "Tổng điểm" not in page and "100" not in page  # no totals before closing


def test_close_the_session_gives_results_and_proposes_to_the_centre(
    demo: dict[str, Any], complete: Any, session: Session, best: Any
) -> None:
    dossier = complete("Na Chi Lăng")
    item = schedule(demo["tinh"], dossier, session)
    answers = best(dossier.scorecard)
    url = reverse("session_close", args=[session.pk])
    save_sheet(demo["hoidong1"], item, answers, [], submit=True)
    secretary = client_for(demo["thuky"])
    r = secretary.post(url, follow=True)
    assert "Còn thành viên chưa nộp phiếu" in text(r)
    session.refresh_from_db()
    assert session.closed_at is None
    for name in ("hoidong2", "hoidong3"):
        save_sheet(demo[name], item, answers, [], submit=True)
    assert client_for(demo["tinh"]).post(url).status_code == 403  # staff do not close
    assert client_for(demo["thuky.caobang"]).post(url).status_code == 404  # another council's secretary
    r = secretary.post(url, follow=True)
    page = text(r)
    assert "Đã kết thúc phiên chấm điểm" in page
    assert "<strong>100,00</strong>" in page and "5★" in page
    assert "Phần A: <strong>" in page and "Đề nghị trung ương" in page
    assert "tổng điểm trung bình 100 thuộc khoảng 5★" in page and "average total 100" in page
    dossier.refresh_from_db()
    assert dossier.state == State.SCORED
    r = secretary.post(url, follow=True)
    assert "Phiên họp đã kết thúc" in text(r)  # closing twice is refused
    assert AuditEvent.objects.filter(action="session.close").count() == 1


def test_sheets_of_a_withdrawn_product_do_not_block_or_count(
    demo: dict[str, Any], complete: Any, session: Session, best: Any
) -> None:
    dossier = complete("Na Chi Lăng")
    item = schedule(demo["tinh"], dossier, session)
    save_sheet(demo["hoidong1"], item, best(dossier.scorecard), [], submit=True)
    client_for(demo["tinh"]).post(reverse("session_unschedule", args=[session.pk, item.pk]))
    assert ScoreSheet.objects.filter(item=item).count() == 1
    r = client_for(demo["thuky"]).post(reverse("session_close", args=[session.pk]), follow=True)
    assert "Đã kết thúc phiên" in text(r)
    dossier.refresh_from_db()
    assert dossier.state == State.COMPLETE  # back in the queue for another session
