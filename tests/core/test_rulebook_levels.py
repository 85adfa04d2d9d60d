"""Which level recognised a star, per rulebook (rules.md §0, §3.1–3.4, §5.1): the data decides."""

from __future__ import annotations

import dataclasses

import pytest

from ocop.core.rulebooks import get_rulebook


@pytest.mark.parametrize(
    ("rulebook_id", "star", "level"),
    [
        ("148-2023", 3, "district"),  # the district chair recognised 3★ under 148 as first issued (§3.3)
        ("148-2023", 4, "province"),
        ("148-2023", 5, "central"),
        ("1048-2019", 3, "province"),  # the province recognised 3–4★ (§3.4)
        ("1048-2019", 4, "province"),
        ("1048-2019", 5, "central"),
        ("148-1489-2025", 3, "province"),  # 1489 moved 3★ to the province (§3.2)
        ("148-1489-2025", 4, "province"),
        ("26-2026", 3, "province"),
        ("26-2026", 4, "province"),
        ("26-2026", 5, "central"),
    ],
)
def test_recognising_level_follows_the_rulebook(rulebook_id: str, star: int, level: str) -> None:
    holder = get_rulebook(rulebook_id).recognising_level(star)
    assert holder is not None
    assert holder.code == level


@pytest.mark.parametrize("star", [1, 2, 6])
def test_no_level_recognises_a_star_without_certificate(star: int) -> None:
    assert get_rulebook("148-2023").recognising_level(star) is None


def test_no_level_named_in_the_data_is_said_not_guessed() -> None:
    """A rulebook whose data leaves the 3★ level out answers None, not the province."""
    book = get_rulebook("148-2023")
    without_district = dataclasses.replace(
        book, levels=tuple(lv for lv in book.levels if lv.code != "district")
    )
    assert without_district.recognising_level(3) is None
    holder = without_district.recognising_level(4)
    assert holder is not None and holder.code == "province"
