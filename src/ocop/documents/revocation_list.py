"""The decision revoking a list of certificates (*Quyết định thu hồi Giấy chứng nhận sản phẩm OCOP*,
kèm theo danh sách): the body of a single revocation decision (documents/revocation.py: the same
title, legal bases, recipients and layout), then the attached list on landscape pages, whose header
row repeats on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf.enums import Align, TableCellFillMode, VAlign
from fpdf.fonts import FontFace

from ocop.documents.formatting import date_line, dmy, two_digits
from ocop.documents.layout import BODY_SIZE, PT, DocumentPDF, Run
from ocop.documents.model import Issuer, Signer
from ocop.documents.revocation import (
    REVOCATION_LEGAL_BASES,
    REVOCATION_PROPOSAL,
    REVOCATION_RECIPIENTS,
    REVOCATION_TITLE,
)

TABLE_HEADINGS = ("STT", "Số giấy chứng nhận", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Hạng sao", "Lý do")
TABLE_WIDTHS = (11, 40, 44, 44, 46, 17, 57)  # mm; 259 = landscape A4 less 20 + 18 mm margins
TABLE_ALIGN = ("C", "L", "L", "L", "L", "C", "L")


@dataclass(frozen=True)
class ListedCertificate:
    number: str
    issued_on: date
    product_name: str
    producer_name: str
    producer_address: str
    stars: int
    reason: str


@dataclass(frozen=True)
class RevocationListDoc:
    issuer: Issuer
    number: str
    decision_date: date | None
    ground_code: str
    ground_text: str
    reasons: str
    certificates: tuple[ListedCertificate, ...]
    signer: Signer
    proposal: str = REVOCATION_PROPOSAL
    legal_bases: tuple[str, ...] = REVOCATION_LEGAL_BASES
    recipients: tuple[str, ...] = REVOCATION_RECIPIENTS
    title: str = REVOCATION_TITLE

    def competent(self) -> str:
        return f"Chủ tịch {self.issuer.name}"


def revocation_list_pdf(doc: RevocationListDoc) -> bytes:
    if not doc.number.strip():
        raise ValueError("a revocation decision needs its number")
    if not doc.certificates:
        raise ValueError("a list decision revokes at least one certificate")
    pdf = DocumentPDF("P")
    pdf.set_title(f"Quyết định số {doc.number.strip()}: {doc.title}")
    pdf.set_author(doc.issuer.name)
    pdf.set_subject(doc.title)
    pdf.add_page()

    pdf.admin_header(doc.issuer, doc.number, date_line(doc.issuer.place, doc.decision_date))
    pdf.document_title("QUYẾT ĐỊNH", doc.title)
    pdf.text_block(pdf.l_margin, pdf.epw, doc.competent().upper(), style="B", size=BODY_SIZE)
    pdf.set_y(pdf.y + 2)
    pdf.clauses([*doc.legal_bases, doc.proposal], style="I", last=".")

    pdf.set_y(pdf.y + 3)
    pdf.text_block(pdf.l_margin, pdf.epw, "QUYẾT ĐỊNH:", style="B", size=14)
    count = two_digits(len(doc.certificates))
    articles = [
        f"Thu hồi {count} Giấy chứng nhận sản phẩm OCOP có tên trong danh sách kèm theo Quyết định này.",
        f"Lý do thu hồi: {doc.ground_text} (điểm {doc.ground_code} khoản 1 Điều 8 Quyết định số "
        f"26/2026/QĐ-TTg). {doc.reasons.strip()}".strip(),
        "Kể từ ngày Quyết định này có hiệu lực, các chủ thể có tên trong danh sách không được sử dụng Giấy "
        "chứng nhận, biểu trưng OCOP và hạng sao trên bao bì, nhãn sản phẩm đã bị thu hồi. Quyết định có "
        "hiệu lực kể từ ngày ký. Cơ quan tham mưu quản lý OCOP cấp tỉnh, các chủ thể có tên trong danh "
        "sách và các cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này.",
    ]
    for i, text in enumerate(articles, start=1):
        if i == len(articles):
            pdf.keep_together(pdf.paragraph_height(text) + pdf.closing_height(doc.recipients, doc.signer))
        pdf.paragraph([Run(f"Điều {i}. ", "B"), Run(text)])
    pdf.closing_blocks(doc.recipients, doc.signer)
    _annex(pdf, doc)
    return bytes(pdf.output())


def _annex(pdf: DocumentPDF, doc: RevocationListDoc) -> None:
    pdf.set_margins(left=20, top=20, right=18)
    pdf.add_page(orientation="L")
    pdf.text_block(
        pdf.l_margin, pdf.epw, "DANH SÁCH GIẤY CHỨNG NHẬN SẢN PHẨM OCOP BỊ THU HỒI", style="B", size=14
    )
    when = f" ngày {dmy(doc.decision_date)}" if doc.decision_date else ""
    pdf.text_block(
        pdf.l_margin,
        pdf.epw,
        f"(Kèm theo Quyết định số {doc.number.strip()}{when} của {doc.competent()})",
        style="I",
        size=BODY_SIZE,
    )
    pdf.centred_rule(pdf.l_margin + pdf.epw / 2, pdf.y + 2.5, 40)
    pdf.set_y(pdf.y + 5)
    pdf.font("", 11)
    with pdf.table(
        col_widths=TABLE_WIDTHS,
        width=sum(TABLE_WIDTHS),
        text_align=TABLE_ALIGN,
        v_align=VAlign.M,
        line_height=11 * PT * 1.2,
        padding=(1.2, 1.5),
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
    ) as table:
        header = table.row()
        for title in TABLE_HEADINGS:
            header.cell(title, align=Align.C)
        for n, c in enumerate(doc.certificates, start=1):
            row = table.row()
            for text in (
                str(n),
                f"{c.number}\n({dmy(c.issued_on)})",
                c.product_name,
                c.producer_name,
                c.producer_address,
                f"{c.stars} sao",
                c.reason,
            ):
                row.cell(text)
    pdf.set_y(pdf.y + 3)
    pdf.text_block(
        pdf.l_margin,
        pdf.epw,
        f"Tổng số: {two_digits(len(doc.certificates))} giấy chứng nhận.",
        style="I",
        size=BODY_SIZE,
        align=Align.L,
    )
