"""A council's forms → the product's result: average total, star, and why.

Defaults follow rules.md §2.3–2.5 (configurable per province where the rules leave a choice):
- the total is the arithmetic mean of the members' totals, kept exact (a Fraction) and compared
  unrounded with the half-open star bands; it is shown with two decimals;
- a criterion's score is the mean of the members' points; per-star minimums are checked on these
  means, cumulatively (a 4★ product also meets every 3★ minimum);
- a star whose minimums fail drops to the next, down to 3★; below that the product is 2★ or 1★ by total;
- optionally (a provincial practice) members' totals may not spread more than N points: the council
  must discuss and re-score before a star is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..rulebooks.model import Exemption, Gate, Rulebook, Scorecard
from .member import AnswerError, MemberForm, MemberScore, Problem, score_form

RATED, STOPPED, RESCORE = "rated", "stopped", "rescore"


def two_decimals(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def fmt(value: Fraction | int, lang: str) -> str:
    """78.5 → '78,50' in Vietnamese, '78.50' in English; whole floors stay whole ('2')."""
    if isinstance(value, int) or (isinstance(value, Fraction) and value.denominator == 1):
        return str(int(value))
    text = str(two_decimals(value))
    return text.replace(".", ",") if lang == "vi" else text


@dataclass(frozen=True)
class CouncilSettings:
    """The council regulation's scoring choices (quy chế hoạt động của Hội đồng)."""

    max_spread: int | None = None  # e.g. 10: members' totals may differ by at most this many points


@dataclass(frozen=True)
class MinimumFailure:
    """A criterion below the floor of the star being tried (`star`). The floor comes from the
    criterion's own marker for `marker` ≤ `star`: a 5★ product is held to a *** criterion's 3★ floor."""

    star: int
    criterion: str
    text: str
    reached: Fraction
    required: int
    marker: int


@dataclass(frozen=True)
class Result:
    rulebook: Rulebook
    card: Scorecard
    level: str
    members: tuple[MemberScore, ...]
    status: str
    criteria: dict[str, Fraction]
    parts: dict[str, Fraction]
    total: Fraction
    band_star: int
    star: int | None  # None when stopped or waiting for a re-score
    failures: tuple[MinimumFailure, ...] = ()
    gates: tuple[Gate, ...] = ()
    exemptions: tuple[Exemption, ...] = ()  # the card's conditions recorded for this product
    spread: int = 0
    recognised_at: str | None = None  # level that recognises this star, when it is this level
    forwarded_to: str | None = None
    warnings: tuple[str, ...] = ()
    explanation: dict[str, list[str]] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, str]:
        return {lang: lines[0] for lang, lines in self.explanation.items()}


def _stars(n: int | None) -> str:
    return f"{n}★" if n else "—"


def evaluate(
    rulebook: Rulebook,
    card: Scorecard,
    forms: Sequence[MemberForm],
    *,
    level: str | None = None,
    settings: CouncilSettings | None = None,
    exemptions: Iterable[str] = (),
) -> Result:
    """Score every member's form and decide the product's result at `level` (default: first that rates).

    `exemptions`: ids of the card's own conditions recorded for the product (`Scorecard.exemptions`),
    the only thing that excuses a criterion and its star minimum."""
    settings = settings or CouncilSettings()
    recorded = frozenset(exemptions)
    if not forms:
        raise AnswerError([Problem(None, "hội đồng chưa có phiếu nào", "the council has no forms")])
    level_code = level or next(lv.code for lv in rulebook.levels if lv.recognises or lv.forwards_from)
    if rulebook.level(level_code) is None:
        known = ", ".join(lv.code for lv in rulebook.levels)
        raise AnswerError(
            [Problem(None, f"cấp '{level_code}' không có ({known})", f"no level '{level_code}'")]
        )

    members: list[MemberScore] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for form in forms:
        if form.member in seen:
            problems.append(
                Problem(None, "thành viên nộp hai phiếu", "member submitted two forms", form.member)
            )
            continue
        seen.add(form.member)
        try:
            members.append(score_form(card, form, recorded))
        except AnswerError as e:
            problems.extend(e.problems)
    if not problems:
        first = members[0].branches
        for m in members[1:]:
            for node, branch in m.branches.items():
                if first.get(node, branch) != branch:
                    problems.append(
                        Problem(
                            node,
                            f"mục {node}: thành viên chấm trường hợp {branch}, thành viên {members[0].member} "
                            f"chấm {first[node]}; cả hội đồng phải chấm cùng một trường hợp",
                            f"{node}: this member scored case {branch}, {members[0].member} scored {first[node]}; "
                            "the council must score the same case",
                            m.member,
                        )
                    )
    if problems:
        raise AnswerError(problems)

    n = len(members)
    criterion_ids = sorted({cid for m in members for cid in m.points}, key=_natural)
    criteria = {cid: Fraction(sum(m.points.get(cid, 0) for m in members), n) for cid in criterion_ids}
    parts = {p.code: Fraction(sum(m.parts[p.code] for m in members), n) for p in card.parts}
    total = Fraction(sum(m.total for m in members), n)
    spread = max(m.total for m in members) - min(m.total for m in members)
    band = rulebook.band_star(total)
    warnings = _data_warnings(rulebook, card)
    gates = tuple({g.id: g for m in members for g in m.gates}.values())
    excused = frozenset(c.id for c in card.criteria() if c.excused(recorded))

    unrated = Result(
        rulebook=rulebook,
        card=card,
        level=level_code,
        members=tuple(members),
        status=STOPPED,
        criteria=criteria,
        parts=parts,
        total=total,
        band_star=band,
        star=None,
        spread=spread,
        warnings=warnings,
        exemptions=tuple(e for e in card.exemptions() if e.id in recorded),
    )
    if gates:
        return replace(unrated, gates=gates, explanation=_explain_stop(card, gates, members))
    if settings.max_spread is not None and spread > settings.max_spread:
        return replace(
            unrated, status=RESCORE, explanation=_explain_spread(spread, settings.max_spread, members)
        )

    # "Dấu sao là yêu cầu tối thiểu phải đạt": marking a criterion not applicable scores it 0 and never
    # lowers its floor; only a condition the card itself sets, recorded for the product, excuses it.
    star, failures = _star_after_minimums(card, criteria, band, total, rulebook, excused)
    this_level = rulebook.level(level_code)
    assert this_level is not None
    recognised_at = level_code if star in this_level.recognises else None
    forwarded_to = None
    if (
        recognised_at is None
        and this_level.forwards_from is not None
        and total >= this_level.forwards_from
        and star >= 3
        and star > max(this_level.recognises, default=0)
    ):
        forwarded_to = this_level.forwards_to
    return replace(
        unrated,
        status=RATED,
        star=star,
        failures=tuple(failures),
        recognised_at=recognised_at,
        forwarded_to=forwarded_to,
        explanation=_explain(rulebook, card, total, band, star, failures, recognised_at, forwarded_to, n),
    )


def _natural(criterion_id: str) -> tuple[int, ...]:
    return tuple(int(x) if x.isdigit() else 0 for x in criterion_id.split("."))


def _star_after_minimums(
    card: Scorecard,
    criteria: dict[str, Fraction],
    band: int,
    total: Fraction,
    rulebook: Rulebook,
    excused: frozenset[str] = frozenset(),
) -> tuple[int, list[MinimumFailure]]:
    failures: list[MinimumFailure] = []
    star = band
    while star >= 3:
        failing = []
        for criterion in card.criteria():
            source = criterion.floor_source(star)
            if source is None or criterion.id not in criteria or criterion.id in excused:
                continue  # outside the branch scored, or excused by the card's own condition
            marker, floor = source
            if criteria[criterion.id] < floor:
                failing.append(
                    MinimumFailure(star, criterion.id, criterion.text, criteria[criterion.id], floor, marker)
                )
        if not failing:
            return star, failures
        failures.extend(failing)
        star -= 1
    # Below the 3★ floors: 2★ or 1★ by the total alone (rules.md §2.4).
    return min(2, rulebook.band_star(total)), failures


def _data_warnings(rulebook: Rulebook, card: Scorecard) -> tuple[str, ...]:
    warnings = []
    for part in card.parts:
        legal = rulebook.part_maxima.get(part.code)
        if legal is not None and part.max_points != legal:
            warnings.append(
                f"Dữ liệu phiếu {card.number}: Phần {part.code} chỉ cộng được {part.max_points}/{legal} điểm "
                f"/ scorecard data: Part {part.code} adds up to {part.max_points} of {legal}"
            )
    if not card.has_star_minimums():
        warnings.append(
            f"Bộ quy tắc {rulebook.id} phiếu {card.number} không có dữ liệu mức tối thiểu theo hạng sao: "
            f"hạng sao chỉ xét theo tổng điểm / no per-star minimums in the data: the star follows the total only"
        )
    if card.checked_against is not None:
        warnings.append(
            f"Dữ liệu phiếu đã đối chiếu với {card.checked_against.vi} / "
            f"scorecard data checked against {card.checked_against.en}"
        )
    else:
        warnings.append(
            "Dữ liệu phiếu chưa đối chiếu với văn bản / scorecard data not checked against the text"
        )
    for _criterion, option in card.derived_options():
        assert option.derived is not None
        warnings.append(
            f"Giá trị suy ra: lựa chọn {option.id} ({option.text}) = {option.points} điểm, bản in ghi "
            f"«{option.printed}»: {option.derived.vi} / derived value: option {option.id} = "
            f"{option.points} points, printed «{option.printed}»: {option.derived.en}"
        )
    return tuple(warnings)


def _band_text(rulebook: Rulebook, star: int, lang: str) -> str:
    band = next(b for b in rulebook.star_bands if b.star == star)
    if band.upper is None:
        return f"{band.lower}–100" if lang == "en" else f"từ {band.lower} đến 100"
    return f"{band.lower} to below {band.upper}" if lang == "en" else f"từ {band.lower} đến dưới {band.upper}"


def _explain(
    rulebook: Rulebook,
    card: Scorecard,
    total: Fraction,
    band: int,
    star: int,
    failures: list[MinimumFailure],
    recognised_at: str | None,
    forwarded_to: str | None,
    members: int,
) -> dict[str, list[str]]:
    vi: list[str] = []
    en: list[str] = []
    if star == band:
        vi.append(f"{_stars(star)}: tổng điểm trung bình {fmt(total, 'vi')} thuộc khoảng {_stars(band)}.")
        en.append(f"{_stars(star)}: average total {fmt(total, 'en')} lies in the {_stars(band)} band.")
    else:
        first = [f for f in failures if f.star == band]
        crit_vi = ", ".join(f"tiêu chí {f.criterion} dưới mức tối thiểu {_stars(f.marker)}" for f in first)
        crit_en = ", ".join(f"criterion {f.criterion} is below its {_stars(f.marker)} minimum" for f in first)
        vi.append(f"{_stars(band)} theo tổng điểm {fmt(total, 'vi')}, nhưng {crit_vi}: {_stars(star)}.")
        en.append(f"{_stars(band)} by total {fmt(total, 'en')}, but {crit_en}: {_stars(star)}.")
    vi.append(
        f"Trung bình của {members} phiếu thành viên, phiếu số {card.number} ({card.title}), "
        f"bộ quy tắc {rulebook.id} ({rulebook.decision})."
    )
    en.append(
        f"Mean of {members} member forms, scorecard {card.number}, rulebook {rulebook.id} ({rulebook.decision})."
    )
    vi.append(f"Khoảng {_stars(band)}: {_band_text(rulebook, band, 'vi')} điểm.")
    en.append(f"{_stars(band)} band: {_band_text(rulebook, band, 'en')} points.")
    # Each floor missed once, named by the star whose marker sets it.
    for f in {(f.criterion, f.marker): f for f in failures}.values():
        vi.append(
            f"Tiêu chí {f.criterion} ({f.text}) đạt {fmt(f.reached, 'vi')}, "
            f"dưới mức tối thiểu {f.required} của hạng {_stars(f.marker)}."
        )
        en.append(
            f"Criterion {f.criterion} reaches {fmt(f.reached, 'en')}, below its {_stars(f.marker)} minimum {f.required}."
        )
    if star < 3:
        vi.append(f"{_stars(star)}: không có quyết định công nhận và giấy chứng nhận.")
        en.append(f"{_stars(star)}: no recognition decision and no certificate.")
    elif recognised_at:
        vi.append(f"Cấp {_level_vi(recognised_at)} công nhận {_stars(star)}.")
        en.append(f"Recognised {_stars(star)} at {recognised_at} level.")
    elif forwarded_to:
        vi.append(f"Đạt ngưỡng chuyển lên cấp {_level_vi(forwarded_to)} để đánh giá, công nhận.")
        en.append(f"Meets the threshold to go on to {forwarded_to} level for evaluation.")
    else:
        holder = rulebook.recognising_level(star)
        where = holder.code if holder else "?"
        vi.append(f"{_stars(star)} do cấp {_level_vi(where)} công nhận.")
        en.append(f"{_stars(star)} is recognised at {where} level.")
    return {"vi": vi, "en": en}


LEVELS_VI = {"commune": "xã", "district": "huyện", "province": "tỉnh", "central": "trung ương"}


def _level_vi(code: str) -> str:
    return LEVELS_VI.get(code, code)


def _explain_stop(
    card: Scorecard, gates: tuple[Gate, ...], members: list[MemberScore]
) -> dict[str, list[str]]:
    vi, en = [], []
    for gate in gates:
        found = [m for m in members if gate in m.gates]
        if gate.manual:
            by_vi = "ghi nhận bởi " + ", ".join(m.member for m in found)
            by_en = "recorded by " + ", ".join(m.member for m in found)
        else:  # the answers brought it about: say which
            answers = []
            for m in found:
                criterion_id, option_id = m.gate_answers[gate.id]
                criterion = card.criterion(criterion_id)
                option = criterion.option(option_id) if criterion else None
                answers.append((m.member, criterion_id, option.text if option else option_id))
            by_vi = "; ".join(f"{who} chọn «{text}» ở tiêu chí {cid}" for who, cid, text in answers)
            by_en = "; ".join(f"{who} chose «{text}» for criterion {cid}" for who, cid, text in answers)
        if gate.kind == "disqualification":
            vi.append(f"Hồ sơ bị loại ({gate.at}): {gate.text} — {by_vi}.")
            en.append(f"Dossier disqualified ({gate.at}): {gate.text} — {by_en}.")
        else:
            vi.append(f"Dừng đánh giá tại {gate.at}: {gate.text} — {by_vi}.")
            en.append(f"Evaluation stopped at {gate.at}: {gate.text} — {by_en}.")
    vi.append("Sản phẩm không được xếp hạng.")
    en.append("The product is not rated.")
    return {"vi": vi, "en": en}


def _explain_spread(spread: int, limit: int, members: list[MemberScore]) -> dict[str, list[str]]:
    totals = ", ".join(f"{m.member} {m.total}" for m in members)
    return {
        "vi": [
            f"Tổng điểm các thành viên chênh nhau {spread} điểm, quá {limit} điểm theo quy chế: "
            f"hội đồng thảo luận và chấm lại.",
            f"Tổng điểm từng thành viên: {totals}.",
        ],
        "en": [
            f"Members' totals differ by {spread} points, more than the {limit} the regulation allows: "
            "the council discusses and re-scores.",
            f"Members' totals: {totals}.",
        ],
    }
