"""A product's dossier (hồ sơ) through the evaluation: documents, commune report, returns, inspection."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from ocop.core.process import STATE_LABELS, State
from ocop.core.rounds import RoundDates, round_for
from ocop.core.rulebooks import EVALUATION_KINDS, Rulebook, Scorecard, get_rulebook
from ocop.versions import version_field

# A product has at most one dossier in progress: these states end one.
CLOSED_STATES = (State.RECOGNISED, State.NOT_RECOGNISED, State.WITHDRAWN)


class Dossier(models.Model):
    product = models.ForeignKey("producers.Product", on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField("loại đánh giá", max_length=20, choices=list(EVALUATION_KINDS.items()))
    # Fixed when the dossier is filed (26/2026 Art. 12): the record keeps it forever.
    rulebook_id = models.CharField("bộ quy tắc", max_length=20)
    state = models.CharField(
        "trạng thái", max_length=20, choices=[(s.value, STATE_LABELS[s]) for s in State], default=State.DRAFT
    )
    commune = models.ForeignKey("areas.Commune", verbose_name="xã", on_delete=models.PROTECT)
    # The level now holding the dossier: the province, or the centre after a ≥ 90 proposal (Art. 7.3đ).
    level = models.CharField("cấp đang xử lý", max_length=20, default="province")
    samples = models.PositiveSmallIntegerField("số mẫu sản phẩm", default=5)
    filed_on = models.DateField("ngày nộp", null=True, blank=True)
    # The day the level now holding it received the dossier complete (intake at the province, or the
    # centre's receipt): the start of the re-rating's 45 days (26/2026 Art. 7.6g).
    received_complete_on = models.DateField("ngày nhận đủ hồ sơ", null=True, blank=True)
    commune_deadline = models.DateField("hạn xã xử lý", null=True, blank=True)
    previous_certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name="giấy chứng nhận trước (nâng hạng, phân hạng lại)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    # The scorecard's own conditions the province recorded for this product (Exemption ids, e.g. card
    # 21 §7 "7.1:khong-bat-buoc-cong-bo"): only they excuse a criterion and its star minimum.
    exemptions = models.JSONField("điều kiện miễn đã ghi nhận", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"

    def __str__(self) -> str:
        return f"{self.product} ({self.get_kind_display()})"

    @property
    def rulebook(self) -> Rulebook:
        return get_rulebook(self.rulebook_id)

    @property
    def scorecard(self) -> Scorecard:
        """The product's scorecard under the dossier's own rulebook (numbers match across 148 and 26/2026)."""
        return self.rulebook.scorecard(self.product.scorecard_number)

    @property
    def evaluation_round(self) -> RoundDates | None:
        """The round this dossier falls in, from the day the commune proposed it (26/2026 Art. 5)."""
        assessment = getattr(self, "commune_assessment", None)
        if assessment is None:
            return None
        return round_for(self.rulebook, self.level, assessment.issued_at.date())

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def recorded_exemptions(self) -> frozenset[str]:
        return frozenset(self.exemptions or ())


def _upload_path(document: DossierDocument, filename: str) -> str:
    # A random name: the original is kept in `original_name`, never used on disk.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"dossiers/{document.dossier_id}/{uuid.uuid4().hex}.{ext}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("loại tài liệu", max_length=30)
    file = models.FileField("tệp", upload_to=_upload_path)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Replaced documents stay (no action loses data); only the newest of a kind counts.
    replaced = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = "tài liệu"
        verbose_name_plural = "tài liệu"


class CommuneAssessment(models.Model):
    """The commune's assessment of the four local items and its report (Mẫu 03, 26/2026 Art. 7.2)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="commune_assessment")
    raw_materials = models.TextField("(1) sử dụng nguyên liệu địa phương")
    labour = models.TextField("(2) sử dụng lao động địa phương")
    idea_origin = models.TextField("(3) nguồn gốc ý tưởng sản phẩm")
    local_identity = models.TextField("(4) tính đặc trưng, bản sắc địa phương, bí quyết")
    proposal = models.TextField("đề nghị", blank=True)
    report_number = models.CharField("số báo cáo", max_length=50)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)


class CompletionRequest(models.Model):
    """A return for completion (trả lại để hoàn thiện), with its reasons; the history is kept."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="completion_requests")
    reasons = models.TextField("nội dung cần hoàn thiện")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    level = models.CharField(max_length=20)  # commune or province

    class Meta:
        ordering = ["-at"]


class SiteInspection(models.Model):
    """The assisting team's field survey (khảo sát thực tế) and its minutes."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField("ngày khảo sát")
    inspectors = models.CharField("thành phần đoàn", max_length=500)
    minutes = models.TextField("biên bản")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on"]


class SelfAssessment(models.Model):
    """The producer's self-score on the dossier's own scorecard, with a description for each criterion
    (26/2026 Form 02 Part III: "tự chấm điểm theo Bộ tiêu chí … mỗi tiêu chí có mô tả và minh chứng").
    Only the answers are kept: the points are always the core's (`self_assessment.self_score`)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="self_assessment")
    # The card the answers were given on: a dossier refiled under another rulebook needs new answers.
    rulebook_id = models.CharField("bộ quy tắc", max_length=20)
    scorecard_number = models.PositiveSmallIntegerField("số phiếu")
    answers = models.JSONField(default=dict)  # criterion id → option id, or null (không áp dụng)
    descriptions = models.JSONField(default=dict)  # criterion id → the producer's description
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = "tự đánh giá"
        verbose_name_plural = "tự đánh giá"


class CriterionEvidence(models.Model):
    """A dossier document given as the evidence (minh chứng) of one criterion of the self-assessment.
    Taking it off keeps both rows (no action loses data): the link is marked removed, the document
    replaced."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="criterion_evidence")
    criterion = models.CharField("tiêu chí", max_length=20)
    document = models.OneToOneField(DossierDocument, on_delete=models.PROTECT, related_name="evidence_for")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["criterion", "id"]
        verbose_name = "minh chứng theo tiêu chí"
        verbose_name_plural = "minh chứng theo tiêu chí"
