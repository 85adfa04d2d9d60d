"""Every page, who may open it and who may take its action, for the objects of either province.

`sees(side)` is who gets the page (200) on GET for that province's objects; everyone else must be
refused (403, 404, 405 or a redirect). `acts(side)` is who may take the page's POST action; everyone
else posts the action's real form and the database must stay exactly as it was; `actor(side)`, one of
them, posts it too and must change something (else the refusals prove nothing). A page whose address
and answers are the same for both provinces is visited once. A page added to the urls without a row
here fails `test_every_page_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cycle import COMMUNES_OF, PRODUCERS_OF
from .world import (
    ALL_STAFF,
    CENTRAL,
    COMMUNE_OFFICERS,
    EVERYONE,
    PDF,
    PRODUCERS,
    PROVINCIAL_OFFICIALS,
    SIGNED_IN,
    Side,
)

Roles = Callable[[Side], frozenset[str]]
Kwargs = Callable[[dict[str, Any]], dict[str, Any]]
NOBODY: frozenset[str] = frozenset()


def fixed(users: frozenset[str]) -> Roles:
    return lambda side: users


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: Kwargs
    sees: Roles
    acts: Roles | None = None  # a POST action: everyone else posts its form; nothing may change
    actor: Callable[[Side], str] | None = None  # who takes it for real (default: the side's staff)
    body: Callable[[dict[str, Any]], dict[str, Any]] = lambda w: {}  # overrides of the rendered form
    button: str | None = None  # which submit button (its value) when the form has several
    form_from: str | None = None  # the page that renders the action's form, when not the page itself
    # The query string of the GET (formatted with the side's province code as {code}).
    query: str = ""
    # On a list others may open too: a text of the province's object that only `insiders` may see.
    marker: Callable[[Side, dict[str, Any]], str] | None = None
    insiders: Roles | None = None
    # Query parameters the view reads (the hostile-input test sends bad values to each).
    params: tuple[str, ...] = ()
    per_side: bool = True  # False: the same page and answers for both provinces
    changes: bool = True  # False: a POST only shows the page again (its actor changes nothing either)


def pk(key: str) -> Kwargs:
    return lambda w: {"pk": w[key].pk}


def pk_and(key: str, inner: str, inner_key: str) -> Kwargs:
    return lambda w: {"pk": w[key].pk, inner: w[inner_key].pk}


def public(name: str, kwargs: Kwargs | None = None, **extra: Any) -> Page:
    return page(name, fixed(EVERYONE), kwargs, per_side=extra.pop("per_side", kwargs is None), **extra)


def page(name: str, sees: Roles, kwargs: Kwargs | None = None, **extra: Any) -> Page:
    return Page(name, kwargs or (lambda w: {}), sees, **extra)


def marker(side: Side, w: dict[str, Any]) -> str:
    return side.marker


def certificate_number(side: Side, w: dict[str, Any]) -> str:
    return str(w["certificate"].number)


def owner(side: Side) -> str:
    return side.owner


def commune(side: Side) -> str:
    return side.commune


def leader(side: Side) -> str:
    return side.leader


def secretary(side: Side) -> str:
    return side.secretary


def central(side: Side) -> str:
    return "trunguong"


def pdf(name: str = "phieu.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def register_csv() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.registers.columns import COLUMNS

    heading = ",".join(c.heading for c in COLUMNS) + "\n"
    return SimpleUploadedFile("so.csv", heading.encode() + b"y\n", content_type="text/csv")


def readers(s: Side) -> frozenset[str]:
    return s.readers


def province(s: Side) -> frozenset[str]:
    return s.province


def staff(s: Side) -> frozenset[str]:
    return frozenset({s.staff})


def certificate_readers(s: Side) -> frozenset[str]:
    return s.province | CENTRAL | {s.owner, s.commune}


WORK_DESKS = PROVINCIAL_OFFICIALS | CENTRAL  # dashboards, plans, reports
# Support and self-declaration pages: producers, communes, provincial officials, the centre.
SUPPORT_ROLES = PRODUCERS | COMMUNE_OFFICERS | WORK_DESKS

PAGES: list[Page] = [
    # public pages
    public("home"),
    public("rulebooks"),
    public("rulebook", lambda w: {"rulebook_id": "26-2026"}, per_side=False),
    public("scorecard", lambda w: {"rulebook_id": "26-2026", "number": 1}, per_side=False),
    public("login", params=("next",)),
    public("producer_signup", acts=fixed(EVERYONE)),  # creates an account: not posted here
    # One's own account (ocop.accounts). The second-factor step and the app set-up without a password
    # step just done send back to sign in; the demo's leaders, central staff and admin already have an
    # app, whose replacement needs a session signed in with it (force_login is not).
    page("second_factor", fixed(NOBODY), acts=fixed(EVERYONE), per_side=False),
    page("account", fixed(SIGNED_IN), per_side=False),
    page("enrol", fixed(SIGNED_IN - {"lanhdao", "lanhdao.caobang", "trunguong", "admin"}), per_side=False),
    page("recovery_codes", fixed(NOBODY), acts=fixed(NOBODY), changes=False, per_side=False),
    page("two_factor_off", fixed(NOBODY), acts=fixed(NOBODY), changes=False, per_side=False),
    page("password_change", fixed(SIGNED_IN), per_side=False),
    public("password_reset"),
    public("password_reset_done"),
    public("password_reset_confirm", lambda w: {"uidb64": "MQ", "token": "not-a-token"}, per_side=False),
    public("password_reset_complete"),
    page("admin_login", fixed(NOBODY), per_side=False),  # a redirect to the sign-in page
    public("verify_lookup", params=("ma",)),
    public("verify", lambda w: {"code": w["certificate"].code}),
    public("revoked_public"),
    public("catalogue", params=("q", "tinh", "sao", "nhom", "trang")),
    public("catalogue_product", lambda w: {"pk": w["certificate"].product_id}),
    # Public while the product is listed and has a photo; the demo has none, so 404 for everyone
    # (tests/catalogue/test_catalogue_photos.py serves one).
    page("catalogue_photo", fixed(NOBODY), lambda w: {"pk": w["certificate"].product_id}),
    public("salespoint_list", params=("q", "tinh", "xa", "trang")),
    public("salespoint", pk("sales_point")),
    # producer portal and dossiers
    page("workspace", fixed(NOBODY), per_side=False),  # a redirect to each role's first page
    page("producer_home", fixed(PRODUCERS), marker=marker, insiders=lambda s: frozenset({s.owner})),
    page(
        "product_create",
        fixed(PRODUCERS),
        acts=fixed(PRODUCERS),
        actor=owner,
        body=lambda w: {"name": "Sản phẩm thử nghiệm"},
        per_side=False,
    ),
    page(
        "dossier_start",
        lambda s: frozenset({s.owner}),
        lambda w: {"product_pk": w["fresh_product"].pk},
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        body=lambda w: {"previous_certificate": ""},
    ),
    # Every account may open its list of dossiers; each sees only its own area's.
    page("dossier_list", fixed(SIGNED_IN), marker=marker, insiders=readers, params=("trang-thai",)),
    page("dossier_detail", readers, pk("dossier")),
    page(
        "document_upload",
        fixed(NOBODY),
        pk("returned"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        body=lambda w: {"kind": "form01", "file": pdf()},
        form_from="dossier_detail",
    ),
    page("document_download", readers, pk_and("dossier", "document_pk", "document")),
    page(
        "dossier_file",
        fixed(NOBODY),
        pk("returned"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        form_from="dossier_detail",
    ),
    page(
        "dossier_withdraw",
        fixed(NOBODY),
        pk("filed"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        form_from="dossier_detail",
    ),
    # The step forms open for whoever reads the dossier; only the right role and step may post.
    page(
        "commune_assess",
        lambda s: s.filed_readers,
        pk("filed"),
        acts=lambda s: frozenset({s.commune}),
        actor=commune,
    ),
    page("commune_report_pdf", readers, pk("dossier")),
    page(
        "dossier_return",
        lambda s: s.reported_readers,
        pk("reported"),
        acts=lambda s: frozenset({s.commune, s.staff}),
    ),
    page("dossier_accept", fixed(NOBODY), pk("reported"), acts=staff, form_from="dossier_detail"),
    page(
        "dossier_central_accept",
        fixed(NOBODY),
        pk("forwarded"),
        acts=fixed(CENTRAL),
        actor=central,
        form_from="dossier_detail",
    ),
    page(
        "dossier_reevaluate",
        fixed(NOBODY),
        pk("central_returned"),
        acts=lambda s: frozenset({s.leader}),
        actor=leader,
        form_from="dossier_detail",
    ),
    page("inspection_record", lambda s: s.reported_readers, pk("reported"), acts=staff),
    page("exemptions_record", lambda s: s.reported_readers, pk("handicraft"), acts=staff),
    # councils, scoring, decisions
    page("council_list", fixed(ALL_STAFF | CENTRAL), per_side=False),
    page(
        "council_detail",
        staff,
        pk("council"),
        acts=staff,
        body=lambda w: {"user": str(w["candidate"].pk), "organisation": "Sở Tài chính"},
    ),
    page(
        "member_remove",
        fixed(NOBODY),
        pk_and("council", "member_pk", "membership"),
        acts=staff,
        form_from="council_detail",
    ),
    page(
        "session_list",
        fixed(ALL_STAFF | CENTRAL | {"thuky", "thuky.caobang"}),
        acts=lambda s: frozenset({s.staff}) | CENTRAL,
        body=lambda w: {"meets_on": _in_days(30), "council": str(w["council"].pk)},
    ),
    page(
        "session_detail",
        lambda s: frozenset({s.staff, s.secretary}),
        pk("session"),
        acts=lambda s: frozenset({s.staff, s.secretary}),
        changes=False,
    ),
    page(
        "session_schedule",
        fixed(NOBODY),
        pk("session"),
        acts=staff,
        body=lambda w: {"dossier": str(w["complete"].pk)},
        form_from="session_detail",
    ),
    page(
        "session_unschedule",
        fixed(NOBODY),
        pk_and("session", "item_pk", "item"),
        acts=staff,
        form_from="session_detail",
    ),
    page(
        "session_close",
        fixed(NOBODY),
        pk("ready_session"),
        acts=lambda s: frozenset({s.secretary}),
        actor=secretary,
        form_from="session_detail",
    ),
    # Every council seat has the page; a secretary who does not score finds it empty.
    page(
        "my_scoring",
        fixed(frozenset({"hoidong1", "hoidong2", "hoidong3", "thuky", "hoidong.caobang", "thuky.caobang"})),
        marker=marker,
        insiders=lambda s: s.members,
        per_side=False,
    ),
    page(
        "score_sheet",
        lambda s: s.members,
        pk("item"),
        acts=lambda s: s.members,
        actor=lambda s: sorted(s.members)[-1],
        button="save",
    ),
    page(
        "decision_queue",
        lambda s: frozenset({"lanhdao", "lanhdao.caobang"}) | CENTRAL,
        acts=lambda s: frozenset({s.leader}) | CENTRAL,
        actor=leader,
        body=lambda w: {"dossiers": [str(w["scored"].pk)]},  # the number: the one the form proposes
    ),
    page("decision_detail", province, pk("decision")),
    page("decision_pdf", province, pk("decision")),
    page("certificate_detail", certificate_readers, pk("certificate")),
    page("certificate_pdf", certificate_readers, pk("certificate")),
    # certificate life
    page(
        "certificate_register",
        fixed(SIGNED_IN),
        marker=certificate_number,
        insiders=certificate_readers,
        params=("loc", "thang"),
    ),
    page("lifecycle_certificate", certificate_readers, pk("certificate")),
    page(
        "lifecycle_follow_up",
        fixed(NOBODY),
        pk("certificate"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        button="upgrade",
        form_from="lifecycle_certificate",
    ),
    page(
        "revocation_propose",
        fixed(NOBODY),
        pk("certificate"),
        acts=lambda s: frozenset({s.staff}) | CENTRAL,
        form_from="lifecycle_certificate",
        body=lambda w: {"inspection": None},
    ),
    page(
        "inspection_new",
        lambda s: frozenset({s.staff}) | CENTRAL,
        pk("certificate"),
        acts=lambda s: frozenset({s.staff}) | CENTRAL,
        body=lambda w: {"check_raw_materials": "ok"},
        params=("ke-hoach",),
    ),
    page("revocation_list", fixed(PROVINCIAL_OFFICIALS | CENTRAL), per_side=False),
    page(
        "revocation_detail",
        lambda s: s.province | CENTRAL,
        pk("revocation"),
        acts=lambda s: frozenset({s.leader}) | CENTRAL,
        actor=leader,
        button="decide",
        body=lambda w: {"number": _next_decision_number(w)},
    ),
    page("revocation_pdf", lambda s: s.province | CENTRAL, pk("decided_revocation")),
    page(
        "inspection_list",
        fixed(PROVINCIAL_OFFICIALS | CENTRAL),
        acts=fixed(ALL_STAFF | CENTRAL),
        body=lambda w: {"year": "2027"},
        per_side=False,
    ),
    page("inspection_plan", province, pk("inspection_plan"), acts=staff),
    # The inspected producer reads its own inspection record.
    page("inspection_detail", lambda s: s.province | CENTRAL | s.inspected, pk("inspection")),
    # catalogue editing
    page("catalogue_story_edit", staff, lambda w: {"pk": w["certificate"].product_id}, acts=staff),
    page(
        "salespoint_create",
        fixed(ALL_STAFF),
        acts=fixed(ALL_STAFF),
        body=lambda w: {"commune": "", "phone": "02053800000"},
        per_side=False,
    ),
    page("salespoint_edit", staff, pk("sales_point"), acts=staff, body=lambda w: {"phone": "02053800000"}),
    # programme
    page("dashboard", fixed(WORK_DESKS), params=("tinh",), per_side=False),
    # ?tinh= is a scope: another province's officials are refused, whatever the code
    page("dashboard", lambda s: s.province | CENTRAL, query="?tinh={code}"),
    # Communes keep plans of their own (and read their province's).
    page(
        "plan_list",
        fixed(WORK_DESKS | COMMUNE_OFFICERS),
        acts=fixed(ALL_STAFF | COMMUNE_OFFICERS),
        body=lambda w: {"year": "2031"},
        per_side=False,
    ),
    page(
        "plan_detail",
        lambda s: s.province | CENTRAL | COMMUNES_OF[s.code],
        pk("plan"),
        acts=staff,
        body=lambda w: {"value": "5"},
    ),
    page(
        "plan_detail",
        lambda s: s.province | CENTRAL | {s.commune},
        pk("commune_plan"),
        acts=lambda s: frozenset({s.commune}),
        actor=commune,
        body=lambda w: {"value": "5"},
    ),
    page(
        "target_delete",
        fixed(NOBODY),
        pk_and("plan", "target_pk", "target"),
        acts=staff,
        form_from="plan_detail",
    ),
    page("event_list", fixed(WORK_DESKS), acts=fixed(ALL_STAFF), per_side=False),
    page("event_detail", lambda s: s.province | CENTRAL, pk("event"), acts=staff),
    page(
        "course_detail",
        lambda s: s.province | CENTRAL,
        pk("course"),
        acts=staff,
        body=lambda w: {"person": str(w["leader"].pk), "producer": None, "name": None},
    ),
    page(
        "attendance_toggle",
        fixed(NOBODY),
        pk_and("course", "attendance_pk", "attendance"),
        acts=staff,
        form_from="course_detail",
        body=lambda w: {"attended": "1"},
    ),
    page(
        "revenue",
        fixed(WORK_DESKS),
        acts=staff,
        body=lambda w: {"producer": str(w["product"].producer_id), "year": "2025", "amount": "100"},
    ),
    # reports and registers
    page("reports", fixed(WORK_DESKS), params=("kind", "year", "tu", "den", "tinh"), per_side=False),
    page("reports", lambda s: s.province | CENTRAL, query="?kind=annual&year=2026&tinh={code}"),
    page(
        "report_excel",
        fixed(WORK_DESKS),
        query="?kind=annual&year=2026",
        params=("kind", "year", "tu", "den", "tinh"),
        per_side=False,
    ),
    page("report_excel", lambda s: s.province | CENTRAL, query="?kind=annual&year=2026&tinh={code}"),
    page(
        "report_pdf",
        fixed(WORK_DESKS),
        query="?kind=six_month&year=2026",
        params=("kind", "year", "tu", "den", "tinh"),
        per_side=False,
    ),
    page(
        "register_import",
        fixed(ALL_STAFF),
        acts=fixed(ALL_STAFF),
        body=lambda w: {"tep": register_csv()},
        per_side=False,
    ),
    page("register_template", fixed(ALL_STAFF), per_side=False),
    # the national link: partners' tokens, the national export, traceability stamps
    page(
        "token_list",
        fixed(ALL_STAFF),
        acts=fixed(ALL_STAFF),
        body=lambda w: {"partner": "Hệ thống OCOP quốc gia", "scopes": ["register:read"], "valid_days": "30"},
        per_side=False,
    ),
    page("token_revoke", fixed(NOBODY), pk("partner_token"), acts=staff, form_from="token_list"),
    page("national_export", fixed(WORK_DESKS), params=("format", "since"), per_side=False),
    page(
        "stamp_list",
        fixed(PRODUCERS | WORK_DESKS),
        marker=lambda side, w: w["stamp_batch"].lot,
        insiders=lambda s: s.province | CENTRAL | {s.owner},
        params=("trang",),
    ),
    page(
        "stamp_request",
        fixed(PRODUCERS),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        body=lambda w: {
            "product": str(w["certificate"].product_id),
            "lot": "LOMOI1",
            "quantity": "2",
            "produced_on": _in_days(-1),
            "expires_on": _in_days(100),
            "gtin": "",
        },
    ),
    page("stamp_batch", lambda s: s.province | CENTRAL | {s.owner}, pk("stamp_batch"), params=("trang",)),
    page(
        "stamp_sheet_pdf",
        lambda s: s.province | CENTRAL | {s.owner},
        pk("stamp_batch"),
        params=("tu",),
    ),
    page(
        "stamp_flags",
        fixed(WORK_DESKS),
        marker=lambda side, w: w["clone"].serial,
        insiders=lambda s: s.province | CENTRAL,
        params=("trang",),
    ),
    public("stamp_scan", lambda w: {"serial": w["stamp"].serial}),
    public(
        "stamp_scan_gs1",
        lambda w: {"gtin": w["stamp_batch"].gtin, "lot": w["stamp_batch"].lot, "serial": w["stamp"].serial},
    ),
    page("register_preview", staff, pk("import_batch"), acts=staff, button="cancel", params=("loi", "trang")),
    # the cycle's first steps: ideas, business plans, the communes' survey, the province's settings
    page(
        "idea_list",
        fixed(PRODUCERS | COMMUNE_OFFICERS | PROVINCIAL_OFFICIALS),
        marker=lambda side, w: w["idea"].name,
        insiders=lambda s: s.filed_readers | s.province,
        params=("nam", "buoc"),
    ),
    page(
        "idea_create",
        fixed(PRODUCERS | COMMUNE_OFFICERS),
        acts=fixed(PRODUCERS | COMMUNE_OFFICERS),
        actor=owner,
        body=lambda w: {"product": "", "name": "Ý tưởng thử nghiệm"},
        per_side=False,
    ),
    page("idea_detail", lambda s: s.filed_readers | s.province, pk("idea")),
    page(
        "idea_edit",
        lambda s: frozenset({s.owner}),
        pk("idea"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
    ),
    page(
        "idea_review",
        fixed(NOBODY),
        pk("idea"),
        acts=lambda s: frozenset({s.commune}),
        actor=commune,
        form_from="idea_detail",
    ),
    page(
        "plan_edit",
        lambda s: frozenset({s.owner}),
        pk("idea_with_draft_plan"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        button="save",
    ),
    page("plan_review", fixed(NOBODY), pk("idea_with_submitted_plan"), acts=staff, form_from="idea_detail"),
    page(
        "survey_list",
        fixed(COMMUNE_OFFICERS | PROVINCIAL_OFFICIALS),
        acts=fixed(COMMUNE_OFFICERS),
        actor=commune,
        marker=lambda side, w: w["survey"].name,
        insiders=lambda s: frozenset({s.commune}) | s.province,
        params=("nam",),
    ),
    page(
        "survey_edit",
        lambda s: frozenset({s.commune}),
        pk("survey"),
        acts=lambda s: frozenset({s.commune}),
        actor=commune,
    ),
    # each province's staff saves its own province's choice: one page for both
    page("cycle_settings", fixed(PROVINCIAL_OFFICIALS), acts=fixed(ALL_STAFF), per_side=False),
    # the self-assessment: the producer's while the dossier is a draft; its readers see the gap
    page(
        "self_assessment",
        lambda s: frozenset({s.owner}),
        pk("draft_dossier"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
    ),
    page(
        "evidence_upload",
        fixed(NOBODY),
        pk("draft_dossier"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        form_from="self_assessment",
        body=lambda w: {"criterion": w["free_criterion"], "file": pdf("minh-chung.pdf")},
    ),
    page(
        "evidence_remove",
        fixed(NOBODY),
        pk_and("draft_dossier", "link_pk", "evidence"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        form_from="self_assessment",
    ),
    page("self_assessment_gap", readers, pk("gap_dossier")),
    # issue 13: producer support (objects: matrix/cycle.py)
    page(
        "support_programmes",
        fixed(SUPPORT_ROLES),
        acts=fixed(ALL_STAFF),
        body=lambda w: {"budget": "100.000.000", "max_per_application": "", "max_share_percent": ""},
        marker=lambda side, w: w["support_programme"].title,
        insiders=lambda s: PRODUCERS_OF[s.code] | COMMUNES_OF[s.code] | s.province | CENTRAL,
    ),
    page(
        "support_programme",
        lambda s: PRODUCERS_OF[s.code] | COMMUNES_OF[s.code] | s.province | CENTRAL,
        pk("support_programme"),
        acts=staff,
        body=lambda w: {"title": "Hỗ trợ bao bì, nhãn (sửa)"},
    ),
    page(
        "support_apply",
        lambda s: PRODUCERS_OF[s.code],
        pk("support_programme"),
        acts=lambda s: PRODUCERS_OF[s.code],
        actor=owner,
        body=lambda w: {"cost": "8.000.000", "requested": "4.000.000"},
    ),
    page("support_application", certificate_readers, pk("approved_application")),
    page(
        "support_decide",
        fixed(NOBODY),
        pk("waiting_application"),
        acts=staff,
        form_from="support_application",
    ),
    page(
        "support_disburse",
        fixed(NOBODY),
        pk("approved_application"),
        acts=staff,
        form_from="support_application",
        body=lambda w: {"amount": "1.000.000"},
    ),
    page(
        "support_withdraw",
        fixed(NOBODY),
        pk("waiting_application"),
        acts=lambda s: frozenset({s.owner}),
        actor=owner,
        form_from="support_application",
    ),
    page(
        "support_report",
        fixed(WORK_DESKS),
        query="?theo=producer",
        params=("theo", "nam", "chuong-trinh"),
        marker=lambda side, w: w["approved_application"].producer.name,
        insiders=lambda s: s.province | CENTRAL,
    ),
    page("support_report_excel", fixed(WORK_DESKS), params=("theo", "nam", "chuong-trinh"), per_side=False),
    page(
        "consultant_list",
        fixed(WORK_DESKS),
        acts=fixed(ALL_STAFF),
        body=lambda w: {"specialities": ["packaging"]},
        per_side=False,
    ),
    page(
        "consultant_detail",
        lambda s: s.province | CENTRAL,
        pk("consultant"),
        acts=staff,
        body=lambda w: {"product": ""},
    ),
    page("devplan_list", fixed(WORK_DESKS), acts=fixed(ALL_STAFF), per_side=False),
    page(
        "devplan_detail",
        lambda s: s.province | CENTRAL,
        pk("devplan"),
        acts=staff,
        body=lambda w: {"product": str(w["fresh_product"].pk), "consultant": ""},
    ),
    page(
        "devplan_item_remove",
        fixed(NOBODY),
        pk_and("devplan", "item_pk", "devplan_item"),
        acts=staff,
        form_from="devplan_detail",
    ),
    # market checks, self-declarations
    page(
        "market_list",
        fixed(WORK_DESKS),
        acts=fixed(ALL_STAFF),
        body=lambda w: {"url": ""},
        marker=lambda side, w: w["market_check"].place,
        insiders=lambda s: s.province | CENTRAL,
    ),
    page(
        "market_check",
        lambda s: s.province | CENTRAL,
        pk("market_check"),
        acts=staff,
        body=lambda w: {"certificate_reference": ""},
    ),
    page("market_finding", lambda s: s.province | CENTRAL, pk("market_finding"), acts=staff),
    page("market_evidence", lambda s: s.province | CENTRAL, pk("market_evidence")),
    page(
        "declaration_list",
        fixed(SUPPORT_ROLES),
        acts=fixed(PRODUCERS | ALL_STAFF),
        body=lambda w: {"document": pdf("tu-cong-bo.pdf")},
        marker=lambda side, w: w["declaration"].number,
        insiders=certificate_readers,
    ),
    page("declaration_file", certificate_readers, pk("declaration")),
    page(
        "declaration_check",
        fixed(NOBODY),
        pk("inspection"),
        acts=lambda s: frozenset({s.staff}) | CENTRAL,
        form_from="inspection_detail",
    ),
    # revocation by list
    page(
        "production_stops",
        fixed(COMMUNE_OFFICERS | PROVINCIAL_OFFICIALS),
        acts=fixed(COMMUNE_OFFICERS | ALL_STAFF),
        body=lambda w: {"product": ""},
        per_side=False,
    ),
    page("batch_list", fixed(PROVINCIAL_OFFICIALS), acts=fixed(ALL_STAFF), params=("loai",), per_side=False),
    page(
        "batch_detail",
        province,
        pk("revocation_batch"),
        acts=lambda s: frozenset({s.leader}),
        actor=leader,
        body=lambda w: {"number": _next_decision_number(w)},
    ),
    page("batch_pdf", province, pk("decided_batch")),
    # communes' reports
    page(
        "commune_reports",
        fixed(COMMUNE_OFFICERS | WORK_DESKS),
        acts=fixed(COMMUNE_OFFICERS),
        actor=commune,
        body=lambda w: {"kind": "annual"},
        marker=lambda side, w: f'href="/bao-cao-xa/{w["commune_report"].pk}/"',
        insiders=lambda s: s.province | CENTRAL | {s.commune},
    ),
    page("commune_report", lambda s: s.province | CENTRAL | {s.commune}, pk("commune_report"), acts=staff),
]
NOT_IN_MATRIX = {"logout"}  # signing out is open to all and changes nothing but the session


def _next_decision_number(w: dict[str, Any]) -> str:
    from django.utils import timezone

    from ocop.certificates.services import decision_number_for

    return decision_number_for(w["leader"], timezone.localdate())


def _in_days(days: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=days)).isoformat()


def url_of(p: Page, side: Side, objects: dict[str, Any]) -> str:
    from django.urls import reverse

    return reverse(p.name, kwargs=p.kwargs(objects)) + p.query.format(code=side.code)
