"""The producer's self-assessment through HTTP (26/2026 Form 02 Part III): answers on the dossier's own
scorecard scored by the core, a description and evidence per criterion, what members see beside each
criterion on their sheet, and the gap with the council's score afterwards."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cycle_data import messages, text
from dossier_data import FOUR, PDF
from ocop.audit.models import AuditEvent
from ocop.core.scoring import MemberForm, evaluate, score_form
from ocop.councils.models import Council, ScoreSheet
from ocop.councils.services import close_session, create_session, save_sheet, schedule
from ocop.demo.pipeline import answers_for_band
from ocop.dossiers import services
from ocop.dossiers.models import CriterionEvidence, Dossier, DossierDocument, SelfAssessment
from ocop.dossiers.self_assessment import SELF, gap, self_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def producer(as_user: Callable[[str], Client]) -> Client:
    return as_user("chuthe.nachilang")


@pytest.fixture
def draft(filed: Callable[..., Any]) -> Dossier:
    """Na Chi Lăng's draft dossier (card 1), with both forms uploaded."""
    dossier: Dossier = filed("draft")
    return dossier


def best(card: Any) -> dict[str, str]:
    return {
        c.id: max((o for o in c.options if o.points is not None), key=lambda o: o.points or 0).id
        for c in card.criteria()
    }


def posted(answers: dict[str, str | None], version: int = 0, **words: str) -> dict[str, Any]:
    data: dict[str, Any] = {f"c:{k}": ("na" if v is None else v) for k, v in answers.items()}
    data.update({f"d:{k}": v for k, v in words.items()})
    data["version"] = version
    return data


def url(dossier: Dossier, tail: str = "") -> str:
    return f"/ho-so/{dossier.pk}/tu-cham-diem/{tail}"


def pdf(name: str = "minh-chung.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_producer_scores_on_the_dossiers_own_card_and_the_core_adds_up(
    producer: Client, draft: Dossier
) -> None:
    card = draft.scorecard
    page = producer.get(url(draft)).content.decode()
    first = next(card.criteria())
    assert f'name="c:{first.id}"' in page and f'name="d:{first.id}"' in page
    assert f'form="ev-{first.id}"' in page and "Tự chấm điểm theo Bộ tiêu chí" in page
    # A draft may stop half-way: no total yet, only what is left.
    half = dict(list(best(card).items())[:5])
    response = producer.post(
        url(draft), posted(half, **{first.id: "Đăng ký kinh doanh số 4900…"}), follow=True
    )
    assert "Đã lưu phần tự chấm điểm" in messages(response)
    stored = SelfAssessment.objects.get(dossier=draft)
    assert stored.answers == half and stored.descriptions == {first.id: "Đăng ký kinh doanh số 4900…"}
    assert (stored.rulebook_id, stored.scorecard_number) == (draft.rulebook_id, card.number)
    left = len(list(card.criteria())) - 5
    assert f"còn {left} tiêu chí chưa chấm" in text(response)
    # Complete: the self-score is score_form's, the star evaluate's on that one form.
    answers = answers_for_band(card, 4)
    response = producer.post(url(draft), posted(answers, stored.version), follow=True)
    expected = score_form(card, MemberForm(member=SELF, answers=answers), draft.recorded_exemptions)
    star = evaluate(draft.rulebook, card, [MemberForm(member=SELF, answers=answers)], level="province").star
    own = self_score(draft)
    assert own is not None and own.complete and own.score == expected and own.result is not None
    assert own.result.star == star == 4
    assert f"Chủ thể tự chấm: {expected.total}/100" in text(response) and "hạng theo tự chấm 4★" in text(
        response
    )
    # The dossier page says where it stands.
    assert f"Chủ thể tự chấm: {expected.total}/100" in text(producer.get(f"/ho-so/{draft.pk}/"))
    assert AuditEvent.objects.filter(dossier=draft, action="self_assessment.save").count() == 2


def test_answers_the_card_cannot_take_are_refused_naming_the_criterion(
    producer: Client, draft: Dossier
) -> None:
    card = draft.scorecard
    first = next(card.criteria())
    cases = [
        ({first.id: "zz"}, {}, f"tiêu chí {first.id} không có lựa chọn 'zz'"),
        ({first.id: None}, {}, f"tiêu chí {first.id} bắt buộc chấm, không được để 'không áp dụng'"),
        ({}, {first.id: "x" * 2001}, f"Mô tả của tiêu chí {first.id} dài quá 2000 ký tự"),
    ]
    for answers, words, message in cases:
        response = producer.post(url(draft), posted(answers, **words))
        assert response.status_code == 400 and message in text(response), message
    assert not SelfAssessment.objects.filter(dossier=draft).exists()
    # A criterion that is not on the card is not read at all (only the card's criteria are).
    producer.post(url(draft), {"c:99.9": "a", "d:99.9": "x", "version": 0})
    assert SelfAssessment.objects.get(dossier=draft).answers == {}


def test_a_stale_page_is_refused_with_what_changed(producer: Client, draft: Dossier) -> None:
    card = draft.scorecard
    criteria = list(card.criteria())
    one, two = criteria[0], criteria[1]
    producer.post(url(draft), posted({one.id: one.options[0].id}))
    opened = SelfAssessment.objects.get(dossier=draft).version
    assert producer.post(url(draft), posted({one.id: one.options[-1].id}, opened)).status_code == 302
    response = producer.post(url(draft), posted({two.id: two.options[0].id}, opened))
    assert response.status_code == 400 and "Bản ghi đã được sửa trong lúc bạn mở trang" in text(response)
    assert SelfAssessment.objects.get(dossier=draft).answers == {one.id: one.options[-1].id}


def test_who_may_self_assess_and_when(
    producer: Client, draft: Dossier, as_user: Callable[[str], Client], demo: dict[str, Any]
) -> None:
    card = draft.scorecard
    data = posted(best(card))
    # A draft is the producer's own: nobody else even finds it.
    for username in ("chuthe.hoivanquan", "xa.chilang", "tinh", "hoidong1", "tinh.caobang"):
        assert as_user(username).get(url(draft)).status_code == 404, username
        assert as_user(username).post(url(draft), data).status_code == 404, username
    assert not SelfAssessment.objects.exists()
    producer.post(url(draft), data)
    services.file_dossier(demo["chuthe.nachilang"], draft)
    # Filed: the commune and the province read it; nobody changes it, the producer included.
    for username in ("xa.chilang",):
        page = as_user(username).get(url(draft))
        assert page.status_code == 200 and "Chỉ xem" in text(page) and " disabled" in page.content.decode()
        response = as_user(username).post(url(draft), data)
        assert response.status_code == 400 and "Chỉ chủ thể của hồ sơ mới tự chấm điểm" in text(response)
    before = SelfAssessment.objects.get(dossier=draft)
    response = producer.post(url(draft), posted({}, before.version))
    assert (
        response.status_code == 400
        and "Hồ sơ đã nộp: phần tự chấm điểm và minh chứng không sửa được nữa" in text(response)
    )
    response = producer.post(
        url(draft, "minh-chung/"), {"criterion": next(card.criteria()).id, "file": pdf()}, follow=True
    )
    assert "Hồ sơ đã nộp" in messages(response)
    after = SelfAssessment.objects.get(dossier=draft)
    assert (after.answers, after.version) == (before.answers, before.version)
    assert not CriterionEvidence.objects.exists()


def test_evidence_per_criterion_with_the_dossiers_upload_checks(producer: Client, draft: Dossier) -> None:
    card = draft.scorecard
    first = next(card.criteria())
    response = producer.post(url(draft, "minh-chung/"), {"criterion": first.id, "file": pdf()}, follow=True)
    assert f"Đã đính kèm minh-chung.pdf cho tiêu chí {first.id}" in messages(response)
    link = CriterionEvidence.objects.get(dossier=draft)
    assert (link.criterion, link.document.kind, link.document.original_name) == (
        first.id,
        "evidence",
        "minh-chung.pdf",
    )
    assert "minh-chung.pdf" in text(producer.get(url(draft)))
    # It counts under the checklist's evidence item, and downloads like every dossier document.
    page = producer.get(f"/ho-so/{draft.pk}/").content.decode()
    assert "minh-chung.pdf" in page
    assert producer.get(f"/ho-so/{draft.pk}/tai-lieu/{link.document.pk}/tai-ve/").status_code == 200
    # The same file again for that criterion (a second click) is refused; bad files are refused.
    for data, message in (
        ({"criterion": first.id, "file": pdf("lan-hai.pdf")}, "đã được đính kèm làm minh chứng cho tiêu chí"),
        ({"criterion": first.id, "file": pdf("gia.pdf", b"not a pdf")}, "không phải PDF thật"),
        ({"criterion": first.id, "file": pdf("macro.exe", PDF + b"1")}, "không được chấp nhận"),
        ({"criterion": "99.9", "file": pdf("khac.pdf", PDF + b"%")}, "Phiếu không có tiêu chí: 99.9"),
        ({"criterion": first.id}, "Chưa chọn tệp"),
    ):
        response = producer.post(url(draft, "minh-chung/"), data, follow=True)
        assert message in messages(response), message
    assert (
        CriterionEvidence.objects.count() == 1
        and DossierDocument.objects.filter(kind="evidence").count() == 1
    )
    # Taken off: kept on record, marked replaced; taking it off twice changes nothing.
    response = producer.post(url(draft, f"minh-chung/{link.pk}/go/"), follow=True)
    assert f"Đã gỡ minh chứng khỏi tiêu chí {first.id}" in messages(response)
    link.refresh_from_db()
    assert link.removed_at is not None and link.document.replaced
    assert "Minh chứng này đã được gỡ" in messages(
        producer.post(url(draft, f"minh-chung/{link.pk}/go/"), follow=True)
    )
    # The same file may be given again once the first was taken off.
    producer.post(url(draft, "minh-chung/"), {"criterion": first.id, "file": pdf()})
    assert CriterionEvidence.objects.filter(removed_at__isnull=True).count() == 1


def test_members_see_the_self_score_beside_each_criterion_and_the_producer_sees_the_gap(
    demo: dict[str, Any], as_user: Callable[[str], Client]
) -> None:
    """Na sấy dẻo (card 7): self-assessed with evidence, filed, reported, accepted, scored, closed."""
    from ocop.producers.models import Product

    owner = demo["chuthe.nachilang"]
    dossier = services.start_dossier(owner, Product.objects.get(name="Na sấy dẻo Chi Lăng"), "first")
    card = dossier.scorecard
    first = next(card.criteria())
    own_answers = best(card)
    services.save_self_assessment(owner, dossier, own_answers, {first.id: "Hợp đồng liên kết 18 hộ"}, 0)
    services.add_evidence(owner, dossier, first.id, "hop-dong.pdf", io.BytesIO(PDF), len(PDF))
    for kind in ("form01", "form02"):
        services.add_document(owner, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
    services.file_dossier(owner, dossier)
    services.commune_report(demo["xa.chilang"], dossier, report_number="5/BC-UBND", **FOUR)
    services.accept(demo["tinh"], dossier)
    from datetime import timedelta

    from django.utils import timezone

    council = Council.objects.get(province__code=20)
    session = create_session(demo["tinh"], council, timezone.localdate() + timedelta(days=21))
    item = schedule(demo["tinh"], dossier, session)

    member = as_user("hoidong1")
    page = text(member.get(f"/cham-diem/{item.pk}/"))
    chosen = first.option(own_answers[first.id])
    assert chosen is not None
    assert f"Chủ thể tự chấm: {chosen.text} — {chosen.points} điểm" in page
    assert "Hợp đồng liên kết 18 hộ" in page and "hop-dong.pdf" in page
    assert "Chủ thể tự chấm: 100/100" in page
    evidence = CriterionEvidence.objects.get(dossier=dossier).document
    assert member.get(f"/ho-so/{dossier.pk}/tai-lieu/{evidence.pk}/tai-ve/").status_code == 200
    # Before the council's result there is nothing to compare.
    assert "Chưa so sánh được" in text(as_user("chuthe.nachilang").get(url(dossier, "so-sanh/")))

    forms = {}
    for i, username in enumerate(("hoidong1", "hoidong2", "hoidong3")):
        forms[username] = answers_for_band(card, 4, lower_by=i)
        save_sheet(demo[username], item, forms[username], [], submit=True)
    close_session(demo["thuky"], session)
    found = gap(dossier)
    assert found is not None
    council = evaluate(
        dossier.rulebook, card, [MemberForm(member=u, answers=a) for u, a in forms.items()], level="province"
    )
    assert found.council.total == council.total and found.total[0] == 100
    row = next(r for r in found.rows if r.council is not None and r.council != r.own)
    assert row.own is not None and row.gap == council.criteria[row.criterion.id] - row.own
    page = text(as_user("chuthe.nachilang").get(url(dossier, "so-sanh/")))
    assert "Tự chấm và điểm của Hội đồng" in page and "tự chấm 100" in page
    # Readers of the dossier see it too; another area does not.
    assert as_user("tinh").get(url(dossier, "so-sanh/")).status_code == 200
    assert as_user("tinh.caobang").get(url(dossier, "so-sanh/")).status_code == 404
    assert ScoreSheet.objects.filter(item=item, submitted_at__isnull=False).count() == 3
