"""The one error a refused step raises, in a leaf module every layer may import.

A service that refuses a step (wrong role, outside the area, wrong state, lost a race, stale form)
raises `StepRefused` with the reason in Vietnamese (and English while the interface still shows
both); it changes nothing. Views show the message; they never build one of their own.
"""

from __future__ import annotations


class StepRefused(Exception):
    """A step a user may not take now, with the reason in Vietnamese and English."""

    def __init__(self, vi: str, en: str = "") -> None:
        self.vi, self.en = vi, en
        super().__init__(f"{vi} / {en}" if en else vi)
