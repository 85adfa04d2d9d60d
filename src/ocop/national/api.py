"""The versioned REST API, `/api/v1/` (django-ninja; schema at /api/v1/openapi.json, docs at
/api/v1/docs). docs/api.md explains it to partners.

Every endpoint reads through the selectors the pages use: a partner's token stands for a
provincial official of its province (`permissions.reader`) and its scopes narrow what it reads;
the one write (stamps) calls the same service as the producer's page. Every list is paginated
with a capped page size, every bad input is a 4xx with a message, and every call is rate-limited
(per token, or per client for the public endpoints).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from ocop.catalogue.services import CatalogueQuery, search_page
from ocop.certificates.selectors import certificates_for
from ocop.core.rulebooks import all_rulebooks, get_rulebook
from ocop.core.rulebooks.model import Rulebook, Scorecard
from ocop.dossiers.selectors import dossiers_for
from ocop.errors import StepRefused
from ocop.lifecycle.verification import effective_status, verify
from ocop.producers.selectors import products_for
from ocop.programme.services import plans_for
from ocop.reports.figures import Breakdown
from ocop.reports.services import report, resolve_period
from ocop.stamps import services as stamps
from ocop.stamps.links import stamp_url

from . import export
from . import schemas as s
from .models import PartnerToken, Scope
from .rules import has_scope, reader
from .selectors import batches_for, producers_for
from .tokens import authenticate
from .views import download

MAX_LIMIT = 200
EXPORT_MAX_LIMIT = 1000

# --- who is calling, and how often ----------------------------------------------------------------


class PartnerBearer(HttpBearer):
    """`Authorization: Bearer <token>`; the token must be usable and hold `scope`."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> PartnerToken | None:
        found = authenticate(token)
        if found is None:
            return None  # 401
        if not has_scope(found, self.scope):
            raise HttpError(403, _("Khóa không có quyền %(scope)s") % {"scope": self.scope})
        return found


class _Rate(SimpleRateThrottle):
    """A rate read from the settings at each call (so a deployment or a test can change it)."""

    setting = ""

    def __init__(self) -> None:
        self.rate = None
        self.num_requests, self.duration = None, None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class PartnerRate(_Rate):
    scope = "partner"
    setting = "OCOP_API_RATE_PARTNER"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return f"throttle_partner_{token.pk}" if isinstance(token, PartnerToken) else None


class PublicRate(_Rate):
    scope = "public"
    setting = "OCOP_API_RATE_PUBLIC"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if isinstance(getattr(request, "auth", None), PartnerToken):
            return None
        # The client's address is only a key in the rate counter (the cache), never stored.
        return f"throttle_public_{self.get_ident(request)}"


api = NinjaAPI(
    title="OCOP API",
    version="1",
    description=(
        "API của hệ thống OCOP (Chương trình Mỗi xã một sản phẩm). Công khai: bộ quy tắc, phiếu đánh giá, "
        "trạng thái giấy chứng nhận, tem truy xuất, danh mục sản phẩm. Với khóa của đối tác "
        "(Authorization: Bearer …): dữ liệu của một tỉnh, theo quyền của khóa."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[PublicRate(), PartnerRate()],
)


def _error(request: HttpRequest, status: int, detail: str, errors: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, _("Tham số không hợp lệ"), [dict(e) for e in exc.errors])


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Cần khóa API hợp lệ: Authorization: Bearer <khóa>"))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or _("Không tìm thấy"))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("Không có quyền"))


@api.exception_handler(StepRefused)
def _refused(request: HttpRequest, exc: StepRefused) -> HttpResponse:
    return _error(request, 400, str(exc))


# 400: a NUL character anywhere in the request, refused before the API sees it (web/limits.py)
PUBLIC_ERRORS: dict[int, Any] = {400: s.ErrorOut, 404: s.ErrorOut, 422: s.ErrorOut, 429: s.ErrorOut}
TOKEN_ERRORS: dict[int, Any] = {401: s.ErrorOut, 403: s.ErrorOut, **PUBLIC_ERRORS}


def _token(request: HttpRequest) -> PartnerToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, PartnerToken)
    return token


def _page(qs: QuerySet[Any], limit: int, offset: int) -> tuple[int, list[Any]]:
    return qs.count(), list(qs[offset : offset + limit])


def _listing(
    qs: QuerySet[Any], limit: int, offset: int, shape: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """One page of a list, as every list endpoint answers: the count, the page asked and its items."""
    count, rows = _page(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": [shape(row) for row in rows]}


Limit = Query(50, ge=1, le=MAX_LIMIT, description="Số bản ghi mỗi trang (tối đa 200)")
Offset = Query(0, ge=0, le=10_000_000, description="Bỏ qua bao nhiêu bản ghi")

# --- public -----------------------------------------------------------------------------------------

public = Router(tags=["công khai"])


def _book_out(book: Rulebook) -> dict[str, Any]:
    return {
        "id": book.id,
        "decision": book.decision,
        "title": book.title,
        "effective_from": book.effective_from,
        "effective_until": book.effective_until,
        "part_maxima": book.part_maxima,
        "star_bands": [{"star": b.star, "lower": b.lower, "upper": b.upper} for b in book.star_bands],
        "certificate_validity_months": book.certificate_validity_months,
    }


def _card_summary(card: Scorecard) -> dict[str, Any]:
    return {
        "number": card.number,
        "title": card.title,
        "group": card.classification.code,
        "max_points": card.max_points,
    }


def _book(rulebook_id: str) -> Rulebook:
    try:
        return get_rulebook(rulebook_id)
    except KeyError:
        raise Http404(_("Không có bộ quy tắc %(id)s") % {"id": rulebook_id[:40]}) from None


@public.get("/rulebooks", response={200: list[s.RulebookOut], **PUBLIC_ERRORS}, summary="Các bộ quy tắc")
def list_rulebooks(request: HttpRequest) -> Any:
    return [_book_out(b) for b in all_rulebooks().values()]


@public.get(
    "/rulebooks/{rulebook_id}", response={200: s.RulebookDetailOut, **PUBLIC_ERRORS}, summary="Một bộ quy tắc"
)
def get_rulebook_detail(request: HttpRequest, rulebook_id: str) -> Any:
    book = _book(rulebook_id)
    cards = [_card_summary(book.scorecards[n]) for n in sorted(book.scorecards)]
    return {**_book_out(book), "scorecards": cards, "unknowns": list(book.unknowns)}


@public.get(
    "/rulebooks/{rulebook_id}/scorecards/{number}",
    response={200: s.ScorecardOut, **PUBLIC_ERRORS},
    summary="Một phiếu đánh giá",
)
def get_scorecard(request: HttpRequest, rulebook_id: str, number: int) -> Any:
    book = _book(rulebook_id)
    card = book.scorecards.get(number)
    if card is None:
        raise Http404(_("Bộ quy tắc %(id)s không có phiếu số %(n)s") % {"id": book.id, "n": number})
    criteria = []
    for part in card.parts:
        for criterion in part.walk():
            criteria.append(
                {
                    "id": criterion.id,
                    "part": part.code,
                    "text": criterion.text,
                    "max_points": criterion.max_points,
                    "star_minimums": {str(k): v for k, v in criterion.star_minimums.items()},
                    "options": [{"id": o.id, "text": o.text, "points": o.points} for o in criterion.options],
                }
            )
    return {**_card_summary(card), "rulebook_id": book.id, "verified": card.verified, "criteria": criteria}


def _certificate_status(certificate: Any, status: str) -> dict[str, Any]:
    return {
        "code": certificate.code,
        "number": certificate.number,
        "status": status,
        "extended_until": certificate.extended_until,
        "star": certificate.star,
        "product_name": certificate.product_name,
        "producer_name": certificate.producer_name,
        "valid_from": certificate.valid_from,
        "valid_until": certificate.valid_until,
        "decision_number": getattr(certificate, "decision_number", None) or certificate.decision.number,
        "issuer": getattr(certificate, "decision_issuer", None) or certificate.decision.issuer,
    }


@public.get(
    "/certificates/{code}/status",
    response={200: s.CertificateStatusOut, **PUBLIC_ERRORS},
    summary="Trạng thái giấy chứng nhận theo mã tra cứu",
)
def certificate_status(request: HttpRequest, code: str) -> Any:
    found = verify(code[:40], timezone.localdate())
    if found is None:
        raise Http404(_("Không có giấy chứng nhận với mã này"))
    return _certificate_status(found.certificate, found.status)


@public.get(
    "/stamps/{serial}",
    response={200: s.StampStatusOut, **PUBLIC_ERRORS},
    summary="Xác minh một tem truy xuất (không tính là một lượt quét)",
)
def stamp_status(request: HttpRequest, serial: str) -> Any:
    stamp = stamps.find_stamp(serial[:40])
    if stamp is None:
        raise Http404(_("Không có tem với số sê-ri này"))
    batch, certificate = stamp.batch, stamp.batch.certificate
    return {
        "serial": stamp.serial,
        "certificate": _certificate_status(certificate, effective_status(certificate, timezone.localdate())),
        "batch": {
            "lot": batch.lot,
            "produced_on": batch.produced_on,
            "expires_on": batch.expires_on,
            "gtin": batch.gtin,
        },
        "scans": stamp.scans,
        "flagged": stamp.flagged_at is not None,
    }


@public.get(
    "/catalogue", response={200: s.CataloguePageOut, **PUBLIC_ERRORS}, summary="Danh mục sản phẩm OCOP"
)
def catalogue(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="Tìm theo tên (không cần dấu)"),
    province: int | None = Query(None, ge=1, le=99, description="Mã tỉnh"),
    star: int | None = Query(None, ge=3, le=5),
    group: str = Query("", max_length=8, description="Nhóm sản phẩm (I…VI hoặc 1…6)"),
    page: int = Query(1, ge=1, le=50_000),
) -> Any:
    found = search_page(CatalogueQuery(q=q.strip(), province=province, star=star, group=group.strip()), page)
    return {
        "page": found.number,
        "has_next": found.has_next,
        "count": found.count,
        "more": found.more,
        "items": [
            {
                "product_id": e.product_id,
                "name": e.name,
                "star": e.star,
                "producer_name": e.producer_name,
                "commune_name": e.commune_name,
                "province_name": e.province_name,
                "group_code": e.group_code,
            }
            for e in found.rows
        ],
    }


# --- a province's data, with a token ----------------------------------------------------------------

register = Router(tags=["sổ của tỉnh"], auth=PartnerBearer(Scope.REGISTER_READ))
dossiers = Router(tags=["hồ sơ"], auth=PartnerBearer(Scope.DOSSIERS_READ))
programme = Router(tags=["kế hoạch, báo cáo"], auth=PartnerBearer(Scope.PROGRAMME_READ))
stamps_read = Router(tags=["tem truy xuất"], auth=PartnerBearer(Scope.STAMPS_READ))


@register.get("/producers", response={200: s.ProducerPage, **TOKEN_ERRORS}, summary="Chủ thể của tỉnh")
def list_producers(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> Any:
    return _listing(
        producers_for(reader(_token(request))).order_by("pk"),
        limit,
        offset,
        lambda p: {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "representative": p.representative,
            "registration_number": p.registration_number,
            "address": p.address,
            "commune_code": f"{p.commune.code:05d}",
            "commune_name": p.commune.name,
            "province_code": f"{p.commune.province.code:02d}",
        },
    )


@register.get("/products", response={200: s.ProductPage, **TOKEN_ERRORS}, summary="Sản phẩm của tỉnh")
def list_products(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> Any:
    return _listing(
        products_for(reader(_token(request))).order_by("pk"),
        limit,
        offset,
        lambda p: {
            "id": p.pk,
            "name": p.name,
            "producer_id": p.producer_id,
            "rulebook_id": p.rulebook_id,
            "scorecard_number": p.scorecard_number,
        },
    )


CertificateStatus = Literal["valid", "expired", "revoked", "replaced"]


@register.get(
    "/certificates", response={200: s.CertificatePage, **TOKEN_ERRORS}, summary="Giấy chứng nhận của tỉnh"
)
def list_certificates(
    request: HttpRequest,
    status: CertificateStatus | None = Query(None, description="Trạng thái đã ghi"),
    limit: int = Limit,
    offset: int = Offset,
) -> Any:
    qs = certificates_for(reader(_token(request))).select_related("product_code").order_by("pk")
    if status:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    return _listing(
        qs,
        limit,
        offset,
        lambda c: {
            "id": c.pk,
            "number": c.number,
            "code": c.code,
            "product_code": getattr(getattr(c, "product_code", None), "code", None),
            "product_id": c.product_id,
            "product_name": c.product_name,
            "producer_name": c.producer_name,
            "star": c.star,
            "total": str(c.total) if c.total is not None else None,
            "rulebook_id": c.rulebook_id,
            "scorecard_number": c.scorecard_number,
            "decision_number": c.decision.number,
            "decision_date": c.decision.signed_on,
            "valid_from": c.valid_from,
            "valid_until": c.valid_until,
            "extended_until": c.extended_until,
            "status": effective_status(c, today),
        },
    )


@register.get(
    "/national-export",
    response={200: s.NationalExportOut, **TOKEN_ERRORS},
    summary="Dữ liệu xuất quốc gia (JSON, theo trang)",
)
def national_export(
    request: HttpRequest,
    since: date | None = Query(None, description="Chỉ bản ghi thay đổi từ ngày này"),
    limit: int = Query(500, ge=1, le=EXPORT_MAX_LIMIT),
    offset: int = Offset,
) -> Any:
    token = _token(request)
    certificates = certificates_for(reader(token))
    if offset == 0:  # the first page of a pull gives the missing codes and is audited, once
        chosen = export.prepare(actor=token, certificates=certificates, since=since, fmt="json")
    else:
        chosen = export.changed_since(certificates, since, timezone.localdate()) if since else certificates
    qs = export.ordered(chosen)
    count, rows = _page(qs, limit, offset)
    today = timezone.localdate()
    return {
        "layout": export.LAYOUT,
        "since": since,
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [export.line(c, today) for c in rows],
    }


@register.get(
    "/national-export.xlsx",
    response={200: None, **TOKEN_ERRORS},
    summary="Dữ liệu xuất quốc gia (Excel, cả sổ)",
)
def national_export_xlsx(request: HttpRequest, since: date | None = Query(None)) -> Any:
    token = _token(request)
    chosen = export.prepare(
        actor=token, certificates=certificates_for(reader(token)), since=since, fmt="xlsx"
    )
    return download(chosen, since, "xlsx")


@dossiers.get("/dossiers", response={200: s.DossierPage, **TOKEN_ERRORS}, summary="Hồ sơ của tỉnh")
def list_dossiers(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> Any:
    return _listing(
        dossiers_for(reader(_token(request))).order_by("pk"),
        limit,
        offset,
        lambda d: {
            "id": d.pk,
            "product_id": d.product_id,
            "product_name": d.product.name,
            "kind": d.kind,
            "rulebook_id": d.rulebook_id,
            "state": d.state,
            "level": d.level,
            "commune_code": f"{d.commune.code:05d}",
            "filed_on": d.filed_on,
            "updated_at": d.updated_at,
        },
    )


@dossiers.get("/results", response={200: s.ResultPage, **TOKEN_ERRORS}, summary="Kết quả đánh giá")
def list_results(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> Any:
    from ocop.councils.models import Result

    visible = dossiers_for(reader(_token(request))).values("pk")
    qs = Result.objects.filter(item__dossier__in=visible).select_related("item").order_by("pk")
    return _listing(
        qs,
        limit,
        offset,
        lambda r: {
            "id": r.pk,
            "dossier_id": r.item.dossier_id,
            "rulebook_id": r.rulebook_id,
            "scorecard_number": r.scorecard_number,
            "status": r.status,
            "total": str(r.total),
            "parts": r.parts,
            "band_star": r.band_star,
            "star": r.star,
            "computed_at": r.computed_at,
        },
    )


@programme.get("/plans", response={200: s.PlanPage, **TOKEN_ERRORS}, summary="Kế hoạch OCOP của tỉnh")
def list_plans(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> Any:
    qs = plans_for(reader(_token(request))).prefetch_related("targets").order_by("pk")
    return _listing(
        qs,
        limit,
        offset,
        lambda p: {
            "id": p.pk,
            "year": p.year,
            "title": p.title,
            "reference": p.reference,
            "issued_on": p.issued_on,
            "targets": [{"kind": t.kind, "value": str(t.value), "note": t.note} for t in p.targets.all()],
        },
    )


def _breakdown(b: Breakdown) -> dict[str, Any]:
    return {
        "total": b.total,
        "by_star": {str(k): v for k, v in b.by_star.items()},
        "by_group": dict(b.by_group),
        "by_kind": dict(b.by_kind),
        "by_area": dict(b.by_area),
    }


@programme.get("/report-figures", response={200: s.FiguresOut, **TOKEN_ERRORS}, summary="Số liệu báo cáo")
def report_figures(
    request: HttpRequest,
    kind: Literal["six_month", "annual"] = Query("annual"),
    year: int = Query(..., ge=2018, le=2100),
) -> Any:
    period = resolve_period(kind, year)
    figures = report(reader(_token(request)), period, timezone.localdate())
    return {
        "province": figures.scope.name,
        "start": figures.start,
        "end": figures.end,
        **{
            name: _breakdown(getattr(figures, name))
            for name in ("evaluated", "issued", "rerated", "expired", "revoked", "in_force")
        },
    }


def _batch_out(b: Any) -> dict[str, Any]:
    return {
        "id": b.pk,
        "product_id": b.product_id,
        "certificate_number": b.certificate.number,
        "lot": b.lot,
        "quantity": b.quantity,
        "produced_on": b.produced_on,
        "expires_on": b.expires_on,
        "gtin": b.gtin,
        "scans": getattr(b, "scans", 0),  # annotated by stamps.with_scans; a new batch has none
        "requested_at": b.requested_at,
    }


def _stamp_out(request: HttpRequest, stamp: Any, batch: Any) -> dict[str, Any]:
    return {
        "serial": stamp.serial,
        "url": stamp_url(serial=stamp.serial, gtin=batch.gtin, lot=batch.lot),
        "scans": stamp.scans,
        "provinces": stamp.provinces,
        "flagged_at": stamp.flagged_at,
        "flag_reason": stamp.flag_reason,
    }


@stamps_read.get(
    "/stamp-batches", response={200: s.StampBatchPage, **TOKEN_ERRORS}, summary="Các lô tem của tỉnh"
)
def list_stamp_batches(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> Any:
    return _listing(
        stamps.with_scans(batches_for(reader(_token(request)))).order_by("pk"), limit, offset, _batch_out
    )


@stamps_read.get(
    "/stamp-batches/{batch_id}/stamps",
    response={200: s.StampPage, **TOKEN_ERRORS},
    summary="Các tem của một lô",
)
def list_batch_stamps(request: HttpRequest, batch_id: int, limit: int = Limit, offset: int = Offset) -> Any:
    batch = batches_for(reader(_token(request))).filter(pk=batch_id).first()
    if batch is None:
        raise Http404(_("Không có lô tem này"))
    return _listing(batch.stamps.order_by("pk"), limit, offset, lambda st: _stamp_out(request, st, batch))


@stamps_read.get(
    "/stamps-flagged", response={200: s.StampPage, **TOKEN_ERRORS}, summary="Tem nghi bị sao chép"
)
def list_flagged(request: HttpRequest, limit: int = Limit, offset: int = Offset) -> Any:
    flagged = stamps.flagged_stamps(batches_for(reader(_token(request))))
    return _listing(flagged, limit, offset, lambda st: _stamp_out(request, st, st.batch))


@stamps_read.post(
    "/stamp-batches",
    auth=PartnerBearer(Scope.STAMPS_WRITE),
    response={201: s.StampBatchOut, 400: s.ErrorOut, **TOKEN_ERRORS},
    summary="Yêu cầu tem cho một lô sản phẩm của tỉnh",
)
def create_stamp_batch(request: HttpRequest, body: s.StampRequestIn) -> Any:
    token = _token(request)
    product = products_for(reader(token)).filter(pk=body.product_id).first()
    if product is None:
        raise Http404(_("Không có sản phẩm này trong tỉnh"))
    batch = stamps.request_stamps(
        actor=token,
        product=product,
        lot=body.lot,
        quantity=body.quantity,
        produced_on=body.produced_on,
        expires_on=body.expires_on,
        gtin=body.gtin,
    )
    return Status(201, _batch_out(batch))


# URL names "api_<operation>", so that no page's name is taken (the pages have `catalogue` too).
for router in (public, register, dossiers, programme, stamps_read):
    api.add_router("/", router, url_name_prefix="api")
