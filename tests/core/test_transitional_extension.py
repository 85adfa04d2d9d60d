"""26/2026 Art. 12.3 (rules.md §0 item 4): which certificates a pending re-rating keeps valid, and until
when. The filing window closes 120 days before expiry; 26/2026 took effect on 22/5/2026."""

from __future__ import annotations

from datetime import date

import pytest

from ocop.core.rulebooks import get_rulebook

R26 = get_rulebook("26-2026")


@pytest.mark.parametrize(
    ("valid_until", "end"),
    [
        # expired before 26/2026 took effect: not a case of its new window
        (date(2026, 5, 21), None),
        # expires from 22/5/2026 and its window (closing 120 days before) had closed before that day
        (date(2026, 5, 22), date(2026, 11, 18)),
        (date(2026, 8, 1), date(2027, 1, 28)),
        (date(2026, 9, 18), date(2027, 3, 17)),  # window closed on 21/5/2026
        # its window closes on 22/5/2026 or later: it could be met, so no extension
        (date(2026, 9, 19), None),
        (date(2027, 6, 1), None),
    ],
)
def test_which_certificates_and_until_when(valid_until: date, end: date | None) -> None:
    assert R26.transitional_extension_end(valid_until) == end


def test_only_26_2026_has_the_clause() -> None:
    for rulebook_id in ("148-2023", "148-1489-2025", "1048-2019"):
        assert get_rulebook(rulebook_id).transitional_extension_end(date(2026, 8, 1)) is None
