"""The production and business plan through HTTP: the producer writes and submits it, the province
approves or returns it, and the province's setting decides whether a dossier may be filed without it."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from cycle_data import IDEA, PLAN, messages, text
from dossier_data import PDF
from ocop.audit.models import AuditEvent
from ocop.core.process import State
from ocop.dossiers import services as dossiers
from ocop.dossiers.models import Dossier
from ocop.ideas.models import BusinessPlan, CycleSettings, Idea, PlanState, Review
from ocop.ideas.services import IdeaFields, register_idea, review_idea
from ocop.producers.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(demo: dict[str, Any]) -> Idea:
    """The producer's idea «Mứt na Chi Lăng», forwarded by the commune."""
    fields = IdeaFields(**{k: v for k, v in IDEA.items() if k != "scorecard_number"}, scorecard_number=7)
    made = register_idea(demo["chuthe.nachilang"], fields)
    review_idea(demo["xa.chilang"], made, Review.Decision.FORWARD, "", None)
    made.refresh_from_db()
    return made


def write(
    client: Client, idea: Idea, action: str = "save", version: int | None = None, **changes: Any
) -> Any:
    plan = BusinessPlan.objects.filter(idea=idea).first()
    seen = version if version is not None else (plan.version if plan else 0)
    return client.post(
        f"/y-tuong/{idea.pk}/phuong-an/", {**PLAN, **changes, "version": seen, "action": action}
    )


def decide(client: Client, idea: Idea, decision: str, note: str = "", version: int | None = None) -> Any:
    plan = BusinessPlan.objects.get(idea=idea)
    data = {"decision": decision, "note": note, "version": plan.version if version is None else version}
    return client.post(f"/y-tuong/{idea.pk}/phuong-an/tham-dinh/", data, follow=True)


def test_the_producer_writes_and_submits_the_plan_and_the_province_approves_it(
    idea: Idea, as_user: Callable[[str], Client], django_capture_on_commit_callbacks: Any
) -> None:
    producer, staff = as_user("chuthe.nachilang"), as_user("tinh")
    page = text(producer.get(f"/y-tuong/{idea.pk}/phuong-an/"))
    assert "Phần II và Phần IV" in page and "Lưu và nộp tỉnh" in page
    assert write(producer, idea, revenue="").status_code == 302  # a draft may be incomplete
    plan = BusinessPlan.objects.get(idea=idea)
    assert (plan.state, plan.revenue, plan.labour) == (PlanState.DRAFT, None, 12)
    # Sending it incomplete is refused; what was typed stays on the page, nothing is saved.
    response = write(producer, idea, "submit", revenue="", output="", technology="Mới")
    assert response.status_code == 400
    assert "Phương án còn thiếu: sản lượng dự kiến mỗi năm; doanh thu dự kiến mỗi năm (đồng)" in text(
        response
    )
    assert "Mới</textarea>" in response.content.decode()  # the form keeps what was typed
    plan.refresh_from_db()
    assert (plan.state, plan.technology) == (PlanState.DRAFT, PLAN["technology"])
    with django_capture_on_commit_callbacks(execute=True):
        response = write(producer, idea, "submit")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED and plan.submitted_at is not None and plan.revenue == 900_000_000
    assert mail.outbox[-1].to == ["tinh@demo.ocop.invalid"]
    sent = AuditEvent.objects.get(action="plan.submit", subject=f"plan:{plan.pk}")
    assert sent.data["plan"]["revenue"] == 900_000_000  # what was sent is kept

    page = text(staff.get(f"/y-tuong/{idea.pk}/"))
    assert "Ghi ý kiến về phương án" in page and "900.000.000 đồng" in page
    assert "Đã ghi ý kiến: Phê duyệt" in messages(decide(staff, idea, Review.Decision.APPROVE, "Khả thi"))
    plan.refresh_from_db()
    idea.refresh_from_db()
    assert plan.state == PlanState.APPROVED and plan.decided_at is not None
    # The new product entered the producer's products under the rulebook in force.
    product = idea.product
    assert product is not None and (product.name, product.scorecard_number, product.producer.name) == (
        "Mứt na Chi Lăng",
        7,
        "Hợp tác xã Na Chi Lăng",
    )
    assert "Mứt na Chi Lăng" in text(producer.get("/chu-the/"))
    # …and its first dossier can now be filed.
    dossier = dossiers.start_dossier(idea.producer.users.get(), product, "first")
    for kind in ("form01", "form02"):
        dossiers.add_document(dossier.created_by, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
    assert "Đã nộp hồ sơ" in messages(producer.post(f"/ho-so/{dossier.pk}/nop/", follow=True))
    dossier.refresh_from_db()
    assert dossier.state == State.FILED


def test_a_returned_plan_is_completed_and_sent_again(idea: Idea, as_user: Callable[[str], Client]) -> None:
    producer, staff = as_user("chuthe.nachilang"), as_user("tinh")
    write(producer, idea, "submit")
    assert "Cần nhập ý kiến của cơ quan OCOP tỉnh" in messages(decide(staff, idea, Review.Decision.RETURN))
    assert "Cần chọn: phê duyệt hoặc trả lại" in messages(decide(staff, idea, "forward"))
    decide(staff, idea, Review.Decision.RETURN, "Bổ sung phương án kiểm soát chất lượng.")
    plan = BusinessPlan.objects.get(idea=idea)
    assert plan.state == PlanState.RETURNED
    page = text(producer.get(f"/y-tuong/{idea.pk}/phuong-an/"))
    assert "Tỉnh trả lại để hoàn thiện" in page and "Bổ sung phương án kiểm soát chất lượng." in page
    assert write(producer, idea, "submit", technology="Kiểm soát theo HACCP").status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.technology) == (PlanState.SUBMITTED, "Kiểm soát theo HACCP")
    decide(staff, idea, Review.Decision.APPROVE)
    assert [r.decision for r in Idea.objects.get(pk=idea.pk).reviews.filter(stage="plan")] == [
        "approve",
        "return",
    ]


def test_plan_refusals_wrong_person_wrong_state_stale_and_doubled(
    idea: Idea, as_user: Callable[[str], Client]
) -> None:
    producer, staff = as_user("chuthe.nachilang"), as_user("tinh")
    # Only the idea's producer writes it; the commune, the province, another producer may not.
    for username in ("xa.chilang", "tinh", "lanhdao"):
        assert as_user(username).get(f"/y-tuong/{idea.pk}/phuong-an/").status_code == 403, username
        response = write(as_user(username), idea)
        assert response.status_code == 400 and "Chỉ chủ thể thực hiện ý tưởng" in text(response), username
    for username in ("chuthe.hoivanquan", "tinh.caobang", "xa.vanquan"):
        assert write(as_user(username), idea).status_code == 404, username
    assert not BusinessPlan.objects.filter(idea=idea).exists()

    # Two pages open on the same plan: the later save of the older one is refused with what changed.
    write(producer, idea)
    plan = BusinessPlan.objects.get(idea=idea)
    opened = plan.version
    assert write(producer, idea, output="6 tấn mỗi năm", version=opened).status_code == 302
    response = write(producer, idea, output="7 tấn mỗi năm", version=opened)
    assert response.status_code == 400 and "Bản ghi đã được sửa trong lúc bạn mở trang" in text(response)
    assert "6 tấn mỗi năm" in text(response)  # the change made meanwhile is named
    plan.refresh_from_db()
    assert plan.output == "6 tấn mỗi năm"
    # A plan first written twice at once (two tabs of an empty plan): the second is refused.
    assert "Bản ghi đã được sửa" in text(write(producer, idea, version=0))

    # Submitted twice (a double click): the second, sent at the version the page showed, is refused.
    opened = BusinessPlan.objects.get(idea=idea).version
    assert write(producer, idea, "submit", version=opened).status_code == 302
    response = write(producer, idea, "submit", version=opened)
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="plan.submit", subject=f"plan:{plan.pk}").count() == 1
    # Submitted: no longer the producer's to change, and only the province staff decides.
    assert producer.get(f"/y-tuong/{idea.pk}/phuong-an/").status_code == 403
    for username in ("lanhdao", "xa.chilang", "chuthe.nachilang"):
        assert "Chỉ cơ quan tham mưu OCOP cấp tỉnh" in messages(decide(as_user(username), idea, "approve"))
    assert decide(as_user("tinh.caobang"), idea, "approve").status_code == 404
    # A decision on an older version of the plan is refused; then approved once, not twice.
    assert "Bản ghi đã được sửa" in messages(decide(staff, idea, "approve", version=opened))
    submitted = BusinessPlan.objects.get(idea=idea).version
    decide(staff, idea, "approve")
    # The same decision sent again from the page it was made on (a second click): refused.
    response = decide(staff, idea, "approve", version=submitted)
    assert "Bản ghi đã được sửa" in messages(response) and "'submitted' → 'approved'" in messages(response)
    # From a page loaded after it: the plan is approved, there is nothing to decide.
    response = decide(staff, idea, "approve")
    assert "Không thực hiện được khi phương án đang ở bước «Tỉnh đã phê duyệt»" in messages(response)
    assert Product.objects.filter(name="Mứt na Chi Lăng").count() == 1
    assert Review.objects.filter(idea=idea, stage="plan").count() == 1


def test_bad_plan_numbers_are_refused_in_vietnamese(idea: Idea, as_user: Callable[[str], Client]) -> None:
    producer = as_user("chuthe.nachilang")
    for changes, message in (
        ({"revenue": "chín trăm triệu"}, "Giá trị không hợp lệ"),
        ({"revenue": "²"}, "Giá trị không hợp lệ"),
        ({"investment": "-5"}, "Nhỏ quá giới hạn cho phép"),
        ({"revenue": str(10**16)}, "Lớn quá giới hạn cho phép"),
        ({"labour": "1e9"}, "Giá trị không hợp lệ"),
        ({"output": "x" * 300}, "Dài quá giới hạn cho phép"),
    ):
        response = write(producer, idea, **changes)
        assert response.status_code == 400 and message in text(response), changes
    assert not BusinessPlan.objects.filter(idea=idea).exists()


def test_no_plan_before_the_commune_forwards_the_idea(
    demo: dict[str, Any], as_user: Callable[[str], Client]
) -> None:
    fields = IdeaFields(name="Bánh na", scorecard_number=6, origin="new", description="Bánh nhân na")
    waiting = register_idea(demo["chuthe.nachilang"], fields)
    assert as_user("chuthe.nachilang").get(f"/y-tuong/{waiting.pk}/phuong-an/").status_code == 403
    response = write(as_user("chuthe.nachilang"), waiting)
    assert "Không thực hiện được khi ý tưởng đang ở bước «Chờ UBND xã xem xét»" in text(response)
    assert not BusinessPlan.objects.exists() or not BusinessPlan.objects.filter(idea=waiting).exists()


# --- what the province requires before filing --------------------------------------------------------


def _draft_of_new_product(demo: dict[str, Any]) -> Dossier:
    """A product the producer registered itself (no idea, no plan), its draft with both forms."""
    producer = demo["chuthe.nachilang"]
    client = Client()
    client.force_login(producer)
    client.post("/chu-the/san-pham/them/", {"name": "Nem chua Chi Lăng", "scorecard_number": "8"})
    product = Product.objects.get(name="Nem chua Chi Lăng")
    dossier = dossiers.start_dossier(producer, product, "first")
    for kind in ("form01", "form02"):
        dossiers.add_document(producer, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
    return dossier


def test_a_first_evaluation_needs_an_approved_plan_by_default(
    demo: dict[str, Any], as_user: Callable[[str], Client]
) -> None:
    from cycle_data import approved_plan

    producer = as_user("chuthe.nachilang")
    dossier = _draft_of_new_product(demo)
    page = text(producer.get(f"/ho-so/{dossier.pk}/"))
    assert "Tỉnh yêu cầu trước khi nộp" in page and "«Nem chua Chi Lăng» chưa có phương án" in page
    response = producer.post(f"/ho-so/{dossier.pk}/nop/", follow=True)
    assert "Tỉnh yêu cầu phương án sản xuất kinh doanh của sản phẩm được phê duyệt" in messages(response)
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT and dossier.filed_on is None
    approved_plan(dossier.product, demo["chuthe.nachilang"], demo["xa.chilang"], demo["tinh"])
    assert "Tỉnh yêu cầu trước khi nộp" not in text(producer.get(f"/ho-so/{dossier.pk}/"))
    producer.post(f"/ho-so/{dossier.pk}/nop/")
    dossier.refresh_from_db()
    assert dossier.state == State.FILED


def test_the_province_sets_what_is_required_before_filing(
    demo: dict[str, Any], as_user: Callable[[str], Client]
) -> None:
    staff = as_user("tinh")
    page = text(staff.get("/chu-trinh/cai-dat/"))
    assert "Mặc định (tỉnh chưa lưu lựa chọn riêng)" in page and "Quyết định 26/2026/QĐ-TTg" in page
    # The leader reads the settings; only the staff changes them.
    assert "Lưu cài đặt" not in text(as_user("lanhdao").get("/chu-trinh/cai-dat/"))
    assert as_user("lanhdao").post("/chu-trinh/cai-dat/", {"version": 0}).status_code == 403
    for username in ("xa.chilang", "chuthe.nachilang", "hoidong1", "trunguong"):
        assert as_user(username).get("/chu-trinh/cai-dat/").status_code == 403, username
    response = staff.post("/chu-trinh/cai-dat/", {"plan_before_filing": ["bogus"], "version": 0})
    assert response.status_code == 400 and "Lựa chọn không hợp lệ" in text(response)
    assert not CycleSettings.objects.exists()
    # Lạng Sơn drops the plan and asks for the self-assessment instead.
    data = {"self_assessment_before_filing": ["first"], "basis": "Văn bản của tỉnh", "version": 0}
    assert staff.post("/chu-trinh/cai-dat/", data).status_code == 302
    stored = CycleSettings.objects.get(province__code=20)
    assert (stored.plan_before_filing, stored.self_assessment_before_filing) == ([], ["first"])
    # A second page opened on the defaults is stale now.
    response = staff.post("/chu-trinh/cai-dat/", {"plan_before_filing": ["first"], "version": 0})
    assert response.status_code == 400 and "Bản ghi đã được sửa trong lúc bạn mở trang" in text(response)

    producer = as_user("chuthe.nachilang")
    dossier = _draft_of_new_product(demo)
    response = producer.post(f"/ho-so/{dossier.pk}/nop/", follow=True)
    assert "Tỉnh yêu cầu tự chấm điểm trên hệ thống" in messages(response)
    assert "phương án" not in messages(response)
    card = dossier.scorecard
    best = {f"c:{c.id}": max(c.options, key=lambda o: o.points or 0).id for c in card.criteria()}
    assert producer.post(f"/ho-so/{dossier.pk}/tu-cham-diem/", {**best, "version": 0}).status_code == 302
    producer.post(f"/ho-so/{dossier.pk}/nop/")
    dossier.refresh_from_db()
    assert dossier.state == State.FILED
    # Cao Bằng keeps the defaults.
    assert "Mặc định" in text(as_user("tinh.caobang").get("/chu-trinh/cai-dat/"))


def test_an_upgrade_needs_no_plan_by_default(demo: dict[str, Any]) -> None:
    from ocop.ideas.gates import filing_refusals, requirements_for

    required = requirements_for(demo["tinh"].province_id)
    assert required.plan_before_filing == {"first"} and not required.recorded
    producer = Product.objects.get(name="Na Chi Lăng").producer
    unplanned = Product.objects.create(
        producer=producer, name="Sản phẩm chưa có phương án", scorecard_number=1
    )
    dossier = Dossier(product=unplanned, commune=producer.commune)
    for kind, refused in (("first", 1), ("upgrade", 0), ("rerating", 0)):
        dossier.kind = kind
        assert len(filing_refusals(dossier)) == refused, kind
