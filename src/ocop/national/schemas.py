"""What the API returns: plain, documented shapes (the OpenAPI schema is generated from them)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, object]] | None = None


class Page(Schema):
    count: int
    limit: int
    offset: int


# --- public -------------------------------------------------------------------------------------------


class StarBandOut(Schema):
    star: int
    lower: int
    upper: int | None


class RulebookOut(Schema):
    id: str
    decision: str
    title: str
    effective_from: date
    effective_until: date | None
    part_maxima: dict[str, int]
    star_bands: list[StarBandOut]
    certificate_validity_months: int | None


class ScorecardSummaryOut(Schema):
    number: int
    title: str
    group: str
    max_points: int


class RulebookDetailOut(RulebookOut):
    scorecards: list[ScorecardSummaryOut]
    unknowns: list[str]


class OptionOut(Schema):
    id: str
    text: str
    points: int | None


class CriterionOut(Schema):
    id: str
    part: str
    text: str
    max_points: int
    star_minimums: dict[str, int]
    options: list[OptionOut]


class ScorecardOut(ScorecardSummaryOut):
    rulebook_id: str
    verified: bool
    criteria: list[CriterionOut]


class CertificateStatusOut(Schema):
    code: str
    number: str
    status: str  # valid / expired / revoked / replaced, as of today
    extended_until: date | None
    star: int
    product_name: str
    producer_name: str
    valid_from: date
    valid_until: date
    decision_number: str
    issuer: str


class CatalogueItemOut(Schema):
    product_id: int
    name: str
    star: int
    producer_name: str
    commune_name: str
    province_name: str
    group_code: str


class CataloguePageOut(Schema):
    page: int
    has_next: bool
    count: int
    more: bool  # more matches than `count` says (the count is capped)
    items: list[CatalogueItemOut]


class StampBatchShortOut(Schema):
    lot: str
    produced_on: date
    expires_on: date
    gtin: str


class StampStatusOut(Schema):
    serial: str
    certificate: CertificateStatusOut
    batch: StampBatchShortOut
    scans: int
    flagged: bool


# --- with a token ---------------------------------------------------------------------------------


class ProducerOut(Schema):
    id: int
    name: str
    kind: str
    representative: str
    registration_number: str
    address: str
    commune_code: str
    commune_name: str
    province_code: str


class ProducerPage(Page):
    items: list[ProducerOut]


class ProductOut(Schema):
    id: int
    name: str
    producer_id: int
    rulebook_id: str
    scorecard_number: int


class ProductPage(Page):
    items: list[ProductOut]


class CertificateOut(Schema):
    id: int
    number: str
    code: str
    product_code: str | None
    product_id: int
    product_name: str
    producer_name: str
    star: int
    total: str | None
    rulebook_id: str
    scorecard_number: int
    decision_number: str
    decision_date: date
    valid_from: date
    valid_until: date
    extended_until: date | None
    status: str


class CertificatePage(Page):
    items: list[CertificateOut]


class DossierOut(Schema):
    id: int
    product_id: int
    product_name: str
    kind: str
    rulebook_id: str
    state: str
    level: str
    commune_code: str
    filed_on: date | None
    updated_at: datetime


class DossierPage(Page):
    items: list[DossierOut]


class ResultOut(Schema):
    id: int
    dossier_id: int
    rulebook_id: str
    scorecard_number: int
    status: str
    total: str
    parts: dict[str, object]
    band_star: int
    star: int | None
    computed_at: datetime


class ResultPage(Page):
    items: list[ResultOut]


class TargetOut(Schema):
    kind: str
    value: str
    note: str


class PlanOut(Schema):
    id: int
    year: int
    title: str
    reference: str
    issued_on: date | None
    targets: list[TargetOut]


class PlanPage(Page):
    items: list[PlanOut]


class BreakdownOut(Schema):
    total: int
    by_star: dict[str, int]
    by_group: dict[str, int]
    by_kind: dict[str, int]
    by_area: dict[str, int]


class FiguresOut(Schema):
    province: str
    start: date
    end: date
    evaluated: BreakdownOut
    issued: BreakdownOut
    rerated: BreakdownOut
    expired: BreakdownOut
    revoked: BreakdownOut
    in_force: BreakdownOut


class NationalRecordOut(Schema):
    product_code: str | None
    product_name: str
    rulebook: str
    scorecard_number: int
    star: int
    total: str | None
    producer_name: str
    producer_kind: str
    producer_registration: str
    province_code: str
    province_name: str
    commune_code: str
    commune_name: str
    certificate_number: str
    decision_number: str
    decision_date: str
    issuer: str
    valid_from: str
    valid_until: str
    extended_until: str | None
    status: str
    verification_code: str


class NationalExportOut(Page):
    layout: str
    since: date | None
    items: list[NationalRecordOut]


class StampBatchOut(Schema):
    id: int
    product_id: int
    certificate_number: str
    lot: str
    quantity: int
    produced_on: date
    expires_on: date
    gtin: str
    scans: int
    requested_at: datetime


class StampBatchPage(Page):
    items: list[StampBatchOut]


class StampOut(Schema):
    serial: str
    url: str
    scans: int
    provinces: list[int]
    flagged_at: datetime | None
    flag_reason: str


class StampPage(Page):
    items: list[StampOut]


class StampRequestIn(Schema):
    product_id: int
    lot: str
    quantity: int
    produced_on: date
    expires_on: date
    gtin: str = ""
