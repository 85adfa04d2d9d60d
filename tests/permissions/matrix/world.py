"""Two provinces with an object of every kind, each in the state in which its rightful actor may act.

The demo (`load_demo(pipeline=True)`) gives Lạng Sơn most of them and Cao Bằng a few; `build_world`
adds the rest through the services, for both provinces alike, so that every action of the table has a
target in each province on which its rightful actor succeeds (the matrix checks it does: a refusal
that any role would get proves nothing).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from .cycle import cycle_objects

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
FOUR = {
    "raw_materials": "Nguyên liệu tại xã",
    "labour": "Lao động địa phương",
    "idea_origin": "Sản phẩm truyền thống",
    "local_identity": "Giống bản địa",
}


@dataclass(frozen=True)
class Side:
    """One province and who is who there, for the objects `build_world` gives it."""

    name: str
    code: int
    owner: str  # the producer of the dossiers, products and certificate
    commune: str  # the officer of the owner's commune
    staff: str
    leader: str
    members: frozenset[str]  # the scoring members of the province's council
    secretary: str
    inspected: frozenset[str]  # the producer whose certificate was inspected, and its commune's officer
    marker: str  # the scheduled product's name: only its readers may see it in a work page
    candidate: tuple[str, str]  # (username, name) of a council-role user not yet on the council

    @property
    def council(self) -> frozenset[str]:
        return self.members | {self.secretary}

    @property
    def province(self) -> frozenset[str]:
        return frozenset({self.staff, self.leader})

    @property
    def readers(self) -> frozenset[str]:
        """Who reads the owner's dossier once it is on the council's agenda."""
        return self.reported_readers | self.council

    @property
    def filed_readers(self) -> frozenset[str]:
        """Who reads a dossier filed at the commune (the province has it once the commune reports)."""
        return frozenset({self.owner, self.commune})

    @property
    def reported_readers(self) -> frozenset[str]:
        return self.filed_readers | self.province


LANG_SON = Side(
    "Lạng Sơn",
    20,
    owner="chuthe.nachilang",
    commune="xa.chilang",
    staff="tinh",
    leader="lanhdao",
    members=frozenset({"hoidong1", "hoidong2", "hoidong3"}),
    secretary="thuky",
    inspected=frozenset({"chuthe.khaunhuc"}),  # Khâu nhục's commune has no officer account
    marker="Na sấy dẻo Chi Lăng",
    candidate=("hoidong4", "Hoàng Thị Mới (Sở Tài chính)"),
)
CAO_BANG = Side(
    "Cao Bằng",
    4,
    owner="chuthe.mienquanglam",
    commune="xa.quanglam",
    staff="tinh.caobang",
    leader="lanhdao.caobang",
    members=frozenset({"hoidong.caobang"}),
    secretary="thuky.caobang",
    inspected=frozenset({"chuthe.mienquanglam", "xa.quanglam"}),
    marker="Thạch đen Quảng Lâm",
    candidate=("hoidong2.caobang", "Nông Văn Mới (Sở Công Thương Cao Bằng)"),
)
SIDES = (LANG_SON, CAO_BANG)

USERS = [
    "admin",
    "tinh",
    "lanhdao",
    "thuky",
    "hoidong1",
    "hoidong2",
    "hoidong3",
    "xa.chilang",
    "xa.vanquan",
    "trunguong",
    "chuthe.nachilang",
    "chuthe.hoivanquan",
    "chuthe.ruoumauson",
    "chuthe.khaunhuc",
    "tinh.caobang",
    "lanhdao.caobang",
    "thuky.caobang",
    "hoidong.caobang",
    "xa.quanglam",
    "chuthe.mienquanglam",
]
COMMUNE_OFFICERS = frozenset(u for u in USERS if u.startswith("xa."))
ANONYMOUS = "-"
CENTRAL = frozenset({"trunguong"})
PRODUCERS = frozenset(u for u in USERS if u.startswith("chuthe."))
EVERYONE = frozenset({ANONYMOUS, *USERS})
SIGNED_IN = frozenset(USERS)
ALL_STAFF = frozenset({s.staff for s in SIDES})
PROVINCIAL_OFFICIALS = frozenset(u for s in SIDES for u in s.province)
# One account per role, for the hostile-input test ("as each role"): the Lạng Sơn insiders.
ONE_PER_ROLE = (
    ANONYMOUS,
    "admin",
    "chuthe.nachilang",
    "xa.chilang",
    "tinh",
    "lanhdao",
    "hoidong2",
    "thuky",
    "trunguong",
)


@dataclass
class World:
    """The objects of each side, by the names the page table uses."""

    objects: dict[int, dict[str, Any]] = field(default_factory=dict)

    def of(self, side: Side) -> dict[str, Any]:
        return self.objects[side.code]


def _user(username: str) -> Any:
    from ocop.accounts.models import User

    return User.objects.get(username=username)


def _product(side: Side, name: str, scorecard: int = 7) -> Any:
    """A new product of the owner, with an approved business plan (the province's default asks one
    before a first evaluation is filed: ocop.ideas.gates)."""
    from ocop.ideas.demo import record_approved_plan
    from ocop.producers.models import Product

    owner = _user(side.owner)
    product = Product.objects.create(
        producer_id=owner.producer_id, name=name, rulebook_id="26-2026", scorecard_number=scorecard
    )
    record_approved_plan(product)
    return product


def _dossier(side: Side, name: str, until: str, scorecard: int = 7) -> Any:
    """A new product of the owner with its dossier taken through the steps up to `until`."""
    from ocop.dossiers import services as d

    steps = ["draft", "documents", "filed", "reported", "complete"]
    if until == "returned":
        dossier = _dossier(side, name, "reported", scorecard)
        d.return_for_completion(_user(side.staff), dossier, "Bổ sung phiếu kiểm nghiệm")
        dossier.refresh_from_db()
        return dossier
    owner = _user(side.owner)
    dossier = d.start_dossier(owner, _product(side, name, scorecard), "first")
    for step in steps[1 : steps.index(until) + 1]:
        if step == "documents":
            for kind in ("form01", "form02"):
                d.add_document(owner, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
        elif step == "filed":
            d.file_dossier(owner, dossier)
        elif step == "reported":
            d.commune_report(_user(side.commune), dossier, report_number=d.report_number_for(dossier), **FOUR)
        elif step == "complete":
            d.accept(_user(side.staff), dossier)
    dossier.refresh_from_db()
    return dossier


def _scored_by_all(side: Side, item: Any) -> None:
    from ocop.councils.services import save_sheet
    from ocop.demo.pipeline import answers_for_band

    for member in sorted(side.members):
        save_sheet(_user(member), item, answers_for_band(item.dossier.scorecard, 3), [], submit=True)


def build_world() -> World:
    """Load the demo and give both provinces every object the table names."""
    from ocop.demo.load import load_demo

    load_demo(pipeline=True)
    world = World()
    for side in SIDES:
        world.objects[side.code] = _side_objects(side)
    return world


def _side_objects(side: Side) -> dict[str, Any]:
    from ocop.accounts.models import Role, User
    from ocop.catalogue.services import save_sales_point
    from ocop.certificates.models import Certificate
    from ocop.certificates.services import decision_number_for, sign_decision
    from ocop.councils.models import Council, SessionItem
    from ocop.councils.services import add_member, close_session, create_session, schedule
    from ocop.dossiers.models import Dossier
    from ocop.lifecycle import services as life
    from ocop.lifecycle.demo import make_certificate
    from ocop.lifecycle.models import InspectionPlan, InspectionRecord, Revocation
    from ocop.national.models import PartnerToken
    from ocop.programme import services as prog
    from ocop.programme.models import Plan
    from ocop.registers.columns import COLUMNS
    from ocop.registers.services import upload
    from ocop.stamps.demo import DEMO_GTIN
    from ocop.stamps.services import clone_rule, record_scan, request_stamps

    today = timezone.localdate()
    staff, leader = _user(side.staff), _user(side.leader)
    province_id = staff.province_id
    council = Council.objects.get(province_id=province_id)
    username, full_name = side.candidate
    User.objects.create(
        username=username, full_name=full_name, role=Role.COUNCIL_MEMBER, province_id=province_id
    )

    # The dossier on the council's agenda (Lạng Sơn: the demo's), and the session it is on.
    if side is LANG_SON:
        scheduled = Dossier.objects.get(product__name=side.marker)
        item = SessionItem.objects.get(dossier=scheduled)
        session = item.session
    else:
        scheduled = _dossier(side, side.marker, "complete")
        session = create_session(staff, council, today + timedelta(days=21), place="Hội trường UBND tỉnh")
        item = schedule(staff, scheduled, session)
    # A member who has scored nothing yet: the staff may take them off the council.
    newcomer = User.objects.create(
        username=f"thanhvien.{side.code}",
        full_name="Lò Văn Tạm",
        role=Role.COUNCIL_MEMBER,
        province_id=province_id,
    )
    membership = add_member(staff, council, newcomer, "member", scores=False)

    # The owner's certificate (Lạng Sơn: Na Chi Lăng; Cao Bằng: the 4★ miến dong).
    certificate = Certificate.objects.filter(
        product__producer__users__username=side.owner, status=Certificate.Status.VALID
    ).get()

    # A session whose every sheet is in (the secretary may close it), and one closed (a result waits
    # for the leader's decision).
    ready = create_session(staff, council, today + timedelta(days=22), place="Phòng họp số 2")
    _scored_by_all(
        side, schedule(staff, _dossier(side, f"Sản phẩm chờ kết thúc ({side.name})", "complete"), ready)
    )
    past = create_session(staff, council, today + timedelta(days=23), place="Phòng họp số 3")
    scored = _dossier(side, f"Sản phẩm đã chấm ({side.name})", "complete")
    signed = _dossier(side, f"Sản phẩm đã công nhận ({side.name})", "complete")
    for dossier in (scored, signed):
        _scored_by_all(side, schedule(staff, dossier, past))
    close_session(_user(side.secretary), past)
    decision = sign_decision(
        leader,
        [signed],
        number=decision_number_for(leader, today),
        signed_on=today,
        signer_title="Phó Chủ tịch",
    )

    forwarded = _dossier(side, f"Sản phẩm đề nghị trung ương ({side.name})", "reported")
    Dossier.objects.filter(pk=forwarded.pk).update(state="forwarded", level="central")
    # back from the central council below 5★: the province's leader may have it evaluated again
    central_returned = _dossier(side, f"Sản phẩm trung ương trả về ({side.name})", "reported")
    Dossier.objects.filter(pk=central_returned.pk).update(state="central_returned")

    # A revocation proposed, and one decided.
    to_revoke = make_certificate(
        _product(side, f"Sản phẩm bị đề nghị thu hồi ({side.name})"),
        star=3,
        signed_on=today - timedelta(days=100),
        decision_number=f"{side.code}77/QĐ-UBND",
        signer=leader,
    )
    revocation = life.propose_revocation(staff, to_revoke, ground="b", note="Không duy trì tiêu chí")
    decided = Revocation.objects.filter(
        certificate__product__producer__commune__province_id=province_id, status=Revocation.Status.DECIDED
    ).first()
    if decided is None:
        revoked = make_certificate(
            _product(side, f"Sản phẩm bị thu hồi ({side.name})"),
            star=3,
            signed_on=today - timedelta(days=200),
            decision_number=f"{side.code}78/QĐ-UBND",
            signer=leader,
        )
        decided = life.propose_revocation(staff, revoked, ground="b", note="Không duy trì tiêu chí")
        life.decide_revocation(
            leader,
            decided,
            number=decision_number_for(leader, today),
            decided_on=today,
            signer_title="Phó Chủ tịch",
        )

    plan = InspectionPlan.objects.filter(province_id=province_id).first() or life.create_plan(
        staff, year=today.year, title=f"Kế hoạch hậu kiểm {today.year}", number="5/KH"
    )
    inspection = InspectionRecord.objects.filter(
        certificate__product__producer__commune__province_id=province_id
    ).first()
    if inspection is None:
        inspection = life.record_inspection(
            staff,
            certificate,
            inspected_on=today - timedelta(days=3),
            inspectors="Chi cục PTNT",
            checks={"raw_materials": ("ok", "")},
            findings="Duy trì tốt",
        )

    sales_point = save_sales_point(
        staff, {"name": f"Điểm bán OCOP {side.name}", "address": "Số 2 đường Mẫu", "active": True}, []
    )
    programme = Plan.objects.filter(
        province_id=province_id, commune__isnull=True
    ).first() or prog.create_plan(
        staff, year=today.year, title=f"Kế hoạch OCOP {side.name}", reference="", issued_on=None, notes=""
    )
    target = programme.targets.first() or prog.set_target(staff, programme, "count_4star", Decimal(3))
    event = prog.create_event(
        staff,
        kind="fair",
        title=f"Hội chợ OCOP {side.name}",
        starts_on=today,
        ends_on=today,
        place="Quảng trường",
    )
    course = prog.create_course(
        staff,
        title=f"Tập huấn OCOP {side.name}",
        starts_on=today,
        ends_on=today,
        place="Hội trường",
        organiser="Chi cục PTNT",
        content="Quy trình đánh giá",
    )
    attendance = prog.add_attendee(staff, course, person=_user(side.commune), attended=False)

    heading = ",".join(c.heading for c in COLUMNS) + "\n"
    batch = upload(staff, "so-theo-doi.csv", heading.encode() + b"x\n")

    # Traceability stamps of the owner's certified product, one of them scanned like a clone, and the
    # province's partner token (the demo seeds one per province).
    stamp_batch = request_stamps(
        actor=_user(side.owner),
        product=certificate.product,
        lot=f"MATRAN{side.code}",
        quantity=3,
        produced_on=today - timedelta(days=5),
        expires_on=today + timedelta(days=200),
        gtin=DEMO_GTIN,
    )
    stamp, *_, clone = list(stamp_batch.stamps.order_by("pk"))
    for _ in range(clone_rule().min_scans):
        record_scan(clone)

    # issue 13: support, market checks, revocation by list, communes (matrix/cycle.py)
    cycle = cycle_objects(side, _user, lambda name: _product(side, name), inspection)

    return {
        **cycle,
        "dossier": scheduled,
        "document": scheduled.documents.first(),
        "product": scheduled.product,
        "fresh_product": _product(side, f"Sản phẩm mới ({side.name})"),
        "filed": _dossier(side, f"Sản phẩm đã nộp ({side.name})", "filed"),
        # returned for completion: the producer adds documents, and the commune and province read it
        "returned": _dossier(side, f"Sản phẩm trả lại để hoàn thiện ({side.name})", "returned"),
        "reported": _dossier(side, f"Sản phẩm xã đã đánh giá ({side.name})", "reported"),
        "complete": _dossier(side, f"Sản phẩm đầy đủ hồ sơ ({side.name})", "complete"),
        "forwarded": forwarded,
        "central_returned": central_returned,
        # card 21 (handicrafts) has a condition of its own the assisting team records (§7)
        "handicraft": _dossier(side, f"Sản phẩm thủ công ({side.name})", "reported", scorecard=21),
        "scored": scored,
        "leader": leader,
        "council": council,
        "candidate": User.objects.get(username=username),
        "membership": membership,
        "session": session,
        "item": item,
        "ready_session": ready,
        "decision": decision,
        "certificate": certificate,
        "revocation": revocation,
        "decided_revocation": decided,
        "inspection_plan": plan,
        "inspection": inspection,
        "sales_point": sales_point,
        "plan": programme,
        "target": target,
        "event": event,
        "course": course,
        "attendance": attendance,
        "import_batch": batch,
        "stamp_batch": stamp_batch,
        "stamp": stamp,
        "clone": clone,
        "partner_token": PartnerToken.objects.filter(province_id=province_id).first(),
        **_cycle_objects(side, scored),
    }


# The cycle's first steps in the owner's commune, from the demo (ideas.demo): (an idea waiting for the
# commune, one with a draft plan, one whose plan waits for the province, a survey line, the draft
# dossier of an approved plan's product).
CYCLE = {
    LANG_SON.code: (
        "Mứt na Chi Lăng",
        "Na sấy giòn Chi Lăng",
        "Gà đồi Văn Quan",
        "Na Chi Lăng",
        "Gà đồi Chi Lăng",
    ),
    CAO_BANG.code: (
        "Bánh khảo Quảng Lâm",
        "Miến dong lứt Quảng Lâm",
        "Bột dong riềng Quảng Lâm",
        "Dong riềng",
        "Thạch đen sấy Quảng Lâm",
    ),
}


def _cycle_objects(side: Side, scored: Any) -> dict[str, Any]:
    """Ideas and plans at the steps their actors act on, the survey line, the self-assessed draft with
    a criterion still without evidence, and a scored dossier for the gap page (Lạng Sơn: the demo's
    recognised Na Chi Lăng, self-assessed before filing)."""
    from ocop.dossiers.models import CriterionEvidence, Dossier
    from ocop.ideas.models import Idea, PotentialProduct

    waiting, draft_plan, submitted_plan, survey, draft_product = CYCLE[side.code]
    draft = Dossier.objects.get(product__name=draft_product)
    with_evidence = set(CriterionEvidence.objects.filter(dossier=draft).values_list("criterion", flat=True))
    return {
        "idea": Idea.objects.get(name=waiting),
        "idea_with_draft_plan": Idea.objects.get(name=draft_plan),
        "idea_with_submitted_plan": Idea.objects.get(name=submitted_plan),
        "survey": PotentialProduct.objects.get(commune=_user(side.commune).commune_id, name=survey),
        "draft_dossier": draft,
        "evidence": CriterionEvidence.objects.filter(dossier=draft).first(),
        "free_criterion": next(c.id for c in draft.scorecard.criteria() if c.id not in with_evidence),
        "gap_dossier": Dossier.objects.get(product__name="Na Chi Lăng") if side is LANG_SON else scored,
    }
