"""The OCOP product certificate (*Giấy chứng nhận sản phẩm OCOP*), A4 landscape, rules.md §5.1.

There is no national template (rules.md §10 q. 6), so the page carries what recognition decisions
state and what the system stores: issuer, title, certificate number, product, producer and address,
product set, the star (drawn and in words), the decision number and date, the term, the place and
date, the signer, and a QR code to the public verification page with the short code under it.
"""

from __future__ import annotations

import math

from fpdf.enums import Align

from ocop.documents import defaults
from ocop.documents.formatting import add_months, date_line, dmy
from ocop.documents.layout import DocumentPDF, Run
from ocop.documents.model import CertificateDoc
from ocop.documents.qr import draw_qr

RED = (150, 22, 22)
GOLD = (201, 152, 35)
INK = (25, 25, 25)

QR_SIZE = 34.0  # mm, quiet zone included
FRAME = 9.0  # outer frame inset, mm


def certificate_pdf(doc: CertificateDoc) -> bytes:
    if doc.stars not in defaults.RECOGNISED_STARS:
        raise ValueError(f"only 3★, 4★ and 5★ products get a certificate, not {doc.stars}★")
    valid_until = doc.valid_until or add_months(doc.decision_date, defaults.VALIDITY_MONTHS)
    issued_on = doc.issued_on or doc.decision_date

    pdf = DocumentPDF("L", number_pages=False)
    pdf.set_margins(left=22, top=18, right=22)
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{doc.title} {doc.subtitle} số {doc.certificate_number}")
    pdf.set_author(doc.issuer.name)
    pdf.set_subject(f"{doc.product_name} – {doc.producer_name}")
    pdf.add_page()
    _frame(pdf)

    # header: issuer left, national name and motto right (no number line: it sits under the title)
    left_w = 105.0
    x_right = pdf.l_margin + left_w + 20
    right_w = pdf.w - pdf.r_margin - x_right
    pdf.set_text_color(*INK)
    pdf.set_y(20)
    for line in doc.issuer.heading():
        pdf.text_block(pdf.l_margin, left_w, line, style="B", size=12.5, factor=1.15)
    pdf.centred_rule(pdf.l_margin + left_w / 2, pdf.y + 1, 30)
    pdf.set_y(20)
    pdf.text_block(x_right, right_w, defaults.NATIONAL_NAME, style="B", size=12.5, factor=1.15)
    pdf.font("B", 13)
    motto_w = pdf.get_string_width(defaults.MOTTO)
    pdf.text_block(x_right, right_w, defaults.MOTTO, style="B", size=13, factor=1.15)
    pdf.centred_rule(x_right + right_w / 2, pdf.y + 1, motto_w)

    # title and number
    full, centre = pdf.epw, pdf.l_margin + pdf.epw / 2
    pdf.set_y(41)
    pdf.set_text_color(*RED)
    pdf.text_block(pdf.l_margin, full, doc.title, style="B", size=30, factor=1.1)
    pdf.text_block(pdf.l_margin, full, doc.subtitle, style="B", size=21, factor=1.2)
    pdf.set_text_color(*INK)
    pdf.text_block(pdf.l_margin, full, f"Số: {doc.certificate_number}", style="I", size=12.5)

    # product and producer
    pdf.set_y(pdf.y + 5)
    size = pdf.fitted_size(doc.product_name, full - 20, "B", 24, 15)
    pdf.set_text_color(*RED)
    pdf.text_block(pdf.l_margin + 10, full - 20, doc.product_name, style="B", size=size, factor=1.15)
    pdf.set_text_color(*INK)
    pdf.set_y(pdf.y + 2)
    _line(pdf, [Run("Chủ thể: "), Run(doc.producer_name, "B")], 14)
    _line(pdf, [Run("Địa chỉ: "), Run(doc.producer_address)], _fit(pdf, "Địa chỉ: " + doc.producer_address))
    _line(pdf, [Run("Bộ sản phẩm: "), Run(doc.product_group)], _fit(pdf, "Bộ sản phẩm: " + doc.product_group))

    # stars, drawn and in words
    y_stars = pdf.y + 9
    _stars(pdf, centre, y_stars, doc.stars)
    pdf.set_y(y_stars + 7)
    pdf.set_text_color(*RED)
    words = defaults.CERTIFICATE_STARS_WORDS.format(stars=doc.stars)
    pdf.text_block(pdf.l_margin, full, words, style="B", size=17)
    pdf.set_text_color(*INK)
    pdf.set_y(pdf.y + 1)

    # decision and term
    pdf.set_y(pdf.y + 2)
    decision = f"Quyết định công nhận số {doc.decision_number} ngày {dmy(doc.decision_date)}"
    _line(pdf, [Run(decision)], 13)
    validity = defaults.CERTIFICATE_VALIDITY.format(date=dmy(valid_until))
    _line(pdf, [Run(validity, "B")], 13)

    # bottom band, anchored to the frame: QR code left, place-date and signature right
    name_y = pdf.h - FRAME - 17
    sign_space = 20.0
    band_top = max(
        pdf.y + 2, name_y - sign_space - (1 + len(doc.signer.title_lines())) * pdf.line_height(13, 1.15)
    )
    sign_x, sign_w = pdf.w - pdf.r_margin - 110, 110.0
    pdf.set_y(band_top)
    pdf.text_block(sign_x, sign_w, date_line(doc.issuer.place, issued_on), style="I", size=13, factor=1.15)
    titles_h = len(doc.signer.title_lines()) * pdf.line_height(13, 1.15)
    pdf.signature(sign_x, sign_w, doc.signer, sign_space=max(sign_space, name_y - pdf.y - titles_h))

    qr_y = pdf.h - FRAME - 9 - QR_SIZE
    draw_qr(pdf, doc.verification_url, pdf.l_margin - 4, qr_y, QR_SIZE)
    pdf.set_y(qr_y + QR_SIZE - 2)
    pdf.text_block(
        pdf.l_margin - 14, QR_SIZE + 20, f"Mã xác minh: {doc.verification_code}", style="B", size=9.5
    )
    return bytes(pdf.output())


def _line(pdf: DocumentPDF, runs: list[Run], size: float) -> None:
    """One centred line of mixed styles (wraps, still centred, when long)."""
    pdf.paragraph(runs, size=size, align=Align.C, indent=0, gap=0.8, inset=12)


def _fit(pdf: DocumentPDF, text: str) -> float:
    return pdf.fitted_size(text, pdf.epw - 30, "", 13, 11)


def _frame(pdf: DocumentPDF) -> None:
    """A double frame: a heavy red rule with a thin gold one inside it, small diamonds at the corners."""
    w, h = pdf.w, pdf.h
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.6)
    pdf.rect(FRAME, FRAME, w - 2 * FRAME, h - 2 * FRAME)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.5)
    inset = FRAME + 2.6
    pdf.rect(inset, inset, w - 2 * inset, h - 2 * inset)
    pdf.set_fill_color(*GOLD)
    for cx, cy in ((inset, inset), (w - inset, inset), (inset, h - inset), (w - inset, h - inset)):
        pdf.polygon([(cx, cy - 2.2), (cx + 2.2, cy), (cx, cy + 2.2), (cx - 2.2, cy)], style="F")
    pdf.set_draw_color(0, 0, 0)


def _stars(pdf: DocumentPDF, centre: float, y: float, count: int) -> None:
    """``count`` gold five-pointed stars with a red outline, centred on ``centre``."""
    r_out, spacing = 5.6, 14.0
    r_in = r_out * math.sin(math.radians(18)) / math.sin(math.radians(126))
    first = centre - spacing * (count - 1) / 2
    pdf.set_fill_color(*GOLD)
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.35)
    for i in range(count):
        # fpdf2 starts at the bottom and turns clockwise: rotate 180° so one point faces up
        pdf.star(first + i * spacing, y, r_in, r_out, 5, rotate_degrees=180, style="DF")
    pdf.set_draw_color(0, 0, 0)
