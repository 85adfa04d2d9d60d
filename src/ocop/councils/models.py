"""Councils (Hội đồng đánh giá, phân hạng), their sessions, and members' score sheets."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ocop.versions import version_field


class Council(models.Model):
    name = models.CharField("tên hội đồng", max_length=255)
    level = models.CharField("cấp", max_length=20, default="province")
    province = models.ForeignKey("areas.Province", null=True, blank=True, on_delete=models.PROTECT)
    established_by = models.CharField("quyết định thành lập", max_length=100, blank=True)
    term_start = models.DateField("nhiệm kỳ từ")
    term_end = models.DateField("đến", null=True, blank=True)
    # The council regulation's choices (quy chế hoạt động); rules.md §2.5, §3.1 step 5.
    dossier_lead_working_days = models.PositiveSmallIntegerField(
        "gửi hồ sơ trước phiên họp (ngày làm việc)", default=3
    )
    max_spread = models.PositiveSmallIntegerField("chênh lệch tổng điểm tối đa", null=True, blank=True)
    # Raised by every edit: a form sent with an older version is refused (ocop.versions).
    version = version_field()

    class Meta:
        verbose_name = "hội đồng"
        verbose_name_plural = "hội đồng"

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chủ tịch"
    VICE_CHAIR = "vice_chair", "Phó Chủ tịch"
    MEMBER = "member", "Ủy viên"
    SECRETARY = "secretary", "Ủy viên thư ký"


class Membership(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("chức danh", max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)
    organisation = models.CharField("cơ quan", max_length=255, blank=True)
    # Whether this member fills in a score sheet (a secretary from the OCOP body often does not).
    scores = models.BooleanField("chấm điểm", default=True)

    class Meta:
        unique_together = [("council", "user")]


class Session(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    meets_on = models.DateField("ngày họp")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    written = models.BooleanField("lấy ý kiến bằng văn bản", default=False)  # re-rating (Art. 7.6d)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-meets_on"]
        verbose_name = "phiên họp"
        verbose_name_plural = "phiên họp"

    def __str__(self) -> str:
        return f"{self.council} — {self.meets_on:%d/%m/%Y}"


class SessionItem(models.Model):
    """A dossier on a session's agenda; `sent_on` is when the dossier reached the members."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="items")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="session_items")
    sent_on = models.DateField("ngày gửi hồ sơ cho thành viên")
    withdrawn = models.BooleanField(default=False)
    # Set when the session closes (services.close_session): the item is then history.
    closed = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            # A dossier sits on at most one open agenda (issue 10: two schedulings at once).
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(withdrawn=False, closed=False),
                name="councils_one_open_item_per_dossier",
            )
        ]


class ScoreSheet(models.Model):
    """One member's form for one product: a draft until submitted, then frozen."""

    item = models.ForeignKey(SessionItem, on_delete=models.PROTECT, related_name="sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sheets")
    answers = models.JSONField(default=dict)  # criterion id → option id or null (not applicable)
    gates = models.JSONField(default=list)
    comment = models.TextField("nhận xét", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("item", "member")]


class Result(models.Model):
    """The council's result for a dossier, computed by the domain core when the session closes."""

    item = models.OneToOneField(SessionItem, on_delete=models.PROTECT, related_name="result")
    rulebook_id = models.CharField(max_length=20)
    scorecard_number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20)  # rated / stopped / rescore
    total = models.DecimalField(max_digits=6, decimal_places=2)
    parts = models.JSONField(default=dict)
    band_star = models.PositiveSmallIntegerField()
    star = models.PositiveSmallIntegerField(null=True)
    recognised_at = models.CharField(max_length=20, blank=True)
    forwarded_to = models.CharField(max_length=20, blank=True)
    explanation = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
