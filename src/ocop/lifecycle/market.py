"""Market checks and self-declarations (market_models.py): who may do what, what each user sees, and
the services that record them (docs/architecture.md, "The write path").

The verdict of a finding is never typed in: it is read from the certificate the label refers to, as
the verification page reads it on the day of the check (`effective_status`): a revoked or expired
certificate still used on a label, a star higher than the one recognised, or the OCOP mark on a
product with no certificate at all. A replaced certificate stands for the product's newer one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ocop import versions
from ocop.accounts.models import Role, User
from ocop.accounts.rules import OFFICIALS, Need, Rule, role_in
from ocop.audit.models import record
from ocop.certificates.models import Certificate
from ocop.checks import required_text
from ocop.dossiers.uploads import UploadRefused, check_upload
from ocop.errors import StepRefused
from ocop.notifications import notify
from ocop.producers.models import Product

from . import rules
from .market_models import (
    DeclarationCheck,
    DeclarationResult,
    MarketCheck,
    MarketEvidence,
    MarketFinding,
    PlaceKind,
    SelfDeclaration,
    Verdict,
)
from .models import InspectionPlan, InspectionRecord
from .services import province_staff_of
from .verification import effective_status, normalise_code

# Evidence and declarations: a photo or a document (the checked-upload types that are one of those).
EVIDENCE_TYPES = ("jpg", "jpeg", "png", "pdf")
STARS = (1, 2, 3, 4, 5)


def _today() -> date:
    return timezone.localdate()


# --- rules ------------------------------------------------------------------------------------------

PROVINCE_STAFF: Need[Any] = Need(
    lambda user, obj: role_in(Role.PROVINCE_STAFF)(user) and user.province_id is not None,
    _l("Chỉ cơ quan tham mưu OCOP cấp tỉnh ghi kết quả kiểm tra thị trường"),
)
desk: Rule[Any] = Rule(
    "lifecycle.market_desk",
    Need(
        lambda user, obj: (
            role_in(*OFFICIALS)(user) and (user.role == Role.CENTRAL_STAFF or user.province_id is not None)
        ),
        _l("Trang dành cho cơ quan quản lý OCOP"),
    ),
)
record_check: Rule[Any] = Rule("lifecycle.market_check", PROVINCE_STAFF)
edit_check: Rule[MarketCheck] = Rule(
    "lifecycle.market_edit",
    PROVINCE_STAFF,
    Need(lambda user, c: c.province_id == user.province_id, _l("Đợt kiểm tra của tỉnh khác")),
)
close_finding: Rule[MarketFinding] = Rule(
    "lifecycle.market_close",
    PROVINCE_STAFF,
    Need(lambda user, f: f.market_check.province_id == user.province_id, _l("Đợt kiểm tra của tỉnh khác")),
    Need(lambda user, f: f.needs_follow_up, _l("Phát hiện này không cần xử lý")),
    Need(
        lambda user, f: f.closed_on is None,
        why=lambda user, f: StepRefused(
            _("Việc xử lý đã kết thúc ngày %(day)s (%(who)s); không có gì thay đổi")
            % {"day": f"{f.closed_on:%d/%m/%Y}", "who": f.closed_by}
        ),
    ),
)


def _declares(user: Any, product: Product) -> bool:
    if role_in(Role.PRODUCER)(user):
        return user.producer_id is not None and user.producer_id == product.producer_id
    return role_in(Role.PROVINCE_STAFF)(user) and user.province_id == product.producer.commune.province_id


declare: Rule[Product] = Rule(
    "lifecycle.declare",
    Need(_declares, _l("Chỉ chủ thể của sản phẩm hoặc cơ quan tham mưu OCOP tỉnh ghi bản tự công bố")),
)
# A declaration is checked within a hậu kiểm record, by those who record inspections of the product.
check_declaration: Rule[InspectionRecord] = Rule(
    "lifecycle.check_declaration",
    rules.INSPECTOR,
    Need(lambda user, i: rules.sees_certificate(user, i.certificate), rules.IN_AREA.vi),
)


# --- scope --------------------------------------------------------------------------------------------


def checks_for(user: Any) -> QuerySet[MarketCheck]:
    qs = MarketCheck.objects.select_related("province", "commune", "sales_point", "event", "plan")
    if not desk(user, None):
        return qs.none()
    return qs if user.role == Role.CENTRAL_STAFF else qs.filter(province=user.province_id)


def findings_for(user: Any) -> QuerySet[MarketFinding]:
    """Findings of the user's checks, and findings elsewhere about its province's certificates."""
    qs = MarketFinding.objects.select_related(
        "market_check__province", "certificate__product__producer__commune"
    )
    if not desk(user, None):
        return qs.none()
    if user.role == Role.CENTRAL_STAFF:
        return qs
    return qs.filter(
        Q(market_check__province=user.province_id)
        | Q(certificate__product__producer__commune__province=user.province_id)
    )


def declarations_for(user: Any) -> QuerySet[SelfDeclaration]:
    qs = SelfDeclaration.objects.select_related("product__producer__commune")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == Role.PRODUCER:
        return qs.filter(product__producer=user.producer_id) if user.producer_id else qs.none()
    if user.role == Role.COMMUNE_OFFICER:
        return qs.filter(product__producer__commune=user.commune_id) if user.commune_id else qs.none()
    if user.role in (Role.PROVINCE_STAFF, Role.PROVINCE_LEADER):
        return (
            qs.filter(product__producer__commune__province=user.province_id)
            if user.province_id
            else qs.none()
        )
    if user.role == Role.CENTRAL_STAFF:
        return qs
    return qs.none()


# --- the verdict ----------------------------------------------------------------------------------------


def verdict_for(
    certificate: Certificate | None, claimed_star: int, on: date
) -> tuple[str, Certificate | None]:
    """The finding's verdict on day `on`, and the certificate it was read from (a replaced certificate
    stands for the product's newest one)."""
    if certificate is None:
        return Verdict.NO_CERTIFICATE, None
    if certificate.status == Certificate.Status.REPLACED:
        newer = (
            Certificate.objects.filter(product=certificate.product_id, valid_from__lte=on)
            .exclude(status=Certificate.Status.REPLACED)
            .order_by("-valid_from", "-pk")
            .first()
        )
        if newer is not None:
            certificate = newer
    if certificate.valid_from > on:  # not yet recognised on the day of the check
        return Verdict.NO_CERTIFICATE, certificate
    status = effective_status(certificate, on)
    if status == Certificate.Status.REVOKED:
        return Verdict.REVOKED, certificate
    if status in (Certificate.Status.EXPIRED, Certificate.Status.REPLACED):
        return Verdict.EXPIRED, certificate
    if claimed_star > certificate.star:
        return Verdict.STAR_MISMATCH, certificate
    return Verdict.OK, certificate


def find_certificate(reference: str) -> Certificate | None:
    """The certificate a label refers to, by its number or the code printed on the stamp (any province:
    a product of another province may be on sale here)."""
    text = (reference or "").strip()
    if not text:
        return None
    code = normalise_code(text)
    found = Certificate.objects.filter(Q(number__iexact=text) | Q(code=code or text)).first()
    if found is None:
        raise StepRefused(
            _(
                "Không tìm thấy giấy chứng nhận số hoặc mã «%(ref)s»; để trống nếu nhãn không ghi giấy chứng nhận nào"
            )
            % {"ref": text[:60]}
        )
    return found


# --- services ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_market_check(
    user: User,
    *,
    checked_on: date | None,
    place_kind: str,
    place: str,
    inspectors: str,
    address: str = "",
    url: str = "",
    commune_id: int | None = None,
    sales_point_id: int | None = None,
    event_id: int | None = None,
    plan: InspectionPlan | None = None,
    notes: str = "",
    today: date | None = None,
) -> MarketCheck:
    """Where and when the officials looked. A shop, market or fair needs an address; an online shop its
    web address."""
    from ocop.areas.models import Commune
    from ocop.catalogue.models import SalesPoint
    from ocop.programme.models import Event

    today = today or _today()
    record_check.check(user, None)
    if place_kind not in PlaceKind.values:
        raise StepRefused(_("Nơi bán không hợp lệ"))
    if checked_on is None:
        raise StepRefused(_("Cần ngày kiểm tra"))
    if checked_on > today:
        raise StepRefused(_("Ngày kiểm tra không thể ở tương lai"))
    address, url = (address or "").strip(), (url or "").strip()
    if place_kind == PlaceKind.ONLINE and not url:
        raise StepRefused(_("Kiểm tra bán trực tuyến cần địa chỉ trang bán hàng"))
    if place_kind != PlaceKind.ONLINE and not address:
        raise StepRefused(_("Cần địa chỉ nơi bán"))
    province = user.province_id

    def own(model: Any, pk: int | None, field: str, label: str) -> Any:
        if pk is None:
            return None
        found = model.objects.filter(pk=pk, **{field: province}).first()
        if found is None:
            raise StepRefused(_("%(label)s không thuộc tỉnh") % {"label": label})
        return found

    commune = own(Commune, commune_id, "province", _("Xã, phường"))
    sales_point = own(SalesPoint, sales_point_id, "province", _("Điểm bán"))
    event = own(Event, event_id, "province", _("Hội chợ, sự kiện"))
    if plan is not None and (plan.province_id != province or plan.level != "province"):
        raise StepRefused(_("Kế hoạch kiểm tra của tỉnh khác"))
    check = MarketCheck.objects.create(
        province_id=province,
        checked_on=checked_on,
        place_kind=place_kind,
        place=required_text(place, _("tên nơi bán"), 255),
        address=address[:255],
        url=url[:500],
        commune=commune,
        sales_point=sales_point,
        event=event,
        plan=plan,
        inspectors=required_text(inspectors, _("thành phần đoàn kiểm tra"), 255),
        notes=(notes or "").strip(),
        recorded_by=user,
    )
    record(
        user, "market.check", subject=f"market-check:{check.pk}", place=check.place, on=checked_on.isoformat()
    )
    return check


def _keep_upload(user: User, name: str, stream: IO[bytes], size: int) -> tuple[str, Any]:
    """The checked upload (dossiers.uploads), then only a photo or a document."""
    from ocop.dossiers.services import upload_max_bytes

    try:
        checked = check_upload(name, stream, size, upload_max_bytes())
    except UploadRefused as e:
        raise StepRefused(str(e).partition(" / ")[0]) from None
    if checked.extension not in EVIDENCE_TYPES:
        raise StepRefused(_("Bằng chứng là ảnh (JPG, PNG) hoặc tài liệu PDF"))
    return name[:255], checked


def _add_evidence(
    user: User, finding: MarketFinding, files: Iterable[tuple[str, IO[bytes], int]]
) -> list[MarketEvidence]:
    """Every file is checked before any is stored: one refused photo leaves none behind."""
    checked = [(name, stream, *_keep_upload(user, name, stream, size)) for name, stream, size in files]
    kept = []
    for name, stream, original, upload in checked:
        evidence = MarketEvidence(
            finding=finding,
            original_name=original,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=user,
        )
        evidence.file.save(name, File(stream), save=False)
        evidence.save()
        record(
            user,
            "market.evidence",
            subject=f"market-check:{finding.market_check_id}",
            finding=finding.pk,
            name=original,
            sha256=upload.sha256,
        )
        kept.append(evidence)
    return kept


@transaction.atomic
def record_finding(
    user: User,
    check: MarketCheck,
    *,
    product_label: str,
    claimed_star: int | None,
    certificate_reference: str = "",
    producer_label: str = "",
    note: str = "",
    follow_up: str = "",
    follow_up_deadline: date | None = None,
    evidence: Iterable[tuple[str, IO[bytes], int]] = (),
) -> MarketFinding:
    """One product seen on sale with the OCOP mark, its verdict from the records, its evidence; a
    finding other than "in order" needs what is to be done and by when. All or nothing: a refused
    photo leaves no finding."""
    check = MarketCheck.objects.select_for_update().get(pk=check.pk)
    edit_check.check(user, check)
    if claimed_star not in STARS:
        raise StepRefused(_("Hạng sao ghi trên nhãn phải từ 1 đến 5"))
    certificate = find_certificate(certificate_reference)
    verdict, read_from = verdict_for(certificate, claimed_star, check.checked_on)
    follow_up = (follow_up or "").strip()
    if verdict != Verdict.OK:
        if not follow_up or follow_up_deadline is None:
            raise StepRefused(
                _("Phát hiện «%(verdict)s» cần nội dung yêu cầu xử lý và hạn xử lý")
                % {"verdict": Verdict(verdict).label}
            )
        if follow_up_deadline <= check.checked_on:
            raise StepRefused(_("Hạn xử lý phải sau ngày kiểm tra"))
    else:
        follow_up, follow_up_deadline = "", None
    finding = MarketFinding.objects.create(
        market_check=check,
        certificate=read_from,
        product_label=required_text(product_label, _("tên sản phẩm trên nhãn"), 255),
        producer_label=(producer_label or "").strip()[:255],
        claimed_star=claimed_star,
        verdict=verdict,
        note=(note or "").strip(),
        follow_up=follow_up,
        follow_up_deadline=follow_up_deadline,
        recorded_by=user,
    )
    kept = _add_evidence(user, finding, evidence)
    record(
        user,
        "market.finding",
        subject=f"market-check:{check.pk}",
        finding=finding.pk,
        verdict=verdict,
        certificate=read_from.number if read_from else None,
        evidence=len(kept),
    )
    if verdict != Verdict.OK and read_from is not None:
        producer = read_from.product.producer
        others = [u for u in province_staff_of(read_from) if u.province_id != check.province_id]
        notify(
            [*producer.users.filter(is_active=True), *others],
            _("Kiểm tra sản phẩm OCOP trên thị trường: %(product)s") % {"product": finding.product_label},
            _("Ngày %(day)s tại %(place)s: %(verdict)s. Yêu cầu: %(follow_up)s (hạn %(deadline)s).")
            % {
                "day": f"{check.checked_on:%d/%m/%Y}",
                "place": check.place,
                "verdict": Verdict(verdict).label,
                "follow_up": follow_up,
                "deadline": f"{follow_up_deadline:%d/%m/%Y}" if follow_up_deadline else "",
            },
        )
    return finding


@transaction.atomic
def add_evidence(
    user: User, finding: MarketFinding, files: Iterable[tuple[str, IO[bytes], int]]
) -> list[MarketEvidence]:
    finding = MarketFinding.objects.select_for_update().select_related("market_check").get(pk=finding.pk)
    edit_check.check(user, finding.market_check)
    kept = _add_evidence(user, finding, files)
    if not kept:
        raise StepRefused(_("Chưa chọn tệp nào"))
    return kept


@transaction.atomic
def close(
    user: User,
    finding: MarketFinding,
    *,
    closed_on: date | None,
    closure: str,
    version: int | None = None,
    today: date | None = None,
) -> MarketFinding:
    """End the follow-up with what was done (withdrawn from sale, relabelled, referred to the market
    surveillance office, a revocation proposed…)."""
    today = today or _today()
    finding = (
        MarketFinding.objects.select_for_update(of=("self",))
        .select_related("market_check", "closed_by")
        .get(pk=finding.pk)
    )
    versions.check(finding, version, f"market-finding:{finding.pk}")
    close_finding.check(user, finding)
    if closed_on is None:
        raise StepRefused(_("Cần ngày kết thúc theo dõi"))
    if closed_on > today:
        raise StepRefused(_("Ngày kết thúc theo dõi không thể ở tương lai"))
    if closed_on < finding.market_check.checked_on:
        raise StepRefused(_("Ngày kết thúc theo dõi trước ngày kiểm tra"))
    finding.closure = required_text(closure, _("kết quả xử lý"), 4000)
    finding.closed_on, finding.closed_by = closed_on, user
    finding.version += 1
    finding.save(update_fields=["closure", "closed_on", "closed_by", "version"])
    record(
        user,
        "market.closed",
        subject=f"market-finding:{finding.pk}",
        closed_on=closed_on.isoformat(),
        version=finding.version,
        changes={"closed_on": [None, closed_on.isoformat()]},
    )
    return finding


@dataclass(frozen=True)
class FollowUp:
    finding: MarketFinding
    overdue: bool


def open_follow_ups(user: Any, today: date | None = None) -> list[FollowUp]:
    today = today or _today()
    return [
        FollowUp(f, bool(f.follow_up_deadline and f.follow_up_deadline < today))
        for f in findings_for(user)
        .exclude(verdict=Verdict.OK)
        .filter(closed_on__isnull=True)
        .order_by("follow_up_deadline", "pk")
    ]


# --- self-declarations ------------------------------------------------------------------------------------


@transaction.atomic
def record_declaration(
    user: User,
    product: Product,
    *,
    number: str,
    declared_on: date | None,
    standard: str,
    received_by: str = "",
    document: tuple[str, IO[bytes], int] | None = None,
    today: date | None = None,
) -> SelfDeclaration:
    """A producer's self-declaration of the product, with its document (PDF or a photo of it)."""
    today = today or _today()
    product = Product.objects.select_for_update().select_related("producer__commune").get(pk=product.pk)
    declare.check(user, product)
    number = required_text(number, _("số bản tự công bố"), 100)
    if declared_on is None:
        raise StepRefused(_("Cần ngày tự công bố"))
    if declared_on > today:
        raise StepRefused(_("Ngày tự công bố không thể ở tương lai"))
    if product.self_declarations.filter(number__iexact=number).exists():
        raise StepRefused(_("Sản phẩm đã có bản tự công bố số %(number)s") % {"number": number})
    if document is None:
        raise StepRefused(_("Cần tệp bản tự công bố (PDF hoặc ảnh chụp)"))
    name, stream, size = document
    original, checked = _keep_upload(user, name, stream, size)
    declaration = SelfDeclaration(
        product=product,
        number=number,
        declared_on=declared_on,
        standard=required_text(standard, _("tiêu chuẩn, quy chuẩn áp dụng"), 255),
        received_by=(received_by or "").strip()[:255],
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        recorded_by=user,
    )
    declaration.document.save(name, File(stream), save=False)
    declaration.save()
    record(
        user,
        "declaration.recorded",
        subject=f"product:{product.pk}",
        number=number,
        declared_on=declared_on.isoformat(),
        sha256=checked.sha256,
    )
    return declaration


@transaction.atomic
def check_declaration_in(
    user: User, inspection: InspectionRecord, declaration: SelfDeclaration, *, result: str, note: str = ""
) -> DeclarationCheck:
    """Within a hậu kiểm record: whether the inspected product is as its self-declaration says."""
    inspection = (
        InspectionRecord.objects.select_for_update().select_related("certificate").get(pk=inspection.pk)
    )
    check_declaration.check(user, inspection)
    if declaration.product_id != inspection.certificate.product_id:
        raise StepRefused(_("Bản tự công bố không phải của sản phẩm được kiểm tra"))
    if result not in DeclarationResult.values:
        raise StepRefused(_("Kết quả kiểm tra bản tự công bố không hợp lệ"))
    if result != DeclarationResult.MATCHES and not (note or "").strip():
        raise StepRefused(_("Cần ghi rõ điểm không đúng với bản tự công bố"))
    earlier = DeclarationCheck.objects.filter(declaration=declaration, inspection=inspection).first()
    if earlier is not None:
        raise StepRefused(
            _("Bản tự công bố này đã được kiểm tra trong biên bản (%(result)s)")
            % {"result": earlier.get_result_display()}
        )
    checked = DeclarationCheck.objects.create(
        declaration=declaration,
        inspection=inspection,
        result=result,
        note=(note or "").strip()[:500],
        checked_by=user,
    )
    record(
        user,
        "declaration.checked",
        dossier=inspection.certificate.dossier,
        subject=f"certificate:{inspection.certificate.number}",
        inspection=inspection.pk,
        declaration=declaration.number,
        result=result,
    )
    return checked


# --- figures: the dashboard and the periodic report ---------------------------------------------------


@dataclass
class MarketFigures:
    """Market checks in a period and scope (one province, or the country)."""

    checks: int = 0
    products: int = 0
    by_verdict: list[tuple[str, int]] = field(default_factory=list)  # (label, count), every verdict
    open_follow_ups: int = 0
    overdue: int = 0
    declarations_checked: int = 0
    declarations_wrong: int = 0

    @property
    def violations(self) -> int:
        return self.products - dict(self.by_verdict).get(str(Verdict.OK.label), 0)


def market_figures(province_id: int | None, start: date, end: date, on: date) -> MarketFigures:
    """Checks held in [start, end]; the follow-ups still open on `on` (whenever their check was)."""
    from .market_models import DeclarationCheck

    checks = MarketCheck.objects.filter(checked_on__gte=start, checked_on__lte=end)
    findings = MarketFinding.objects.all()
    declarations = DeclarationCheck.objects.filter(
        inspection__inspected_on__gte=start, inspection__inspected_on__lte=end
    )
    if province_id is not None:
        checks = checks.filter(province=province_id)
        findings = findings.filter(market_check__province=province_id)
        declarations = declarations.filter(
            inspection__certificate__product__producer__commune__province=province_id
        )
    in_period = findings.filter(market_check__in=checks)
    counts = dict(in_period.values_list("verdict").annotate(n=Count("pk")).values_list("verdict", "n"))
    still_open = findings.exclude(verdict=Verdict.OK).filter(closed_on__isnull=True)
    return MarketFigures(
        checks=checks.count(),
        products=sum(counts.values()),
        by_verdict=[(str(v.label), counts.get(v.value, 0)) for v in Verdict],
        open_follow_ups=still_open.count(),
        overdue=still_open.filter(follow_up_deadline__lt=on).count(),
        declarations_checked=declarations.count(),
        declarations_wrong=declarations.exclude(result=DeclarationResult.MATCHES).count(),
    )


def figure_lines(figures: MarketFigures) -> list[tuple[str, str]]:
    """The market-check section as (label, value) lines: the same on the page, in Excel and the PDF."""
    return [
        (_("Đợt kiểm tra sản phẩm trên thị trường"), str(figures.checks)),
        (_("Sản phẩm mang nhãn OCOP được kiểm tra"), str(figures.products)),
        *((f"— {label}", str(n)) for label, n in figures.by_verdict),
        (_("Việc đang theo dõi xử lý"), str(figures.open_follow_ups)),
        (_("Trong đó quá hạn"), str(figures.overdue)),
        (_("Bản tự công bố được kiểm tra khi hậu kiểm"), str(figures.declarations_checked)),
        (_("Trong đó không đúng với sản phẩm"), str(figures.declarations_wrong)),
    ]
