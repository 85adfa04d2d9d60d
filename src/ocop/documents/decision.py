"""The recognition decision (*Quyết định công nhận kết quả đánh giá, phân hạng sản phẩm OCOP*).

Body in portrait, then the attached list of products (*Danh sách kèm theo*) on landscape pages: a
table whose header row repeats on every page, so a list of any length flows over as many pages as it
needs.
"""

from __future__ import annotations

from fpdf.enums import Align, TableCellFillMode, VAlign
from fpdf.fonts import FontFace

from ocop.documents.formatting import date_line, dmy, score_text, star_breakdown, two_digits
from ocop.documents.layout import BODY_SIZE, PT, DocumentPDF, Run
from ocop.documents.model import DecisionDoc

TABLE_HEADINGS = (
    "STT",
    "Tên sản phẩm",
    "Chủ thể",
    "Địa chỉ",
    "Số phiếu /\nBộ sản phẩm",
    "Điểm",
    "Hạng sao",
)
TABLE_WIDTHS = (11, 55, 52, 63, 44, 15, 19)  # mm; 259 = landscape A4 less 20 + 18 mm margins
TABLE_ALIGN = ("C", "L", "L", "L", "C", "C", "C")


def decision_pdf(doc: DecisionDoc) -> bytes:
    if not doc.products:
        raise ValueError("a recognition decision lists at least one product")
    pdf = DocumentPDF("P")
    pdf.set_title(f"Quyết định số {doc.number.strip()}: {doc.title}")
    pdf.set_author(doc.issuer.name)
    pdf.set_subject(doc.title)
    pdf.add_page()

    pdf.admin_header(doc.issuer, doc.number, date_line(doc.issuer.place, doc.date))
    pdf.document_title("QUYẾT ĐỊNH", doc.title)
    pdf.text_block(pdf.l_margin, pdf.epw, doc.competent().upper(), style="B", size=BODY_SIZE)
    pdf.set_y(pdf.y + 2)

    bases = [*doc.legal_bases, doc.proposal] if doc.proposal else list(doc.legal_bases)
    pdf.clauses(bases, style="I", last=".")

    pdf.set_y(pdf.y + 3)
    pdf.text_block(pdf.l_margin, pdf.epw, "QUYẾT ĐỊNH:", style="B", size=14)

    fields = {
        "count": two_digits(len(doc.products)),
        "breakdown": star_breakdown(p.stars for p in doc.products),
        "validity_months": str(doc.validity_months),
        "issued_by": doc.competent(),
    }
    texts = [article.format(**fields) for article in doc.articles]
    for i, text in enumerate(texts, start=1):
        if i == len(texts):  # the last article stays on the page of the signature
            pdf.keep_together(pdf.paragraph_height(text) + pdf.closing_height(doc.recipients, doc.signer))
        pdf.paragraph([Run(f"Điều {i}. ", "B"), Run(text)])

    pdf.closing_blocks(doc.recipients, doc.signer)
    _annex(pdf, doc)
    return bytes(pdf.output())


def _annex(pdf: DocumentPDF, doc: DecisionDoc) -> None:
    pdf.set_margins(left=20, top=20, right=18)
    pdf.add_page(orientation="L")
    pdf.text_block(pdf.l_margin, pdf.epw, doc.annex_title.upper(), style="B", size=14)
    when = f" ngày {dmy(doc.date)}" if doc.date else ""
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
    heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(
        col_widths=TABLE_WIDTHS,
        width=sum(TABLE_WIDTHS),
        text_align=TABLE_ALIGN,
        v_align=VAlign.M,
        line_height=11 * PT * 1.2,
        padding=(1.2, 1.5),
        headings_style=heading,
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
    ) as table:
        header = table.row()
        for title in TABLE_HEADINGS:
            header.cell(title, align=Align.C)
        for n, product in enumerate(doc.products, start=1):
            row = table.row()
            ref = "\n".join(part for part in (product.slip_number, product.scorecard) if part)
            for text in (
                str(n),
                product.product_name,
                product.producer_name,
                product.address,
                ref,
                score_text(product.score),
                f"{product.stars} sao",
            ):
                row.cell(text)

    pdf.set_y(pdf.y + 3)
    pdf.text_block(
        pdf.l_margin,
        pdf.epw,
        f"Tổng số: {two_digits(len(doc.products))} sản phẩm "
        f"({star_breakdown(p.stars for p in doc.products)}).",
        style="I",
        size=BODY_SIZE,
        align=Align.L,
    )
