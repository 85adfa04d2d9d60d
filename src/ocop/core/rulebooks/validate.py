"""Check rulebook data against the law's own arithmetic and report what is missing.

Findings never change the data. Severity:
- `error`: the data contradicts itself (duplicate ids, an option worth more than its criterion allows…);
- `missing`: something the law has is absent from the data (a scorecard, a point value, star minimums);
- `note`: worth knowing, not a defect of the data (a derived value, a transcription quirk, what the
  data was checked against).
A scorecard is *complete* when it has no `error` and no `missing` finding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from .model import Criterion, Group, Rulebook, Scorecard

SEVERITIES = ("error", "missing", "note")


@dataclass(frozen=True)
class Finding:
    severity: str
    where: str
    message: str  # Vietnamese first, English after " / "

    def __str__(self) -> str:
        return f"[{self.severity}] {self.where}: {self.message}"


def check_scorecard(card: Scorecard, rulebook: Rulebook) -> list[Finding]:
    findings: list[Finding] = []
    where = f"{rulebook.id} phiếu {card.number}"

    def add(severity: str, message: str, at: str = "") -> None:
        findings.append(Finding(severity, f"{where} {at}".strip(), message))

    # Part maxima: the law's 40/25/35 (35/25/40 under 1048).
    codes = [p.code for p in card.parts]
    for code, legal in rulebook.part_maxima.items():
        part = next((p for p in card.parts if p.code == code), None)
        if part is None:
            add("missing", f"thiếu Phần {code} / Part {code} is missing")
            continue
        if part.legal_max != legal:
            add(
                "error",
                f"Phần {code} ghi {part.legal_max} điểm, luật quy định {legal} / states {part.legal_max}",
            )
        if part.max_points != legal:
            add(
                "missing",
                f"các tiêu chí Phần {code} chỉ cộng được {part.max_points}/{legal} điểm "
                f"/ Part {code} criteria add up to {part.max_points} of {legal} points",
            )
    for code in codes:
        if code not in rulebook.part_maxima:
            add("error", f"Phần {code} không có trong bộ quy tắc / unknown part {code}")

    # Ids unique across criteria, groups and options.
    ids: Counter[str] = Counter()

    def collect(node: Criterion | Group) -> None:
        ids[node.id] += 1
        if isinstance(node, Group):
            for child in node.children:
                collect(child)
        else:
            for option in node.options:
                ids[option.id] += 1

    for part in card.parts:
        for section in part.sections:
            collect(section)
    for dup, count in ids.items():
        if count > 1:
            add("error", f"mã '{dup}' xuất hiện {count} lần / id '{dup}' appears {count} times")

    # Options sane: points readable and non-negative, star floors reachable and non-decreasing.
    for criterion in card.criteria():
        at = f"tiêu chí {criterion.id}"
        if len(criterion.options) < 2:
            add("error", "tiêu chí chỉ có một lựa chọn / criterion has a single option", at)
        for option in criterion.options:
            if option.points is None:
                add("missing", f"lựa chọn {option.id} không đọc được điểm / option points unreadable", at)
            elif option.derived is not None:
                add(
                    "note",
                    f"lựa chọn {option.id} = {option.points} điểm, suy ra (bản in «{option.printed}»): "
                    f"{option.derived.vi} / derived: {option.derived.en}",
                    at,
                )
            if option.points is not None and option.points < 0:
                add("error", f"lựa chọn {option.id} có điểm âm / option has negative points", at)
        floors = sorted(criterion.star_minimums.items())
        for star, floor in floors:
            if star not in (3, 4, 5):
                add("error", f"mức sao {star} không hợp lệ / invalid star marker {star}", at)
            if floor > criterion.max_points:
                add(
                    "error",
                    f"mức tối thiểu {star}★ ({floor}) vượt điểm tối đa / {star}★ floor above maximum",
                    at,
                )
        for (s1, f1), (s2, f2) in pairwise(floors):
            if f2 < f1:
                add(
                    "note",
                    f"mức tối thiểu {s2}★ ({f2}) thấp hơn {s1}★ ({f1}) / {s2}★ floor below {s1}★ floor",
                    at,
                )

    if not card.has_star_minimums():
        add("missing", "không có dữ liệu mức tối thiểu theo hạng sao / no per-star minimums in the data")
    if card.checked_against is None:
        add("note", "chưa đối chiếu với văn bản / not checked against the text")
    else:
        add("note", f"đã đối chiếu với {card.checked_against.vi} / checked against {card.checked_against.en}")
    for gate in card.gates:
        if gate.options:
            add(
                "note",
                f"điều kiện {gate.id} do câu trả lời quyết định ({', '.join(gate.options)}): "
                f"{gate.reading.vi if gate.reading else ''} / decided by the answers",
            )
    for exemption in card.exemptions():
        add(
            "note",
            f"tiêu chí {exemption.criterion} được miễn khi ghi nhận «{exemption.condition}» "
            f"({exemption.id}) / excused once recorded: {exemption.condition_en}",
        )
    for quirk in card.quirks:
        add("note", quirk)
    return findings


def check_rulebook(rulebook: Rulebook) -> dict[int | str, list[Finding]]:
    """Findings per scorecard number, plus the key "rulebook" for the rulebook as a whole."""
    report: dict[int | str, list[Finding]] = {"rulebook": []}
    general = report["rulebook"]
    for number in range(1, rulebook.expected_scorecards + 1):
        if number not in rulebook.scorecards:
            general.append(
                Finding(
                    "missing",
                    rulebook.id,
                    f"thiếu phiếu đánh giá số {number} / scorecard {number} is missing from the data",
                )
            )
    for unknown in rulebook.unknowns:
        general.append(Finding("note", rulebook.id, unknown))
    bands = sorted(rulebook.star_bands, key=lambda b: b.lower)
    for low, high in pairwise(bands):
        if low.upper != high.lower:
            general.append(
                Finding("error", rulebook.id, f"khoảng sao {low.star}★/{high.star}★ không liền nhau")
            )
    for number, card in sorted(rulebook.scorecards.items()):
        report[number] = check_scorecard(card, rulebook)
    return report


def is_complete(findings: list[Finding]) -> bool:
    return not any(f.severity in ("error", "missing") for f in findings)
