"""Two requests at the same moment (issue 10): real threads, each with its own database connection,
released together by a barrier. Exactly one wins; the other is refused with what happened, and
nothing is doubled or overwritten.

PostgreSQL only: SQLite takes one writer at a time (the second request waits for the whole first
transaction), so it cannot show a race; CI runs these on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from ocop.errors import StepRefused

FOUR = {
    "raw_materials": "Nguyên liệu tại xã",
    "labour": "Lao động địa phương",
    "idea_origin": "Sản phẩm truyền thống",
    "local_identity": "Giống bản địa",
}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need concurrent writers: PostgreSQL (SQLite serialises every write)",
    ),
]


def race(*steps: Callable[[], Any]) -> list[Any]:
    """Run the steps at once in threads; each outcome is the step's result or the exception it raised."""
    barrier = threading.Barrier(len(steps))
    outcomes: list[Any] = [None] * len(steps)

    def run(i: int, step: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[i] = step()
        except Exception as e:  # the loser's refusal is the point
            outcomes[i] = e
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def one_refused(outcomes: list[Any]) -> StepRefused:
    refused = [o for o in outcomes if isinstance(o, StepRefused)]
    others = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, StepRefused)]
    assert not others, others
    assert len(refused) == 1, outcomes
    return refused[0]


@pytest.fixture
def world(settings: Any, tmp_path: Any) -> dict[str, Any]:
    from ocop.accounts.models import User
    from ocop.demo.load import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    load_demo(pipeline=True)
    return {u.username: u for u in User.objects.all()}


def _dossier(name: str) -> Any:
    from ocop.dossiers.models import Dossier

    return Dossier.objects.exclude(state="withdrawn").get(product__name=name)


def _reported(world: dict[str, Any], name: str, number: str) -> Any:
    """The pipeline's filed Văn Quan dossier, reported on by its commune."""
    from ocop.dossiers.services import commune_report

    dossier = _dossier(name)
    commune_report(world["xa.vanquan"], dossier, report_number=number, **FOUR)
    return _dossier(name)


def test_two_submits_of_one_sheet_keep_the_first(world: dict[str, Any], best: Any) -> None:
    from ocop.audit.models import AuditEvent
    from ocop.councils.models import ScoreSheet, SessionItem
    from ocop.councils.services import save_sheet

    item = SessionItem.objects.get(dossier__product__name="Na sấy dẻo Chi Lăng")
    card = item.dossier.scorecard
    high = best(card)
    first = next(iter(card.criteria()))
    low = {**high, first.id: next(o.id for o in first.options if o.id != high[first.id])}
    member = world["hoidong2"]
    outcomes = race(
        lambda: save_sheet(member, SessionItem.objects.get(pk=item.pk), high, [], submit=True),
        lambda: save_sheet(member, SessionItem.objects.get(pk=item.pk), low, [], submit=True),
    )
    refused = one_refused(outcomes)
    assert "Phiếu đã nộp, không sửa được" in refused.vi
    winner = next(o for o in outcomes if isinstance(o, ScoreSheet))
    sheet = ScoreSheet.objects.get(item=item, member=member)
    assert sheet.answers == winner.answers
    assert AuditEvent.objects.filter(action="sheet.submit", data__item=item.pk, actor=member).count() == 1


def test_two_schedulings_put_the_dossier_on_one_session(world: dict[str, Any]) -> None:
    from ocop.councils.models import Council, SessionItem
    from ocop.councils.services import create_session, schedule
    from ocop.dossiers.services import accept

    staff = world["tinh"]
    dossier = _reported(world, "Hoa hồi khô Văn Quan", "30/BC-UBND")
    accept(staff, dossier)
    council = Council.objects.get(province__code=20)
    day = timezone.localdate() + timedelta(days=30)
    one = create_session(staff, council, day, place="A")
    two = create_session(staff, council, day + timedelta(days=1), place="B")
    outcomes = race(
        lambda: schedule(staff, _dossier("Hoa hồi khô Văn Quan"), one),
        lambda: schedule(staff, _dossier("Hoa hồi khô Văn Quan"), two),
    )
    refused = one_refused(outcomes)
    assert "Hồ sơ đã được xếp vào phiên họp ngày" in refused.vi
    open_items = SessionItem.objects.filter(dossier=dossier, withdrawn=False, closed=False)
    assert open_items.count() == 1
    assert _dossier("Hoa hồi khô Văn Quan").state == "scheduled"


def test_accept_against_return_only_one_happens(world: dict[str, Any]) -> None:
    from ocop.audit.models import AuditEvent
    from ocop.dossiers.models import CompletionRequest
    from ocop.dossiers.services import accept, return_for_completion

    staff = world["tinh"]
    dossier = _reported(world, "Hoa hồi khô Văn Quan", "31/BC-UBND")
    outcomes = race(
        lambda: accept(staff, _dossier("Hoa hồi khô Văn Quan")),
        lambda: return_for_completion(staff, _dossier("Hoa hồi khô Văn Quan"), "Bổ sung kiểm nghiệm"),
    )
    refused = one_refused(outcomes)
    assert "chuyển sang bước" in refused.vi and "không có gì thay đổi" in refused.vi
    state = _dossier("Hoa hồi khô Văn Quan").state
    events = set(AuditEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    if state == "complete":
        assert (
            "dossier.return" not in events and not CompletionRequest.objects.filter(dossier=dossier).exists()
        )
    else:
        assert state == "returned" and "dossier.accept" not in events


def _scored(world: dict[str, Any]) -> Any:
    """The pipeline's dossier on the upcoming session, scored by all and the session closed."""
    from ocop.councils.models import SessionItem
    from ocop.councils.services import close_session, save_sheet
    from ocop.demo.pipeline import answers_for_band

    item = SessionItem.objects.get(dossier__product__name="Na sấy dẻo Chi Lăng")
    for member in ("hoidong2", "hoidong3"):
        save_sheet(world[member], item, answers_for_band(item.dossier.scorecard, 3), [], submit=True)
    close_session(world["thuky"], item.session)
    return _dossier("Na sấy dẻo Chi Lăng")


def test_two_signings_of_one_dossier_issue_one_certificate(world: dict[str, Any]) -> None:
    from ocop.certificates.models import Certificate, Decision
    from ocop.certificates.services import sign_decision

    dossier = _scored(world)
    leader, today = world["lanhdao"], timezone.localdate()
    before = Decision.objects.count()
    outcomes = race(
        lambda: sign_decision(
            leader,
            [_dossier("Na sấy dẻo Chi Lăng")],
            number="4001/QĐ-UBND",
            signed_on=today,
            signer_title="Phó Chủ tịch",
        ),
        lambda: sign_decision(
            leader,
            [_dossier("Na sấy dẻo Chi Lăng")],
            number="4002/QĐ-UBND",
            signed_on=today,
            signer_title="Phó Chủ tịch",
        ),
    )
    refused = one_refused(outcomes)
    assert "chuyển sang bước" in refused.vi
    assert Decision.objects.count() == before + 1
    assert Certificate.objects.filter(dossier=dossier).count() == 1


def test_two_reports_with_one_number_store_it_once(world: dict[str, Any]) -> None:
    from ocop.dossiers.models import CommuneAssessment
    from ocop.dossiers.services import commune_report, file_dossier
    from ocop.numbering.models import IssuedNumber

    file_dossier(world["chuthe.hoivanquan"], _dossier("Tinh dầu hồi Văn Quan"))  # returned: filed again
    officer = world["xa.vanquan"]
    outcomes = race(
        lambda: commune_report(officer, _dossier("Hoa hồi khô Văn Quan"), report_number="27/BC-UBND", **FOUR),
        lambda: commune_report(
            officer, _dossier("Tinh dầu hồi Văn Quan"), report_number="27/BC-UBND", **FOUR
        ),
    )
    refused = one_refused(outcomes)
    assert "Số 27 năm" in refused.vi and "đã được dùng" in refused.vi
    assert CommuneAssessment.objects.filter(report_number="27/BC-UBND").count() == 1
    assert (
        IssuedNumber.objects.filter(
            number=27, year=timezone.localdate().year, issuer__startswith="xa-"
        ).count()
        == 1
    )


def test_two_edits_of_a_sales_point_lose_nothing(world: dict[str, Any]) -> None:
    from ocop.catalogue.models import SalesPoint
    from ocop.catalogue.services import save_sales_point

    staff = world["tinh"]
    point = SalesPoint.objects.filter(province__code=20).first()
    assert point is not None
    seen = point.version

    def edit(phone: str) -> Any:
        fresh = SalesPoint.objects.get(pk=point.pk)
        return save_sales_point(staff, {"phone": phone}, list(fresh.products.all()), fresh, seen)

    outcomes = race(lambda: edit("0205 1111 111"), lambda: edit("0205 2222 222"))
    refused = one_refused(outcomes)
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in refused.vi and "phone" in refused.vi
    point.refresh_from_db()
    assert point.version == seen + 1 and point.phone in {"0205 1111 111", "0205 2222 222"}


# --- the cycle's first steps (issue 13) ----------------------------------------------------------------


def _idea(name: str) -> Any:
    from ocop.ideas.models import Idea

    return Idea.objects.get(name=name)


def test_two_decisions_on_one_plan_approve_it_once(world: dict[str, Any]) -> None:
    from ocop.ideas.models import BusinessPlan, Review
    from ocop.ideas.services import review_plan
    from ocop.producers.models import Product

    name = "Gà đồi Văn Quan"  # the demo's plan waiting for the province
    seen = BusinessPlan.objects.get(idea__name=name).version  # two tabs opened on the same plan
    staff = world["tinh"]
    outcomes = race(
        lambda: review_plan(staff, _idea(name), Review.Decision.APPROVE, "", seen),
        lambda: review_plan(staff, _idea(name), Review.Decision.RETURN, "Bổ sung", seen),
    )
    refused = one_refused(outcomes)
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in refused.vi
    assert Review.objects.filter(idea__name=name, stage="plan").count() == 1
    assert Product.objects.filter(name=name).count() <= 1


def test_forward_against_decline_only_one_happens(world: dict[str, Any]) -> None:
    from ocop.ideas.models import Review
    from ocop.ideas.services import review_idea

    name = "Mứt na Chi Lăng"  # waiting for the commune
    officer = world["xa.chilang"]
    outcomes = race(
        lambda: review_idea(officer, _idea(name), Review.Decision.FORWARD, "", None),
        lambda: review_idea(officer, _idea(name), Review.Decision.DECLINE, "Không chọn", None),
    )
    refused = one_refused(outcomes)
    assert "chuyển sang bước" in refused.vi and "không có gì thay đổi" in refused.vi
    assert Review.objects.filter(idea__name=name).count() == 1


def test_one_idea_registered_twice_at_once_is_kept_once(world: dict[str, Any]) -> None:
    from ocop.ideas.models import Idea
    from ocop.ideas.services import IdeaFields, register_idea

    fields = IdeaFields(name="Bánh na Chi Lăng", scorecard_number=6, origin="new", description="Bánh nhân na")
    producer = world["chuthe.nachilang"]
    outcomes = race(lambda: register_idea(producer, fields), lambda: register_idea(producer, fields))
    assert "đã được đăng ký" in one_refused(outcomes).vi
    assert Idea.objects.filter(name="Bánh na Chi Lăng").count() == 1


def test_two_first_saves_of_a_self_assessment_keep_one(world: dict[str, Any]) -> None:
    from ocop.dossiers.models import SelfAssessment
    from ocop.dossiers.services import save_self_assessment

    dossier = _dossier("Khâu nhục Lạng Sơn")  # the pipeline's draft
    first = next(dossier.scorecard.criteria())
    one, two = first.options[0].id, first.options[-1].id
    producer = world["chuthe.khaunhuc"]
    outcomes = race(
        lambda: save_self_assessment(producer, _dossier("Khâu nhục Lạng Sơn"), {first.id: one}, {}, 0),
        lambda: save_self_assessment(producer, _dossier("Khâu nhục Lạng Sơn"), {first.id: two}, {}, 0),
    )
    assert "Bản ghi đã được sửa trong lúc bạn mở trang" in one_refused(outcomes).vi
    assert SelfAssessment.objects.filter(dossier=dossier).count() == 1


def test_two_approvals_never_grant_beyond_the_budget(world: dict[str, Any], monkeypatch: Any) -> None:
    """Two officials approve two applications at once, each within the budget alone, together above it:
    the programme's row lock makes the second see the first grant and refuse. (Reading the remaining
    budget is slowed down, so that without the lock both would read it before either writes.)"""
    import time
    import uuid

    from ocop.support import selectors, services
    from ocop.support.models import SupportApplication

    read = selectors.remaining

    def slow_remaining(programme: Any) -> int:
        left = read(programme)
        time.sleep(0.5)
        return left

    monkeypatch.setattr(selectors, "remaining", slow_remaining)

    staff, today = world["tinh"], timezone.localdate()
    programme = services.create_programme(
        staff,
        title="Hỗ trợ bao bì (thử)",
        kind="packaging",
        legal_basis="NQ 08/2025",
        funding_source="provincial",
        starts_on=today,
        ends_on=today,
        budget=50_000_000,
    )
    applications = [
        services.apply(
            world[username],
            programme,
            activity="x",
            cost=60_000_000,
            requested=30_000_000,
            token=uuid.uuid4(),
        )
        for username in ("chuthe.nachilang", "chuthe.hoivanquan")
    ]
    outcomes = race(
        *(
            lambda a=a: services.decide(
                staff, SupportApplication.objects.get(pk=a.pk), approve=True, granted=30_000_000, reasons=""
            )
            for a in applications
        )
    )
    refused = one_refused(outcomes)
    assert "vượt kinh phí còn lại của chương trình (20.000.000 đồng)" in refused.vi
    assert SupportApplication.objects.filter(programme=programme, state="approved").count() == 1
