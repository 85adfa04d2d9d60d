"""The rulebook as typed, immutable data: scorecards (bộ tiêu chí) and the process rules around them.

Nothing here knows about files or the web; `loader` builds these objects from the YAML data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

STARS_RECOGNISED = (3, 4, 5)
# Evaluation kinds (loại đánh giá, Form 01 item 4): first rating, upgrade, re-rating at expiry.
EVALUATION_KINDS = {
    "first": "Đánh giá lần đầu",
    "upgrade": "Nâng hạng",
    "rerating": "Đánh giá, phân hạng lại",
}  # 1★ and 2★ get no decision and no certificate (26/2026 Art. 4.1a)


@dataclass(frozen=True)
class Note:
    """A note printed with a criterion, section or card: requirement, stop rule, explanation…"""

    kind: str
    text: str


@dataclass(frozen=True)
class Reading:
    """Why the data says what the printed card does not say outright (data/readings/*.yaml)."""

    vi: str
    en: str


@dataclass(frozen=True)
class Gate:
    """A rule that stops the evaluation or voids the dossier.

    `kind` is `stop_rule` (the remaining criteria are not evaluated) or `disqualification`
    (the dossier is excluded, *hồ sơ bị loại*). `at` is the id of the node that carries it.
    Where the note itself names the answers that bring it about (card 16: "Nếu được 0 điểm tại một
    trong các chỉ tiêu trên…"), `options` lists them and the answers decide; otherwise no answer can
    show it (forgery, a food-safety risk…) and a member records it as a finding (`manual`).
    """

    id: str
    kind: str
    text: str
    at: str
    options: tuple[str, ...] = ()
    reading: Reading | None = None

    @property
    def manual(self) -> bool:
        return not self.options

    @property
    def stops(self) -> bool:
        return self.kind == "stop_rule"


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    points: int | None  # None: the source cell is unreadable and nothing fixes it; it cannot be chosen
    min_star: int | None = None
    # A blank or misprinted cell resolved from what the law prints elsewhere: the printed cell and why.
    printed: str | None = None
    derived: Reading | None = None


@dataclass(frozen=True)
class Exemption:
    """A condition the card itself sets for a criterion ("Áp dụng bắt buộc đối với…; khuyến khích các
    sản phẩm còn lại"): recorded for a product, it excuses the criterion and its star minimum."""

    id: str
    criterion: str
    condition: str
    condition_en: str
    quote: str
    reading: Reading


@dataclass(frozen=True)
class Criterion:
    """A leaf of the scorecard: the member ticks exactly one option (or marks it not applicable)."""

    id: str
    text: str
    options: tuple[Option, ...]
    label: str = ""
    notes: tuple[Note, ...] = ()
    # star → points the criterion must reach for that star (the *** / **** / ***** markers)
    star_minimums: dict[int, int] = field(default_factory=dict)
    yes_no: bool = False
    exemption: Exemption | None = None

    @property
    def max_points(self) -> int:
        return max((o.points for o in self.options if o.points is not None), default=0)

    @property
    def not_scored_when_absent(self) -> bool:
        """The card says the criterion is not scored in some cases ("Chỉ áp dụng khi có câu chuyện sản
        phẩm", "Không đánh giá những sản phẩm có tính phổ biến…"): a member may mark it *không áp
        dụng*; it then scores 0 and its star minimum still applies ("Dấu sao là yêu cầu tối thiểu phải
        đạt theo các cấp độ sao")."""
        return any(n.kind in ("applies_only_if_story", "not_scored_if") for n in self.notes)

    @property
    def may_be_not_applicable(self) -> bool:
        """*Không áp dụng* can be an answer here, at least for some products."""
        return self.not_scored_when_absent or self.exemption is not None

    def allows_not_applicable(self, exemptions: frozenset[str] = frozenset()) -> bool:
        """Whether *không áp dụng* is an answer here, given the exemptions recorded for the product."""
        return self.not_scored_when_absent or self.excused(exemptions)

    def excused(self, exemptions: frozenset[str]) -> bool:
        """The card's own condition holds for this product: the criterion and its minimum are excused."""
        return self.exemption is not None and self.exemption.id in exemptions

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def minimum_for(self, star: int) -> int | None:
        """The floor for `star`, cumulative: a 5★ product also meets every 4★ and 3★ floor (rules.md §2.4)."""
        source = self.floor_source(star)
        return source[1] if source else None

    def floor_source(self, star: int) -> tuple[int, int] | None:
        """(the star whose marker sets the floor for `star`, the floor): for a 5★ product a criterion
        marked only *** is held to its 3★ floor, and the explanation must call it that."""
        floors = [(points, s) for s, points in self.star_minimums.items() if s <= star]
        if not floors:
            return None
        points, marker = max(floors)
        return marker, points

    def walk(self) -> Iterator[Criterion]:
        yield self


@dataclass(frozen=True)
class Group:
    """A section (mục) or a heading with sub-criteria. Children are summed, or exactly one is scored."""

    id: str
    title: str
    children: tuple[Criterion | Group, ...]
    choose_one: bool = False
    notes: tuple[Note, ...] = ()
    stated_points: int | None = None  # what the source prints, when it disagrees with the children

    @property
    def max_points(self) -> int:
        maxima = [c.max_points for c in self.children]
        if not maxima:
            return 0
        return max(maxima) if self.choose_one else sum(maxima)

    def walk(self) -> Iterator[Criterion]:
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Part:
    code: str  # A, B, C
    title: str
    legal_max: int
    sections: tuple[Group, ...]

    @property
    def max_points(self) -> int:
        return sum(s.max_points for s in self.sections)

    def walk(self) -> Iterator[Criterion]:
        for section in self.sections:
            yield from section.walk()


@dataclass(frozen=True)
class Classification:
    """Where the product sits: group (nhóm sản phẩm / ngành) → Nhóm → Phân nhóm."""

    code: str
    group: str
    nhom: str
    phan_nhom: str | None


@dataclass(frozen=True)
class Scorecard:
    rulebook_set: str  # the scorecard set the card belongs to: qd1048, qd148, qd26
    number: int
    slug: str
    title: str
    classification: Classification
    parts: tuple[Part, ...]
    notes: tuple[Note, ...] = ()
    gates: tuple[Gate, ...] = ()
    quirks: tuple[str, ...] = ()
    source: str = ""
    verified: bool = False  # against the official gazette text: no card is, yet
    # What the data was checked against, by tests/core/test_scorecards_match_law.py (readings file)
    checked_against: Reading | None = None

    @property
    def key(self) -> str:
        return f"{self.rulebook_set}/{self.number}"

    @property
    def max_points(self) -> int:
        return sum(p.max_points for p in self.parts)

    def criteria(self) -> Iterator[Criterion]:
        for part in self.parts:
            yield from part.walk()

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria() if c.id == criterion_id), None)

    def node_criteria(self, node_id: str) -> list[str]:
        """The ids of the criteria under a node (a criterion, a group or a section), in card order."""

        def find(node: Criterion | Group) -> Criterion | Group | None:
            if node.id == node_id:
                return node
            if isinstance(node, Group):
                for child in node.children:
                    found = find(child)
                    if found is not None:
                        return found
            return None

        for part in self.parts:
            for section in part.sections:
                found = find(section)
                if found is not None:
                    return [c.id for c in found.walk()]
        return []

    def part_of(self, criterion_id: str) -> str:
        for part in self.parts:
            if any(c.id == criterion_id for c in part.walk()):
                return part.code
        raise KeyError(criterion_id)

    def choice_nodes(self) -> Iterator[Group]:
        """Every section or group where exactly one branch is scored."""

        def visit(node: Criterion | Group) -> Iterator[Group]:
            if isinstance(node, Group):
                if node.choose_one:
                    yield node
                for child in node.children:
                    yield from visit(child)

        for part in self.parts:
            for section in part.sections:
                yield from visit(section)

    def has_star_minimums(self) -> bool:
        return any(c.star_minimums for c in self.criteria())

    def derived_options(self) -> list[tuple[Criterion, Option]]:
        return [(c, o) for c in self.criteria() for o in c.options if o.derived is not None]

    def exemptions(self) -> list[Exemption]:
        return [c.exemption for c in self.criteria() if c.exemption is not None]

    def gate(self, gate_id: str) -> Gate | None:
        return next((g for g in self.gates if g.id == gate_id), None)


@dataclass(frozen=True)
class StarBand:
    """Half-open interval [lower, upper) of the average total; upper None means up to 100 inclusive."""

    star: int
    lower: int
    upper: int | None


@dataclass(frozen=True)
class Level:
    """One level of the process (commune, district, province, central) and what it may do."""

    code: str
    name: str
    does: str
    recognises: tuple[int, ...] = ()
    forwards_from: int | None = None  # total at or above which the product goes to the next level
    forwards_to: str | None = None
    time_limit_working_days: int | None = None
    source: str = ""


@dataclass(frozen=True)
class Round:
    """An evaluation round (đợt đánh giá): held before `held_before` for dossiers proposed before `cutoff`.

    Dates are month-day pairs; the year comes from the plan.
    """

    level: str
    number: int
    held_before: tuple[int, int]
    cutoff: tuple[int, int]


@dataclass(frozen=True)
class ChecklistItem:
    """A document the dossier must (or may) contain for an evaluation kind (26/2026 Art. 6.1)."""

    code: str
    label: str
    required: bool


@dataclass(frozen=True)
class Rulebook:
    id: str
    decision: str
    title: str
    signed: date
    effective_from: date
    effective_until: date | None
    scorecard_set: str
    part_maxima: dict[str, int]
    star_bands: tuple[StarBand, ...]
    levels: tuple[Level, ...]
    rounds: tuple[Round, ...]
    certificate_validity_months: int | None
    rerating_window_days: tuple[int, int] | None  # (opens, closes) days before expiry
    rerating_time_limit_days: int | None
    revocation_time_limit_days: int | None
    revocation_grounds: dict[str, str]
    dossier_to_members_working_days: int | None
    scorecards: dict[int, Scorecard]
    expected_scorecards: int
    # days within which cases filed under the previous rulebook must finish, by evaluation kind (Art. 12)
    transition_days: dict[str, int] = field(default_factory=dict)
    transition_applies_to: tuple[str, ...] = ()  # ids of the older rulebooks those days apply to
    certificate_grace_days_max: int | None = None
    checklists: dict[str, tuple[ChecklistItem, ...]] = field(default_factory=dict)  # by evaluation kind
    samples: int | None = None
    unknowns: tuple[str, ...] = ()  # what the sources leave open: reported, never filled in
    sources: tuple[str, ...] = ()

    def scorecard(self, number: int) -> Scorecard:
        try:
            return self.scorecards[number]
        except KeyError:
            raise KeyError(
                f"Bộ quy tắc {self.id} không có phiếu số {number} trong dữ liệu "
                f"(rulebook {self.id} has no scorecard {number} in its data)"
            ) from None

    def level(self, code: str) -> Level | None:
        return next((lv for lv in self.levels if lv.code == code), None)

    def transitional_extension_end(self, valid_until: date) -> date | None:
        """Art. 12.3 (rules.md §0 item 4): a certificate due for re-rating that cannot meet this
        rulebook's filing window stays valid while its re-rating is pending, until the decision but at
        most `certificate_grace_days_max` days past its expiry. "Cannot meet": it expires on or after
        `effective_from`, and the window had closed before that date. Whether the clause also covers
        later cases is open (`unknowns`), so it is not applied to them. None when it does not apply."""
        if self.certificate_grace_days_max is None or self.rerating_window_days is None:
            return None
        window_closed = valid_until - timedelta(days=self.rerating_window_days[1])
        if valid_until < self.effective_from or window_closed >= self.effective_from:
            return None
        return valid_until + timedelta(days=self.certificate_grace_days_max)

    def rerating_due(self, received_complete_on: date) -> date | None:
        """The day a re-rating must be finished by: 26/2026 Art. 7.6g "không quá 45 ngày kể từ ngày nhận
        đủ hồ sơ đề nghị của UBND cấp xã hoặc UBND cấp tỉnh". Days are not qualified as working days:
        calendar days (rules.md §3.1, reading [C]). None when the rulebook sets no limit."""
        if self.rerating_time_limit_days is None:
            return None
        return received_complete_on + timedelta(days=self.rerating_time_limit_days)

    def recognising_level(self, star: int) -> Level | None:
        """The level whose `recognises` holds `star`: who decided on a certificate of this rulebook
        (148-2023: district 3★, province 4★, central 5★). None when the data names no such level;
        callers say so instead of assuming the province."""
        return next((lv for lv in self.levels if star in lv.recognises), None)

    def band_star(self, total: Fraction) -> int:
        """The star whose band holds the total (half-open intervals, compared unrounded)."""
        for band in self.star_bands:
            if total >= band.lower and (band.upper is None or total < band.upper):
                return band.star
        return min(b.star for b in self.star_bands)
