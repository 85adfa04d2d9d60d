"""Steps on a dossier, from the producer's draft to a complete dossier at the province.

Every step checks the role (through `ocop.core.process`) and the area (through `ocop.accounts.scope`),
changes the state in one transaction, writes the audit trail and tells the next people in line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.scope import dossiers_for
from ocop.areas.models import Commune
from ocop.audit.models import record
from ocop.certificates.models import Certificate
from ocop.core.process import STATE_LABELS, State, TransitionRefused, transition
from ocop.core.rulebooks import EVALUATION_KINDS, rulebook_for_filing
from ocop.core.rulebooks.model import ChecklistItem, Scorecard
from ocop.core.workdays import NATIONAL
from ocop.documents import CommuneReportDoc, Issuer, Representative, Signer
from ocop.notifications import notify
from ocop.producers.models import Producer, ProducerKind, Product

from .models import CommuneAssessment, CompletionRequest, Dossier, DossierDocument, SiteInspection
from .uploads import MAX_BYTES, UploadRefused, check_upload, removed_on_failure

# Kinds of document that stand once: a new upload replaces the previous one (which is kept).
SINGLE_DOCUMENTS = {"form01", "form02"}
# The producer may change documents while the dossier is with them.
UPLOAD_STATES = (State.DRAFT, State.RETURNED)
# The assisting team surveys the site while the province reviews the dossier (26/2026 Art. 7.3c).
INSPECTION_STATES = (State.COMMUNE_REPORTED, State.COMPLETE, State.SCHEDULED)


class StepRefused(Exception):
    """A step a user may not take now, with the reason in Vietnamese and English."""

    def __init__(self, vi: str, en: str = "") -> None:
        self.vi, self.en = vi, en
        super().__init__(f"{vi} / {en}" if en else vi)


def _today() -> date:
    return timezone.localdate()


def _move(dossier: Dossier, action: str, user: User) -> None:
    """Apply a transition of the process, or refuse it, for a dossier this user may see."""
    if not dossiers_for(user).filter(pk=dossier.pk).exists():
        raise StepRefused("Hồ sơ không thuộc phạm vi của bạn", "this dossier is outside your area")
    try:
        dossier.state = transition(dossier.state_enum, action, user.role)
    except TransitionRefused as e:
        raise StepRefused(e.vi, e.en) from None


def checklist(dossier: Dossier) -> list[tuple[ChecklistItem, list[DossierDocument]]]:
    """Each checklist item of the dossier's rulebook and kind, with the current documents for it."""
    current = [d for d in dossier.documents.all() if not d.replaced]
    items = dossier.rulebook.checklists.get(dossier.kind, ())
    return [(item, [d for d in current if d.kind == item.code]) for item in items]


def upload_max_bytes() -> int:
    """The size limit of one uploaded file: `OCOP_UPLOAD_MAX_BYTES`, default 20 MB (uploads.MAX_BYTES)."""
    return int(getattr(settings, "OCOP_UPLOAD_MAX_BYTES", MAX_BYTES))


def may_upload(user: User, dossier: Dossier) -> bool:
    return (
        user.role == Role.PRODUCER
        and dossier.product.producer_id == user.producer_id
        and dossier.state_enum in UPLOAD_STATES
    )


def may_record_inspection(user: User, dossier: Dossier) -> bool:
    return user.role == Role.PROVINCE_STAFF and dossier.state_enum in INSPECTION_STATES


def missing_documents(dossier: Dossier) -> list[ChecklistItem]:
    return [item for item, docs in checklist(dossier) if item.required and not docs]


# A product has at most one dossier in progress.
CLOSED_STATES = (State.RECOGNISED, State.NOT_RECOGNISED, State.WITHDRAWN)


def has_open_dossier(product: Product) -> bool:
    return any(d.state not in CLOSED_STATES for d in product.dossiers.all())


def is_tourism(scorecard: Scorecard) -> bool:
    """Group VI of the classification (tourism services), read from the scorecard's own data."""
    return scorecard.classification.code.split(".")[0] == "VI"


def follow_up_certificates(product: Product) -> QuerySet[Certificate]:
    """Certificates of this product an upgrade or a re-rating may follow (not revoked, not replaced)."""
    return product.certificates.filter(status__in=[Certificate.Status.VALID, Certificate.Status.EXPIRED])


@transaction.atomic
def start_dossier(
    user: User, product: Product, kind: str, previous_certificate: Certificate | None = None
) -> Dossier:
    if user.role != Role.PRODUCER or product.producer_id != user.producer_id:
        raise StepRefused(
            "Chỉ chủ thể của sản phẩm mới lập hồ sơ", "only the product's producer may start a dossier"
        )
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
    """Check and keep an uploaded file. Each file is its own request, so nothing is lost if filing fails."""
    if user.role != Role.PRODUCER or dossier.product.producer_id != user.producer_id:
        raise StepRefused("Chỉ chủ thể mới tải tài liệu lên hồ sơ", "only the producer uploads documents")
    if dossier.state_enum not in UPLOAD_STATES:
        raise StepRefused(
            "Hồ sơ đã nộp, không sửa được tài liệu", "the dossier is filed; documents are locked"
        )
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


@transaction.atomic
def file_dossier(user: User, dossier: Dossier) -> Dossier:
    """The producer files at the commune: the rulebook is fixed and the commune's 15 working days start."""
    missing = missing_documents(dossier)
    if missing:
        names = "; ".join(item.label for item in missing)
        raise StepRefused(f"Hồ sơ còn thiếu: {names}", "required documents are missing")
    today = _today()
    window = rerating_window(dossier)
    if window and today < window[0]:
        # "no earlier than 180 days before expiry" (26/2026 Art. 7.6). Filing after the window closes is
        # not refused: Art. 12.3 keeps the certificate while the authority decides (rules.md §3.1 step 9).
        raise StepRefused(
            f"Chưa đến thời hạn nộp hồ sơ đánh giá lại: từ ngày {window[0]:%d/%m/%Y}",
            f"too early to file a re-rating: from {window[0].isoformat()}",
        )
    _move(dossier, "file", user)
    rulebook = rulebook_for_filing(today)
    dossier.rulebook_id = rulebook.id
    dossier.filed_on = today
    commune = rulebook.level("commune")
    if commune and commune.time_limit_working_days:
        dossier.commune_deadline = NATIONAL.add_working_days(today, commune.time_limit_working_days)
    dossier.save()
    record(
        user,
        "dossier.file",
        dossier=dossier,
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
    """The commune assesses the four local items, issues its report (Mẫu 03) and sends the dossier on."""
    fields = ("raw_materials", "labour", "idea_origin", "local_identity")
    empty = [f for f in fields if not (items.get(f) or "").strip()]
    if empty or not report_number.strip():
        raise StepRefused(
            "Cần đánh giá đủ 4 nội dung và ghi số báo cáo",
            "all four items and the report number are required",
        )
    _move(dossier, "commune_report", user)
    dossier.save()
    assessment = CommuneAssessment.objects.update_or_create(
        dossier=dossier,
        defaults={
            **{f: items[f].strip() for f in fields},
            "proposal": (items.get("proposal") or "").strip(),
            "report_number": report_number.strip(),
            "officer": user,
        },
    )[0]
    record(user, "dossier.commune_report", dossier=dossier, report_number=report_number)
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
    if not reasons.strip():
        raise StepRefused("Cần ghi rõ nội dung cần hoàn thiện", "the reasons are required")
    _move(dossier, "return", user)
    dossier.save()
    level = "commune" if user.role == Role.COMMUNE_OFFICER else "province"
    request = CompletionRequest.objects.create(dossier=dossier, reasons=reasons.strip(), by=user, level=level)
    record(user, "dossier.return", dossier=dossier, reasons=reasons.strip())
    notify(
        dossier.product.producer.users.all(), f"Yêu cầu hoàn thiện hồ sơ: {dossier.product}", reasons.strip()
    )
    return request


@transaction.atomic
def accept(user: User, dossier: Dossier) -> Dossier:
    """Provincial intake: the dossier is complete and can go before the council."""
    if not CommuneAssessment.objects.filter(dossier=dossier).exists():
        raise StepRefused("Chưa có báo cáo đánh giá của UBND xã", "the commune report is missing")
    _move(dossier, "accept", user)
    dossier.save()
    record(user, "dossier.accept", dossier=dossier)
    return dossier


@transaction.atomic
def record_inspection(
    user: User, dossier: Dossier, *, inspected_on: date, inspectors: str, minutes: str
) -> SiteInspection:
    """The assisting team's field survey and its minutes (khảo sát thực tế)."""
    if user.role != Role.PROVINCE_STAFF or not dossiers_for(user).filter(pk=dossier.pk).exists():
        raise StepRefused(
            "Chỉ tổ giúp việc cấp tỉnh ghi biên bản khảo sát", "only provincial staff record inspections"
        )
    if dossier.state_enum not in INSPECTION_STATES:
        raise StepRefused("Hồ sơ không ở bước thẩm định", "the dossier is not under review")
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


def documents_of(user: User, dossier: Dossier) -> Any:
    if not dossiers_for(user).filter(pk=dossier.pk).exists() and not (
        user.role == Role.PRODUCER and dossier.product.producer_id == user.producer_id
    ):
        raise StepRefused("Hồ sơ không thuộc phạm vi của bạn", "outside your area")
    return dossier.documents.filter(replaced=False)


@transaction.atomic
def withdraw(user: User, dossier: Dossier) -> Dossier:
    """The producer withdraws a dossier not yet reported on by the commune; its documents stay on record."""
    _move(dossier, "withdraw", user)
    dossier.save()
    record(user, "dossier.withdraw", dossier=dossier)
    if dossier.filed_on:
        officers = User.objects.filter(role=Role.COMMUNE_OFFICER, commune=dossier.commune_id, is_active=True)
        notify(officers, f"Chủ thể rút hồ sơ: {dossier.product}", f"{dossier.product.producer} đã rút hồ sơ.")
    return dossier


@transaction.atomic
def central_accept(user: User, dossier: Dossier) -> Dossier:
    """The ministry's OCOP body receives a dossier the province proposed for 5★ (26/2026 Art. 7.4a)."""
    _move(dossier, "central_accept", user)
    dossier.save()
    record(user, "dossier.central_accept", dossier=dossier)
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


def state_counts(dossiers: QuerySet[Dossier]) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state with at least one dossier, in process order."""
    counts = dict(dossiers.order_by().values_list("state").annotate(n=Count("pk")))
    return [(s.value, STATE_LABELS[s], counts[s.value]) for s in State if counts.get(s.value)]


# --- the commune report (Form 03) as a document -----------------------------------------------------


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def committee_of_commune(commune: Commune) -> str:
    return f"Ủy ban nhân dân {_lower_first(commune.name)}"


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
