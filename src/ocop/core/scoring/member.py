"""One council member's form (phiếu đánh giá của thành viên): answers → points per criterion, parts, total.

Every answer that does not fit the scorecard is reported at once, each problem naming its criterion,
so that a secretary fixing a spreadsheet sees the whole list, not the first error only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..rulebooks.model import Criterion, Gate, Group, Scorecard

NOT_APPLICABLE = None  # the answer for a criterion that "applies only if…" and does not apply


@dataclass(frozen=True)
class Problem:
    """One reason a form is rejected, in Vietnamese and English."""

    criterion: str | None
    vi: str
    en: str
    member: str = ""
    missing: bool = False  # an answer not given yet (a draft may have these), not a wrong one

    def __str__(self) -> str:
        who = f"{self.member}: " if self.member else ""
        return f"{who}{self.vi} / {self.en}"


class AnswerError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class MemberForm:
    member: str
    answers: Mapping[str, str | None]  # criterion id → option id, or NOT_APPLICABLE
    # ids of the gates the member found that no answer can show (forgery, a food-safety risk…); a
    # gate the answers decide (Gate.options) is never ticked: the answers bring it about
    gates: frozenset[str] = frozenset()

    @classmethod
    def from_pairs(
        cls, member: str, pairs: Iterable[tuple[str, str | None]], gates: Iterable[str] = ()
    ) -> MemberForm:
        """Build a form from (criterion, option) rows, refusing two answers for one criterion."""
        answers: dict[str, str | None] = {}
        problems: list[Problem] = []
        for criterion_id, option_id in pairs:
            if criterion_id in answers:
                problems.append(
                    Problem(
                        criterion_id,
                        f"tiêu chí {criterion_id} có hơn một lựa chọn ({answers[criterion_id]}, {option_id})",
                        f"criterion {criterion_id} has more than one answer ({answers[criterion_id]}, {option_id})",
                        member,
                    )
                )
                continue
            answers[criterion_id] = option_id
        if problems:
            raise AnswerError(problems)
        return cls(member=member, answers=answers, gates=frozenset(gates))


@dataclass(frozen=True)
class MemberScore:
    member: str
    points: dict[str, int]  # every criterion that was scored; not applicable counts 0
    parts: dict[str, int]
    total: int
    branches: dict[str, str] = field(default_factory=dict)  # choose-one node → the branch scored
    not_applicable: frozenset[str] = frozenset()
    gates: tuple[Gate, ...] = ()  # the gates that apply on this form: stop or disqualification
    # gate id → (criterion, option) for a gate the answers brought about (card 16: a 0 in §6)
    gate_answers: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def stopped(self) -> bool:
        return bool(self.gates)


def score_form(card: Scorecard, form: MemberForm, exemptions: frozenset[str] = frozenset()) -> MemberScore:
    """Check one member's answers against the card and add them up.

    `exemptions` are the card's own conditions recorded for the product (`Criterion.exemption`, e.g.
    card 21 §7 for a product that need not declare its quality): only they make an otherwise
    compulsory criterion answerable as *không áp dụng*.
    """
    problems: list[Problem] = []

    def problem(criterion: str | None, vi: str, en: str, missing: bool = False) -> None:
        problems.append(Problem(criterion, vi, en, form.member, missing))

    known_exemptions = {e.id for e in card.exemptions()}
    for exemption_id in sorted(exemptions - known_exemptions):
        problem(
            None,
            f"không có điều kiện miễn '{exemption_id}' trên phiếu {card.number}",
            f"no exemption '{exemption_id}' on scorecard {card.number}",
        )

    known_gates = {g.id: g for g in card.gates}
    gates = []
    for gate_id in sorted(form.gates):
        gate = known_gates.get(gate_id)
        if gate is None:
            problem(
                None,
                f"không có điều kiện dừng/loại '{gate_id}' trên phiếu",
                f"no gate '{gate_id}' on this card",
            )
        elif not gate.manual:
            options = ", ".join(gate.options)
            problem(
                None,
                f"điều kiện '{gate_id}' do câu trả lời quyết định (lựa chọn {options}), không đánh dấu riêng",
                f"gate '{gate_id}' follows from the answers (options {options}); it is not ticked",
            )
        else:
            gates.append(gate)

    criteria = {c.id: c for c in card.criteria()}
    position = {cid: i for i, cid in enumerate(criteria)}
    # A gate the answers decide: the note names the options that bring it about (data/readings).
    gate_answers: dict[str, tuple[str, str]] = {}
    for gate in card.gates:
        chosen = [
            (cid, oid)
            for cid, oid in form.answers.items()
            if oid in gate.options and cid in criteria and criteria[cid].option(oid) is not None
        ]
        if chosen:
            gate_answers[gate.id] = min(chosen, key=lambda pair: position[pair[0]])
            gates.append(gate)
    # A stop rule ends the evaluation where it is met: the criteria before it must be answered, the
    # rest need not be ("sẽ không đánh giá các bước tiếp theo"). A member's finding at a node excuses
    # that node too; an answer that brings the rule about is itself answered. A disqualification
    # ends the evaluation altogether.
    answer_until = len(position)
    for gate in gates:
        if gate.id in gate_answers:
            last = position[gate_answers[gate.id][0]] if gate.stops else -1
        else:
            under = card.node_criteria(gate.at) if gate.stops else []
            last = min((position[c] for c in under), default=0) - 1
        answer_until = min(answer_until, last)

    def must_answer(criterion_id: str) -> bool:
        return position[criterion_id] <= answer_until

    for criterion_id in form.answers:
        if criterion_id not in criteria:
            problem(
                criterion_id,
                f"tiêu chí '{criterion_id}' không có trên phiếu {card.number}",
                f"criterion '{criterion_id}' is not on scorecard {card.number}",
            )

    branches: dict[str, str] = {}

    def required(node: Criterion | Group) -> list[Criterion]:
        """The criteria this form must answer: all of them, but one branch only where the card says so."""
        if isinstance(node, Criterion):
            return [node]
        if node.choose_one:
            answered = [c for c in node.children if any(x.id in form.answers for x in c.walk())]
            names = ", ".join(c.id for c in node.children)
            if len(answered) > 1:
                chosen = ", ".join(c.id for c in answered)
                problem(
                    node.id,
                    f"mục {node.id} chỉ chấm một trong các trường hợp ({names}), phiếu chấm {chosen}",
                    f"{node.id} scores one of its cases ({names}); this form scores {chosen}",
                )
                return []
            if not answered:
                if any(must_answer(x.id) for x in node.walk()):
                    problem(
                        node.id,
                        f"mục {node.id}: chưa chọn trường hợp nào ({names})",
                        f"{node.id}: no case chosen ({names})",
                        missing=True,
                    )
                return []
            branches[node.id] = answered[0].id
            return required(answered[0])
        return [c for child in node.children for c in required(child)]

    to_answer = [c for part in card.parts for s in part.sections for c in required(s)]
    points: dict[str, int] = {}
    not_applicable: set[str] = set()
    for criterion in to_answer:
        if criterion.id not in form.answers:
            if must_answer(criterion.id):
                problem(
                    criterion.id,
                    f"thiếu câu trả lời cho tiêu chí {criterion.id}",
                    f"no answer for {criterion.id}",
                    missing=True,
                )
            continue
        option_id = form.answers[criterion.id]
        if option_id is NOT_APPLICABLE:
            if criterion.allows_not_applicable(exemptions):
                not_applicable.add(criterion.id)
                points[criterion.id] = 0
            elif criterion.exemption is not None:
                condition = criterion.exemption
                problem(
                    criterion.id,
                    f"tiêu chí {criterion.id} bắt buộc chấm; chỉ được để 'không áp dụng' khi đã ghi nhận: "
                    f"{condition.condition}",
                    f"criterion {criterion.id} must be scored; 'not applicable' only once it is recorded "
                    f"that: {condition.condition_en}",
                )
            else:
                problem(
                    criterion.id,
                    f"tiêu chí {criterion.id} bắt buộc chấm, không được để 'không áp dụng'",
                    f"criterion {criterion.id} must be scored; 'not applicable' is not allowed",
                )
            continue
        option = criterion.option(option_id)
        if option is None:
            valid = ", ".join(o.id for o in criterion.options)
            problem(
                criterion.id,
                f"tiêu chí {criterion.id} không có lựa chọn '{option_id}' (hợp lệ: {valid})",
                f"criterion {criterion.id} has no option '{option_id}' (valid: {valid})",
            )
        elif option.points is None:
            problem(
                criterion.id,
                f"lựa chọn {option.id} của tiêu chí {criterion.id} chưa có điểm trong dữ liệu",
                f"option {option.id} of criterion {criterion.id} has no readable points in the data",
            )
        else:
            points[criterion.id] = option.points

    if problems:
        raise AnswerError(problems)
    parts = {p.code: sum(points.get(c.id, 0) for c in p.walk()) for p in card.parts}
    return MemberScore(
        member=form.member,
        points=points,
        parts=parts,
        total=sum(parts.values()),
        branches=branches,
        not_applicable=frozenset(not_applicable),
        gates=tuple(gates),
        gate_answers=gate_answers,
    )
