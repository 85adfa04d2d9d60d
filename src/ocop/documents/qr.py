"""QR codes for the public verification page (rules.md §5.6: the code resolves to the certificate).

Made with `segno` (pure Python, ISO/IEC 18004). Error correction level M: it survives a stain or a
fold on a printed certificate and keeps a typical verification URL at version 3–4 (29–33 modules).
"""

from __future__ import annotations

import io

import segno
from fpdf import FPDF
from fpdf.drawing_primitives import DeviceGray
from fpdf.enums import PathPaintRule

ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white around the symbol, as the standard requires


def qr_code(url: str) -> segno.QRCode:
    """The QR symbol for ``url`` (level M, or higher when that fits in the same version)."""
    if not url:
        raise ValueError("a QR code needs a non-empty URL")
    return segno.make_qr(url, error=ERROR_LEVEL)


def qr_png(url: str, *, scale: int = 8, border: int = QUIET_ZONE) -> bytes:
    """A black-on-white PNG of the QR code, ``scale`` pixels per module."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


def qr_svg(url: str, *, border: int = QUIET_ZONE, title: str = "") -> str:
    """An SVG of the QR code without a fixed size: it scales to the box a page gives it."""
    out = io.BytesIO()
    qr_code(url).save(
        out, kind="svg", border=border, xmldecl=False, omitsize=True, title=title or None, svgclass="qr"
    )
    return out.getvalue().decode("utf-8")


def module_rows(url: str) -> list[list[bool]]:
    """The symbol as rows of dark (True) / light modules, without the quiet zone."""
    return [[bool(cell) for cell in row] for row in qr_code(url).matrix]


def draw_qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """Draw the symbol as vector graphics filling the square (x, y, size) — quiet zone included —
    as one filled path, so no hairline seams show between modules at any zoom or print resolution."""
    rows = module_rows(url)
    module = size / (len(rows) + 2 * QUIET_ZONE)
    left, top = x + QUIET_ZONE * module, y + QUIET_ZONE * module
    with pdf.new_path(paint_rule=PathPaintRule.FILL_NONZERO) as path:
        path.style.fill_color = DeviceGray(0)
        path.style.stroke_color = None
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rectangle(left + start * module, top + r * module, (c - start) * module, module)
