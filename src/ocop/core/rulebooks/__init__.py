"""Rulebooks (bộ quy tắc): the versioned OCOP rules as data — classification, scorecards, stars, process."""

from .loader import RulebookDataError, all_rulebooks, get_rulebook
from .model import EVALUATION_KINDS, Criterion, Group, Rulebook, Scorecard
from .selection import rulebook_for_filing, transition_deadline
from .validate import Finding, check_rulebook, check_scorecard, is_complete

__all__ = [
    "EVALUATION_KINDS",
    "Criterion",
    "Finding",
    "Group",
    "Rulebook",
    "RulebookDataError",
    "Scorecard",
    "all_rulebooks",
    "check_rulebook",
    "check_scorecard",
    "get_rulebook",
    "is_complete",
    "rulebook_for_filing",
    "transition_deadline",
]
