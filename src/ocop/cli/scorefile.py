"""Read a council's scorecards for one product from JSON, CSV or Excel (the format is in `ocop score --help`).

Cells may hold an option id ("1.1.3") or the points of the option ("3"); "-" or "KAD" (không áp dụng)
marks a criterion that does not apply. Everything wrong with a file is reported together, in
Vietnamese and English, as `ScoreFileError`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException

from ..core.rulebooks import Rulebook, Scorecard, get_rulebook
from ..core.scoring import NOT_APPLICABLE, AnswerError, MemberForm, Problem

NOT_APPLICABLE_MARKS = {"-", "kad", "không áp dụng", "khong ap dung", "n/a", "na"}
GATE_MARKS = {"x", "1", "có", "co", "yes", "true"}
HEADER_MARKS = {"criterion", "tiêu chí", "tieu chi", "tieu_chi", "mã tiêu chí"}
TEXT_COLUMNS = {"nội dung", "noi dung", "text", "tối đa", "toi da", "max"}


class ScoreFileError(ValueError):
    pass


@dataclass
class CouncilFile:
    rulebook: Rulebook
    card: Scorecard
    forms: list[MemberForm]
    level: str | None = None
    product: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    # the card's own conditions recorded for the product (e.g. card 21 §7), by id
    exemptions: frozenset[str] = frozenset()


def _exemption_ids(value: Any) -> frozenset[str]:
    """`"7.1:khong-bat-buoc-cong-bo"`, a list of them, or several in one cell split by ; , or spaces."""
    if value is None or value == "":
        return frozenset()
    items = value if isinstance(value, list) else str(value).replace(";", " ").replace(",", " ").split()
    return frozenset(str(i).strip() for i in items if str(i).strip())


def _resolve(card: Scorecard, member: str, criterion_id: str, cell: Any) -> str | None:
    """Turn a cell (option id, points, or not-applicable mark) into an option id."""
    if cell is None:
        return NOT_APPLICABLE
    text = str(cell).strip()
    if text.lower() in NOT_APPLICABLE_MARKS:
        return NOT_APPLICABLE
    criterion = card.criterion(criterion_id)
    if criterion is None or criterion.option(text) is not None:
        return text  # unknown criteria and valid ids are judged by the scoring core
    try:
        points = float(text.replace(",", "."))
    except ValueError:
        return text
    matching = [o for o in criterion.options if o.points is not None and o.points == points]
    if not matching:
        valid = ", ".join(str(o.points) for o in criterion.options if o.points is not None)
        raise AnswerError(
            [
                Problem(
                    criterion_id,
                    f"tiêu chí {criterion_id} không có lựa chọn {text} điểm (có: {valid})",
                    f"criterion {criterion_id} has no option worth {text} points (valid: {valid})",
                    member,
                )
            ]
        )
    return matching[0].id  # options worth the same points score the same


def _card(meta: dict[str, Any], rulebook_id: str | None, number: int | None) -> tuple[Rulebook, Scorecard]:
    rulebook_id = rulebook_id or meta.get("rulebook")
    raw_number = number if number is not None else meta.get("scorecard")
    if not rulebook_id or raw_number in (None, ""):
        raise ScoreFileError(
            "Thiếu 'rulebook' hoặc 'scorecard' (trong tệp hoặc --rulebook/--scorecard) "
            "/ 'rulebook' or 'scorecard' missing (in the file or as --rulebook/--scorecard)"
        )
    try:
        rulebook = get_rulebook(str(rulebook_id))
        return rulebook, rulebook.scorecard(int(str(raw_number)))
    except KeyError as e:
        raise ScoreFileError(str(e.args[0])) from None
    except ValueError:
        raise ScoreFileError(f"Số phiếu không hợp lệ: {raw_number!r} / invalid scorecard number") from None


def _forms(
    card: Scorecard, members: Iterable[tuple[str, list[tuple[str, Any]], list[str]]]
) -> list[MemberForm]:
    forms, problems = [], []
    for member, cells, gates in members:
        pairs = []
        for cid, cell in cells:  # every bad cell is reported, not only a member's first
            try:
                pairs.append((cid, _resolve(card, member, cid, cell)))
            except AnswerError as e:
                problems.extend(e.problems)
        try:
            forms.append(MemberForm.from_pairs(member, pairs, gates))
        except AnswerError as e:
            problems.extend(e.problems)
    if problems:
        raise AnswerError(problems)
    return forms


def read_json(text: str, rulebook_id: str | None = None, number: int | None = None) -> CouncilFile:
    def pairs_hook(pairs: list[tuple[str, Any]]) -> Any:
        return _Pairs(pairs)

    try:
        raw = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as e:
        raise ScoreFileError(
            f"JSON không hợp lệ (dòng {e.lineno}): {e.msg} / invalid JSON at line {e.lineno}"
        ) from None
    if not isinstance(raw, _Pairs):
        raise ScoreFileError("Tệp JSON phải là một đối tượng {…} / the JSON file must be an object")
    top = raw.as_dict()
    rulebook, card = _card(top, rulebook_id, number)
    members_raw = top.get("members")
    if not isinstance(members_raw, list) or not members_raw:
        raise ScoreFileError("Thiếu danh sách 'members' / 'members' list missing or empty")
    members = []
    for i, entry in enumerate(members_raw, 1):
        if not isinstance(entry, _Pairs):
            raise ScoreFileError(f"members[{i}] phải là đối tượng / must be an object")
        m = entry.as_dict()
        name = str(m.get("member") or f"#{i}")
        answers = m.get("answers")
        if not isinstance(answers, _Pairs):
            raise ScoreFileError(f"{name}: thiếu 'answers' {{tiêu chí: lựa chọn}} / 'answers' object missing")
        cells: list[tuple[str, Any]] = []
        for cid, value in answers.pairs:
            for v in value if isinstance(value, list) else [value]:  # a list = several options: refused
                cells.append((str(cid), v))
        members.append((name, cells, [str(g) for g in m.get("gates") or []]))
    level = top.get("level")
    return CouncilFile(
        rulebook,
        card,
        _forms(card, members),
        str(level) if level else None,
        str(top.get("product", "")),
        exemptions=_exemption_ids(top.get("exemptions")),
    )


class _Pairs:
    """A JSON object kept as its key/value pairs, so that a repeated criterion is seen, not overwritten."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs

    def as_dict(self) -> dict[str, Any]:
        return dict(self.pairs)


def read_table(
    rows: list[list[Any]], rulebook_id: str | None = None, number: int | None = None
) -> CouncilFile:
    """The sheet layout: `key, value` rows, then a header `tiêu chí | <member> | …`, then one row a criterion."""
    meta: dict[str, str] = {}
    header_at = None
    for i, row in enumerate(rows):
        cells = [("" if c is None else str(c).strip()) for c in row]
        if not any(cells):
            continue
        if cells[0].lower() in HEADER_MARKS:
            header_at = i
            break
        meta[cells[0].lower()] = cells[1] if len(cells) > 1 else ""
    if header_at is None:
        raise ScoreFileError(
            "Không thấy dòng tiêu đề bắt đầu bằng 'tiêu chí' / no header row starting 'criterion'"
        )
    meta = {_META_KEYS.get(k, k): v for k, v in meta.items()}
    rulebook, card = _card(meta, rulebook_id, number)
    header = [("" if c is None else str(c).strip()) for c in rows[header_at]]
    member_cols = [
        (j, name) for j, name in enumerate(header) if j > 0 and name and name.lower() not in TEXT_COLUMNS
    ]
    if not member_cols:
        raise ScoreFileError("Dòng tiêu đề không có cột thành viên nào / the header row names no member")
    answers: dict[str, list[tuple[str, Any]]] = {name: [] for _, name in member_cols}
    gates: dict[str, list[str]] = {name: [] for _, name in member_cols}
    for row in rows[header_at + 1 :]:
        key = str(row[0]).strip() if row and row[0] is not None else ""
        if not key:
            continue
        for j, name in member_cols:
            cell = row[j] if j < len(row) else None
            blank = cell is None or str(cell).strip() == ""
            if ":" in key:  # a gate row: any mark means the member found the gate applies
                if not blank and str(cell).strip().lower() in GATE_MARKS:
                    gates[name].append(key)
            elif not blank:
                answers[name].append((key, cell))
    return CouncilFile(
        rulebook,
        card,
        _forms(card, ((name, answers[name], gates[name]) for _, name in member_cols)),
        meta.get("level") or None,
        meta.get("product", ""),
        meta,
        _exemption_ids(meta.get("exemptions")),
    )


_META_KEYS = {
    "miễn": "exemptions",
    "mien": "exemptions",
    "điều kiện miễn": "exemptions",
    "bộ quy tắc": "rulebook",
    "bo quy tac": "rulebook",
    "phiếu": "scorecard",
    "phieu": "scorecard",
    "phiếu số": "scorecard",
    "cấp": "level",
    "cap": "level",
    "sản phẩm": "product",
    "san pham": "product",
}


def _delimiter(text: str) -> str:
    """The separator after the header mark ("tiêu chí;…", "tiêu chí,…"); "," when there is no header.

    csv.Sniffer cannot decide on this layout: the `key,value` rows above the header are shorter than
    the criterion rows, so unquoted files failed with "Could not determine delimiter".
    """
    for line in text.splitlines():
        cell = line.lstrip().lstrip('"').lower()
        for mark in HEADER_MARKS:
            if cell.startswith(mark):
                after = cell[len(mark) :].lstrip('"')[:1]
                if after in (",", ";", "\t"):
                    return after
    return ","


def _read_rows(path: Path) -> list[list[Any]]:
    if path.suffix.lower() == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError):
        raise ScoreFileError(
            f"Tệp {path.name} không phải tệp Excel .xlsx hợp lệ / not a valid .xlsx file"
        ) from None
    try:  # a read-only workbook keeps the file open until closed
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def read_file(path: Path, rulebook_id: str | None = None, number: int | None = None) -> CouncilFile:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv", ".xlsx", ".xlsm"):
        raise ScoreFileError(
            f"Định dạng '{suffix}' không hỗ trợ (.json, .csv, .xlsx) / unsupported file type"
        )
    try:
        if suffix == ".json":
            return read_json(path.read_text(encoding="utf-8-sig"), rulebook_id, number)
        return read_table(_read_rows(path), rulebook_id, number)
    except FileNotFoundError:
        raise ScoreFileError(f"Không tìm thấy tệp {path} / file not found") from None
    except UnicodeDecodeError:
        raise ScoreFileError(f"Tệp {path.name} không phải văn bản UTF-8 / not UTF-8 text") from None
    except (OSError, csv.Error) as e:
        raise ScoreFileError(f"Không đọc được tệp {path.name}: {e} / cannot read the file") from None


def template_rows(rulebook: Rulebook, card: Scorecard, members: int = 3) -> list[list[str]]:
    """A blank sheet in the layout `read_table` reads, with every criterion and gate of the card."""
    rows: list[list[str]] = [
        ["rulebook", rulebook.id],
        ["scorecard", str(card.number)],
        ["product", ""],
    ]
    for exemption in card.exemptions():  # to fill in with the id when the condition holds
        rows.append(["exemptions", "", f"{exemption.id}: {exemption.condition}"])
    rows += [[], ["tiêu chí", "nội dung", "tối đa", *[f"Thành viên {i}" for i in range(1, members + 1)]]]
    for criterion in card.criteria():
        rows.append([criterion.id, criterion.text, str(criterion.max_points)])
    for gate in card.gates:
        if gate.manual:  # the others follow from the answers
            rows.append([gate.id, gate.text, ""])
    return rows
