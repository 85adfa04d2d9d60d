"""The page furniture shared by the documents: fonts, the two-column header, paragraphs, signature.

Presentation follows Decree 30/2020/NĐ-CP, Appendix I (the standard layout of administrative
documents): A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; a Times face at 13 pt; national
name 12 pt bold and motto 13 pt bold top right with a rule as long as the motto; the issuer in bold
capitals top left with a short rule; number left and place-date (italic) right on one line; legal
bases in italics, each on its own line; page numbers centred in the top margin from page 2 on.

The face is Liberation Serif 2.1.5 (SIL OFL 1.1), shipped in ``fonts/``: it has the metrics of Times
New Roman, which these documents are normally set in, and every Vietnamese letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

from ocop.documents import defaults
from ocop.documents.formatting import enumerate_clauses
from ocop.documents.model import Issuer, Signer

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "LiberationSerif"
FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}

PT = 25.4 / 72  # one point in mm
BODY_SIZE = 13
LINE_FACTOR = 1.2  # between single (1.0) and 1.5 lines, as Decree 30 allows
PARAGRAPH_GAP = 6 * PT  # at least 6 pt between paragraphs
FIRST_LINE_INDENT = 10.0  # 1–1.27 cm
SIGN_SPACE = 26.0  # room for the signature and the seal
RECIPIENTS_W = 75.0

Style = Literal["", "B", "I", "BI"]


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph in one style."""

    text: str
    style: Style = ""


class DocumentPDF(FPDF):
    """A4 document with the embedded serif face and Decree 30's margins and page numbers."""

    def __init__(self, orientation: Literal["P", "L"] = "P", *, number_pages: bool = True) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        for style, filename in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, FONT_DIR / filename)
        self.number_pages = number_pages
        self.set_margins(left=30, top=20, right=15)
        self.set_auto_page_break(True, margin=20)
        self.c_margin = 0
        self.set_lang("vi")
        self.set_creator("ocop")
        self.set_font(FONT_FAMILY, "", BODY_SIZE)

    # Every text method goes through here: compose Vietnamese letters first.
    def normalize_text(self, text: str) -> str:
        return super().normalize_text(unicodedata.normalize("NFC", text))

    def header(self) -> None:
        if not self.number_pages or self.page_no() < 2:
            return
        style, size = self.font_style, self.font_size_pt
        self.set_font(FONT_FAMILY, "", BODY_SIZE)
        self.set_xy(self.l_margin, 10)
        self.cell(self.epw, 6, str(self.page_no()), align=Align.C)
        self.set_font(FONT_FAMILY, style, size)
        self.set_xy(self.l_margin, self.t_margin)

    # --- small drawing helpers ---------------------------------------------------------------------

    def font(self, style: Style = "", size: float = BODY_SIZE) -> None:
        self.set_font(FONT_FAMILY, style, size)

    def line_height(self, size: float = BODY_SIZE, factor: float = LINE_FACTOR) -> float:
        return size * PT * factor

    def centred_rule(self, centre: float, y: float, length: float, width: float = 0.3) -> None:
        self.set_line_width(width)
        self.line(centre - length / 2, y, centre + length / 2, y)

    def text_block(
        self,
        x: float,
        w: float,
        text: str,
        *,
        style: Style = "",
        size: float = BODY_SIZE,
        align: Align = Align.C,
        factor: float = LINE_FACTOR,
    ) -> float:
        """A wrapped block of one style at (x, current y), width w; returns the y below it."""
        self.font(style, size)
        self.set_x(x)
        self.multi_cell(
            w, self.line_height(size, factor), text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT
        )
        return self.y

    def fitted_size(self, text: str, width: float, style: Style, size: float, minimum: float) -> float:
        """The largest size ≤ ``size`` (and ≥ ``minimum``) at which ``text`` fits on one line."""
        self.font(style, size)
        while size > minimum and self.get_string_width(text) > width:
            size -= 0.5
            self.font(style, size)
        return size

    def paragraph(
        self,
        runs: Sequence[Run] | str,
        *,
        size: float = BODY_SIZE,
        style: Style = "",
        align: Align = Align.J,
        indent: float = FIRST_LINE_INDENT,
        gap: float = PARAGRAPH_GAP,
        inset: float = 0.0,
    ) -> None:
        """A flowing paragraph (page breaks as needed) with a first-line indent, justified;
        ``inset`` narrows it by that much on both sides."""
        if isinstance(runs, str):
            runs = [Run(runs, style)]
        with (
            self.text_columns(
                text_align=align,
                line_height=LINE_FACTOR,
                l_margin=self.l_margin + inset,
                r_margin=self.r_margin + inset,
            ) as column,
            column.paragraph(first_line_indent=indent, top_margin=gap) as para,
        ):
            for run in runs:
                self.font(run.style, size)
                para.write(run.text)
        self.font("", size)

    # --- the blocks of an administrative document ----------------------------------------------------

    def admin_header(
        self, issuer: Issuer, number: str, day_line: str, *, left_w: float = 70.0, top: float | None = None
    ) -> None:
        """Issuer top left, national name and motto top right, number and place-date below them."""
        top = self.t_margin if top is None else top
        x_left, x_right = self.l_margin, self.l_margin + left_w
        right_w = self.w - self.r_margin - x_right
        size = 12.5
        lh = self.line_height(size, 1.15)

        # left: governing body (regular) then issuer (bold), short rule under it
        self.set_y(top)
        if issuer.parent:
            self.text_block(x_left, left_w, issuer.parent.upper(), size=size, factor=1.15)
        self.font("B", size)
        widest = 0.0
        for line in issuer.heading():
            widest = max(widest, min(self.get_string_width(line), left_w))
            self.text_block(x_left, left_w, line, style="B", size=size, factor=1.15)
        left_bottom = self.y + 1.2
        self.centred_rule(x_left + left_w / 2, left_bottom, max(widest / 2, 18))

        # right: national name, motto, rule as long as the motto
        self.set_y(top)
        self.text_block(x_right, right_w, defaults.NATIONAL_NAME, style="B", size=12, factor=1.15)
        self.font("B", BODY_SIZE)
        motto_w = self.get_string_width(defaults.MOTTO)
        self.text_block(x_right, right_w, defaults.MOTTO, style="B", size=BODY_SIZE, factor=1.15)
        right_bottom = self.y + 1.2
        self.centred_rule(x_right + right_w / 2, right_bottom, motto_w)

        # number (left) and place-date (right, italic) on one line
        y = max(left_bottom, right_bottom) + 3.5
        self.set_y(y)
        self.text_block(x_left, left_w, f"Số: {number}", size=BODY_SIZE)
        self.set_y(y)
        self.text_block(x_right, right_w, day_line, style="I", size=BODY_SIZE)
        self.set_y(y + lh + 6)

    def document_title(self, kind: str, summary: str, *, size: float = 14) -> None:
        """Document type in bold capitals, summary (bold) under it, a short rule below."""
        self.text_block(self.l_margin, self.epw, kind, style="B", size=size)
        self.text_block(self.l_margin + 10, self.epw - 20, summary, style="B", size=size)
        self.centred_rule(self.l_margin + self.epw / 2, self.y + 2, 40)
        self.set_y(self.y + 5)

    def clauses(self, lines: Sequence[str], *, style: Style = "I", last: str = ".") -> None:
        for line in enumerate_clauses(lines, last=last):
            self.paragraph(line, style=style, gap=3 * PT)

    def paragraph_height(self, text: str, *, size: float = BODY_SIZE, gap: float = PARAGRAPH_GAP) -> float:
        """About how tall :meth:`paragraph` will set ``text`` (regular style, first-line indent)."""
        return gap + self._count_lines(" " * 6 + text, size, self.epw) * self.line_height(size)

    def keep_together(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.y + height > self.h - self.b_margin:
            self.add_page()

    def closing_height(self, recipients: Sequence[str], signer: Signer, *, gap: float = 6.0) -> float:
        listed = enumerate_clauses(recipients, last=".")
        recipients_h = self.line_height(12) + sum(
            self._count_lines(f"- {item}", 11, RECIPIENTS_W) * self.line_height(11, 1.15) for item in listed
        )
        signature_h = len(signer.title_lines()) * self.line_height(BODY_SIZE, 1.15) + SIGN_SPACE
        return gap + max(recipients_h, signature_h + self.line_height(BODY_SIZE))

    def _count_lines(self, text: str, size: float, width: float) -> int:
        """How many lines ``text`` wraps to at ``size`` in ``width`` (nothing is drawn)."""
        self.font("", size)
        lines = self.multi_cell(width, 5, text, dry_run=True, output=MethodReturnValue.LINES)
        return len(lines) if isinstance(lines, list) else 1

    def closing_blocks(self, recipients: Sequence[str], signer: Signer, *, gap: float = 6.0) -> None:
        """Recipients (*Nơi nhận*) bottom left and the signature block bottom right, side by side.

        Kept on one page: when the rest of the page is too short, both move to the next. Callers
        keep the last paragraph with them (:meth:`keep_together`) so the signature never stands alone.
        """
        listed = enumerate_clauses(recipients, last=".")
        right_x = self.l_margin + RECIPIENTS_W + 5
        right_w = self.w - self.r_margin - right_x
        self.keep_together(self.closing_height(recipients, signer, gap=gap))
        y = self.y + gap
        # recipients
        self.set_y(y)
        if listed:
            self.text_block(self.l_margin, RECIPIENTS_W, "Nơi nhận:", style="BI", size=12, align=Align.L)
            for item in listed:
                self.text_block(self.l_margin, RECIPIENTS_W, f"- {item}", size=11, align=Align.L, factor=1.15)
        left_bottom = self.y
        # signature
        self.set_y(y)
        self.signature(right_x, right_w, signer)
        self.set_y(max(left_bottom, self.y))

    def signature(self, x: float, w: float, signer: Signer, *, sign_space: float = SIGN_SPACE) -> None:
        for line in signer.title_lines():
            self.text_block(x, w, line, style="B", size=BODY_SIZE, factor=1.15)
        self.set_y(self.y + sign_space)
        self.text_block(x, w, signer.name, style="B", size=BODY_SIZE)
