#!/usr/bin/env python3
"""Convert Appendix II of Decision 26/2026/QĐ-TTg into `ocop-scorecard/1` YAML files, one per scorecard.

Input: the table rows (`QD-26-2026-PL2-rows.json`, one object per scorecard, each row = [text, points]),
plus the plain text of the decision next to it (`QD-26-2026-QD-TTg.txt`) for what the rows leave out: the
card heading, the "Hồ sơ bị loại khi: …" header and the star legend. `rules.md` §2.6 is read only as a check.

The converter is faithful, not clever: text is kept as printed (only the tick box, trailing asterisks and
whitespace are stripped), points are never repaired, and every oddity goes into `transcription_quirks`.

Usage: python tools/convert_qd26.py [SOURCE_JSON] [OUTPUT_DIR] [--txt PATH] [--rules PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # the research folder, a sibling of the repo (read for rules.md only)
# The law texts are kept in the repository (docs/law/README.md), byte-identical to the research copy.
DEFAULT_SOURCE = REPO / "docs" / "law" / "QD-26-2026-PL2-rows.json"
DEFAULT_OUT = REPO / "src" / "ocop" / "core" / "rulebooks" / "data" / "scorecards" / "qd26"

LEGAL_TOTALS = {"A": 40, "B": 25, "C": 35}
REGULATION = {
    "decision": "26/2026/QĐ-TTg",
    "date": "2026-05-22",
    "title": "Ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
    "appendix": "Phụ lục II",
    "appendix_title": "BỘ TIÊU CHÍ ĐÁNH GIÁ SẢN PHẨM OCOP (Kiêm phiếu đánh giá sản phẩm OCOP)",
}
UPSTREAM = {
    "repository": "github.com/hakienpdu95/minhan",
    "path": "docs/bnn_txng.html",
    "official_page": "vanban.chinhphu.vn docid=218267",
}

# Appendix I, as tabled in rules.md §1.1 (labels exact, without the "Nhóm:" / "Phân nhóm:" prefix).
# Ministries are spelled out as Appendix I prints them (rules.md abbreviates them).
NN_MT = "Bộ Nông nghiệp và Môi trường"
CT = "Bộ Công Thương"
YT = "Bộ Y tế"
VH = "Bộ Văn hóa, Thể thao và Du lịch"
GROUPS = {
    "I": "SẢN PHẨM THỰC PHẨM",
    "II": "SẢN PHẨM ĐỒ UỐNG",
    "III": "SẢN PHẨM DƯỢC LIỆU VÀ SẢN PHẨM TỪ DƯỢC LIỆU",
    "IV": "SẢN PHẨM HÀNG THỦ CÔNG MỸ NGHỆ",
    "V": "SẢN PHẨM SINH VẬT CẢNH",
    "VI": "SẢN PHẨM DỊCH VỤ DU LỊCH CỘNG ĐỒNG, DU LỊCH SINH THÁI VÀ ĐIỂM DU LỊCH",
}
NHOM = {
    "I.1": "Thực phẩm tươi sống",
    "I.2": "Thực phẩm thô, sơ chế",
    "I.3": "Thực phẩm chế biến",
    "I.4": "Gia vị",
    "I.5": "Chè",
    "I.6": "Cà phê, ca cao",
    "II.1": "Đồ uống có cồn",
    "II.2": "Đồ uống không cồn",
    "III.1": "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền",
    "III.2": "Mỹ phẩm có thành phần từ dược liệu",
    "III.3": "Tinh dầu và dược liệu khác",
    "IV.1": "Thủ công mỹ nghệ gia dụng, trang trí",
    "IV.2": "Vải, may mặc",
    "V.1": "Hoa",
    "V.2": "Cây cảnh",
    "V.3": "Động vật cảnh",
    "VI.1": "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
}
# scorecard number → (leaf code, Phân nhóm label or None where the Nhóm is the leaf, ministry)
LEAVES: dict[int, tuple[str, str | None, str]] = {
    1: ("I.1.a", "Rau, củ, quả, hạt tươi", NN_MT),
    2: ("I.1.b", "Thịt, thủy sản, trứng, sữa tươi", NN_MT),
    3: ("I.2.a", "Gạo, ngũ cốc, hạt sơ chế khác", NN_MT),
    4: ("I.2.b", "Mật ong, mật khác và nông sản thực phẩm khác", NN_MT),
    5: ("I.3.a", "Đồ ăn nhanh", CT),
    6: ("I.3.b", "Chế biến từ gạo, ngũ cốc", f"{NN_MT}; {CT}"),
    7: ("I.3.c", "Chế biến từ rau, củ, quả, hạt", NN_MT),
    8: (
        "I.3.d",
        "Chế biến từ thịt, trứng, sữa, thủy sản, các sản phẩm từ mật ong, mật khác "
        "và nông sản thực phẩm khác",
        f"{NN_MT}; {CT}",
    ),
    9: ("I.4.a", "Tương, nước mắm, gia vị dạng lỏng khác", NN_MT),
    10: ("I.4.b", "Gia vị khác", NN_MT),
    11: ("I.5.a", "Chè tươi, chế biến", NN_MT),
    12: ("I.5.b", "Sản phẩm chè từ thực vật khác", NN_MT),
    13: ("I.6", None, NN_MT),
    14: ("II.1.a", "Rượu trắng", CT),
    15: ("II.1.b", "Đồ uống có cồn khác", CT),
    16: ("II.2.a", "Nước khoáng thiên nhiên, nước uống đóng chai", YT),
    17: ("II.2.b", "Đồ uống không cồn", CT),
    18: ("III.1", None, YT),
    19: ("III.2", None, YT),
    20: ("III.3", None, f"{YT}; {CT}"),
    21: ("IV.1", None, f"{CT}; {NN_MT}"),
    22: ("IV.2", None, CT),
    23: ("V.1", None, NN_MT),
    24: ("V.2", None, NN_MT),
    25: ("V.3", None, NN_MT),
    26: ("VI.1", None, f"{VH}; {NN_MT}"),
}

# Note kinds by keyword, first match wins (README "Note kinds"); anything else is an explanation.
NOTE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("choose_one", ("lựa chọn một trong",)),
    ("applies_only_if_story", ("chỉ áp dụng khi có câu chuyện",)),
    ("not_scored_if", ("không đánh giá những sản phẩm",)),
    ("stop_rule", ("không đánh giá các bước tiếp theo", "không xem xét các chỉ tiêu khác")),
    ("disqualification", ("bị loại",)),
    ("requirement", ("yêu cầu:",)),
    ("evidence", ("phiếu kiểm nghiệm", "hồ sơ kiểm tra định kỳ", "minh chứng", "đánh giá dựa trên")),
)

# Suspected typos found by comparing the 26 cards with each other: (card, text as printed, the other
# cards' reading). Listed in transcription_quirks, never corrected.
TYPO_SUSPECTS: tuple[tuple[int, str, str], ...] = (
    (4, "đường dân gian hàng điện tử", "đường dẫn gian hàng điện tử"),
    (4, "đường khử tự đo", "đường khử tự do"),
    (5, "Sản Tiêu chuẩn sản phẩm", "Bản Tiêu chuẩn sản phẩm"),
    (8, "tái chế phế phẩm nông nghiệp", "tái chế phụ phẩm nông nghiệp"),
    (16, "và có đăng độc quyền kiểu dáng", "và có Bằng độc quyền kiểu dáng"),
    (16, "giá trị độc trưng", "giá trị đặc trưng"),
    (17, "giá trị độc trưng", "giá trị đặc trưng"),
    (22, "kỹ thuật truyền thông", "kỹ thuật truyền thống"),
)

RE_PART = re.compile(r"^(?:Phần|PHẦN)\s+([ABC])\b[:\s]*(.*)$")
RE_CRIT3 = re.compile(r"^(\d+)\.(\d+)\.(\d+)(\.?)\s+(.*)$")
RE_CRIT = re.compile(r"^(\d+)\.(\d+)(\.?)\s+(.*)$")
RE_SECTION = re.compile(r"^(\d+)(\.?)\s+(.*)$")
RE_CASE = re.compile(r"^([a-z])\.\s+(Trường hợp\s+\d+:.*)$")
RE_OPTION = re.compile(r"^(□|o(?=\s))\s*(.*)$")
RE_STARS = re.compile(r"^(.*?)\s*((?:\*\s*){3,})$")
RE_STARS_THEN_NOTE = re.compile(r"^(.*?)\s*((?:\*\s*){3,})\s*(Ghi chú:.*)$")
RE_HEADING_POINTS = re.compile(r"\((\d+)\s*[Đđ]iểm\)")


def clean(text: str) -> str:
    return " ".join(text.split())


def slugify(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def note(text: str) -> dict[str, Any]:
    low = text.lower()
    kind = next((k for k, words in NOTE_KINDS if any(w in low for w in words)), "explanation")
    out: dict[str, Any] = {"kind": kind, "text": text}
    if "bắt buộc" in low:
        out["mentions_bat_buoc"] = True
    return out


def parse_points(cell: str | None) -> tuple[int | None, str | None]:
    """(points, raw) — raw is kept only when the cell is not a plain integer."""
    if cell is None:
        return None, None
    s = cell.strip()
    if re.fullmatch(r"\d+", s):
        return int(s), None
    return None, s


def split_caps(text: str) -> tuple[str, str]:
    """Split "TÍNH ĐỘC ĐÁO (Chất lượng: …)" into the upper-case title and the explanation after it."""
    tokens = text.split(" ")
    cut = next(
        (i for i, tok in enumerate(tokens) if any(c.isalpha() and not c.isupper() for c in tok)),
        len(tokens),
    )
    head, tail = " ".join(tokens[:cut]).strip(), " ".join(tokens[cut:]).strip()
    return (head, tail) if head else (text, "")  # sentence-case headings (card 26) stay whole


# --------------------------------------------------------------------------------------------------
# Text of the decision: card headings, disqualification headers, star legends, index titles


@dataclass
class PageText:
    heading: str = ""
    printed_classification: str = ""
    disqualification: list[str] = field(default_factory=list)
    legend: str | None = None


def read_decision_text(path: Path) -> tuple[dict[int, PageText], dict[int, str], list[str]]:
    """Per card: what the .txt prints around the table. Also the Appendix II index titles."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("PHỤ LỤC II"), lines.index("PHỤ LỤC III")
    seg = lines[start:end]
    totals = [i for i, line in enumerate(seg) if line.strip() == "TỔNG CỘNG"]
    tables = [i for i, line in enumerate(seg) if line.strip() == "Các tiêu chí"]
    problems: list[str] = []
    if len(totals) != 26 or len(tables) != 26:
        problems.append(
            f"decision text: expected 26 tables, found {len(tables)} headers / {len(totals)} totals"
        )

    # The index table ("STT | Nội dung") lists the 26 titles before the first card.
    first_heading = next(i for i, line in enumerate(seg) if re.match(r"^1\.\s+Bộ sản phẩm", line))
    cells = [clean(c) for c in " ".join(seg[:first_heading]).split("|")]
    index: dict[int, str] = {}
    for a, b in itertools.pairwise(cells):
        if re.fullmatch(r"\d+", a) and b.startswith("Bộ sản phẩm"):
            index[int(a)] = b

    pages: dict[int, PageText] = {}
    for k in range(1, min(len(tables), 26) + 1):
        page = PageText()
        lo = totals[k - 2] if k > 1 else first_heading - 1
        hdr = seg[lo : tables[k - 1]]
        h = next((i for i, line in enumerate(hdr) if re.match(rf"^{k}\.(\s|$)", line)), None)
        if h is None:
            problems.append(f"card {k}: heading not found in the decision text")
        else:
            body = hdr[h:]
            p = next((i for i, line in enumerate(body) if line.strip().startswith("(Sản phẩm")), 1)
            page.heading = clean(" ".join(body[:p]))
            q = next((i for i in range(p, len(body)) if body[i].rstrip().endswith(")")), p - 1)
            page.printed_classification = clean(" ".join(body[p : q + 1]))
        starts = [i for i, line in enumerate(hdr) if re.match(r"^(Hồ sơ bị loại khi|Bị loại khi):", line)]
        for n, s in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else len(hdr)
            page.disqualification.append(clean(" ".join(hdr[s:stop])))
        if k <= len(totals):
            foot = seg[totals[k - 1] : totals[k - 1] + 15]
            g = next((i for i, line in enumerate(foot) if line.startswith("Ghi chú: Dấu")), None)
            if g is not None:
                e = next((i for i in range(g, len(foot)) if foot[i].startswith("Ý kiến")), g + 2)
                page.legend = clean(" ".join(foot[g:e]))
        pages[k] = page
    return pages, index, problems


def read_rules_sections(path: Path) -> dict[int, dict[str, int]]:
    """rules.md §2.6: card → {section number: points}."""
    text = path.read_text(encoding="utf-8")
    block = text.split("### 2.6", 1)[1].split("\n## ", 1)[0].split("\n---", 1)[0]
    out: dict[int, dict[str, int]] = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].isdigit():
            continue
        sections: dict[str, int] = {}
        for cell in cells[2:]:
            for item in cell.split(";"):
                m = re.match(r"^\s*(\d+)\s+.*?\s(\d+)\b(?:\s*\(.*\))?\s*$", item)
                if m:
                    sections[m.group(1)] = int(m.group(2))
        out[int(cells[0])] = sections
    return out


# --------------------------------------------------------------------------------------------------
# Rows → tree


class CardParser:
    """Walks one card's rows in source order and builds parts → sections → criteria → options."""

    def __init__(self, number: int, rows: list[list[str]]) -> None:
        self.number = number
        self.rows = rows
        self.quirks: list[str] = []
        self.parts: list[dict[str, Any]] = []
        self.part: dict[str, Any] | None = None
        self.section: dict[str, Any] | None = None
        self.crit: dict[str, Any] | None = None  # criterion or group directly under the section
        self.sub: dict[str, Any] | None = None  # criterion under a group (third level)
        self.total_cell: str | None = None
        self.added_yes_no: list[str] = []

    # -- helpers ------------------------------------------------------------------------------
    def quirk(self, text: str) -> None:
        self.quirks.append(text)

    def leaf(self) -> dict[str, Any] | None:
        return self.sub or self.crit

    def close_leaf(self, node: dict[str, Any] | None) -> None:
        """A criterion heading followed by no tick boxes is a yes/no item worth its stated points."""
        if node is None or node.get("kind") == "group" or node.get("options") or node.get("criteria"):
            return
        stated = node.get("_stated")
        node["yes_no"] = True
        node["options"] = [
            {"id": f"{node['id']}.1", "text": "Không", "points": 0, "added_by_converter": True},
            {"id": f"{node['id']}.2", "text": "Có", "points": stated, "added_by_converter": True},
        ]
        self.added_yes_no.append(node["id"])
        self.quirk(
            f"§{node['id']} '{node.get('text', '')}' prints no tick boxes, only its points ({stated}): "
            f"represented as yes_no with options {node['id']}.1 'Không' = 0 and {node['id']}.2 'Có' = "
            f"{stated}, both added by the converter"
        )

    def close_section(self) -> None:
        self.close_leaf(self.sub)
        self.close_leaf(self.crit)
        self.sub = self.crit = None

    def new_section(self, number: int, dot: str, text: str, cell: str) -> None:
        self.close_section()
        if self.part is None:
            raise ValueError(f"card {self.number}: section {number} before any part")
        expected = 1 + (self.last_section_number() or 0)
        if number != expected:
            self.quirk(f"section printed as {number} where {expected} was expected")
        if not dot:
            self.quirk(
                f"§{number} heading is malformed: printed '{number} {text[:40]}' (no dot after the number)"
            )
        title, tail = split_caps(text)
        stated, raw = parse_points(cell)
        self.section = {
            "id": str(number),
            "number": number,
            "title": title,
            "_stated": stated,
            "criteria": [],
        }
        if raw:
            self.section["_stated_raw"] = raw
            self.quirk(
                f"§{number} points cell is malformed: reads {raw!r} (not a number); stated_points left out"
            )
        if tail:
            self.section.setdefault("notes", []).append(note(tail))
        self.part["sections"].append(self.section)

    def last_section_number(self) -> int | None:
        for part in reversed(self.parts):
            if part["sections"]:
                return int(part["sections"][-1]["number"])
        return None

    def new_criterion(self, printed: str, text: str, cell: str, case_label: str | None = None) -> None:
        assert self.section is not None
        self.close_leaf(self.sub)
        self.close_leaf(self.crit)
        self.sub = None
        sid = self.section["id"]
        position = len(self.section["criteria"]) + 1
        cid = f"{sid}.{position}"
        if case_label is None and printed != f"{sid}.{position}":
            self.quirk(f"criterion printed as {printed} is number {position} of §{sid}: id {cid}")
        crit: dict[str, Any] = {"id": cid, "label": case_label or printed}
        notes: list[dict[str, Any]] = []
        m = re.match(r"^(.*?)\s+(Yêu cầu:.*)$", text)
        if m:  # an inline "Yêu cầu: …" is a requirement, not part of the criterion's name
            text = m.group(1)
            notes.append(note(m.group(2)))
        m = re.match(r"^(.*?)\s+(\((?:Khả năng|Gồm:).*\))$", text)
        if m:  # the same explanation is a separate row on other cards
            text = m.group(1)
            notes.insert(0, note(m.group(2)))
        crit["text"] = text
        stated, raw = parse_points(cell)
        crit["_stated"] = stated
        if raw:
            crit["_stated_raw"] = raw
            self.quirk(f"§{cid} points cell reads {raw!r} (not a number)")
        if notes:
            crit["notes"] = notes
        self.section["criteria"].append(crit)
        self.crit = crit

    def new_subcriterion(self, printed: str, text: str, cell: str) -> None:
        assert self.section is not None
        if self.crit is None or self.crit.get("options"):
            self.quirk(f"third-level heading {printed} has no parent heading without options")
            self.new_criterion(printed, text, cell)
            return
        self.close_leaf(self.sub)
        group = self.crit
        group["kind"] = "group"
        children = group.setdefault("criteria", [])
        cid = f"{group['id']}.{len(children) + 1}"
        if printed != cid:
            self.quirk(f"sub-criterion printed as {printed}: id {cid}")
        stated, raw = parse_points(cell)
        self.sub = {"id": cid, "label": printed, "text": text, "_stated": stated}
        if raw:
            self.sub["_stated_raw"] = raw
        children.append(self.sub)

    def add_option(self, bullet: str, text: str, cell: str | None, row: int) -> None:
        assert self.section is not None
        target = self.leaf()
        if target is None:  # tick boxes straight under a section heading
            target = {
                "id": f"{self.section['id']}.1",
                "implicit": True,
                "_stated": None,
                "_limit": self.section["_stated"],
            }
            self.section["criteria"].append(target)
            self.crit = target
        if target.get("kind") == "group" and self.sub is None:
            self.quirk(f"row {row}: option directly under group {target['id']}")
        options = target.setdefault("options", [])
        oid = f"{target['id']}.{len(options) + 1}"
        if bullet != "□":
            self.quirk(f"option {oid} is printed with '{bullet}' instead of the tick box '□'")
        min_star: int | None = None
        m = RE_STARS_THEN_NOTE.match(text)
        if m:  # "…***** Ghi chú: …" in one cell: the note belongs to the criterion
            text = m.group(1) + m.group(2)
            target.setdefault("notes", []).append(note(m.group(3)))
            self.quirk(
                f"option {oid}: a 'Ghi chú' is printed inside the option cell after its star marker; "
                f"moved to the criterion's notes"
            )
        m = RE_STARS.match(text)
        if m:
            stars = m.group(2).count("*")
            text = m.group(1)
            if " " in m.group(2).strip():
                self.quirk(
                    f"option {oid}: star marker printed with spaces ({m.group(2).strip()!r}), "
                    f"read as {stars} stars"
                )
            if 3 <= stars <= 5:
                min_star = stars
            else:
                self.quirk(f"option {oid}: {stars} asterisks, not a 3/4/5-star marker; ignored")
        if "*" in text:
            self.quirk(f"option {oid}: asterisk left inside the text")
        points, raw = parse_points(cell)
        option: dict[str, Any] = {"id": oid, "text": text, "points": points}  # qd148 key order
        if min_star:
            option["min_star"] = min_star
        if cell is None:
            option["points_raw"] = None
            self.quirk(f"option {oid} '{text[:50]}': the row has no points cell at all; points null")
        elif raw is not None:
            option["points_raw"] = raw
            what = "blank" if raw == "" else f"reads {raw!r}"
            self.quirk(f"option {oid} '{text[:50]}': points cell is {what}; points null (not assumed)")
        if "bắt buộc" in text.lower():
            option["mentions_bat_buoc"] = True
        options.append(option)

    def add_note(self, text: str, row: int, one_cell: bool) -> None:
        n = note(text)
        if one_cell:
            self.quirk(f"row {row} ('{text[:40]}…') has one cell instead of two")
        if self.section is None:
            self.quirk(f"row {row}: note before any section: {text[:60]}")
            return
        target: dict[str, Any]
        if "các chỉ tiêu trên" in text.lower():  # refers to every criterion above it in the section
            target = self.section
        elif self.sub is not None:
            target = self.sub
        elif self.crit is not None and not self.crit.get("implicit"):
            target = self.crit
        else:
            target = self.section
        target.setdefault("notes", []).append(n)

    # -- main loop ------------------------------------------------------------------------------
    def parse(self) -> None:
        for i, row in enumerate(self.rows):
            text = clean(row[0])
            cell = row[1] if len(row) > 1 else None
            if text == "TỔNG CỘNG":
                self.close_section()
                self.total_cell = cell
                continue
            m = RE_OPTION.match(text)
            if m:
                self.add_option(m.group(1), m.group(2), cell, i)
                continue
            m = RE_PART.match(text)
            if m:
                self.close_section()
                self.new_part(m.group(1), text, m.group(2), cell)
                continue
            m = RE_CRIT3.match(text)
            if m and self.section is not None:
                self.new_subcriterion(f"{m.group(1)}.{m.group(2)}.{m.group(3)}", m.group(5), cell or "")
                continue
            m = RE_CRIT.match(text)
            if m and self.section is not None:
                self.new_criterion(f"{m.group(1)}.{m.group(2)}", m.group(4), cell or "")
                continue
            m = RE_SECTION.match(text)
            if m and self.part is not None and int(m.group(1)) == 1 + (self.last_section_number() or 0):
                self.new_section(int(m.group(1)), m.group(2), m.group(3), cell or "")
                continue
            m = RE_CASE.match(text)
            if m and self.section is not None:
                self.new_criterion(m.group(1), m.group(2), cell or "", case_label=f"{m.group(1)}.")
                self.section["scoring"] = "choose_one"
                continue
            self.add_note(text, i, one_cell=cell is None)
        self.close_section()

    def new_part(self, code: str, raw: str, rest: str, cell: str | None) -> None:
        heading = RE_HEADING_POINTS.search(rest)
        title = clean(RE_HEADING_POINTS.sub("", rest))
        stated, _ = parse_points(cell)
        self.part = {
            "code": code,
            "title": title,
            "source_title": raw,
            "max_points": LEGAL_TOTALS[code],
            "_cell": stated,
            "_heading": int(heading.group(1)) if heading else None,
            "sections": [],
        }
        if not raw.startswith(f"Phần {code}:"):
            self.quirk(f"Part {code} heading printed as '{raw[:20]}…' (not 'Phần {code}:')")
        self.parts.append(self.part)


# --------------------------------------------------------------------------------------------------
# Maxima, stated points and star requirements (bottom-up)


def finish_leaf(node: dict[str, Any], quirks: list[str]) -> int | None:
    options = node.get("options") or []
    stated = node.pop("_stated", None)
    raw = node.pop("_stated_raw", None)
    # A cell above the printed maximum of its criterion (of its section, for tick boxes straight under a
    # section) cannot be that option's value: it is treated as unreadable, neither used nor replaced.
    limit = node.pop("_limit", None) if node.get("implicit") else stated
    where = "section's" if node.get("implicit") else "criterion's"
    for opt in options:
        p = opt["points"]
        if p is not None and limit is not None and p > limit:
            opt["points_raw"] = str(p)
            opt["points"] = None
            quirks.append(
                f"option {opt['id']} '{opt['text'][:50]}': points cell reads '{p}', above the {where} "
                f"printed maximum {limit}; treated as unreadable, points null (the intended value is not "
                f"assumed)"
            )
    scored = [o["points"] for o in options if o["points"] is not None]
    best = max(scored) if scored else None
    if len(scored) != len(set(scored)):
        quirks.append(f"§{node['id']}: two or more options carry the same points {scored}")
    elif scored != sorted(scored):
        quirks.append(f"§{node['id']}: option points are not in ascending order {scored}")
    if raw:
        node["stated_points_raw"] = raw
    elif stated is not None and best is not None and stated != best:
        node["stated_points"] = stated
        quirks.append(f"§{node['id']}: stated {stated} but the best option gives {best}")
    reqs = []
    for opt in options:
        if opt.get("min_star"):
            if opt["points"] is None:
                quirks.append(f"option {opt['id']} carries a {opt['min_star']}★ marker but has no points")
                continue
            reqs.append({"star": opt["min_star"], "option": opt["id"], "min_points": opt["points"]})
    if node.get("min_star"):  # marker on the heading: at least the lowest option (README reading)
        lowest = min(scored, default=0)
        reqs.append({"star": node["min_star"], "criterion_marker": True, "min_points": lowest})
    ordered: dict[str, Any] = {k: node[k] for k in ("id", "label", "text", "implicit") if k in node}
    ordered["max_points"] = best
    for k in ("stated_points", "stated_points_raw", "min_star", "yes_no", "notes"):
        if k in node:
            ordered[k] = node[k]
    if reqs:
        ordered["star_requirements"] = reqs
    ordered["options"] = options
    node.clear()
    node.update(ordered)
    return best


def finish_group(node: dict[str, Any], quirks: list[str], is_section: bool) -> int:
    children = node["criteria"]
    maxima = [finish_node(c, quirks) for c in children]
    known = [m for m in maxima if m is not None]
    total = (max(known) if node.get("scoring") == "choose_one" else sum(known)) if known else 0
    stated = node.pop("_stated", None)
    raw = node.pop("_stated_raw", None)
    label = "§" + node["id"]
    if raw is not None:
        node["stated_points_raw"] = raw
    elif stated is not None and stated != total:
        node["stated_points"] = stated
        quirks.append(
            f"{label}: stated {stated} but its {'options' if not is_section else 'criteria'} give {total}"
        )
    keys = ("id", "number", "title") if is_section else ("id", "kind", "label", "text")
    ordered: dict[str, Any] = {k: node[k] for k in keys if k in node}
    ordered["max_points"] = total
    for k in ("stated_points", "stated_points_raw", "scoring", "notes"):
        if k in node:
            ordered[k] = node[k]
    ordered["criteria"] = children
    node.clear()
    node.update(ordered)
    return total


def finish_node(node: dict[str, Any], quirks: list[str]) -> int | None:
    if node.get("kind") == "group":
        return finish_group(node, quirks, is_section=False)
    return finish_leaf(node, quirks)


def walk_leaves(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n in nodes:
        if n.get("kind") == "group":
            out.extend(walk_leaves(n["criteria"]))
        else:
            out.append(n)
    return out


def all_ids(parts: list[dict[str, Any]]) -> list[str]:
    ids: list[str] = []

    def visit(n: dict[str, Any]) -> None:
        ids.append(n["id"])
        for c in n.get("criteria") or ():
            visit(c)
        for o in n.get("options") or ():
            ids.append(o["id"])

    for p in parts:
        for s in p["sections"]:
            visit(s)
    return ids


def texts_by_id(parts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every printed text with the id of the node that carries it (titles, texts, notes, options)."""
    out: list[tuple[str, str]] = []

    def visit(n: dict[str, Any]) -> None:
        for key in ("title", "text"):
            if n.get(key):
                out.append((n["id"], n[key]))
        out.extend((n["id"], x["text"]) for x in n.get("notes") or ())
        for c in n.get("criteria") or ():
            visit(c)
        out.extend((o["id"], o["text"]) for o in n.get("options") or ())

    for p in parts:
        for s in p["sections"]:
            visit(s)
    return out


# --------------------------------------------------------------------------------------------------
# One card


@dataclass
class Result:
    number: int
    path: Path
    criteria: int
    options: int
    sums: dict[str, int]
    sections_ok: bool
    section_mismatches: list[str]
    stars: dict[int, int]
    quirks: int
    yes_no: list[str]
    choose_one: list[str]


def relative_label(path: Path) -> str:
    """A file of the repository by its path in it (docs/law/…); the research folder beside it
    (shared/…) relative to their common parent, as the qd148 files do."""
    for base in (REPO, REPO.parent):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.resolve().as_posix()


def convert_card(
    raw: dict[str, Any],
    page: PageText | None,
    index_title: str | None,
    rules_sections: dict[str, int] | None,
    source: Path,
    source_sha: str,
    txt: Path,
) -> tuple[dict[str, Any], Result]:
    number = int(raw["set_no"])
    name = clean(raw["name"])
    parser = CardParser(number, raw["rows"])
    parser.parse()
    quirks = parser.quirks

    # Maxima bottom-up; sections and parts are checked against what the source states.
    sums: dict[str, int] = {}
    section_max: dict[str, int] = {}
    for part in parser.parts:
        total = 0
        for s in part["sections"]:
            section_max[s["id"]] = finish_group(s, quirks, is_section=True)
            total += section_max[s["id"]]
        sums[part["code"]] = total
        cell, heading = part.pop("_cell"), part.pop("_heading")
        legal = LEGAL_TOTALS[part["code"]]
        if heading is not None and heading != legal:
            quirks.append(
                f"Part {part['code']} heading says ({heading} Điểm) but its points cell is {cell}, "
                f"its sections add up to {total} and the legal maximum is {legal}"
            )
        elif cell is not None and cell != legal:
            quirks.append(f"Part {part['code']} points cell is {cell}, legal maximum {legal}")
    if parser.total_cell is None:
        quirks.append("no TỔNG CỘNG row")
    elif parse_points(parser.total_cell)[0] != 100:
        quirks.append(f"TỔNG CỘNG row reads {parser.total_cell!r}")
    if sorted(sums) != ["A", "B", "C"]:
        quirks.append(f"parts found: {sorted(sums)}")

    # Compare with rules.md §2.6.
    mismatches: list[str] = []
    if rules_sections is None:
        mismatches.append("card not in rules.md §2.6")
    else:
        for sid in sorted(set(rules_sections) | set(section_max), key=int):
            want, got = rules_sections.get(sid), section_max.get(sid)
            if want != got:
                mismatches.append(f"§{sid}: rules.md {want}, data {got}")
    for m in mismatches:
        quirks.append(f"section maximum differs from rules.md §2.6: {m}")

    leaves = [c for p in parser.parts for s in p["sections"] for c in walk_leaves(s["criteria"])]
    options = [o for c in leaves for o in c["options"]]
    stars = {k: sum(1 for o in options if o.get("min_star") == k) for k in (3, 4, 5)}
    for c in leaves:
        if c.get("min_star"):
            stars[c["min_star"]] += 1
    ids = all_ids(parser.parts)
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        quirks.append(f"duplicate ids: {dupes}")

    for card, printed_text, usual in TYPO_SUSPECTS:
        if card != number:
            continue
        hits = [nid for nid, t in texts_by_id(parser.parts) if printed_text in t]
        if hits:
            quirks.append(
                f"possible typo in the source, not corrected ({', '.join(hits)}): "
                f"'{printed_text}' usual reading '{usual}'"
            )
        else:
            quirks.append(f"expected typo suspect '{printed_text}' not found (source changed?)")

    # Page elements from the decision text.
    notes: list[dict[str, Any]] = []
    page = page or PageText()
    if page.disqualification:
        notes.append(note(page.disqualification[0]))
        if not page.disqualification[0].startswith("Hồ sơ bị loại khi"):
            quirks.append(
                f"disqualification header begins '{page.disqualification[0][:20]}…' "
                f"(other cards: 'Hồ sơ bị loại khi:')"
            )
        if len(page.disqualification) > 1:
            same = len(set(page.disqualification)) == 1
            times = len(page.disqualification)
            quirks.append(
                f"the decision text prints the disqualification header {times} times "
                f"({'identical' if same else 'different'}); kept once"
            )
            if not same:
                notes.extend(note(t) for t in page.disqualification[1:])
    else:
        quirks.append("no 'Hồ sơ bị loại khi: …' header in the decision text for this card")
    if page.legend:
        notes.append({"kind": "star_marker_legend", "text": page.legend})
        if "(***" not in page.legend.replace(" ", ""):
            quirks.append("star legend is printed without its opening bracket")
    else:
        quirks.append(
            "no star legend ('Ghi chú: Dấu sao là yêu cầu tối thiểu …') in the decision text for "
            "this card; the markers are read with the legend of cards 1–25"
        )

    title = f"Bộ sản phẩm: {name}"
    if index_title is None:
        quirks.append("card not found in the Appendix II index table")
    elif clean(index_title) != title:
        quirks.append(f"Appendix II index prints '{index_title}', the rows name it '{name}'")
    heading_name = re.sub(rf"^{number}\.\s*(Bộ sản phẩm:\s*)?", "", page.heading)
    if page.heading and heading_name != name:
        quirks.append(f"the card's own heading reads '{page.heading}' (index title: '{title}')")

    code, phan_nhom, ministry = LEAVES[number]
    group_code = code.split(".")[0]
    nhom_code = ".".join(code.split(".")[:2])
    printed = page.printed_classification
    printed_nhom = re.search(r"Nhóm:\s*(.*?)\)?$", printed)
    if printed_nhom and clean(printed_nhom.group(1)) != NHOM[nhom_code]:
        quirks.append(f"the card prints '{printed}'; Appendix I names the Nhóm '{NHOM[nhom_code]}'")

    choose_one = [s["id"] for p in parser.parts for s in p["sections"] if s.get("scoring") == "choose_one"]
    cases: dict[str, set[str]] = {}  # the same case should carry the same name in every section
    for p in parser.parts:
        for s in p["sections"]:
            if s.get("scoring") == "choose_one":
                for c in s["criteria"]:
                    cases.setdefault(c["label"], set()).add(f"§{s['id']} '{c.get('text', '')}'")
    for label, names in sorted(cases.items()):
        if len({n.split(" ", 1)[1] for n in names}) > 1:
            quirks.append(f"case {label} is named differently across sections: {', '.join(sorted(names))}")
    for p in parser.parts:
        for s in p["sections"]:
            kinds = {n["kind"] for n in s.get("notes", [])}
            if s.get("scoring") == "choose_one" and "choose_one" not in kinds:
                quirks.append(f"§{s['id']} has 'Trường hợp' cases but no 'Lựa chọn một trong…' note")

    slug = f"{number:02d}-{slugify(name)}"
    doc: dict[str, Any] = {
        "schema": "ocop-scorecard/1",
        "rulebook": "26-2026",
        "regulation": dict(REGULATION),
        "scorecard": {
            "number": number,
            "slug": slug,
            "title": title,
            "source_title": page.heading or None,
            "printed_classification": printed or None,
        },
        "classification": {
            "code": code,
            "group": {"code": group_code, "name": GROUPS[group_code]},
            "nhom": {"code": nhom_code, "name": NHOM[nhom_code]},
            "phan_nhom": {"code": code, "name": phan_nhom} if phan_nhom else None,
            "responsible_ministry": ministry,
            "note": "codes are this project's convention (Appendix I writes I / 1 / a in an STT column); "
            "labels are Appendix I's, without the 'Nhóm:' / 'Phân nhóm:' prefix; see "
            "shared/domain/rules.md §1.1",
        },
        "source": {
            "kind": "third-party transcription: Appendix II table rows (JSON) parsed from an HTML transcript",
            "path": relative_label(source),
            "sha256": source_sha,
            "page_elements_from": relative_label(txt),
            "derived_from": dict(UPSTREAM),
            "verified_against_official_text": False,
        },
        "totals": {**LEGAL_TOTALS, "total": 100},
        "checks": {
            "parts": [
                {"part": k, "expected": v, "sum_of_sections": sums.get(k), "ok": sums.get(k) == v}
                for k, v in LEGAL_TOTALS.items()
            ],
            "all_parts_ok": all(sums.get(k) == v for k, v in LEGAL_TOTALS.items()),
            "criteria": len(leaves),
            "options": len(options),
            "options_added_by_converter": 2 * len(parser.added_yes_no),
            "star_markers": {f"{k}_star": v for k, v in stars.items()},
            "section_maxima_vs_rules_md": {
                "reference": "shared/domain/rules.md §2.6",
                "sections_compared": len(section_max),
                "ok": not mismatches,
                "mismatches": mismatches,
            },
            "ids_unique": not dupes,
        },
        "notes": notes,
        "star_marker_legend": page.legend,
        "transcription_quirks": quirks,
        "parts": parser.parts,
    }
    result = Result(
        number=number,
        path=Path(f"{slug}.yaml"),
        criteria=len(leaves),
        options=len(options),
        sums=sums,
        sections_ok=not mismatches,
        section_mismatches=mismatches,
        stars=stars,
        quirks=len(quirks),
        yes_no=parser.added_yes_no,
        choose_one=choose_one,
    )
    return doc, result


# --------------------------------------------------------------------------------------------------
# Output


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(doc: dict[str, Any]) -> str:
    number, title = doc["scorecard"]["number"], doc["scorecard"]["title"]
    short = title.removeprefix("Bộ sản phẩm: ")
    header = (
        f"# QĐ 26/2026/QĐ-TTg (22/05/2026), Phụ lục II — scorecard {number}: {short}\n"
        "# Generated by tools/convert_qd26.py from a third-party transcription; do not edit by hand.\n"
        "# Read transcription_quirks before relying on any value; nothing here is checked against the\n"
        "# official gazette text.\n"
    )
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000)
    return header + body


def verify(path: Path) -> list[str]:
    """Re-read a written file: it parses, ids are unique, every option has integer points or null."""
    problems: list[str] = []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ids: list[str] = []

    def visit(n: dict[str, Any]) -> None:
        ids.append(str(n["id"]))
        for c in n.get("criteria") or ():
            visit(c)
        for o in n.get("options") or ():
            ids.append(str(o["id"]))
            p = o.get("points", "missing")
            if not (p is None or (isinstance(p, int) and not isinstance(p, bool))):
                problems.append(f"{path.name}: option {o['id']} points {p!r}")
        if "options" not in n and "criteria" not in n:
            problems.append(f"{path.name}: node {n['id']} has neither options nor criteria")

    for part in data["parts"]:
        for s in part["sections"]:
            visit(s)
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"{path.name}: duplicate ids {dupes}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="Appendix II rows (JSON)")
    ap.add_argument("out_dir", nargs="?", type=Path, default=DEFAULT_OUT, help="folder for the YAML files")
    ap.add_argument("--txt", type=Path, help="plain text of the decision (default: next to SOURCE)")
    ap.add_argument("--rules", type=Path, help="rules.md for the §2.6 check (default: SOURCE/../../rules.md)")
    args = ap.parse_args(argv)
    source: Path = args.source
    txt: Path = args.txt or source.parent / "QD-26-2026-QD-TTg.txt"
    rules: Path = args.rules or source.parent.parent / "rules.md"

    blob = source.read_bytes()
    data = json.loads(blob)
    pages, index, problems = read_decision_text(txt)
    rules_sections = read_rules_sections(rules)
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)

    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    written: set[str] = set()
    for raw in data["scorecards"]:
        n = int(raw["set_no"])
        sha = hashlib.sha256(blob).hexdigest()
        doc, res = convert_card(raw, pages.get(n), index.get(n), rules_sections.get(n), source, sha, txt)
        target = out / res.path
        target.write_text(dump(doc), encoding="utf-8")
        written.add(target.name)
        res.path = target
        results.append(res)
    for stale in sorted(out.glob("*.yaml")):  # a renamed slug must not leave a second card behind
        if re.match(r"^\d\d-", stale.name) and stale.name not in written:
            print(f"removing stale {stale.name}")
            stale.unlink()

    print(
        f"{'#':>2}  {'crit':>4} {'opts':>4}  {'A':>3} {'B':>3} {'C':>3}  {'parts':5}  {'§2.6':4}  "
        f"{'3★':>2} {'4★':>2} {'5★':>2}  {'quirks':>6}  yes/no, choose-one"
    )
    failures: list[str] = []
    for r in results:
        ok = all(r.sums.get(k) == v for k, v in LEGAL_TOTALS.items())
        chosen = ("choose_one §" + " §".join(r.choose_one)) if r.choose_one else ""
        extra = ", ".join(filter(None, [" ".join(r.yes_no), chosen]))
        a, b, c = (r.sums.get(k, 0) for k in "ABC")
        print(
            f"{r.number:>2}  {r.criteria:>4} {r.options:>4}  {a:>3} {b:>3} {c:>3}  "
            f"{'ok' if ok else 'FAIL':5}  {'ok' if r.sections_ok else 'DIFF':4}  "
            f"{r.stars[3]:>2} {r.stars[4]:>2} {r.stars[5]:>2}  "
            f"{r.quirks:>6}  {extra}"
        )
        if not ok:
            failures.append(f"card {r.number}: parts {r.sums} vs {LEGAL_TOTALS}")
        for m in r.section_mismatches:
            failures.append(f"card {r.number}: {m}")
        failures.extend(verify(r.path))
    print(f"{len(results)} files written to {out}")
    for f in failures:
        print(f"CHECK: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
