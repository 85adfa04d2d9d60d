"""Excel workbooks: every export writes through `Book` and `Sheet`, so that a text stays a text.

openpyxl stores a string starting with "=" as a formula and a string such as "#N/A" as an error: a
product named `=HYPERLINK("http://…")` would be a live link in a provincial report. Here every string
is written as a string cell; one that a spreadsheet would read as a formula when typed (=, +, -, @, a
tab or a carriage return first) is also marked with Excel's quote prefix, so that editing the cell
does not turn it into one. The value itself is kept as it was: reading the file back (openpyxl,
LibreOffice, a register import) gives the same text. Characters XML cannot hold (control characters
other than tab and line breaks) are left out rather than failing the whole export.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell

# What spreadsheets (and CSV readers) take as the start of a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ERROR_CODES = frozenset(ERROR_CODES)


def _needs_cell(value: str) -> bool:
    return (
        value.startswith(FORMULA_START) or value in _ERROR_CODES or bool(ILLEGAL_CHARACTERS_RE.search(value))
    )


def _as_text(cell: Any, value: str) -> Any:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    cell.data_type = "s"  # after the value: assigning it infers the type ("=…" a formula)
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


class Sheet:
    """A write-only worksheet; `ws` is openpyxl's, for layout (widths, frozen panes, filters)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    def cell(self, value: Any, **style: Any) -> Any:
        """A cell with a style (font=, fill=, alignment=, style= a named style's name)."""
        cell = WriteOnlyCell(self.ws)
        for name, given in style.items():
            if given is not None:
                setattr(cell, name, given)
        if isinstance(value, str):
            return _as_text(cell, value)
        cell.value = value
        return cell

    def _safe(self, value: Any) -> Any:
        if isinstance(value, str) and _needs_cell(value):
            return _as_text(WriteOnlyCell(self.ws), value)
        if isinstance(value, Cell) and isinstance(value.value, str) and value.data_type != "s":
            return _as_text(value, value.value)
        return value

    def append(self, values: Iterable[Any] = ()) -> None:
        """One row: plain values (texts, numbers, dates, None) or cells made by `cell`."""
        self.ws.append([self._safe(v) for v in values])


class Book:
    """A write-only workbook (lists of any length stream out)."""

    def __init__(self) -> None:
        self.wb = Workbook(write_only=True)

    def sheet(self, title: str) -> Sheet:
        return Sheet(self.wb.create_sheet(title))

    def save(self) -> bytes:
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()
