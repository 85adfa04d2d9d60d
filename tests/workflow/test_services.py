"""The whole cycle through the service layer: draft → filed → commune report → intake → session → scores
→ result → decision → certificate, with the refusals on the way."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate
from ocop.certificates.services import sign_decision
from ocop.core.process import State
from ocop.councils.models import Council
from ocop.councils.services import close_session, create_session, latest_send_date, save_sheet, schedule
from ocop.dossiers.services import (
    accept,
    add_document,
    commune_report,
    file_dossier,
    return_for_completion,
    start_dossier,
)
from ocop.errors import StepRefused
from ocop.producers.models import Product

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

FOUR = {
    "raw_materials": "100% na trồng tại xã Chi Lăng",
    "labour": "25 lao động địa phương",
    "idea_origin": "Sản phẩm truyền thống",
    "local_identity": "Giống na dai đặc sản Chi Lăng",
}


def best_answers(card: Any) -> dict[str, str]:
    return {
        c.id: max((o for o in c.options if o.points is not None), key=lambda o: o.points).id
        for c in card.criteria()
    }


def test_full_cycle_to_a_certificate(demo: dict[str, Any], pdf: Any) -> None:
    producer, officer, staff = demo["chuthe.nachilang"], demo["xa.chilang"], demo["tinh"]
    product = Product.objects.get(name="Na Chi Lăng")
    dossier = start_dossier(producer, product, "first")
    with pytest.raises(StepRefused, match="Hồ sơ còn thiếu"):
        file_dossier(producer, dossier)
    add_document(producer, dossier, "form01", "phieu-dang-ky.pdf", pdf(), len(PDF))
    add_document(producer, dossier, "form02", "bao-cao.pdf", pdf(), len(PDF))
    file_dossier(producer, dossier)
    assert dossier.state == State.FILED and dossier.rulebook_id == "26-2026"
    assert dossier.commune_deadline is not None

    with pytest.raises(StepRefused):  # another commune's officer
        commune_report(demo["xa.vanquan"], dossier, report_number="1/BC-UBND", **FOUR)
    commune_report(officer, dossier, report_number="12/BC-UBND", **FOUR)
    return_for_completion(staff, dossier, "Bổ sung phiếu kiểm nghiệm")
    assert dossier.state == State.RETURNED
    file_dossier(producer, dossier)
    commune_report(officer, dossier, report_number="13/BC-UBND", **FOUR)
    accept(staff, dossier)

    council = Council.objects.get(province__code=20)
    session = create_session(staff, council, date.today() + timedelta(days=14))
    with pytest.raises(StepRefused, match="Quá hạn"):
        schedule(staff, dossier, session, sent_on=session.meets_on - timedelta(days=1))
    item = schedule(staff, dossier, session, sent_on=latest_send_date(session))

    answers = best_answers(dossier.scorecard)
    save_sheet(demo["hoidong1"], item, {"1.1": answers["1.1"]}, [])  # a draft
    with pytest.raises(StepRefused, match="thiếu câu trả lời"):
        save_sheet(demo["hoidong1"], item, {"1.1": answers["1.1"]}, [], submit=True)
    with pytest.raises(StepRefused, match="chưa nộp"):
        close_session(demo["thuky"], session)
    for member in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[member], item, answers, [], submit=True)
    with pytest.raises(StepRefused, match="đã nộp"):
        save_sheet(demo["hoidong1"], item, answers, [])
    [result] = close_session(demo["thuky"], session)
    assert (result.total, result.star, result.forwarded_to) == (100, 5, "central")

    decision = sign_decision(
        demo["lanhdao"],
        [dossier],
        number="1234/QĐ-UBND",
        signed_on=date(2026, 12, 1),
        signer_title="Phó Chủ tịch",
    )
    dossier.refresh_from_db()
    assert (dossier.state, dossier.level) == (State.FORWARDED, "central")
    assert decision.items.get().outcome == "forwarded"
    assert not Certificate.objects.exists()  # a ≥ 90 product gets no 4★ certificate: it goes on to the centre
    actions = list(AuditEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert (
        actions[0] == "dossier.start" and "result.compute" in actions and actions[-1] == "decision.forwarded"
    )


def test_a_4_star_product_gets_a_36_month_certificate(demo: dict[str, Any], pdf: Any) -> None:
    producer, staff = demo["chuthe.ruoumauson"], demo["tinh"]
    product = Product.objects.get(name="Rượu Mẫu Sơn 29 độ")
    dossier = start_dossier(producer, product, "first")
    for kind in ("form01", "form02"):
        add_document(producer, dossier, kind, f"{kind}.pdf", pdf(), len(PDF))
    file_dossier(producer, dossier)
    # Mẫu Sơn is in its own commune: its officer is not in the demo, so the provincial staff cannot see it yet.
    assert not type(dossier).objects.filter(pk=dossier.pk, state=State.COMMUNE_REPORTED).exists()
    dossier.state = State.COMPLETE  # jump the commune step for this test
    dossier.save()
    session = create_session(staff, Council.objects.get(province__code=20), date.today() + timedelta(days=10))
    item = schedule(staff, dossier, session)
    card = dossier.scorecard
    # From the best form, lower criteria to their 4★ floor until the total falls into the 4★ band.
    answers, total = best_answers(card), 100
    for c in card.criteria():
        if total < 90:
            break
        best = max(o.points for o in c.options if o.points is not None)
        low = min(
            (o for o in c.options if o.points is not None and o.points >= (c.minimum_for(4) or 0)),
            key=lambda o: o.points,
        )
        answers[c.id], total = low.id, total - (best - low.points)
    assert 70 <= total < 90
    for member in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[member], item, answers, [], submit=True)
    [result] = close_session(demo["thuky"], session)
    assert (result.total, result.star, result.recognised_at) == (total, 4, "province")
    sign_decision(
        demo["lanhdao"], [dossier], number="99/QĐ-UBND", signed_on=date(2026, 8, 5), signer_title="Chủ tịch"
    )
    certificate = Certificate.objects.get()
    assert certificate.valid_until == date(2029, 8, 5)  # 36 months (rules.md §5.1, Lâm Đồng example)
    assert certificate.number == "001/2026/OCOP-20"
    assert len(certificate.code) == 12
