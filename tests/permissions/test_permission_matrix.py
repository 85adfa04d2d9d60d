"""Every role against every page and action, in its own area and in another, through real HTTP requests.

The objects are all in Lạng Sơn (commune Chi Lăng where a commune matters), so Cao Bằng's accounts
and Văn Quan's officer are always "another area". For each page the table says who may open it;
everyone else must be refused (403, 404, 405 or a redirect), never shown the page. Lists that every
official of a role may open must not show another area's records (`MARKER`). Every action is then
posted by everyone who may not take it, and the database must be unchanged afterwards.

A page added to the urls without a row here fails `test_every_page_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ocop.accounts.models import User
from ocop.certificates.models import Certificate, Decision
from ocop.councils.models import Council, Membership, SessionItem
from ocop.demo.load import load_demo
from ocop.dossiers.models import Dossier
from ocop.national.models import PartnerToken
from ocop.stamps.models import Stamp, StampBatch

# A Chi Lăng product on a Lạng Sơn session: nobody outside its producer, commune, province and
# council may read its name in a work page.
MARKER = "Na sấy dẻo Chi Lăng"

LANG_SON = [
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
]
CAO_BANG = [
    "tinh.caobang",
    "lanhdao.caobang",
    "thuky.caobang",
    "hoidong.caobang",
    "xa.quanglam",
    "chuthe.mienquanglam",
]
USERS = LANG_SON + CAO_BANG
ANONYMOUS = "-"

# Who is who, in the area of the objects.
OWNER = {"chuthe.nachilang"}
COMMUNE = {"xa.chilang"}
STAFF = {"tinh"}
LEADER = {"lanhdao"}
PROVINCE = STAFF | LEADER
MEMBERS = {"hoidong1", "hoidong2", "hoidong3"}
SECRETARY = {"thuky"}
COUNCIL = MEMBERS | SECRETARY
CENTRAL = {"trunguong"}
PRODUCERS = {u for u in USERS if u.startswith("chuthe.")}
COMMUNE_OFFICERS = {u for u in USERS if u.startswith("xa.")}
OFFICIALS_BY_ROLE = {
    "province_staff": {"tinh", "tinh.caobang"},
    "province_leader": {"lanhdao", "lanhdao.caobang"},
    "commune_officer": {"xa.chilang", "xa.vanquan", "xa.quanglam"},
    "council_member": {"hoidong1", "hoidong2", "hoidong3", "hoidong.caobang"},
    "council_secretary": {"thuky", "thuky.caobang"},
}
EVERYONE = {ANONYMOUS, *USERS}
SIGNED_IN = set(USERS)


def objects() -> dict[str, Any]:
    scheduled = Dossier.objects.get(product__name=MARKER)
    item = SessionItem.objects.get(dossier=scheduled)
    council = Council.objects.get(province__code=20)
    from ocop.catalogue.models import SalesPoint
    from ocop.lifecycle.models import InspectionPlan, InspectionRecord, Revocation
    from ocop.programme.models import Attendance, Course, Event, Plan
    from ocop.registers.columns import COLUMNS
    from ocop.registers.services import upload

    heading = ",".join(c.heading for c in COLUMNS) + "\n"
    batch = upload(User.objects.get(username="tinh"), "so-theo-doi.csv", heading.encode() + b"x\n")
    plan = Plan.objects.get(province__code=20)
    course = Course.objects.filter(province__code=20).first()
    return {
        "dossier": scheduled,
        "document": scheduled.documents.first(),
        "product": scheduled.product,
        "council": council,
        "membership": Membership.objects.filter(council=council, user__username="hoidong3").get(),
        "session": item.session,
        "item": item,
        "decision": Decision.objects.filter(province__code=20).first(),
        "certificate": Certificate.objects.get(dossier__product__name="Na Chi Lăng"),
        "revocation": Revocation.objects.filter(
            certificate__product__producer__commune__province__code=20
        ).first(),
        "inspection_plan": InspectionPlan.objects.filter(province__code=20).first(),
        "inspection": InspectionRecord.objects.filter(
            certificate__product__producer__commune__province__code=20
        ).first(),
        "sales_point": SalesPoint.objects.filter(province__code=20).first(),
        "plan": plan,
        "target": plan.targets.first(),
        "event": Event.objects.filter(province__code=20).first(),
        "course": course,
        "attendance": Attendance.objects.filter(course=course).first(),
        "import_batch": batch,
        "stamp_batch": StampBatch.objects.get(product__name="Na Chi Lăng"),
        "stamp": Stamp.objects.filter(batch__product__name="Na Chi Lăng", flagged_at__isnull=True).first(),
        "clone": Stamp.objects.get(flagged_at__isnull=False),
        "partner_token": PartnerToken.objects.get(province__code=20),
        **cycle_objects(),
    }


def cycle_objects() -> dict[str, Any]:
    """The cycle's first steps in Chi Lăng (ideas.demo): an idea waiting for the commune, one with a
    draft plan, one whose plan waits for the province, a survey line, the draft dossier of an approved
    plan's product with its evidence, and the recognised dossier with a self-assessment."""
    from ocop.dossiers.models import CriterionEvidence
    from ocop.ideas.models import Idea, PotentialProduct

    draft = Dossier.objects.get(product__name="Gà đồi Chi Lăng")
    return {
        "idea": Idea.objects.get(name="Mứt na Chi Lăng"),
        "idea_with_draft_plan": Idea.objects.get(name="Na sấy giòn Chi Lăng"),
        "idea_with_submitted_plan": Idea.objects.get(name="Gà đồi Văn Quan"),
        "survey": PotentialProduct.objects.get(commune__code=6463, name="Na Chi Lăng"),
        "draft_dossier": draft,
        "evidence": CriterionEvidence.objects.filter(dossier=draft).first(),
        "recognised_dossier": Dossier.objects.get(product__name="Na Chi Lăng"),
    }


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: Callable[[dict[str, Any]], dict[str, Any]]
    sees: frozenset[str]  # who gets the page (200) on GET; everyone else is refused
    acts: frozenset[str] | None = None  # a POST action: everyone outside `acts` posts it; nothing may change
    query: str = ""
    # On a list that others may open too: a text of the Lạng Sơn object that only `insiders` may see.
    marker: Callable[[dict[str, Any]], str] | None = None
    insiders: frozenset[str] = frozenset()


def page(
    name: str,
    sees: set[str],
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    *,
    acts: set[str] | None = None,
    query: str = "",
    marker: Callable[[dict[str, Any]], str] | None = None,
    insiders: set[str] = frozenset(),  # type: ignore[assignment]
) -> Page:
    return Page(
        name,
        kwargs or (lambda w: {}),
        frozenset(sees),
        None if acts is None else frozenset(acts),
        query,
        marker,
        frozenset(insiders),
    )


def pk(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda w: {"pk": w[key].pk}


def pk_and(key: str, inner: str, inner_key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda w: {"pk": w[key].pk, inner: w[inner_key].pk}


def dossier_name(w: dict[str, Any]) -> str:
    return MARKER


def certificate_number(w: dict[str, Any]) -> str:
    return str(w["certificate"].number)


def idea_name(w: dict[str, Any]) -> str:
    return str(w["idea"].name)


def survey_name(w: dict[str, Any]) -> str:
    return "Na Chi Lăng"


DOSSIER_READERS = OWNER | COMMUNE | PROVINCE | COUNCIL
PROVINCIAL_OFFICIALS = {"tinh", "tinh.caobang", "lanhdao", "lanhdao.caobang"}
WORK_DESKS = PROVINCIAL_OFFICIALS | CENTRAL  # dashboards, plans, reports
NOBODY: set[str] = set()

PAGES: list[Page] = [
    # public pages
    page("home", EVERYONE),
    page("rulebooks", EVERYONE),
    page("rulebook", EVERYONE, lambda w: {"rulebook_id": "26-2026"}),
    page("scorecard", EVERYONE, lambda w: {"rulebook_id": "26-2026", "number": 1}),
    page("login", EVERYONE),
    page("producer_signup", EVERYONE, acts=EVERYONE),  # creates an account: not posted here
    page("verify_lookup", EVERYONE),
    page("verify", EVERYONE, lambda w: {"code": w["certificate"].code}),
    page("revoked_public", EVERYONE),
    page("catalogue", EVERYONE),
    page("catalogue_product", EVERYONE, lambda w: {"pk": w["certificate"].product_id}),
    # Public while the product is listed and has a photo; the demo has none, so 404 for everyone
    # (tests/catalogue/test_catalogue_photos.py serves one).
    page("catalogue_photo", NOBODY, lambda w: {"pk": w["certificate"].product_id}),
    page("salespoint_list", EVERYONE),
    page("salespoint", EVERYONE, pk("sales_point")),
    # producer portal and dossiers
    page("workspace", NOBODY),  # a redirect to each role's first page
    page("producer_home", PRODUCERS, marker=dossier_name, insiders=OWNER),
    page("product_create", PRODUCERS, acts=PRODUCERS),
    page("dossier_start", OWNER, lambda w: {"product_pk": w["product"].pk}, acts=OWNER),
    # Every account may open its list of dossiers; each sees only its own area's.
    page("dossier_list", SIGNED_IN, marker=dossier_name, insiders=DOSSIER_READERS),
    page("dossier_detail", DOSSIER_READERS, pk("dossier")),
    page("document_upload", NOBODY, pk("dossier"), acts=OWNER),
    page("document_download", DOSSIER_READERS, pk_and("dossier", "document_pk", "document")),
    page("dossier_file", NOBODY, pk("dossier"), acts=OWNER),
    page("dossier_withdraw", NOBODY, pk("dossier"), acts=OWNER),
    # The step forms open for whoever reads the dossier; only the right role and step may post.
    page("commune_assess", DOSSIER_READERS, pk("dossier"), acts=COMMUNE),
    page("commune_report_pdf", DOSSIER_READERS, pk("dossier")),
    page("dossier_return", DOSSIER_READERS, pk("dossier"), acts=COMMUNE | STAFF),
    page("dossier_accept", NOBODY, pk("dossier"), acts=STAFF),
    page("dossier_central_accept", NOBODY, pk("dossier"), acts=CENTRAL),
    page("dossier_reevaluate", NOBODY, pk("dossier"), acts=LEADER),
    page("inspection_record", DOSSIER_READERS, pk("dossier"), acts=STAFF),
    page("exemptions_record", DOSSIER_READERS, pk("dossier"), acts=STAFF),
    # councils, scoring, decisions
    page("council_list", {"tinh", "tinh.caobang"} | CENTRAL),
    page("council_detail", STAFF, pk("council"), acts=STAFF),
    page("member_remove", NOBODY, pk_and("council", "member_pk", "membership"), acts=STAFF),
    page("session_list", {"tinh", "tinh.caobang", "thuky", "thuky.caobang"} | CENTRAL),
    page("session_detail", STAFF | SECRETARY, pk("session"), acts=STAFF | SECRETARY),
    page("session_schedule", NOBODY, pk("session"), acts=STAFF),
    page("session_unschedule", NOBODY, pk_and("session", "item_pk", "item"), acts=STAFF),
    page("session_close", NOBODY, pk("session"), acts=SECRETARY),
    # Every council seat has the page; a secretary who does not score finds it empty.
    page(
        "my_scoring",
        MEMBERS | SECRETARY | {"hoidong.caobang", "thuky.caobang"},
        marker=dossier_name,
        insiders=MEMBERS,
    ),
    page("score_sheet", MEMBERS, pk("item"), acts=MEMBERS),
    page("decision_queue", {"lanhdao", "lanhdao.caobang"} | CENTRAL, acts=LEADER | CENTRAL),
    page("decision_detail", PROVINCE, pk("decision")),
    page("decision_pdf", PROVINCE, pk("decision")),
    page("certificate_detail", PROVINCE | CENTRAL | OWNER | COMMUNE, pk("certificate")),
    page("certificate_pdf", PROVINCE | CENTRAL | OWNER | COMMUNE, pk("certificate")),
    # certificate life
    page(
        "certificate_register",
        SIGNED_IN,
        marker=certificate_number,
        insiders=PROVINCE | CENTRAL | OWNER | COMMUNE,
    ),
    page("lifecycle_certificate", PROVINCE | CENTRAL | OWNER | COMMUNE, pk("certificate")),
    page("lifecycle_follow_up", NOBODY, pk("certificate"), acts=OWNER),
    page("revocation_propose", NOBODY, pk("certificate"), acts=STAFF | CENTRAL),
    page("inspection_new", STAFF | CENTRAL, pk("certificate"), acts=STAFF | CENTRAL),
    page("revocation_list", PROVINCIAL_OFFICIALS | CENTRAL),
    page("revocation_detail", PROVINCE | CENTRAL, pk("revocation"), acts=LEADER | CENTRAL),
    page("revocation_pdf", PROVINCE | CENTRAL, pk("revocation")),
    page("inspection_list", PROVINCIAL_OFFICIALS | CENTRAL),
    page("inspection_plan", PROVINCE, pk("inspection_plan"), acts=STAFF),
    # The inspected producer reads its own inspection record.
    page("inspection_detail", PROVINCE | CENTRAL | {"chuthe.khaunhuc"}, pk("inspection")),
    # catalogue editing
    page("catalogue_story_edit", STAFF, lambda w: {"pk": w["certificate"].product_id}, acts=STAFF),
    page("salespoint_create", {"tinh", "tinh.caobang"}, acts={"tinh", "tinh.caobang"}),
    page("salespoint_edit", STAFF, pk("sales_point"), acts=STAFF),
    # programme
    page("dashboard", WORK_DESKS),
    page("plan_list", WORK_DESKS, acts={"tinh", "tinh.caobang"}),
    page("plan_detail", PROVINCE | CENTRAL, pk("plan"), acts=STAFF),
    page("target_delete", NOBODY, pk_and("plan", "target_pk", "target"), acts=STAFF),
    page("event_list", WORK_DESKS, acts={"tinh", "tinh.caobang"}),
    page("event_detail", PROVINCE | CENTRAL, pk("event"), acts=STAFF),
    page("course_detail", PROVINCE | CENTRAL, pk("course"), acts=STAFF),
    page("attendance_toggle", NOBODY, pk_and("course", "attendance_pk", "attendance"), acts=STAFF),
    page("revenue", WORK_DESKS, acts={"tinh", "tinh.caobang"}),
    # reports and registers
    page("reports", WORK_DESKS),
    page("report_excel", WORK_DESKS, query="?kind=annual&year=2026"),
    page("report_pdf", WORK_DESKS, query="?kind=annual&year=2026"),
    page("register_import", {"tinh", "tinh.caobang"}, acts={"tinh", "tinh.caobang"}),
    page("register_template", {"tinh", "tinh.caobang"}),
    page("register_preview", STAFF, pk("import_batch"), acts=STAFF),
    # the cycle's first steps: ideas, plans, the survey, the province's settings (ocop.ideas)
    page(
        "idea_list",
        PRODUCERS | COMMUNE_OFFICERS | PROVINCIAL_OFFICIALS,
        marker=idea_name,
        insiders=OWNER | COMMUNE | PROVINCE,
    ),
    page("idea_create", PRODUCERS | COMMUNE_OFFICERS, acts=PRODUCERS | COMMUNE_OFFICERS),
    page("idea_detail", OWNER | COMMUNE | PROVINCE, pk("idea")),
    page("idea_edit", OWNER, pk("idea"), acts=OWNER),
    page("idea_review", NOBODY, pk("idea"), acts=COMMUNE),
    page("plan_edit", OWNER, pk("idea_with_draft_plan"), acts=OWNER),
    page("plan_review", NOBODY, pk("idea_with_submitted_plan"), acts=STAFF),
    page(
        "survey_list",
        COMMUNE_OFFICERS | PROVINCIAL_OFFICIALS,
        acts=COMMUNE_OFFICERS,
        marker=survey_name,
        insiders=COMMUNE | PROVINCE,
    ),
    page("survey_edit", COMMUNE, pk("survey"), acts=COMMUNE),
    page("cycle_settings", PROVINCIAL_OFFICIALS, acts={"tinh", "tinh.caobang"}),
    # the self-assessment: the producer's while the dossier is a draft; readers see it and the gap
    page("self_assessment", OWNER, pk("draft_dossier"), acts=OWNER),
    page("evidence_upload", NOBODY, pk("draft_dossier"), acts=OWNER),
    page("evidence_remove", NOBODY, pk_and("draft_dossier", "link_pk", "evidence"), acts=OWNER),
    page("self_assessment_gap", DOSSIER_READERS, pk("recognised_dossier")),
    # the national link: partners' tokens, the national export, traceability stamps
    page("token_list", {"tinh", "tinh.caobang"}, acts={"tinh", "tinh.caobang"}),
    page("token_revoke", NOBODY, pk("partner_token"), acts=STAFF),
    page("national_export", WORK_DESKS),
    page(
        "stamp_list",
        PRODUCERS | WORK_DESKS,
        marker=lambda w: w["stamp_batch"].lot,
        insiders=OWNER | PROVINCE | CENTRAL,
    ),
    page("stamp_request", PRODUCERS, acts=PRODUCERS),
    page("stamp_batch", OWNER | PROVINCE | CENTRAL, pk("stamp_batch")),
    page("stamp_sheet_pdf", OWNER | PROVINCE | CENTRAL, pk("stamp_batch")),
    page("stamp_flags", WORK_DESKS, marker=lambda w: w["clone"].serial, insiders=PROVINCE | CENTRAL),
    page("stamp_scan", EVERYONE, lambda w: {"serial": w["stamp"].serial}),
    page(
        "stamp_scan_gs1",
        EVERYONE,
        lambda w: {"gtin": w["stamp_batch"].gtin, "lot": w["stamp_batch"].lot, "serial": w["stamp"].serial},
    ),
]
NOT_IN_MATRIX = {"logout"}  # signing out is open to all and changes nothing but the session
# The API (/api/v1/, names "api_…" and its schema and docs) has its own matrix of every operation
# against every kind of token: tests/national/test_api.py.
API_NAMES = {"openapi-json", "openapi-view", "api-root"}
REFUSED = {302, 403, 404, 405}


def _walk(patterns: list[Any]) -> list[str]:
    names = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name != "admin":
                names += _walk(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name:
            names.append(p.name)
    return names


def test_every_page_is_in_the_matrix() -> None:
    names = {n for n in _walk(get_resolver().url_patterns) if not n.startswith("api_")} - API_NAMES
    assert names - NOT_IN_MATRIX == {p.name for p in PAGES}


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    load_demo(pipeline=True)
    return objects()


def _clients() -> dict[str, Client]:
    clients = {ANONYMOUS: Client()}
    for user in User.objects.filter(username__in=USERS):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    assert len(clients) == len(USERS) + 1
    return clients


def _fingerprint() -> dict[str, Any]:
    """What an action could change: how many rows each of our models has, and the states that move."""
    counts = {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m.__module__.startswith("ocop.") and m._meta.label != "accounts.User"
    }
    states = {
        label: sorted(model.objects.values_list("pk", field))
        for label, model, field in [
            ("dossier", Dossier, "state"),
            ("certificate", Certificate, "status"),
            ("session_item", SessionItem, "withdrawn"),
        ]
    }
    return {**counts, **states, "members": sorted(Membership.objects.values_list("pk", "user_id"))}


def _text(response: Any) -> str:
    if "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode()


def test_every_role_sees_only_what_it_may(world: dict[str, Any]) -> None:
    clients = _clients()
    wrong = []
    for p in PAGES:
        url = reverse(p.name, kwargs=p.kwargs(world)) + p.query
        marker = p.marker(world) if p.marker else None
        for username, client in clients.items():
            response = client.get(url)
            status = response.status_code
            if username in p.sees and status != 200:
                wrong.append(f"{p.name}: {username} should see it, got {status}")
            elif username not in p.sees and status not in REFUSED:
                wrong.append(f"{p.name}: {username} should be refused, got {status}")
            elif marker and status == 200 and username not in p.insiders and marker in _text(response):
                wrong.append(f"{p.name}: {username} sees another area's {marker!r}")
            elif marker and username in p.insiders and marker not in _text(response):
                wrong.append(f"{p.name}: {username} should see {marker!r} (else the check proves nothing)")
    assert not wrong, "\n".join(wrong)


def test_every_action_refused_to_everyone_else_changes_nothing(world: dict[str, Any]) -> None:
    # A refusal may re-render the page with its message (200) or answer 400/403/404/405; what
    # matters is that the database is exactly as before, checked after each page's posts.
    clients = _clients()
    before = _fingerprint()
    wrong = []
    for p in PAGES:
        if p.acts is None:
            continue
        url = reverse(p.name, kwargs=p.kwargs(world)) + p.query
        for username, client in clients.items():
            if username in p.acts:
                continue
            status = client.post(url, {"reasons": "x", "action": "submit"}).status_code
            if status >= 500:
                wrong.append(f"{p.name}: POST by {username} failed with {status}")
        after = _fingerprint()
        if after != before:
            changed = sorted(k for k in after if after[k] != before.get(k))
            wrong.append(f"{p.name}: a refused POST changed {changed}")
            before = after
    assert not wrong, "\n".join(wrong)
