"""Dates, numbers and punctuation as Vietnamese administrative documents write them."""

from __future__ import annotations

import calendar
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

BLANK = "……"


def nfc(text: str) -> str:
    """Vietnamese text in composed form: one code point per letter with its marks.

    Text typed on some systems arrives decomposed (base letter + combining marks); the embedded font
    has a glyph for every composed Vietnamese letter, so composing first keeps the marks in place and
    the extracted text searchable.
    """
    return unicodedata.normalize("NFC", text)


def add_months(start: date, months: int) -> date:
    """The same calendar day ``months`` later; the last day of the month when that day is missing."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def dmy(day: date) -> str:
    """05/08/2029."""
    return day.strftime("%d/%m/%Y")


def date_words(day: date | None) -> str:
    """ "ngày 05 tháng 8 năm 2026": a day below 10 and the months 1 and 2 take a leading zero
    (Decree 30/2020/NĐ-CP, Appendix I); ``None`` leaves blanks to be filled in by hand."""
    if day is None:
        return f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: date | None) -> str:
    """ "Lạng Sơn, ngày 05 tháng 8 năm 2026"."""
    return f"{place}, {date_words(day)}"


def two_digits(n: int) -> str:
    """Counts below 10 are written with a leading zero ("05 sản phẩm mẫu")."""
    return f"{n:02d}"


def score_text(score: float) -> str:
    """78,5 (decimal comma; at most two decimals, trailing zeros dropped)."""
    text = f"{score:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def star_breakdown(stars: Iterable[int]) -> str:
    """ "02 sản phẩm đạt 4 sao, 58 sản phẩm đạt 3 sao", highest star first."""
    counts = Counter(stars)
    return ", ".join(f"{two_digits(counts[s])} sản phẩm đạt {s} sao" for s in sorted(counts, reverse=True))


def enumerate_clauses(lines: Sequence[str], *, last: str = ".") -> list[str]:
    """Each clause of a list ends with ";" and the last one with ``last`` (Decree 30's rule for legal
    bases and for recipients). Punctuation already there is replaced, blank lines dropped."""
    kept = [line.strip().rstrip(";.,").rstrip() for line in lines if line.strip()]
    return [line + (last if i == len(kept) - 1 else ";") for i, line in enumerate(kept)]


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a free text: each non-blank line is one, inner runs of spaces collapsed."""
    lines = (" ".join(line.split()) for line in nfc(text).splitlines())
    return [line for line in lines if line]
