"""A member's score sheet through real HTTP requests: drafts, validation, submit once, privacy."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ocop.audit.models import AuditEvent
from ocop.councils.models import ScoreSheet, Session
from ocop.councils.services import save_sheet, schedule

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def posted(answers: dict[str, str | None], action: str = "save", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {f"c:{k}": ("na" if v is None else v) for k, v in answers.items()}
    data["action"] = action
    data.update(extra)
    return data


@pytest.fixture
def item(demo: dict[str, Any], complete: Any, session: Session) -> Any:
    return schedule(demo["tinh"], complete("Na Chi Lăng"), session)


def test_my_scoring_lists_the_members_products(demo: dict[str, Any], item: Any) -> None:
    page = text(client_for(demo["hoidong1"]).get(reverse("my_scoring")))
    assert "Na Chi Lăng" in page and reverse("score_sheet", args=[item.pk]) in page
    assert "Na Chi Lăng" not in text(client_for(demo["hoidong.caobang"]).get(reverse("my_scoring")))
    assert client_for(demo["tinh"]).get(reverse("my_scoring")).status_code == 403


def test_the_sheet_shows_the_scorecard_with_options_na_and_gates(demo: dict[str, Any], item: Any) -> None:
    r = client_for(demo["hoidong1"]).get(reverse("score_sheet", args=[item.pk]))
    assert r.status_code == 200
    page = text(r)
    card = item.dossier.scorecard
    first = next(card.criteria())
    assert first.text in page and first.options[0].text in page
    assert f'name="c:{first.id}" value="{first.options[0].id}"' in page
    na = [c for c in card.criteria() if c.may_be_not_applicable]
    assert na and f'name="c:{na[0].id}" value="na"' in page
    assert f'name="c:{first.id}" value="na"' not in page  # N/A only where the card allows it
    assert "Hồ sơ bị loại" in page and "Điều kiện dừng" in page
    assert 'value="card:disqualification"' in page
    assert "councils/scoring.js" in page and 'id="total"' in page and 'id="part-A"' in page
    assert 'name="viewport"' in page  # phone layout from the base template


def test_save_a_draft_then_the_server_shows_running_totals(demo: dict[str, Any], item: Any) -> None:
    card = item.dossier.scorecard
    first = next(card.criteria())
    best = max(first.options, key=lambda o: o.points or 0)
    c = client_for(demo["hoidong1"])
    r = c.post(reverse("score_sheet", args=[item.pk]), posted({first.id: best.id}), follow=True)
    assert "Đã lưu bản nháp" in text(r)
    sheet = ScoreSheet.objects.get(item=item, member=demo["hoidong1"])
    assert sheet.answers == {first.id: best.id} and sheet.submitted_at is None
    page = text(r)
    assert f'<strong id="total">{best.points}</strong>' in page
    assert f'data-part-total="A">{best.points}</strong>' in page
    assert f'value="{best.id}" data-points="{best.points}" data-part="A" checked' in page


def test_submitting_an_incomplete_sheet_names_the_criterion(demo: dict[str, Any], item: Any) -> None:
    card = item.dossier.scorecard
    first = next(card.criteria())
    r = client_for(demo["hoidong1"]).post(
        reverse("score_sheet", args=[item.pk]), posted({first.id: first.options[0].id}, "submit")
    )
    assert r.status_code == 400
    second = list(card.criteria())[1]
    page = text(r)
    assert f"thiếu câu trả lời cho tiêu chí {second.id}" in page
    assert second.text[:30] in page  # the criterion's own words
    assert not ScoreSheet.objects.filter(item=item, submitted_at__isnull=False).exists()
    assert "checked" in page.split(f'name="c:{first.id}" value="{first.options[0].id}"')[1][:80]  # kept


def test_bad_answers_are_refused_with_vietnamese_messages(demo: dict[str, Any], item: Any, best: Any) -> None:
    card = item.dossier.scorecard
    answers = best(card)
    strict = next(c for c in card.criteria() if not c.may_be_not_applicable)
    c = client_for(demo["hoidong2"])
    r = c.post(reverse("score_sheet", args=[item.pk]), posted({**answers, strict.id: "9.9.9"}, "submit"))
    assert r.status_code == 400 and f"tiêu chí {strict.id} không có lựa chọn '9.9.9'" in text(r)
    r = c.post(reverse("score_sheet", args=[item.pk]), posted({**answers, strict.id: None}, "save"))
    assert r.status_code == 400
    assert f"tiêu chí {strict.id} bắt buộc chấm, không được để 'không áp dụng'" in text(r)
    r = c.post(reverse("score_sheet", args=[item.pk]), posted(answers, "save", gate="no-such-gate"))
    assert r.status_code == 400 and "không có điều kiện dừng/loại" in text(r)
    assert not ScoreSheet.objects.filter(item=item, member=demo["hoidong2"]).exclude(answers={}).exists()


def test_submit_once_then_read_only(demo: dict[str, Any], item: Any, best: Any) -> None:
    answers = best(item.dossier.scorecard)
    c = client_for(demo["hoidong1"])
    url = reverse("score_sheet", args=[item.pk])
    r = c.post(url, posted(answers, "submit", comment="Sản phẩm tốt"), follow=True)
    assert "Đã nộp phiếu" in text(r)
    sheet = ScoreSheet.objects.get(item=item, member=demo["hoidong1"])
    assert sheet.submitted_at and sheet.answers == answers and sheet.comment == "Sản phẩm tốt"
    page = text(r)
    assert 'value="submit"' not in page and "disabled" in page and "scoring.js" not in page
    assert '<strong id="total">100</strong>' in page
    first = next(item.dossier.scorecard.criteria())
    r = c.post(url, posted({**answers, first.id: first.options[0].id}, "submit"))
    assert r.status_code == 400 and "Phiếu đã nộp, không sửa được" in text(r)
    sheet.refresh_from_db()
    assert sheet.answers == answers
    assert AuditEvent.objects.filter(action="sheet.submit").count() == 1
    # it leaves the to-do list and shows as submitted
    page = text(c.get(reverse("my_scoring")))
    assert "Phiếu đã nộp" in page and "Tiếp tục chấm" not in page


def test_a_member_sees_only_their_own_sheet(demo: dict[str, Any], item: Any, best: Any) -> None:
    answers = best(item.dossier.scorecard)
    save_sheet(demo["hoidong1"], item, answers, [], comment="Nhận xét riêng của Đức", submit=True)
    c = client_for(demo["hoidong2"])
    page = text(c.get(reverse("score_sheet", args=[item.pk])))
    assert "Nhận xét riêng của Đức" not in page
    assert " checked" not in page.replace('value="" checked', "")  # nothing ticked but "not yet"
    assert '<strong id="total">0</strong>' in page
    # posting writes the poster's own sheet, never another member's
    first = next(item.dossier.scorecard.criteria())
    c.post(reverse("score_sheet", args=[item.pk]), posted({first.id: first.options[0].id}))
    assert ScoreSheet.objects.get(item=item, member=demo["hoidong1"]).answers == answers
    assert ScoreSheet.objects.get(item=item, member=demo["hoidong2"]).answers == {
        first.id: first.options[0].id
    }
    # members do not reach the session page with the others' progress
    assert c.get(reverse("session_detail", args=[item.session.pk])).status_code == 403


def test_outsiders_get_404(demo: dict[str, Any], item: Any, best: Any) -> None:
    url = reverse("score_sheet", args=[item.pk])
    answers = best(item.dossier.scorecard)
    for name in ("hoidong.caobang", "thuky"):  # another council's member; the secretary does not score
        c = client_for(demo[name])
        assert c.get(url).status_code == 404
        assert c.post(url, posted(answers, "submit")).status_code == 404
    assert client_for(demo["thuky.caobang"]).get(url).status_code == 404
    assert client_for(demo["lanhdao"]).get(url).status_code == 403
    assert not ScoreSheet.objects.exists()


def test_no_scoring_after_the_session_closes(demo: dict[str, Any], item: Any, best: Any) -> None:
    answers = best(item.dossier.scorecard)
    for name in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[name], item, answers, [], submit=True)
    client_for(demo["thuky"]).post(reverse("session_close", args=[item.session.pk]))
    item.session.refresh_from_db()
    assert item.session.closed_at
    r = client_for(demo["hoidong1"]).post(reverse("score_sheet", args=[item.pk]), posted(answers, "save"))
    assert r.status_code == 400 and "Phiên chấm đã kết thúc" in text(r)


def test_a_stop_rule_lets_the_member_submit_without_the_rest(
    demo: dict[str, Any], item: Any, best: Any
) -> None:
    card = item.dossier.scorecard
    gate = next(g for g in card.gates if g.kind == "stop_rule")
    stop_at = card.node_criteria(gate.at)[0]
    answers = best(card)
    before = {}
    for cid, option in answers.items():
        if cid == stop_at:
            break
        before[cid] = option
    r = client_for(demo["hoidong3"]).post(
        reverse("score_sheet", args=[item.pk]), posted(before, "submit", gate=gate.id), follow=True
    )
    assert "Đã nộp phiếu" in text(r)
    sheet = ScoreSheet.objects.get(item=item, member=demo["hoidong3"])
    assert sheet.gates == [gate.id] and sheet.submitted_at


def test_choose_one_case_keeps_only_the_chosen_branch(
    demo: dict[str, Any], session: Session, best: Any
) -> None:
    from ocop.core.process import State
    from ocop.dossiers.services import start_dossier
    from ocop.producers.models import Product

    product = Product.objects.create(
        producer=demo["chuthe.nachilang"].producer,
        name="Du lịch cộng đồng Chi Lăng",
        rulebook_id="26-2026",
        scorecard_number=26,
    )
    dossier = start_dossier(demo["chuthe.nachilang"], product, "first")
    dossier.state = State.COMPLETE  # the intake steps are tested elsewhere
    dossier.save()
    item = schedule(demo["tinh"], dossier, session)
    card = dossier.scorecard
    answers = best(card)  # answers in both cases of 8, 9 and 15: not a valid form as such
    url = reverse("score_sheet", args=[item.pk])
    c = client_for(demo["hoidong1"])
    page = text(c.get(url))
    assert 'name="b:8" value="8.1"' in page and 'data-branch-of="8" data-branch="8.2"' in page
    r = c.post(url, posted(answers, "submit"))
    assert r.status_code == 400 and "mục 8 chỉ chấm một trong các trường hợp" in text(r)
    r = c.post(url, posted(answers, "submit", **{"b:8": "8.2", "b:9": "9.1", "b:15": "15.1"}), follow=True)
    assert "Đã nộp phiếu" in text(r)
    sheet = ScoreSheet.objects.get(item=item, member=demo["hoidong1"])
    assert "8.2" in sheet.answers and "8.1" not in sheet.answers
    assert "9.1" in sheet.answers and "9.2" not in sheet.answers
    assert 'name="b:8" value="8.2" checked' in text(c.get(url))
