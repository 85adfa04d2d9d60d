"""The province's annual OCOP plan (kế hoạch) and its targets, events, training and declared revenue.

Targets hold only what the plan says (kind, target value, unit). Progress is never typed in: it is
computed from the records by one function per kind in `progress.py` (rules.md §6: targets such as
≥ 70 % of entrants at 3★+, a number of 4★ products, a sales point per area, officials trained are
provincial choices, so each plan sets its own values).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.versions import version_field


class TargetKind(models.TextChoices):
    SHARE_3STAR = "share_3star", "Tỷ lệ sản phẩm tham gia đánh giá đạt từ 3 sao trở lên"
    DOSSIERS_FILED = "dossiers_filed", _("Số sản phẩm nộp hồ sơ đánh giá, phân hạng trong năm")
    COUNT_3STAR = "count_3star", _("Số sản phẩm được công nhận 3 sao trong năm")
    COUNT_4STAR = "count_4star", "Số sản phẩm được công nhận 4 sao trong năm"
    COUNT_5STAR = "count_5star", "Số sản phẩm được công nhận 5 sao trong năm"
    NEW_ORGANISATIONS = "new_organisations", "Số tổ chức kinh tế (HTX, tổ hợp tác, doanh nghiệp) mới tham gia"
    SALES_POINT_COVERAGE = "sales_point_coverage", "Tỷ lệ xã, phường có ít nhất một điểm bán sản phẩm OCOP"
    EVENTS = "events", "Số hội chợ, chuyến xúc tiến thương mại"
    EVENTS_ABROAD = "events_abroad", _("Số hội chợ, chuyến xúc tiến thương mại ở nước ngoài")
    OFFICIALS_TRAINED = "officials_trained", "Tỷ lệ cán bộ quản lý OCOP được tập huấn"
    PRODUCERS_TRAINED = "producers_trained", "Tỷ lệ chủ thể OCOP được tập huấn"
    REVENUE_GROWTH = "revenue_growth", "Tăng trưởng doanh thu của chủ thể có sản phẩm OCOP"


# The unit each kind is measured in (a target's unit follows its kind).
UNITS = {
    TargetKind.SHARE_3STAR: "%",
    TargetKind.DOSSIERS_FILED: "sản phẩm",
    TargetKind.COUNT_3STAR: "sản phẩm",
    TargetKind.EVENTS_ABROAD: "sự kiện",
    TargetKind.COUNT_4STAR: "sản phẩm",
    TargetKind.COUNT_5STAR: "sản phẩm",
    TargetKind.NEW_ORGANISATIONS: "tổ chức",
    TargetKind.SALES_POINT_COVERAGE: "%",
    TargetKind.EVENTS: "sự kiện",
    TargetKind.OFFICIALS_TRAINED: "%",
    TargetKind.PRODUCERS_TRAINED: "%",
    TargetKind.REVENUE_GROWTH: "%",
}

ENGLISH = {
    TargetKind.SHARE_3STAR: "Share of evaluated products rated 3★ or more",
    TargetKind.DOSSIERS_FILED: "Products filed for rating in the year",
    TargetKind.COUNT_3STAR: "3★ products recognised in the year",
    TargetKind.EVENTS_ABROAD: "Fairs and trade-promotion events abroad",
    TargetKind.COUNT_4STAR: "4★ products recognised in the year",
    TargetKind.COUNT_5STAR: "5★ products recognised in the year",
    TargetKind.NEW_ORGANISATIONS: "New economic organisations (cooperatives, SMEs)",
    TargetKind.SALES_POINT_COVERAGE: "Share of communes with an OCOP sales point",
    TargetKind.EVENTS: "Fairs and trade-promotion trips",
    TargetKind.OFFICIALS_TRAINED: "Share of OCOP officials trained",
    TargetKind.PRODUCERS_TRAINED: "Share of OCOP producers trained",
    TargetKind.REVENUE_GROWTH: "Revenue growth of certified producers",
}


# The kinds a commune's own plan may set: what a commune's records can show (the province's events,
# sales-point coverage and trade promotion are the province's). The targets' values are the commune's.
COMMUNE_KINDS = frozenset(
    {
        TargetKind.DOSSIERS_FILED,
        TargetKind.SHARE_3STAR,
        TargetKind.COUNT_3STAR,
        TargetKind.COUNT_4STAR,
        TargetKind.COUNT_5STAR,
        TargetKind.NEW_ORGANISATIONS,
        TargetKind.OFFICIALS_TRAINED,
        TargetKind.PRODUCERS_TRAINED,
        TargetKind.REVENUE_GROWTH,
    }
)


class Plan(models.Model):
    """The province's annual OCOP plan, or (with `commune`) a commune's own annual plan."""

    province = models.ForeignKey(
        "areas.Province", verbose_name="tỉnh/thành phố", on_delete=models.PROTECT, related_name="ocop_plans"
    )
    commune = models.ForeignKey(
        "areas.Commune",
        verbose_name=_("xã, phường (kế hoạch của xã)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ocop_plans",
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=255)
    reference = models.CharField("số, ký hiệu văn bản", max_length=100, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The plan and its targets: raised by every change of a target (ocop.versions).
    version = version_field()

    class Meta:
        ordering = ["-year", "province__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                condition=models.Q(commune__isnull=True),
                name="programme_one_plan_a_year",
            ),
            models.UniqueConstraint(
                fields=["commune", "year"],
                condition=models.Q(commune__isnull=False),
                name="programme_one_commune_plan_a_year",
            ),
        ]
        verbose_name = "kế hoạch OCOP"
        verbose_name_plural = "kế hoạch OCOP"

    def __str__(self) -> str:
        area = self.commune.name if self.commune_id and self.commune else self.province.name
        return f"{self.title} ({area}, {self.year})"

    @property
    def is_commune_plan(self) -> bool:
        return self.commune_id is not None


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField("chỉ tiêu", max_length=30, choices=TargetKind.choices)
    value = models.DecimalField("giá trị mục tiêu", max_digits=12, decimal_places=2)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="programme_one_target_a_kind")]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value} {self.unit}"

    @property
    def unit(self) -> str:
        return UNITS[TargetKind(self.kind)]

    @property
    def english(self) -> str:
        return ENGLISH[TargetKind(self.kind)]


class EventKind(models.TextChoices):
    FAIR = "fair", "Hội chợ, triển lãm"
    TRADE_PROMOTION = "trade_promotion", "Xúc tiến thương mại"
    CONFERENCE = "conference", "Hội nghị, hội thảo"


class Event(models.Model):
    kind = models.CharField("loại sự kiện", max_length=20, choices=EventKind.choices)
    title = models.CharField("tên sự kiện", max_length=255)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    place = models.CharField("địa điểm", max_length=255)
    province = models.ForeignKey(
        "areas.Province", verbose_name="tỉnh tổ chức, tham gia", on_delete=models.PROTECT, related_name="+"
    )
    producers = models.ManyToManyField(
        "producers.Producer", verbose_name="chủ thể tham gia", blank=True, related_name="events"
    )
    products = models.ManyToManyField(
        "producers.Product", verbose_name="sản phẩm trưng bày", blank=True, related_name="events"
    )
    results = models.TextField("kết quả", blank=True)
    # A trade event held outside Viet Nam (the province takes part abroad), and where.
    abroad = models.BooleanField(_("tổ chức ở nước ngoài"), default=False)
    country = models.CharField(_("quốc gia, vùng lãnh thổ"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "sự kiện"
        verbose_name_plural = "sự kiện"

    def __str__(self) -> str:
        return self.title


class Course(models.Model):
    title = models.CharField("tên lớp tập huấn", max_length=255)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    place = models.CharField("địa điểm", max_length=255)
    province = models.ForeignKey(
        "areas.Province", verbose_name="tỉnh tổ chức", on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.CharField("đơn vị tổ chức", max_length=255, blank=True)
    content = models.TextField("nội dung", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "lớp tập huấn"
        verbose_name_plural = "lớp tập huấn"

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One person on a course: an official (a user) or a producer (the producer, and its user if any)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances"
    )
    producer = models.ForeignKey(
        "producers.Producer", null=True, blank=True, on_delete=models.PROTECT, related_name="attendances"
    )
    name = models.CharField("họ và tên", max_length=150)
    attended = models.BooleanField("có mặt", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "học viên"
        verbose_name_plural = "học viên"

    def __str__(self) -> str:
        return self.name


class DeclaredRevenue(models.Model):
    """A producer's revenue for a year, as declared (triệu đồng)."""

    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT, related_name="revenues")
    year = models.PositiveSmallIntegerField("năm")
    amount = models.DecimalField("doanh thu (triệu đồng)", max_digits=14, decimal_places=1)
    source = models.CharField("nguồn số liệu", max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["producer__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["producer", "year"], name="programme_one_revenue_a_year")
        ]
        verbose_name = "doanh thu kê khai"
        verbose_name_plural = "doanh thu kê khai"

    def __str__(self) -> str:
        return f"{self.producer} {self.year}: {self.amount}"


class CommuneReport(models.Model):
    """A commune's periodic report to the province on its OCOP work (six-month or annual).

    Its figures are the progress of the commune's plan for the year, taken from the records when the
    report is sent and kept as they were (`figures`); the commune writes what the figures cannot say.
    Its number comes from the commune's register (ocop/numbering). The province acknowledges it, or
    returns it with its reasons; the commune then sends a corrected report (a new number).
    """

    class Kind(models.TextChoices):
        SIX_MONTH = "six_month", _("Báo cáo 6 tháng")
        ANNUAL = "annual", _("Báo cáo năm")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Đã gửi tỉnh")
        ACKNOWLEDGED = "acknowledged", _("Tỉnh đã tiếp nhận")
        RETURNED = "returned", _("Tỉnh trả lại để bổ sung")

    commune = models.ForeignKey("areas.Commune", on_delete=models.PROTECT, related_name="ocop_reports")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số báo cáo"), max_length=50)
    submitted_on = models.DateField(_("ngày báo cáo"))
    results = models.TextField(_("kết quả thực hiện"))
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    figures = models.JSONField(_("số liệu chỉ tiêu khi gửi"), default=list)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ý kiến của tỉnh"), blank=True)
    version = version_field()

    class Meta:
        ordering = ["-year", "-submitted_on", "-pk"]
        constraints = [
            # One report of each kind a year stands (a returned one gives way to its correction).
            models.UniqueConstraint(
                fields=["commune", "kind", "year"],
                condition=~models.Q(state="returned"),
                name="programme_one_commune_report_a_period",
            )
        ]
        verbose_name = _("báo cáo của xã")
        verbose_name_plural = _("báo cáo của xã")

    def __str__(self) -> str:
        return f"{self.number} ({self.commune.name})"
