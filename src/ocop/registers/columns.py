"""The columns of a register (docs/registers.md) and reading them from .xlsx or .csv.

Headings are matched loosely (case, marks, spaces and punctuation ignored; a few aliases), so the
registers provinces already keep can be imported without retyping their heading row. The heading row
is the first row, within the first ten, that names at least four known columns: title lines above it
are skipped.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from python_calamine import CalamineWorkbook

from ocop.dossiers.uploads import MACRO_EXTENSIONS, UploadRefused, check_office_package


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


# The most data rows a register may have (a province has hundreds of OCOP products; the country about
# 17 000 in all): a file above it is refused while it is read, before its rows are kept.
MAX_ROWS = 20_000


def _check_package(data: bytes) -> None:
    """Before a spreadsheet is read: no macros, and its parts do not inflate beyond MAX_UNCOMPRESSED."""
    try:
        check_office_package(io.BytesIO(data))
    except UploadRefused as e:
        vi, _, en = str(e).partition(" / ")
        raise UnreadableFile(vi, en) from None


def _raw_rows(data: bytes, name: str) -> Iterator[list[Any]]:
    lower = name.lower()
    if lower.rsplit(".", 1)[-1] in MACRO_EXTENSIONS:
        raise UnreadableFile(
            "Tệp có thể chứa macro nên không được nhận: lưu lại thành .xlsx", "files with macros are refused"
        )
    if lower.endswith(".xlsx"):
        _check_package(data)
        yield from _xlsx_rows(data)
        return
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise UnreadableFile("Tệp CSV phải mã hóa UTF-8", "the CSV file must be UTF-8") from e
        if "\x00" in text:  # a UTF-16 export, or not text at all; the database cannot keep it either
            raise UnreadableFile(
                "Tệp CSV có ký tự NUL: hãy xuất lại tệp dạng CSV UTF-8", "the CSV file holds NUL characters"
            )
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        yield from csv.reader(io.StringIO(text), delimiter=delimiter)
        return
    raise UnreadableFile("Chỉ nhận tệp .xlsx hoặc .csv", "only .xlsx or .csv files")


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    """The first sheet's rows from A1 (so that row numbers are the file's), read by python-calamine: a
    10 000-row register in 0.1 s, against 1.1 s for openpyxl's read-only mode (docs/benchmarks.md). It
    holds the sheet in memory, which `_check_package` has bounded."""
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        top, left = sheet.start or (0, 0)
        rows = sheet.iter_rows()
    except Exception as e:  # calamine raises its own error types for a damaged file
        raise UnreadableFile("Không đọc được tệp Excel", f"cannot read the Excel file ({e})") from e
    for _ in range(top):
        yield []
    for row in rows:
        yield [None] * left + row


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
        if len(out) == MAX_ROWS:
            raise UnreadableFile(
                f"Tệp có hơn {MAX_ROWS:,} dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn".replace(",", "."),
                f"more than {MAX_ROWS} rows: split the file",
            )
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
