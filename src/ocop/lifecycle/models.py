"""A certificate's life after issue (rules.md §5): expiry reminders, revocation, post-recognition checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# What a post-recognition check looks at (rules.md §5.5, 26/2026 Art. 9.3 [A]): (a) the criteria are
# kept as in the evaluated dossier — broken down here into the parts of the dossier an inspector
# actually looks at —, (b) the use of the OCOP mark, (c) information and promotion of the product.
CHECK_ITEMS: dict[str, str] = {
    "raw_materials": "Nguồn gốc nguyên liệu (như hồ sơ đã đánh giá) / Raw material origin",
    "process": "Quy trình sản xuất / Production process",
    "quality": "Chỉ tiêu chất lượng sản phẩm / Quality indicators",
    "facilities": "Cơ sở vật chất, điều kiện sản xuất / Facilities",
    "food_safety": "An toàn thực phẩm / Food safety",
    "label_mark": "Nhãn hàng hóa, sử dụng nhãn hiệu chứng nhận OCOP và hạng sao / Label, OCOP mark and star use",
    "promotion": "Thông tin, quảng bá sản phẩm / Product information and promotion",
}
CHECK_RESULTS: dict[str, str] = {
    "ok": "Đạt / Maintained",
    "not_ok": "Không đạt / Not maintained",
    "not_checked": "Không kiểm tra / Not checked",
}


class ExpiryReminder(models.Model):
    """One reminder sent for one certificate at one interval: the unique constraint makes it once."""

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="expiry_reminders"
    )
    days_before = models.PositiveSmallIntegerField("số ngày trước khi hết hạn")
    sent_on = models.DateField("ngày gửi")
    recipients = models.PositiveSmallIntegerField("số người nhận", default=0)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="one_reminder_per_interval")
        ]


class Revocation(models.Model):
    """A proposal to revoke a certificate (the OCOP body), then the competent person's decision."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Đề nghị thu hồi"
        DECIDED = "decided", "Đã quyết định thu hồi"
        DISMISSED = "dismissed", "Không thu hồi"

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="revocations"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    # The ground is a key of the revocation grounds of the rulebook in force when it was proposed.
    rulebook_id = models.CharField(max_length=20)
    ground = models.CharField("căn cứ thu hồi", max_length=4)
    ground_text = models.CharField(max_length=255)
    inspection = models.ForeignKey(
        "lifecycle.InspectionRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocations",
    )
    proposal_note = models.TextField("nội dung đề nghị")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField("số quyết định", max_length=50, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    decision_note = models.TextField("ghi chú", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # A revocation proposed in a list (lifecycle.batch_revocation) is decided with the list, in one decision.
    batch = models.ForeignKey(
        "lifecycle.RevocationBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocations",
    )

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            # At most one open proposal, and one decision, per certificate.
            models.UniqueConstraint(
                fields=["certificate"],
                condition=models.Q(status__in=["proposed", "decided"]),
                name="one_open_revocation_per_certificate",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate.number}: {self.get_status_display()}"


class InspectionPlan(models.Model):
    """A province's (or the centre's) plan of post-recognition checks for a year."""

    province = models.ForeignKey("areas.Province", null=True, blank=True, on_delete=models.PROTECT)
    level = models.CharField(max_length=20, default="province")
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=255)
    number = models.CharField("số kế hoạch", max_length=50, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class PlannedInspection(models.Model):
    """A product (through its certificate) the plan will check, and when."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="items")
    certificate = models.ForeignKey("certificates.Certificate", on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField("ngày dự kiến")
    unannounced = models.BooleanField("kiểm tra đột xuất", default=False)

    class Meta:
        ordering = ["planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "certificate"], name="one_plan_item_per_certificate")
        ]


class InspectionRecord(models.Model):
    """What an inspection found (biên bản kiểm tra), item by item (rules.md §5.5)."""

    certificate = models.ForeignKey(
        "certificates.Certificate", on_delete=models.PROTECT, related_name="inspection_records"
    )
    planned = models.ForeignKey(
        PlannedInspection, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    inspected_on = models.DateField("ngày kiểm tra")
    unannounced = models.BooleanField("kiểm tra đột xuất", default=False)
    inspectors = models.CharField("thành phần đoàn kiểm tra", max_length=255)
    # {item code: {"result": "ok" | "not_ok" | "not_checked", "note": "..."}} for every CHECK_ITEMS key.
    checks = models.JSONField(default=dict)
    findings = models.TextField("kết luận kiểm tra")
    follow_up_required = models.BooleanField("yêu cầu khắc phục", default=False)
    follow_up = models.TextField("nội dung khắc phục", blank=True)
    follow_up_deadline = models.DateField("hạn khắc phục", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.certificate.number} {self.inspected_on:%d/%m/%Y}"

    def failed_items(self) -> list[str]:
        return [
            CHECK_ITEMS[k] for k, v in self.checks.items() if k in CHECK_ITEMS and v.get("result") == "not_ok"
        ]

    def check_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for code, label in CHECK_ITEMS.items():
            entry = self.checks.get(code, {})
            rows.append(
                (label, CHECK_RESULTS.get(entry.get("result", "not_checked"), ""), entry.get("note", ""))
            )
        return rows


# Market checks, self-declarations and revocation by list live in their own modules; importing them
# here registers their models with this app.
from .batch_models import ProductionStop, RevocationBatch  # noqa: E402, F401
from .market_models import (  # noqa: E402, F401
    DeclarationCheck,
    MarketCheck,
    MarketEvidence,
    MarketFinding,
    SelfDeclaration,
)
