"""The columns of a register (docs/registers.md) and reading them from .xlsx or .csv.

Headings are matched loosely (case, marks, spaces and punctuation ignored; a few aliases), so the
registers provinces already keep can be imported without retyping their heading row. The heading row
is the first row, within the first ten, that names at least four known columns: title lines above it
are skipped.
"""

from __future__ import annotations

import csv
import importlib
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # as documented and as the template file writes it
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("producer", "Tên chủ thể", True, ("chủ thể", "tên chủ thể sản xuất", "tên tổ chức/cá nhân")),
    Column("kind", "Loại hình chủ thể", True, ("loại hình", "loại hình tổ chức")),
    Column("representative", "Người đại diện", True, ("người đại diện theo pháp luật", "đại diện")),
    Column("old_commune", "Xã (cũ)", True, ("xã", "xã/phường/thị trấn", "xã cũ", "phường/xã (cũ)")),
    Column(
        "old_district", "Huyện (cũ)", True, ("huyện", "huyện/thị xã/thành phố", "huyện cũ", "quận/huyện (cũ)")
    ),
    Column("old_province", "Tỉnh (cũ)", True, ("tỉnh", "tỉnh/thành phố", "tỉnh cũ")),
    Column("new_commune_code", "Mã xã mới", False, ("mã xã (mới)", "mã xã 2025", "mã đơn vị hành chính mới")),
    Column("product", "Tên sản phẩm", True, ("sản phẩm",)),
    Column(
        "scorecard",
        "Bộ sản phẩm",
        True,
        ("nhóm/bộ sản phẩm", "phân nhóm", "bộ sản phẩm (số phiếu)", "số phiếu"),
    ),
    Column("star", "Hạng sao", True, ("số sao", "xếp hạng", "hạng")),
    Column("total", "Tổng điểm", True, ("điểm", "tổng điểm trung bình")),
    Column("certificate", "Số giấy chứng nhận", True, ("số gcn", "giấy chứng nhận", "số giấy cn")),
    Column("decision_number", "Số quyết định", True, ("quyết định", "số qđ", "quyết định công nhận")),
    Column("decision_date", "Ngày quyết định", True, ("ngày qđ", "ngày ký", "ngày ký quyết định")),
    Column("valid_until", "Hiệu lực đến", False, ("ngày hết hạn", "thời hạn", "hiệu lực đến ngày")),
    Column("rulebook", "Bộ quy tắc", True, ("bộ tiêu chí", "căn cứ đánh giá", "quyết định bộ tiêu chí")),
    Column("issuer", "Cơ quan ban hành", False, ("cơ quan cấp", "cấp công nhận")),
    # The product code the old register gave (rules.md §1.5: old codes stay as imported).
    Column("product_code", "Mã sản phẩm", False, ("mã sản phẩm ocop", "mã sp", "mã số sản phẩm")),
)
BY_KEY = {c.key: c for c in COLUMNS}


def heading_key(text: str) -> str:
    """ "Xã (cũ)" → "xacu": no marks, no case, letters and digits only."""
    decomposed = unicodedata.normalize("NFD", str(text).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.heading, *_c.aliases):
        _LOOKUP.setdefault(heading_key(_name), _c.key)


class UnreadableFile(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi, self.en = vi, en


@dataclass
class Sheet:
    """The rows of a register: the column each heading was read as, then each row by key."""

    columns: dict[str, str]  # key → heading as written in the file
    rows: list[tuple[int, dict[str, Any]]]  # (row number in the file, values by key)

    @property
    def missing(self) -> list[Column]:
        return [c for c in COLUMNS if c.required and c.key not in self.columns]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: dates become dd/mm/yyyy text (read back by `parse_date`)."""

        def plain(value: Any) -> Any:
            if isinstance(value, datetime | date):
                return f"{value:%d/%m/%Y}"
            if value is None or isinstance(value, bool | int | float | str):
                return value
            return str(value)

        return {
            "columns": self.columns,
            "rows": [[n, {k: plain(v) for k, v in values.items()}] for n, values in self.rows],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sheet:
        return cls(dict(data["columns"]), [(int(n), dict(values)) for n, values in data["rows"]])


def _raw_rows(data: bytes, name: str) -> Iterator[list[Any]]:
    lower = name.lower()
    if lower.endswith(".xlsx") and _calamine() is not None:
        yield from _calamine_rows(data)
        return
    if lower.endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile("Không đọc được tệp Excel", f"cannot read the Excel file ({e})") from e
        try:
            for row in wb.worksheets[0].iter_rows(values_only=True):
                yield list(row)
        finally:
            wb.close()
        return
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise UnreadableFile("Tệp CSV phải mã hóa UTF-8", "the CSV file must be UTF-8") from e
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
        return
    raise UnreadableFile("Chỉ nhận tệp .xlsx hoặc .csv", "only .xlsx or .csv files")


def _calamine() -> Any:
    """`python-calamine` when installed: it reads .xlsx about 15× faster than openpyxl (10 000 rows:
    0.3 s against 4 s). openpyxl, always there, is the fallback."""
    try:
        return importlib.import_module("python_calamine")
    except ImportError:
        return None


def _calamine_rows(data: bytes) -> Iterator[list[Any]]:
    try:
        workbook = _calamine().CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)  # from A1: real row numbers
    except Exception as e:  # calamine raises its own error types for a damaged file
        raise UnreadableFile("Không đọc được tệp Excel", f"cannot read the Excel file ({e})") from e
    yield from rows


def read_sheet(data: bytes, name: str) -> Sheet:
    rows = _raw_rows(data, name)
    header: dict[int, str] | None = None
    columns: dict[str, str] = {}
    out: list[tuple[int, dict[str, Any]]] = []
    for number, raw in enumerate(rows, start=1):
        if header is None:
            found = {
                i: _LOOKUP[heading_key(v)]
                for i, v in enumerate(raw)
                if v is not None and heading_key(v) in _LOOKUP
            }
            if len(set(found.values())) >= 4:
                header = {}
                for i, key in found.items():
                    if key not in columns:  # the first column of a name wins
                        header[i], columns[key] = key, str(raw[i]).strip()
            elif number >= 10:
                break
            continue
        values = {key: raw[i] if i < len(raw) else None for i, key in header.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue  # blank lines between blocks
        out.append((number, values))
    if header is None:
        raise UnreadableFile(
            "Không tìm thấy dòng tiêu đề cột (xem docs/registers.md)",
            "no heading row found (see docs/registers.md)",
        )
    return Sheet(columns, out)


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def parse_date(value: Any) -> date | None:
    """A date from Excel (a date cell) or text: 05/08/2026, 5/8/2026, 05-08-2026, 05.08.2026, 2026-08-05.
    None when it is not a real date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def template_csv() -> str:
    """An empty register with the documented headings (the download offered on the import page)."""
    out = io.StringIO()
    csv.writer(out).writerow([c.heading for c in COLUMNS])
    return out.getvalue()
