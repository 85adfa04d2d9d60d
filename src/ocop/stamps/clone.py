"""When a stamp is flagged as a possible clone. Pure: thresholds in, a reason or None out.

A genuine stamp sits on one jar, and each jar is scanned by the few people who hold it. A copied
stamp sits on many jars at once, so it is scanned far more often than the other stamps of its
batch, or in several provinces. The thresholds are settings (docs/deploy.md); the stamps' page for
provincial staff shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Suspicion(StrEnum):
    SCANS = "scans"  # far more scans than the batch explains
    PROVINCES = "provinces"  # scanned in too many provinces


@dataclass(frozen=True)
class CloneRule:
    min_scans: int = 50  # never flagged below this many scans of the one stamp
    ratio: int = 20  # ... and flagged at this many times the mean of the batch's other stamps
    provinces: int = 3  # or once scanned in this many provinces

    @classmethod
    def from_settings(cls, settings: Any) -> CloneRule:
        default = cls()
        return cls(
            min_scans=int(getattr(settings, "OCOP_STAMP_CLONE_MIN_SCANS", default.min_scans)),
            ratio=int(getattr(settings, "OCOP_STAMP_CLONE_RATIO", default.ratio)),
            provinces=int(getattr(settings, "OCOP_STAMP_CLONE_PROVINCES", default.provinces)),
        )


def suspicion(
    rule: CloneRule, *, scans: int, batch_scans: int, quantity: int, provinces: int
) -> Suspicion | None:
    """Why a stamp with `scans` scans, in a batch of `quantity` stamps scanned `batch_scans` times in
    all, seen in `provinces` provinces, looks copied; None if it does not."""
    others = max(batch_scans - scans, 0) / max(quantity - 1, 1)
    expected = max(1.0, others)  # a batch nobody else scanned yet still explains one scan per stamp
    if scans >= rule.min_scans and scans >= rule.ratio * expected:
        return Suspicion.SCANS
    if provinces >= rule.provinces:
        return Suspicion.PROVINCES
    return None
