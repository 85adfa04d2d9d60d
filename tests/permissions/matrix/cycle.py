"""The objects of issue 13's pages for one province, each in the state its rightful actor acts on:
support (a programme, an application waiting, one approved with money left to pay, a consultant, a
development plan), market checks (a finding under follow-up, its evidence), self-declarations (one the
inspection has not checked yet), revocation by list (a stopped producer's certificate on the list, a
list waiting for the leader, one decided), and a commune's plan and report."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\x8c\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# The producers of each province (the support programme's applicants).
PRODUCERS_OF = {
    20: frozenset({"chuthe.nachilang", "chuthe.hoivanquan", "chuthe.ruoumauson", "chuthe.khaunhuc"}),
    4: frozenset({"chuthe.mienquanglam"}),
}
# The commune officers of each province.
COMMUNES_OF = {20: frozenset({"xa.chilang", "xa.vanquan"}), 4: frozenset({"xa.quanglam"})}


def cycle_objects(side: Any, user: Any, product: Any, inspection: Any) -> dict[str, Any]:
    """`user(name)` gives an account, `product(name)` a new product of the owner; `inspection` is the
    province's hậu kiểm record."""
    from ocop.certificates.services import decision_number_for
    from ocop.lifecycle import batch_revocation, market
    from ocop.lifecycle.demo import make_certificate
    from ocop.lifecycle.market_models import MarketEvidence
    from ocop.programme import commune_reports
    from ocop.programme.models import Plan
    from ocop.support import development, services

    today = timezone.localdate()
    staff, leader, owner = user(side.staff), user(side.leader), user(side.owner)
    programme = services.create_programme(
        staff,
        title=f"Hỗ trợ bao bì ({side.name})",
        kind="packaging",
        legal_basis="Nghị quyết 08/2025/NQ-HĐND",
        funding_source="provincial",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
        budget=100_000_000,
        max_per_application=30_000_000,
        max_share_percent=50,
    )
    waiting = services.apply(
        owner, programme, activity="Thiết kế nhãn", cost=20_000_000, requested=10_000_000, token=uuid.uuid4()
    )
    approved = services.apply(
        owner,
        programme,
        activity="In hộp",
        cost=40_000_000,
        requested=20_000_000,
        token=uuid.uuid4(),
        product=product(f"Sản phẩm được hỗ trợ ({side.name})"),
    )
    services.decide(staff, approved, approve=True, granted=20_000_000, reasons="")
    services.disburse(staff, approved, amount=5_000_000, paid_on=today, reference="UNC 1", token=uuid.uuid4())

    consultant = development.register_consultant(
        staff,
        name=f"Tư vấn ({side.name})",
        kind="organisation",
        specialities=["packaging"],
        qualifications="10 năm",
    )
    plan = development.create_plan(
        staff,
        title=f"Đề án sản phẩm ({side.name})",
        starts_on=today,
        ends_on=today + timedelta(days=365),
        target_products=3,
    )
    item = development.add_item(
        staff, plan, product=product(f"Sản phẩm trong đề án ({side.name})"), action="develop", target_star=3
    )

    check = market.record_market_check(
        staff,
        checked_on=today - timedelta(days=1),
        place_kind="shop",
        place=f"Cửa hàng kiểm tra ({side.name})",
        address="Số 1 đường Chợ",
        inspectors="Đoàn kiểm tra",
    )
    finding = market.record_finding(
        staff,
        check,
        product_label="Sản phẩm gắn nhãn OCOP",
        claimed_star=4,
        follow_up="Gỡ nhãn",
        follow_up_deadline=today + timedelta(days=10),
        evidence=[("anh.png", io.BytesIO(PNG), len(PNG))],
    )
    declaration = market.record_declaration(
        owner,
        owner.producer.products.order_by("pk").first(),
        number=f"TCB-{side.code}",
        declared_on=today,
        standard="TCCS 01",
        document=("tcb.pdf", io.BytesIO(PDF), len(PDF)),
    )
    # A declaration of the inspected product that the inspection has not checked yet.
    inspected = inspection.certificate.product
    market.record_declaration(
        staff,
        inspected,
        number=f"TCB-HK-{side.code}",
        declared_on=today,
        standard="TCCS 02",
        document=("tcb2.pdf", io.BytesIO(PDF), len(PDF)),
    )

    def certified(name: str, days: int) -> Any:
        return make_certificate(
            product(name),
            star=3,
            signed_on=today - timedelta(days=days),
            decision_number=f"{side.code}{days}/QĐ-UBND",
            signer=leader,
        )

    stopped = [certified(f"Sản phẩm ngừng sản xuất {n} ({side.name})", 300 + n) for n in range(3)]
    for c in stopped:
        batch_revocation.record_production_stop(
            staff,
            c.product.producer,
            kind="stopped",
            product=c.product,
            confirmed_on=today - timedelta(days=2),
            reference="12/UBND",
        )
    proposed = batch_revocation.propose_batch(
        staff, "stopped", [stopped[1].pk], note="Ngừng sản xuất", token=uuid.uuid4()
    )
    decided = batch_revocation.propose_batch(
        staff, "stopped", [stopped[2].pk], note="Ngừng sản xuất", token=uuid.uuid4()
    )
    batch_revocation.decide_batch(
        leader,
        decided,
        number=decision_number_for(leader, today),
        decided_on=today,
        signer_title="Phó Chủ tịch",
    )

    officer = user(side.commune)
    last_year = commune_reports.submit(
        officer,
        kind="annual",
        year=today.year - 1,
        number=commune_reports.next_number(officer.commune, today),
        submitted_on=today,
        results="Kết quả năm trước",
    )
    return {
        "support_programme": programme,
        "waiting_application": waiting,
        "approved_application": approved,
        "consultant": consultant,
        "devplan": plan,
        "devplan_item": item,
        "market_check": check,
        "market_finding": finding,
        "market_evidence": MarketEvidence.objects.filter(finding=finding).get(),
        "declaration": declaration,
        "revocation_batch": proposed,
        "decided_batch": decided,
        "commune_report": last_year,
        "commune_plan": Plan.objects.filter(commune=officer.commune_id).first(),
    }
