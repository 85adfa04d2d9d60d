"""The commune report (Form 03 of Appendix III, 26/2026): *Báo cáo đánh giá một số nội dung của hồ sơ
đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP*, rules.md §4.2.

Part I is the producer and its legal representative; part II the commune's assessment of the four
items, in the officer's words; then the proposal to the province and the signature.
"""

from __future__ import annotations

from fpdf.enums import Align

from ocop.documents import defaults
from ocop.documents.formatting import date_line, paragraphs
from ocop.documents.layout import BODY_SIZE, PT, DocumentPDF, Run
from ocop.documents.model import CommuneReportDoc

NOT_GIVEN = "(chưa có nội dung)"


def commune_report_pdf(doc: CommuneReportDoc) -> bytes:
    pdf = DocumentPDF("P")
    pdf.set_title(f"Báo cáo {doc.title[0].lower()}{doc.title[1:]}: {doc.product_name}")
    pdf.set_author(doc.issuer.name)
    pdf.set_subject(doc.title)
    pdf.add_page()

    pdf.admin_header(doc.issuer, doc.number, date_line(doc.issuer.place, doc.date))
    pdf.document_title("BÁO CÁO", doc.title)

    rep = doc.representative
    _heading(pdf, defaults.COMMUNE_REPORT_PART_I)
    for label, value in (
        ("1. Tên chủ thể: ", doc.producer_name),
        ("2. Loại hình tổ chức: ", doc.organisation_type),
        ("3. Địa chỉ: ", doc.producer_address),
    ):
        _field(pdf, label, value)
    _field(pdf, "4. Tên người đại diện pháp luật:", "")
    _field(pdf, "- Họ tên: ", rep.name)
    _field(pdf, "- Giới tính: ", f"{rep.sex}; Dân tộc: {rep.ethnicity}")
    _field(pdf, "- Địa chỉ thường trú: ", rep.residence)
    _field(pdf, "5. Sản phẩm đăng ký đánh giá: ", doc.product_name)

    _heading(pdf, defaults.COMMUNE_REPORT_PART_II)
    items = (doc.raw_materials, doc.local_labour, doc.idea_origin, doc.local_identity)
    for heading, text in zip(defaults.COMMUNE_REPORT_ITEMS, items, strict=True):
        pdf.paragraph([Run(heading, "B")], gap=4 * PT)
        for para in paragraphs(text) or [NOT_GIVEN]:
            pdf.paragraph(para, gap=2 * PT)

    proposal = doc.proposal.format(
        issuer=doc.issuer.name, addressee=doc.addressee, product=doc.product_name, producer=doc.producer_name
    )
    pdf.keep_together(
        pdf.paragraph_height(proposal, gap=8 * PT) + pdf.closing_height(doc.recipients, doc.signer)
    )
    pdf.paragraph(proposal, gap=8 * PT)
    pdf.closing_blocks(doc.recipients, doc.signer)
    return bytes(pdf.output())


def _heading(pdf: DocumentPDF, text: str) -> None:
    pdf.set_y(pdf.y + 3)
    pdf.paragraph([Run(text, "B")], gap=2 * PT, align=Align.L)


def _field(pdf: DocumentPDF, label: str, value: str) -> None:
    runs = [Run(label)]
    if value:
        runs.append(Run(value))
    pdf.paragraph(runs, gap=1.5 * PT, align=Align.L, size=BODY_SIZE)
