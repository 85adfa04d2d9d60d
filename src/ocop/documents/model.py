"""What the caller hands the document generator: plain, immutable dataclasses.

Nothing here knows Django. The web layer (or a script) copies what a document needs out of its
records into these objects; the renderers only lay them out. Every text that carries legal weight
(legal bases, article wording, recipients, the commune's closing proposal) is a field, with a default
from :mod:`ocop.documents.defaults` where the rules give one.

Names of organisations are given in ordinary case ("Ủy ban nhân dân tỉnh Lạng Sơn"); the renderers
upper-case them where the layout of an administrative document calls for capitals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ocop.documents import defaults


@dataclass(frozen=True)
class Issuer:
    """The body that issues a document (*cơ quan ban hành*), printed top left.

    ``name`` is used in running text; ``header_lines`` is how the name is set in the header (upper
    case, bold). Left empty, it is derived from ``name``: "Ủy ban nhân dân tỉnh Lạng Sơn" becomes
    "ỦY BAN NHÂN DÂN" / "TỈNH LẠNG SƠN". ``parent`` is the governing body (*cơ quan chủ quản*), set in
    regular capitals above the name when there is one. ``place`` is the place name (*địa danh*) of the
    date line: "Lạng Sơn, ngày 05 tháng 8 năm 2026".
    """

    name: str
    place: str
    header_lines: tuple[str, ...] = ()
    parent: str = ""

    def heading(self) -> tuple[str, ...]:
        if self.header_lines:
            return tuple(line.upper() for line in self.header_lines)
        upper = self.name.upper()
        for prefix in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "):
            if upper.startswith(prefix):
                return (prefix.strip(), upper[len(prefix) :])
        return (upper,)


@dataclass(frozen=True)
class Signer:
    """The signature block (*chữ ký, thẩm quyền ký*), e.g. ``Signer("Phó Chủ tịch", "Lương Văn Bình",
    on_behalf="KT. Chủ tịch")`` prints "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / (space to sign) / the name.
    """

    position: str
    name: str
    on_behalf: str = (
        ""  # "KT. Chủ tịch", "TM. Ủy ban nhân dân", "TL. …", or "" when signing in one's own right
    )

    def title_lines(self) -> tuple[str, ...]:
        lines = (self.on_behalf, self.position)
        return tuple(line.upper() for line in lines if line)


# --- 1. the certificate --------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateDoc:
    """The OCOP product certificate (*Giấy chứng nhận sản phẩm OCOP*), rules.md §5.1.

    ``valid_until`` defaults to the same calendar day ``defaults.VALIDITY_MONTHS`` (36) months after
    ``decision_date``; pass the stored date when there is one. ``issued_on`` (the date line) defaults
    to ``decision_date``. ``verification_url`` is what the QR code encodes;
    ``verification_code`` is printed under it for people who type it in.
    """

    issuer: Issuer
    certificate_number: str
    product_name: str
    producer_name: str
    producer_address: str
    stars: int
    product_group: str  # the scorecard / product set, e.g. "Bộ sản phẩm số 08 - Thực phẩm chế biến …"
    decision_number: str  # "3981/QĐ-UBND"
    decision_date: date
    signer: Signer
    verification_url: str
    verification_code: str
    valid_until: date | None = None
    issued_on: date | None = None
    title: str = defaults.CERTIFICATE_TITLE
    subtitle: str = defaults.CERTIFICATE_SUBTITLE


# --- 2. the recognition decision -----------------------------------------------------------------


@dataclass(frozen=True)
class DecisionProduct:
    """One row of the list attached to the decision."""

    product_name: str
    producer_name: str
    address: str
    score: float
    stars: int
    slip_number: str = ""  # registration-slip number (*số phiếu*), rules.md §1.5
    scorecard: str = ""  # product set / scorecard (*bộ sản phẩm*), e.g. "08"


@dataclass(frozen=True)
class DecisionDoc:
    """The recognition decision (*Quyết định công nhận kết quả đánh giá, phân hạng sản phẩm OCOP*).

    ``date`` None prints a draft with blanks for the day ("ngày … tháng … năm …"). ``issued_by`` is
    the competent person in running text; left empty it is "Chủ tịch " + issuer name, and its upper
    case is the competence line above the legal bases. ``articles`` are templates filled with
    ``{count}`` (number of products), ``{breakdown}`` ("02 sản phẩm đạt 4 sao, 58 sản phẩm đạt 3
    sao"), ``{validity_months}`` and ``{issued_by}``.
    """

    issuer: Issuer
    number: str  # "3981/QĐ-UBND"; a draft may pass "      /QĐ-UBND"
    date: date | None
    products: tuple[DecisionProduct, ...]
    signer: Signer
    title: str = defaults.DECISION_TITLE
    issued_by: str = ""
    legal_bases: tuple[str, ...] = defaults.DECISION_LEGAL_BASES
    proposal: str = defaults.DECISION_PROPOSAL
    articles: tuple[str, ...] = defaults.DECISION_ARTICLES
    recipients: tuple[str, ...] = defaults.DECISION_RECIPIENTS
    annex_title: str = defaults.DECISION_ANNEX_TITLE
    validity_months: int = defaults.VALIDITY_MONTHS

    def competent(self) -> str:
        return self.issued_by or f"Chủ tịch {self.issuer.name}"


# --- 3. the commune report (Form 03) --------------------------------------------------------------


@dataclass(frozen=True)
class Representative:
    """The producer's legal representative (*người đại diện pháp luật*), Form 03 part I.4."""

    name: str
    sex: str  # "Nam" / "Nữ", as the form asks
    ethnicity: str  # *dân tộc*, e.g. "Tày", "Nùng", "Kinh"
    residence: str  # permanent address (*địa chỉ thường trú*)


@dataclass(frozen=True)
class CommuneReportDoc:
    """The commune report on four items of the dossier (Form 03, 26/2026 Appendix III), rules.md §4.2.

    The four assessments are the officer's own text; blank lines separate paragraphs. ``addressee``
    is the provincial People's Committee the report proposes to ("Ủy ban nhân dân tỉnh Lạng Sơn").
    ``proposal`` is a template filled with ``{issuer}``, ``{addressee}``, ``{product}`` and
    ``{producer}``.
    """

    issuer: Issuer
    number: str  # "15/BC-UBND"; a draft may pass "      /BC-UBND"
    date: date | None
    producer_name: str
    organisation_type: str  # *loại hình tổ chức*: "Hợp tác xã", "Hộ kinh doanh", …
    producer_address: str
    representative: Representative
    product_name: str
    raw_materials: str  # (1) use of local raw materials
    local_labour: str  # (2) use of local labour
    idea_origin: str  # (3) origin of the product idea (traditional or new)
    local_identity: str  # (4) local identity and know-how
    addressee: str
    signer: Signer
    title: str = defaults.COMMUNE_REPORT_TITLE
    proposal: str = defaults.COMMUNE_REPORT_PROPOSAL
    recipients: tuple[str, ...] = field(default=defaults.COMMUNE_REPORT_RECIPIENTS)
