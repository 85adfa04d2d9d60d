"""Scoring (chấm điểm): members' forms → points, council → average total, star and explanation."""

from .council import (
    RATED,
    RESCORE,
    STOPPED,
    CouncilSettings,
    MinimumFailure,
    Result,
    evaluate,
    fmt,
    two_decimals,
)
from .member import NOT_APPLICABLE, AnswerError, MemberForm, MemberScore, Problem, score_form

__all__ = [
    "NOT_APPLICABLE",
    "RATED",
    "RESCORE",
    "STOPPED",
    "AnswerError",
    "CouncilSettings",
    "MemberForm",
    "MemberScore",
    "MinimumFailure",
    "Problem",
    "Result",
    "evaluate",
    "fmt",
    "score_form",
    "two_decimals",
]
