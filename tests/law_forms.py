"""Hand-checked forms made from the printed scorecards (26/2026 Phụ lục II), shared by the core tests
(tests/core/test_scoring_law.py) and the same cases through HTTP (tests/councils_http/). Each form's
sums are worked out by hand in its comment. Only the domain core is imported: no Django.
"""

from __future__ import annotations


def answers(card, points: dict[str, int | None]) -> dict[str, str | None]:
    """criterion → the option worth that many points (None: không áp dụng)."""
    out: dict[str, str | None] = {}
    for cid, p in points.items():
        if p is None:
            out[cid] = None
            continue
        [option] = [o.id for o in card.criterion(cid).options if o.points == p]
        out[cid] = option
    return out


# Card 3 at 80 with 2.1 (Nguồn gốc ý tưởng sản phẩm, 4★ marker on its 3-point option) not scored:
#   A: §1 1.1 1 + 1.2 0 + 1.3 1 + 1.4 1 + 1.5 3 + 1.6 3 + 1.7 0 = 9; §2 2.1 – + 2.2 3 + 2.3 3 + 2.4 1 = 7;
#      §3 3.1 1 + 3.2 1 + 3.3 1 + 3.4 2 + 3.5 3 = 8                                          → A 24
#   B: §4 4.1 5 + 4.2 3 + 4.3 1 = 9; §5 5.1 5 + 5.2 2 + 5.3 5 = 12                          → B 21
#   C: §6 3+3+3+3 = 12, §7 3, §8 5, §9 5, §10 5, §11 2, §12 3                                → C 35
#   total 80 → 4★ band; every 3★ and 4★ floor met except 2.1's 4★ floor (3).
CARD3_80 = {
    **{"1.1": 1, "1.2": 0, "1.3": 1, "1.4": 1, "1.5": 3, "1.6": 3, "1.7": 0},
    **{"2.1": None, "2.2": 3, "2.3": 3, "2.4": 1},
    **{"3.1": 1, "3.2": 1, "3.3": 1, "3.4": 2, "3.5": 3},
    **{"4.1": 5, "4.2": 3, "4.3": 1, "5.1": 5, "5.2": 2, "5.3": 5},
    **{"6.1": 3, "6.2": 3, "6.3": 3, "6.4": 3, "7.1": 3, "8.1": 5, "9.1": 5, "10.1": 5, "11.1": 2, "12.1": 3},
}


# A handicraft that need not declare its quality, §7 not applicable:
#   A: §1 2+3+3+2+2+1 = 13; §2 2.1 4 + 2.2 4 + 2.3 0 = 8; §3 2+1+3+2+2 = 10                → A 31
#   B: §4 4.1 3 + 4.2 2 + 4.3 5 = 10; §5 5+2+3 = 10                                       → B 20
#   C: §6 6.1 3 + 6.2 3 + 6.3 2 + 6.4 2 + 6.5 5 = 15; §7 –; §8 3; §9 5                    → C 23
#   total 74 → 4★ band; 4★ floors 1.4≥2, 1.5≥1, 2.1≥4, 2.2≥4, 3.4≥2, 3.5≥2, 4.1≥3, 5.1≥5, 8.1≥3 met;
#   3★ floors 1.1≥1, 2.2≥1, 3.5≥1, 4.1≥2, 5.3≥1, 8.1≥1 met; 7.1≥1 excused by the recorded condition.
CARD21_74 = {
    **{"1.1": 2, "1.2": 3, "1.3": 3, "1.4": 2, "1.5": 2, "1.6": 1, "2.1": 4, "2.2": 4, "2.3": 0},
    **{"3.1": 2, "3.2": 1, "3.3": 3, "3.4": 2, "3.5": 2},
    **{"4.1": 3, "4.2": 2, "4.3": 5, "5.1": 5, "5.2": 2, "5.3": 3},
    **{"6.1": 3, "6.2": 3, "6.3": 2, "6.4": 2, "6.5": 5, "7.1": None, "8.1": 3, "9.1": 5},
}


# Honey from an area without certified raw material (1.2.1 "Không được cấp giấy chứng nhận chất
# lượng", printed blank, derived 0):
#   A: §1 1.1 3 + 1.2 0 + 1.3 2 + 1.4 2 + 1.5 2 + 1.6 2 + 1.7 1 = 12; §2 3+2+3+0 = 8; §3 2+1+3+2+2 = 10 → A 30
#   B: §4 3+2+3 = 8; §5 5+1+3 = 9                                                               → B 17
#   C: §6 2+2+2+3 = 9; §7 3 (7.1.3 "Có trên 2 chỉ tiêu", printed "13", derived 3); §8 3; §9 4;
#      §10 3; §11 2; §12 1                                                                     → C 25
#   total 72 → 4★ band; 4★ floors (1.5≥2, 1.6≥1, 2.1≥3, 2.3≥3, 3.4≥2, 3.5≥2, 4.1≥3, 5.1≥5, 6.1≥2,
#   6.2≥2, 6.3≥2, 6.4≥3, 8.1≥3, 10.1≥3) and 3★ floors (2.2≥2, 5.3≥1, 9.1≥2…) met → 4★ at the province.
HONEY = {
    **{"1.1": 3, "1.2": 0, "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 2, "1.7": 1},
    **{"2.1": 3, "2.2": 2, "2.3": 3, "2.4": 0, "3.1": 2, "3.2": 1, "3.3": 3, "3.4": 2, "3.5": 2},
    **{"4.1": 3, "4.2": 2, "4.3": 3, "5.1": 5, "5.2": 1, "5.3": 3},
    **{"6.1": 2, "6.2": 2, "6.3": 2, "6.4": 3, "7.1": 3, "8.1": 3, "9.1": 4, "10.1": 3, "11.1": 2, "12.1": 1},
}
