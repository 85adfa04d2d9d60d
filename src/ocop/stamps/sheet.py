"""A printable A4 sheet of stamp labels: each a real QR code (segno, drawn as vectors) with the
serial, the lot and the product under it, to cut out or to feed a label printer's template."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from ocop.documents.layout import DocumentPDF
from ocop.documents.qr import draw_qr

COLUMNS, ROWS = 4, 6  # 24 labels of 45 × 45 mm on A4 portrait
LABEL_W, LABEL_H = 47.5, 45.0
QR_SIZE = 32.0
MARGIN_X, MARGIN_Y = 10.0, 12.0
PER_PAGE = COLUMNS * ROWS
MAX_LABELS = 20 * PER_PAGE  # one file: 20 pages; a larger batch is printed part by part


def stamp_sheet(labels: Sequence[tuple[str, str]], *, product: str, lot: str) -> bytes:
    """`labels`: (serial, QR address) pairs, at most MAX_LABELS."""
    if len(labels) > MAX_LABELS:
        raise ValueError(f"at most {MAX_LABELS} labels per sheet")
    pdf = DocumentPDF(number_pages=False)
    pdf.set_auto_page_break(False)
    pdf.set_title(_("Tem truy xuất — lô %(lot)s") % {"lot": lot})
    for index, (serial, url) in enumerate(labels):
        slot = index % PER_PAGE
        if slot == 0:
            pdf.add_page()
        x = MARGIN_X + (slot % COLUMNS) * LABEL_W
        y = MARGIN_Y + (slot // COLUMNS) * LABEL_H
        pdf.set_draw_color(200)
        pdf.rect(x, y, LABEL_W - 2, LABEL_H - 2)
        draw_qr(pdf, url, x + (LABEL_W - 2 - QR_SIZE) / 2, y + 1, QR_SIZE)
        pdf.font("B", 9)
        pdf.set_xy(x, y + QR_SIZE + 1)
        pdf.cell(LABEL_W - 2, 4, serial, align="C")
        pdf.font("", 7)
        pdf.set_xy(x, y + QR_SIZE + 5)
        pdf.cell(LABEL_W - 2, 3.5, f"{_('Lô')} {lot} · {product}"[:48], align="C")
    if not labels:
        pdf.add_page()
    return bytes(pdf.output())
