"""The revocation decision (*Quyết định thu hồi Giấy chứng nhận sản phẩm OCOP*), rules.md §5.4.

Same administrative layout as the recognition decision (Decree 30/2020/NĐ-CP): issuer and national
name, number and place-date, title, competence, legal bases in italics, articles, recipients and
signature. The ground is quoted from the rulebook's list (26/2026 Art. 8.1), never written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ocop.documents.formatting import date_line, dmy
from ocop.documents.layout import BODY_SIZE, DocumentPDF, Run
from ocop.documents.model import Issuer, Signer

REVOCATION_TITLE = "Thu hồi Giấy chứng nhận sản phẩm OCOP"
REVOCATION_LEGAL_BASES: tuple[str, ...] = (
    "Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ ban hành "
    "Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
)
REVOCATION_PROPOSAL = "Theo đề nghị của cơ quan tham mưu quản lý OCOP cấp tỉnh"
REVOCATION_RECIPIENTS: tuple[str, ...] = (
    "Như Điều 3",
    "Văn phòng Điều phối nông thôn mới trung ương",
    "Các sở, ngành liên quan",
    "UBND xã nơi chủ thể sản xuất",
    "Lưu: VT",
)


@dataclass(frozen=True)
class RevocationDoc:
    """What the revocation decision says. ``ground_code``/``ground_text`` come from the rulebook;
    ``recognition`` is the decision that recognised the product ("1520/QĐ-UBND ngày 05/8/2026")."""

    issuer: Issuer
    number: str
    decision_date: date | None
    certificate_number: str
    certificate_date: date
    recognition: str
    product_name: str
    producer_name: str
    producer_address: str
    stars: int
    ground_code: str
    ground_text: str
    reasons: str
    signer: Signer
    issued_by: str = ""
    legal_bases: tuple[str, ...] = REVOCATION_LEGAL_BASES
    proposal: str = REVOCATION_PROPOSAL
    recipients: tuple[str, ...] = REVOCATION_RECIPIENTS
    title: str = REVOCATION_TITLE

    def competent(self) -> str:
        return self.issued_by or f"Chủ tịch {self.issuer.name}"


def revocation_pdf(doc: RevocationDoc) -> bytes:
    if not doc.number.strip():
        raise ValueError("a revocation decision needs its number")
    pdf = DocumentPDF("P")
    pdf.set_title(f"Quyết định số {doc.number.strip()}: {doc.title}")
    pdf.set_author(doc.issuer.name)
    pdf.set_subject(doc.title)
    pdf.add_page()

    pdf.admin_header(doc.issuer, doc.number, date_line(doc.issuer.place, doc.decision_date))
    pdf.document_title("QUYẾT ĐỊNH", doc.title)
    pdf.text_block(pdf.l_margin, pdf.epw, doc.competent().upper(), style="B", size=BODY_SIZE)
    pdf.set_y(pdf.y + 2)
    bases = [*doc.legal_bases, f"Căn cứ Quyết định số {doc.recognition}", doc.proposal]
    pdf.clauses([b for b in bases if b], style="I", last=".")

    pdf.set_y(pdf.y + 3)
    pdf.text_block(pdf.l_margin, pdf.epw, "QUYẾT ĐỊNH:", style="B", size=14)
    articles = [
        f"Thu hồi Giấy chứng nhận sản phẩm OCOP số {doc.certificate_number} cấp ngày "
        f"{dmy(doc.certificate_date)} cho sản phẩm {doc.product_name} ({doc.stars} sao) của "
        f"{doc.producer_name}, địa chỉ: {doc.producer_address}.",
        f"Lý do thu hồi: {doc.ground_text} (điểm {doc.ground_code} khoản 1 Điều 8 Quyết định số "
        f"26/2026/QĐ-TTg). {doc.reasons.strip()}".strip(),
        f"Kể từ ngày Quyết định này có hiệu lực, {doc.producer_name} không được sử dụng Giấy chứng nhận, "
        "biểu trưng OCOP và hạng sao trên bao bì, nhãn sản phẩm nêu tại Điều 1. Quyết định có hiệu lực "
        f"kể từ ngày ký. Cơ quan tham mưu quản lý OCOP cấp tỉnh, {doc.producer_name} và các cơ quan, "
        "đơn vị liên quan chịu trách nhiệm thi hành Quyết định này.",
    ]
    for i, text in enumerate(articles, start=1):
        if i == len(articles):
            pdf.keep_together(pdf.paragraph_height(text) + pdf.closing_height(doc.recipients, doc.signer))
        pdf.paragraph([Run(f"Điều {i}. ", "B"), Run(text)])
    pdf.closing_blocks(doc.recipients, doc.signer)
    return bytes(pdf.output())
