"""Evaluation rounds (đợt đánh giá) on fixed dates (26/2026 Art. 5; rules.md §3.1).

The province holds round 1 before 30/6 for dossiers the commune proposed before 30/4, and round 2
before 30/12 for those proposed before 30/10; the centre holds its rounds before 30/9 (cut-off 30/7)
and before 30/3 of the next year (cut-off 30/01). "Đề nghị trước ngày 30 tháng 4" is before the day:
a dossier proposed on 30/4 itself belongs to the next round, as does one proposed after the last
cut-off of a year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .rulebooks.model import Round, Rulebook


@dataclass(frozen=True)
class RoundDates:
    level: str
    number: int
    year: int  # the year of the cut-off
    cutoff: date
    held_before: date

    @property
    def label(self) -> str:
        return f"Đợt {self.number} năm {self.year}"


def _dates(r: Round, year: int) -> RoundDates:
    # Every round is held after its cut-off in the same year (the centre's round 2: 30/01 → 30/3).
    return RoundDates(r.level, r.number, year, date(year, *r.cutoff), date(year, *r.held_before))


def round_for(rulebook: Rulebook, level: str, proposed_on: date) -> RoundDates | None:
    """The first round at `level` whose cut-off is still ahead of the day the dossier was proposed."""
    rounds = [r for r in rulebook.rounds if r.level == level]
    if not rounds:
        return None  # older rulebooks set no national calendar
    candidates = [_dates(r, y) for y in (proposed_on.year, proposed_on.year + 1) for r in rounds]
    return min((c for c in candidates if c.cutoff > proposed_on), key=lambda c: c.cutoff)
