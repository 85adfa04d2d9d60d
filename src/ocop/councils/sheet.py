"""A scorecard laid out as a form (templates councils/_sheet_node.html): the member's score sheet, and
the producer's self-assessment on the very same card (dossiers: Form 02 Part III).

`beside` carries, per criterion id, what the page shows next to the options: the producer's
self-assessment on a member's sheet, the producer's own description and evidence on the
self-assessment. The template named `criterion_extra` (given by the page) renders it.
"""

from __future__ import annotations

from typing import Any

from ocop.core.rulebooks.model import Criterion, Group, Scorecard

from .forms import NOT_APPLICABLE_VALUE


def sheet_node(
    node: Criterion | Group,
    answers: dict[str, str | None],
    gates: dict[str, list[Any]],
    checked: set[str],
    exemptions: frozenset[str] = frozenset(),
    stops: dict[str, Any] | None = None,
    beside: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One node of the scorecard, ready for the template: options marked with the answers, the options
    whose choice ends the evaluation, and *không áp dụng* only where the card allows it."""
    stops = stops or {}
    beside = beside or {}
    if isinstance(node, Criterion):
        answered = node.id in answers
        answer = answers.get(node.id)
        return {
            "criterion": node,
            "options": [
                {"option": o, "checked": answered and answer == o.id, "value": o.id, "stops": stops.get(o.id)}
                for o in node.options
            ],
            "na_allowed": node.allows_not_applicable(exemptions),
            "excused": node.excused(exemptions),
            "na_checked": answered and answer is None,
            "unanswered": not answered,
            "na_value": NOT_APPLICABLE_VALUE,
            "gates": [{"gate": g, "checked": g.id in checked} for g in gates.get(node.id, [])],
            "beside": beside.get(node.id),
        }
    children = [
        sheet_node(child, answers, gates, checked, exemptions, stops, beside) for child in node.children
    ]
    chosen = ""
    if node.choose_one:
        chosen = next(
            (c.id for c in node.children if any(x.id in answers for x in c.walk())),
            "",
        )
    return {
        "group": node,
        "children": children,
        "chosen": chosen,
        "gates": [{"gate": g, "checked": g.id in checked} for g in gates.get(node.id, [])],
    }


def sheet_tree(
    card: Scorecard,
    answers: dict[str, str | None],
    checked: set[str],
    totals: dict[str, Any],
    exemptions: frozenset[str] = frozenset(),
    beside: dict[str, Any] | None = None,
    findings: bool = True,
) -> dict[str, Any]:
    """The whole card. `findings`: offer the gates no answer can show (a member's findings: forgery,
    a food-safety risk…); the producer's self-assessment has none to tick."""
    # A member ticks only the gates no answer can show; the others follow from the options they name.
    gates: dict[str, list[Any]] = {}
    stops: dict[str, Any] = {}
    for gate in card.gates:
        if gate.manual and findings:
            gates.setdefault(gate.at, []).append(gate)
        for option_id in gate.options:
            stops[option_id] = gate
    parts = [
        {
            "part": part,
            "total": totals["parts"].get(part.code, 0),
            "sections": [
                sheet_node(s, answers, gates, checked, exemptions, stops, beside) for s in part.sections
            ],
        }
        for part in card.parts
    ]
    card_gates = [{"gate": g, "checked": g.id in checked} for g in gates.get("card", [])]
    return {"parts": parts, "card_gates": card_gates}
