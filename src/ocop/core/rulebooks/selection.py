"""Which rulebook a case follows (26/2026 Art. 12; rules.md §0).

A dossier follows the rulebook in force on the day it was filed: filed before 22/5/2026 it follows
148/1489 and must be finished within the transition days; filed from 22/5/2026 it follows 26/2026.
A record keeps the id of its rulebook forever, so history is always read under its own rules.
"""

from __future__ import annotations

from datetime import date, timedelta

from .loader import all_rulebooks
from .model import EVALUATION_KINDS, Rulebook


def rulebook_for_filing(filed_on: date) -> Rulebook:
    """The newest rulebook that had taken effect on `filed_on`."""
    in_force = [b for b in all_rulebooks().values() if b.effective_from <= filed_on]
    if not in_force:
        first = min(all_rulebooks().values(), key=lambda b: b.effective_from)
        raise LookupError(
            f"Không có bộ quy tắc OCOP trước {first.effective_from:%d/%m/%Y} "
            f"/ no OCOP rulebook before {first.effective_from.isoformat()}"
        )
    return max(in_force, key=lambda b: b.effective_from)


def transition_deadline(filed_on: date, kind: str) -> date | None:
    """For a case filed under an older rulebook: the day by which it must be finished, if a newer one says so."""
    if kind not in EVALUATION_KINDS:
        raise ValueError(f"unknown evaluation kind {kind!r} (known: {', '.join(EVALUATION_KINDS)})")
    followed = rulebook_for_filing(filed_on)
    successors = [b for b in all_rulebooks().values() if followed.id in b.transition_applies_to]
    if not successors:
        return None
    successor = min(successors, key=lambda b: b.effective_from)
    return successor.effective_from + timedelta(days=successor.transition_days[kind])
