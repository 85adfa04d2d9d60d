"""Steps on a dossier, from the producer's draft to a complete dossier at the province.

Every step goes through the dossier's one write path (`workflow.lock_for` then `workflow.move`): the
row is locked, the step is checked on the stored row against `rules` (area, role, state), the state is
saved with update_fields and the audit event written in the same transaction; notices go after commit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop import versions
from ocop.accounts.models import Role, User
from ocop.areas.models import Commune
from ocop.audit.models import AuditEvent, record
from ocop.certificates.models import Certificate
from ocop.core.process import STATE_LABELS, State
from ocop.core.rulebooks import EVALUATION_KINDS, rulebook_for_filing, transition_deadline
from ocop.core.rulebooks.model import ChecklistItem, Scorecard
from ocop.core.scoring import AnswerError, MemberForm, score_form
from ocop.core.workdays import NATIONAL
from ocop.documents import CommuneReportDoc, Issuer, Representative, Signer
from ocop.errors import StepRefused
from ocop.ideas.gates import filing_refusals
from ocop.notifications import notify
from ocop.numbering import services as numbering
from ocop.producers.models import Producer, ProducerKind, Product

from . import rules
from .models import (
    CLOSED_STATES,
    CommuneAssessment,
    CompletionRequest,
    CriterionEvidence,
    Dossier,
    DossierDocument,
    SelfAssessment,
    SiteInspection,
)
from .self_assessment import SELF
from .uploads import MAX_BYTES, UploadRefused, check_upload, removed_on_failure
from .workflow import lock, lock_for, move

# Kinds of document that stand once: a new upload replaces the previous one (which is kept).
SINGLE_DOCUMENTS = {"form01", "form02"}
EVIDENCE = "evidence"  # the checklist item the per-criterion evidence files are kept under
REPORT_SYMBOL = "BC-UBND"  # the commune People's Committee's report (Mẫu 03; Decree 30/2020)


def _today() -> date:
    return timezone.localdate()


def checklist(dossier: Dossier) -> list[tuple[ChecklistItem, list[DossierDocument]]]:
    """Each checklist item of the dossier's rulebook and kind, with the current documents for it."""
    current = [d for d in dossier.documents.all() if not d.replaced]
    items = dossier.rulebook.checklists.get(dossier.kind, ())
    return [(item, [d for d in current if d.kind == item.code]) for item in items]


def upload_max_bytes() -> int:
    """The size limit of one uploaded file: `OCOP_UPLOAD_MAX_BYTES`, default 20 MB (uploads.MAX_BYTES)."""
    return int(getattr(settings, "OCOP_UPLOAD_MAX_BYTES", MAX_BYTES))


def missing_documents(dossier: Dossier) -> list[ChecklistItem]:
    return [item for item, docs in checklist(dossier) if item.required and not docs]


def has_open_dossier(product: Product) -> bool:
    return any(d.state not in CLOSED_STATES for d in product.dossiers.all())


def is_tourism(scorecard: Scorecard) -> bool:
    """Group VI of the classification (tourism services), read from the scorecard's own data."""
    return scorecard.classification.code.split(".")[0] == "VI"


def follow_up_certificates(product: Product) -> QuerySet[Certificate]:
    """Certificates of this product an upgrade or a re-rating may follow (not revoked, not replaced)."""
    return product.certificates.filter(status__in=rules.FOLLOW_UP_FROM)


@transaction.atomic
def start_dossier(
    user: User, product: Product, kind: str, previous_certificate: Certificate | None = None
) -> Dossier:
    rules.start_dossier.check(user, product)
    # Two starts at once must not leave two open dossiers: they queue on the product's row.
    product = Product.objects.select_for_update().select_related("producer__commune").get(pk=product.pk)
    if kind not in EVALUATION_KINDS:
        raise StepRefused(f"Loại đánh giá không hợp lệ: {kind}", "unknown evaluation kind")
    # Upgrade and re-rating start from the product's certificate (26/2026 Art. 6.1b–c, 7.5, 7.6).
    if kind == "first":
        previous_certificate = None
    elif previous_certificate is None:
        raise StepRefused(
            f"{EVALUATION_KINDS[kind]} cần giấy chứng nhận trước của sản phẩm",
            "an upgrade or re-rating needs the product's previous certificate",
        )
    elif not follow_up_certificates(product).filter(pk=previous_certificate.pk).exists():
        raise StepRefused(
            "Giấy chứng nhận không phải của sản phẩm này hoặc đã bị thu hồi/thay thế",
            "the certificate is not this product's, or it was revoked or replaced",
        )
    if kind == "upgrade" and previous_certificate and previous_certificate.star >= 5:
        raise StepRefused("Sản phẩm đã đạt hạng sao cao nhất", "the product already has the highest star")
    if has_open_dossier(product):
        raise StepRefused("Sản phẩm đã có hồ sơ đang xử lý", "the product already has a dossier in progress")
    rulebook = rulebook_for_filing(_today())
    # 5 samples, except tourism (26/2026 Art. 6.2d).
    samples = 0 if _product_is_tourism(product) else rulebook.samples or 0
    dossier = Dossier.objects.create(
        product=product,
        kind=kind,
        rulebook_id=rulebook.id,
        commune=product.producer.commune,
        samples=samples,
        previous_certificate=previous_certificate,
        created_by=user,
    )
    record(
        user,
        "dossier.start",
        dossier=dossier,
        kind=kind,
        rulebook=rulebook.id,
        previous_certificate=previous_certificate.number if previous_certificate else "",
    )
    return dossier


def _product_is_tourism(product: Product) -> bool:
    try:
        return is_tourism(product.scorecard)
    except KeyError:
        return False


def rerating_window(dossier: Dossier) -> tuple[date, date] | None:
    """For a re-rating: the first and last day to file, before the certificate's expiry (Art. 7.6)."""
    cert = dossier.previous_certificate
    window = dossier.rulebook.rerating_window_days
    if dossier.kind != "rerating" or cert is None or window is None:
        return None
    opens, closes = window
    return cert.valid_until - timedelta(days=opens), cert.valid_until - timedelta(days=closes)


@transaction.atomic
def add_document(
    user: User, dossier: Dossier, kind: str, name: str, stream: IO[bytes], size: int
) -> DossierDocument:
    """Check and keep an uploaded file. Each file is its own request, so nothing is lost if filing fails.
    The dossier's row is locked: a file cannot slip in while the dossier is being filed."""
    rules.upload_document.check(user, lock(dossier))
    codes = {item.code for item in dossier.rulebook.checklists.get(dossier.kind, ())}
    if kind not in codes:
        raise StepRefused(f"Loại tài liệu không hợp lệ: {kind}", "unknown document kind")
    try:
        checked = check_upload(name, stream, size, upload_max_bytes())
    except UploadRefused as e:
        vi, _, en = str(e).partition(" / ")
        raise StepRefused(vi, en) from None
    if kind in SINGLE_DOCUMENTS:
        dossier.documents.filter(kind=kind, replaced=False).update(replaced=True)
    document = DossierDocument(
        dossier=dossier,
        kind=kind,
        original_name=name[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    document.file.save(name, File(stream), save=False)
    with removed_on_failure(document.file):
        document.save()
        record(user, "document.add", dossier=dossier, kind=kind, name=name, sha256=checked.sha256)
    return document


# --- the self-assessment (Form 02 Part III) -------------------------------------------------------

MAX_DESCRIPTION = 2000  # the producer's words for one criterion


@transaction.atomic
def save_self_assessment(
    user: User,
    dossier: Dossier,
    answers: dict[str, str | None],
    descriptions: dict[str, str],
    seen: int | None,
) -> SelfAssessment:
    """The producer's answers and descriptions, on the dossier's own scorecard. A draft may leave
    criteria unanswered; an answer the card cannot take is refused, naming the criterion (the core
    checks it: `score_form`). `seen` is the version the form showed (0 before the first save)."""
    rules.self_assess.check(user, lock(dossier))
    card = dossier.scorecard
    assessment = SelfAssessment.objects.select_for_update().filter(dossier=dossier).first()
    subject = f"self_assessment:{dossier.pk}"
    if assessment is not None:
        versions.check(assessment, seen, subject)
    unknown = sorted(cid for cid in descriptions if card.criterion(cid) is None)
    if unknown:
        raise StepRefused(_("Phiếu không có tiêu chí: %(ids)s") % {"ids": ", ".join(unknown)})
    words = {cid: text.strip() for cid, text in descriptions.items() if text and text.strip()}
    long = sorted(cid for cid, text in words.items() if len(text) > MAX_DESCRIPTION)
    if long:
        raise StepRefused(
            _("Mô tả của tiêu chí %(ids)s dài quá %(limit)s ký tự; hãy rút gọn")
            % {"ids": ", ".join(long), "limit": MAX_DESCRIPTION}
        )
    try:
        score_form(card, MemberForm(member=SELF, answers=answers), dossier.recorded_exemptions)
    except AnswerError as e:
        refused = [p for p in e.problems if not p.missing]
        if refused:
            raise StepRefused("; ".join(p.vi for p in refused)) from None
    if assessment is None:
        assessment = SelfAssessment.objects.create(
            dossier=dossier,
            rulebook_id=dossier.rulebook_id,
            scorecard_number=card.number,
            answers=answers,
            descriptions=words,
            updated_by=user,
        )
        record(
            user, "self_assessment.save", dossier=dossier, subject=subject, version=1, answered=len(answers)
        )
        return assessment
    changes = {
        cid: [assessment.answers.get(cid), answers.get(cid)]
        for cid in sorted(set(assessment.answers) | set(answers))
        if assessment.answers.get(cid) != answers.get(cid)
    }
    assessment.rulebook_id, assessment.scorecard_number = dossier.rulebook_id, card.number
    assessment.answers, assessment.descriptions, assessment.updated_by = answers, words, user
    assessment.version += 1
    assessment.save(
        update_fields=[
            "rulebook_id",
            "scorecard_number",
            "answers",
            "descriptions",
            "updated_by",
            "updated_at",
            "version",
        ]
    )
    record(
        user,
        "self_assessment.save",
        dossier=dossier,
        subject=subject,
        version=assessment.version,
        answered=len(answers),
        changes=changes,
    )
    return assessment


@transaction.atomic
def add_evidence(
    user: User, dossier: Dossier, criterion_id: str, name: str, stream: IO[bytes], size: int
) -> CriterionEvidence:
    """A file given as the evidence of one criterion: a dossier document of the checklist's evidence
    item (the same upload checks and storage), linked to the criterion. The same file given twice for
    a criterion (a second click) is refused."""
    rules.self_assess.check(user, lock(dossier))
    criterion = dossier.scorecard.criterion(criterion_id)
    if criterion is None:
        raise StepRefused(_("Phiếu không có tiêu chí: %(ids)s") % {"ids": criterion_id})
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(0)
    same = (
        CriterionEvidence.objects.filter(
            dossier=dossier,
            criterion=criterion.id,
            removed_at__isnull=True,
            document__sha256=digest.hexdigest(),
        )
        .select_related("document")
        .first()
    )
    if same is not None:
        at = timezone.localtime(same.document.uploaded_at)
        raise StepRefused(
            _(
                "Tệp «%(name)s» đã được đính kèm làm minh chứng cho tiêu chí %(criterion)s lúc %(at)s; "
                "không có gì thay đổi"
            )
            % {"name": same.document.original_name, "criterion": criterion.id, "at": f"{at:%H:%M %d/%m/%Y}"}
        )
    document = add_document(user, dossier, EVIDENCE, name, stream, size)
    with removed_on_failure(document.file):
        link = CriterionEvidence.objects.create(dossier=dossier, criterion=criterion.id, document=document)
        record(user, "evidence.add", dossier=dossier, criterion=criterion.id, name=name, document=document.pk)
    return link


@transaction.atomic
def remove_evidence(user: User, dossier: Dossier, link: CriterionEvidence) -> CriterionEvidence:
    """Take a piece of evidence off its criterion; the document stays on record, marked replaced."""
    rules.self_assess.check(user, lock(dossier))
    link.refresh_from_db(
        from_queryset=CriterionEvidence.objects.select_for_update().select_related("document")
    )
    if link.dossier_id != dossier.pk or link.removed_at is not None:
        raise StepRefused(_("Minh chứng này đã được gỡ; không có gì thay đổi"))
    link.removed_at, link.removed_by = timezone.now(), user
    link.save(update_fields=["removed_at", "removed_by"])
    link.document.replaced = True
    link.document.save(update_fields=["replaced"])
    record(user, "evidence.remove", dossier=dossier, criterion=link.criterion, document=link.document_id)
    return link


@transaction.atomic
def file_dossier(user: User, dossier: Dossier) -> Dossier:
    """The producer files at the commune: the rulebook is fixed and the commune's 15 working days start."""
    lock_for(user, dossier, "file")
    missing = missing_documents(dossier)
    if missing:
        names = "; ".join(item.label for item in missing)
        raise StepRefused(f"Hồ sơ còn thiếu: {names}", "required documents are missing")
    # What the province requires before filing (an approved business plan, a self-assessment).
    required = filing_refusals(dossier)
    if required:
        raise StepRefused("; ".join(str(r.vi) for r in required))
    today = _today()
    window = rerating_window(dossier)
    if window and today < window[0]:
        # "no earlier than 180 days before expiry" (26/2026 Art. 7.6). Filing after the window closes is
        # not refused: Art. 12.3 keeps the certificate while the authority decides (rules.md §3.1 step 9).
        raise StepRefused(
            f"Chưa đến thời hạn nộp hồ sơ đánh giá lại: từ ngày {window[0]:%d/%m/%Y}",
            f"too early to file a re-rating: from {window[0].isoformat()}",
        )
    rulebook = rulebook_for_filing(today)
    dossier.rulebook_id = rulebook.id
    dossier.filed_on = today
    commune = rulebook.level("commune")
    if commune and commune.time_limit_working_days:
        dossier.commune_deadline = NATIONAL.add_working_days(today, commune.time_limit_working_days)
    move(
        user,
        dossier,
        "file",
        event="dossier.file",
        fields=("rulebook_id", "filed_on", "commune_deadline"),
        rulebook=rulebook.id,
        commune_deadline=str(dossier.commune_deadline),
    )
    officers = User.objects.filter(role=Role.COMMUNE_OFFICER, commune=dossier.commune_id, is_active=True)
    notify(
        officers,
        f"Hồ sơ mới: {dossier.product}",
        f"Chủ thể {dossier.product.producer} đã nộp hồ sơ {dossier}.",
    )
    return dossier


@transaction.atomic
def commune_report(user: User, dossier: Dossier, *, report_number: str, **items: str) -> CommuneAssessment:
    """The commune assesses the four local items, issues its report (Mẫu 03) and sends the dossier on.
    The report's number comes from the commune's register (`report_number_for` proposes the next)."""
    lock_for(user, dossier, "commune_report")
    fields = ("raw_materials", "labour", "idea_origin", "local_identity")
    empty = [f for f in fields if not (items.get(f) or "").strip()]
    if empty or not report_number.strip():
        raise StepRefused(
            "Cần đánh giá đủ 4 nội dung và ghi số báo cáo",
            "all four items and the report number are required",
        )
    issued = numbering.take(
        issuer=commune_issuer(dossier.commune),
        text=report_number,
        issued_on=_today(),
        kind="commune_report",
        subject=f"dossier:{dossier.pk}",
        user=user,
    )
    report_number = f"{issued.number}/{issued.symbol}"
    assessment = CommuneAssessment.objects.update_or_create(
        dossier=dossier,
        defaults={
            **{f: items[f].strip() for f in fields},
            "proposal": (items.get("proposal") or "").strip(),
            "report_number": report_number,
            "officer": user,
        },
    )[0]
    move(user, dossier, "commune_report", event="dossier.commune_report", report_number=report_number)
    staff = User.objects.filter(
        role=Role.PROVINCE_STAFF, province=dossier.commune.province_id, is_active=True
    )
    notify(
        staff,
        f"Xã đề nghị đánh giá: {dossier.product}",
        f"UBND {dossier.commune.name} đã gửi báo cáo {report_number}.",
    )
    return assessment


@transaction.atomic
def return_for_completion(user: User, dossier: Dossier, reasons: str) -> CompletionRequest:
    lock_for(user, dossier, "return")
    if not reasons.strip():
        raise StepRefused("Cần ghi rõ nội dung cần hoàn thiện", "the reasons are required")
    level = "commune" if user.role == Role.COMMUNE_OFFICER else "province"
    request = CompletionRequest.objects.create(dossier=dossier, reasons=reasons.strip(), by=user, level=level)
    move(user, dossier, "return", event="dossier.return", reasons=reasons.strip())
    notify(
        dossier.product.producer.users.all(), f"Yêu cầu hoàn thiện hồ sơ: {dossier.product}", reasons.strip()
    )
    return request


@transaction.atomic
def accept(user: User, dossier: Dossier) -> Dossier:
    """Provincial intake: the dossier is complete and can go before the council."""
    lock_for(user, dossier, "accept")
    if not CommuneAssessment.objects.filter(dossier=dossier).exists():
        raise StepRefused("Chưa có báo cáo đánh giá của UBND xã", "the commune report is missing")
    dossier.received_complete_on = _today()
    move(user, dossier, "accept", event="dossier.accept", fields=("received_complete_on",))
    return dossier


@transaction.atomic
def record_inspection(
    user: User, dossier: Dossier, *, inspected_on: date, inspectors: str, minutes: str
) -> SiteInspection:
    """The assisting team's field survey and its minutes (khảo sát thực tế)."""
    rules.record_site_inspection.check(user, lock(dossier))
    if not inspectors.strip() or not minutes.strip():
        raise StepRefused(
            "Cần ghi thành phần đoàn và nội dung biên bản", "inspectors and minutes are required"
        )
    if inspected_on > _today():
        raise StepRefused("Ngày khảo sát không thể ở tương lai", "the inspection date is in the future")
    inspection = SiteInspection.objects.create(
        dossier=dossier,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        minutes=minutes.strip(),
        recorded_by=user,
    )
    record(user, "dossier.inspection", dossier=dossier, inspected_on=str(inspected_on))
    return inspection


def may_record_exemptions(user: User, dossier: Dossier) -> bool:
    return rules.record_site_inspection(user, dossier) and bool(dossier.scorecard.exemptions())


@transaction.atomic
def record_exemptions(user: User, dossier: Dossier, exemption_ids: list[str], basis: str) -> Dossier:
    """The assisting team records which of the card's own conditions hold for the product (e.g. card 21
    §7: the product need not declare its quality), with the legal basis. Members then may mark the
    criterion not applicable, and its minimum is not checked. Not once a member has submitted a
    sheet: the conditions a sheet was scored under do not change under it."""
    lock(dossier)
    if not rules.record_site_inspection(user, dossier):
        raise StepRefused(
            "Chỉ tổ giúp việc cấp tỉnh ghi nhận điều kiện miễn, khi hồ sơ đang thẩm định",
            "only provincial staff record exemptions, while the dossier is under review",
        )
    known = {e.id: e for e in dossier.scorecard.exemptions()}
    unknown = [e for e in exemption_ids if e not in known]
    if unknown:
        raise StepRefused(
            f"Phiếu {dossier.scorecard.number} không có điều kiện miễn: {', '.join(unknown)}",
            "no such exemption on this scorecard",
        )
    if exemption_ids and not basis.strip():
        raise StepRefused("Cần ghi căn cứ (văn bản quy định)", "the legal basis is required")
    open_items = dossier.session_items.filter(session__closed_at__isnull=True, withdrawn=False)
    if open_items.filter(sheets__submitted_at__isnull=False).exists():
        raise StepRefused(
            "Đã có thành viên nộp phiếu: không đổi điều kiện miễn nữa",
            "a member has submitted a sheet: exemptions can no longer change",
        )
    dossier.exemptions = sorted(set(exemption_ids))
    dossier.save(update_fields=["exemptions", "updated_at"])
    record(user, "dossier.exemptions", dossier=dossier, exemptions=dossier.exemptions, basis=basis.strip())
    return dossier


@transaction.atomic
def withdraw(user: User, dossier: Dossier) -> Dossier:
    """The producer withdraws a dossier not yet reported on by the commune; its documents stay on record."""
    lock_for(user, dossier, "withdraw")
    move(user, dossier, "withdraw", event="dossier.withdraw")
    if dossier.filed_on:
        officers = User.objects.filter(role=Role.COMMUNE_OFFICER, commune=dossier.commune_id, is_active=True)
        notify(officers, f"Chủ thể rút hồ sơ: {dossier.product}", f"{dossier.product.producer} đã rút hồ sơ.")
    return dossier


@transaction.atomic
def central_accept(user: User, dossier: Dossier) -> Dossier:
    """The ministry's OCOP body receives a dossier the province proposed for 5★ (26/2026 Art. 7.4a)."""
    lock_for(user, dossier, "central_accept")
    dossier.received_complete_on = _today()
    move(user, dossier, "central_accept", event="dossier.central_accept", fields=("received_complete_on",))
    return dossier


@transaction.atomic
def reevaluate(user: User, dossier: Dossier) -> Dossier:
    """The provincial chairman has a dossier the central council did not rate 5★ evaluated again at
    the province (26/2026 Art. 7.4g "hoặc tổ chức đánh giá và phân hạng sản phẩm theo thẩm quyền"):
    it is complete and waits for a provincial session."""
    lock_for(user, dossier, "reevaluate")
    move(user, dossier, "reevaluate", event="dossier.reevaluate")
    staff = User.objects.filter(
        role=Role.PROVINCE_STAFF, province=dossier.commune.province_id, is_active=True
    )
    notify(
        staff,
        f"Đánh giá lại tại cấp tỉnh: {dossier.product}",
        f"Lãnh đạo UBND tỉnh quyết định tổ chức đánh giá lại {dossier.product} (Điều 7.4g): "
        "đưa hồ sơ vào phiên họp Hội đồng cấp tỉnh.",
    )
    return dossier


# --- lists and deadlines ------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """Where a dossier stands against the commune's 15 working days (26/2026 Art. 7.2)."""

    due: date
    working_days_left: int  # negative: working days overdue
    running: bool  # the commune still holds the dossier
    late: bool

    @property
    def overdue(self) -> int:
        return max(0, -self.working_days_left)


def commune_deadline(dossier: Dossier, today: date | None = None) -> Deadline | None:
    if dossier.commune_deadline is None:
        return None
    today = today or _today()
    due = dossier.commune_deadline
    running = dossier.state_enum == State.FILED
    if today <= due:
        left = NATIONAL.working_days_between(today, due)
    else:
        left = -NATIONAL.working_days_between(due, today)
    return Deadline(due=due, working_days_left=left, running=running, late=running and today > due)


@dataclass(frozen=True)
class FinishBy:
    """The day an evaluation must be finished by, and the article that says so."""

    due: date
    basis: str
    days_left: int  # calendar days; negative: late
    running: bool

    @property
    def late(self) -> bool:
        return self.running and self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    def warn(self, within: int) -> bool:
        return self.running and self.days_left <= within


def finish_by(dossier: Dossier, today: date | None = None) -> FinishBy | None:
    """The limit a dossier's evaluation runs against, if a rule sets one:
    - filed under 148/1489 before 22/5/2026: finished within the days 26/2026 Art. 12.2 gives (60 for a
      first rating or an upgrade, 30 for a re-rating, from 22/5/2026);
    - a re-rating: 45 days from the day the level received it complete (Art. 7.6g)."""
    today = today or _today()
    # Until a decision closes it; a dossier the province sent on runs again from the centre's receipt.
    running = dossier.state_enum not in (*CLOSED_STATES, State.FORWARDED)
    due, basis = None, ""
    if dossier.filed_on is not None:
        due = transition_deadline(dossier.filed_on, dossier.kind)
        basis = "Điều 12.2 QĐ 26/2026/QĐ-TTg: hồ sơ nộp trước ngày 22/5/2026 theo quy định cũ"
    if due is None and dossier.kind == "rerating" and dossier.received_complete_on is not None:
        due = dossier.rulebook.rerating_due(dossier.received_complete_on)
        basis = "Điều 7.6g QĐ 26/2026/QĐ-TTg: phân hạng lại không quá 45 ngày kể từ ngày nhận đủ hồ sơ"
    if due is None:
        return None
    return FinishBy(due=due, basis=basis, days_left=(due - today).days, running=running)


def finish_by_warn_days() -> int:
    """How many days ahead the province is warned (`OCOP_FINISH_BY_WARN_DAYS`, default 10)."""
    return int(getattr(settings, "OCOP_FINISH_BY_WARN_DAYS", 10))


def warn_finish_by(today: date | None = None) -> list[Dossier]:
    """The daily job: tell the OCOP body holding each running dossier that its time limit is near or
    past, once per limit (the audit event `dossier.finish_by_warning` is the record that it was sent)."""
    today = today or _today()
    within = finish_by_warn_days()
    warned = []
    running = Dossier.objects.exclude(state__in=[*CLOSED_STATES, State.FORWARDED, State.DRAFT])
    for dossier in running.select_related("product", "commune__province"):
        limit = finish_by(dossier, today)
        if limit is None or not limit.warn(within):
            continue
        with transaction.atomic():
            Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
            sent = AuditEvent.objects.filter(
                dossier=dossier, action="dossier.finish_by_warning", data__due=limit.due.isoformat()
            )
            if sent.exists():
                continue
            if dossier.level == "central":
                body = User.objects.filter(role=Role.CENTRAL_STAFF, is_active=True)
            else:
                body = User.objects.filter(
                    role=Role.PROVINCE_STAFF, province=dossier.commune.province_id, is_active=True
                )
            state = f"quá hạn {limit.days_late} ngày" if limit.late else f"còn {limit.days_left} ngày"
            notify(
                body,
                f"Hạn hoàn thành đánh giá: {dossier.product}",
                f"Hồ sơ {dossier.product} ({dossier.get_kind_display()}) phải hoàn thành đánh giá trước "
                f"ngày {limit.due:%d/%m/%Y}, {state}. {limit.basis}.",
            )
            record(None, "dossier.finish_by_warning", dossier=dossier, due=limit.due.isoformat())
        warned.append(dossier)
    return warned


def state_counts(dossiers: QuerySet[Dossier]) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state with at least one dossier, in process order."""
    counts = dict(dossiers.order_by().values_list("state").annotate(n=Count("pk")))
    return [(s.value, STATE_LABELS[s], counts[s.value]) for s in State if counts.get(s.value)]


# --- the commune report (Form 03) as a document -----------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def committee_of_commune(commune: Commune) -> str:
    return f"Ủy ban nhân dân {_lower_first(commune.name)}"


def commune_issuer(commune: Commune) -> numbering.Issuer:
    """The commune's People's Committee in the register of numbers (its reports' sequence)."""
    return numbering.Issuer(f"xa-{commune.code}", committee_of_commune(commune))


def report_number_for(dossier: Dossier) -> str:
    """The commune report number the form proposes: the next free in the commune's register this year."""
    return numbering.propose(commune_issuer(dossier.commune), _today().year, REPORT_SYMBOL)


def committee_of_province(name: str) -> str:
    if name.lower().startswith(("thành phố", "tỉnh")):
        return f"Ủy ban nhân dân {_lower_first(name)}"
    return f"Ủy ban nhân dân tỉnh {name}"


def place_name(commune: Commune) -> str:
    for prefix in ("Xã ", "Phường ", "Đặc khu ", "Thị trấn "):
        if commune.name.startswith(prefix):
            return commune.name[len(prefix) :]
    return commune.name


def commune_report_doc(dossier: Dossier) -> CommuneReportDoc:
    """Form 03 filled from the dossier, its producer and the commune's assessment (rules.md §4.2)."""
    assessment = dossier.commune_assessment
    producer: Producer = dossier.product.producer
    commune = dossier.commune
    return CommuneReportDoc(
        issuer=Issuer(name=committee_of_commune(commune), place=place_name(commune)),
        number=assessment.report_number,
        date=timezone.localtime(assessment.issued_at).date(),
        producer_name=producer.name,
        organisation_type=ProducerKind(producer.kind).label,
        producer_address=producer.address,
        representative=Representative(
            name=producer.representative,
            sex=producer.representative_sex,
            ethnicity=producer.representative_ethnicity,
            residence=producer.representative_residence,
        ),
        product_name=dossier.product.name,
        raw_materials=assessment.raw_materials,
        local_labour=assessment.labour,
        idea_origin=assessment.idea_origin,
        local_identity=assessment.local_identity,
        addressee=committee_of_province(commune.province.name),
        # The commune chair signs on paper; the system does not hold the chair's name.
        signer=Signer(position="Chủ tịch", name="", on_behalf="TM. Ủy ban nhân dân"),
    )
