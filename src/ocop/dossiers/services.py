"""Steps on a dossier, from the producer's draft to a complete dossier at the province.

Every step checks the role (through `ocop.core.process`) and the area (through `ocop.accounts.scope`),
changes the state in one transaction, writes the audit trail and tells the next people in line.
"""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.scope import dossiers_for
from ocop.audit.models import record
from ocop.core.process import State, TransitionRefused, transition
from ocop.core.rulebooks import EVALUATION_KINDS, rulebook_for_filing
from ocop.core.rulebooks.model import ChecklistItem
from ocop.core.workdays import NATIONAL
from ocop.notifications import notify
from ocop.producers.models import Product

from .models import CommuneAssessment, CompletionRequest, Dossier, DossierDocument, SiteInspection
from .uploads import check_upload

# Kinds of document that stand once: a new upload replaces the previous one (which is kept).
SINGLE_DOCUMENTS = {"form01", "form02"}


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


def missing_documents(dossier: Dossier) -> list[ChecklistItem]:
    return [item for item, docs in checklist(dossier) if item.required and not docs]


@transaction.atomic
def start_dossier(user: User, product: Product, kind: str) -> Dossier:
    if user.role != Role.PRODUCER or product.producer_id != user.producer_id:
        raise StepRefused(
            "Chỉ chủ thể của sản phẩm mới lập hồ sơ", "only the product's producer may start a dossier"
        )
    if kind not in EVALUATION_KINDS:
        raise StepRefused(f"Loại đánh giá không hợp lệ: {kind}", "unknown evaluation kind")
    open_states = [s for s in State if s not in (State.RECOGNISED, State.NOT_RECOGNISED, State.WITHDRAWN)]
    if product.dossiers.filter(state__in=open_states).exists():
        raise StepRefused("Sản phẩm đã có hồ sơ đang xử lý", "the product already has a dossier in progress")
    rulebook = rulebook_for_filing(_today())
    dossier = Dossier.objects.create(
        product=product,
        kind=kind,
        rulebook_id=rulebook.id,
        commune=product.producer.commune,
        samples=rulebook.samples or 0,
        created_by=user,
    )
    record(user, "dossier.start", dossier=dossier, kind=kind, rulebook=rulebook.id)
    return dossier


@transaction.atomic
def add_document(
    user: User, dossier: Dossier, kind: str, name: str, stream: IO[bytes], size: int
) -> DossierDocument:
    """Check and keep an uploaded file. Each file is its own request, so nothing is lost if filing fails."""
    if user.role != Role.PRODUCER or dossier.product.producer_id != user.producer_id:
        raise StepRefused("Chỉ chủ thể mới tải tài liệu lên hồ sơ", "only the producer uploads documents")
    if dossier.state_enum not in (State.DRAFT, State.RETURNED):
        raise StepRefused(
            "Hồ sơ đã nộp, không sửa được tài liệu", "the dossier is filed; documents are locked"
        )
    codes = {item.code for item in dossier.rulebook.checklists.get(dossier.kind, ())}
    if kind not in codes:
        raise StepRefused(f"Loại tài liệu không hợp lệ: {kind}", "unknown document kind")
    checked = check_upload(name, stream, size)
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
    _move(dossier, "file", user)
    today = _today()
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
    if dossier.state_enum not in (State.COMMUNE_REPORTED, State.COMPLETE, State.SCHEDULED):
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
