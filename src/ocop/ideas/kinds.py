"""What "the same kind of product" means when two communes propose one (the plans ask to limit
duplicates: "hạn chế … trùng lặp").

Two ideas are of the same kind when they sit on the same scorecard (the subgroup of the
classification, rules.md §1.1) and their names are the same once the place is taken out: accents
folded, case and punctuation dropped, and the names of the proposing commune and of its province
removed. So "Miến dong Quảng Lâm" from xã Quảng Lâm and "Miến dong Phja Đén" from xã Phja Đén are both
`2:mien dong`; "Miến dong" and "Bún dong" are not. The rule is ours (no text defines it); it is kept in
this one module and said in docs/architecture.md.

Pure Python: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# The words an administrative unit's name starts with, dropped before its name is looked for.
UNIT_WORDS = ("xã ", "phường ", "đặc khu ", "thị trấn ", "tỉnh ", "thành phố ")


def fold(text: str) -> str:
    """Lower case, without accents (đ → d), punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def place(unit_name: str) -> str:
    """The place in an administrative unit's name: 'Xã Chi Lăng' → 'Chi Lăng'."""
    lowered = unit_name.lower()
    for word in UNIT_WORDS:
        if lowered.startswith(word):
            return unit_name[len(word) :]
    return unit_name


def core_name(name: str, places: Iterable[str]) -> str:
    """The product name folded, with the given places taken out as whole words; the whole folded name
    when nothing else is left ('Chi Lăng' alone stays 'chi lang')."""
    folded = f" {fold(name)} "
    for p in sorted({fold(place(p)) for p in places if fold(place(p))}, key=len, reverse=True):
        folded = folded.replace(f" {p} ", " ")
    return " ".join(folded.split()) or fold(name)


def kind_key(scorecard_number: int, name: str, places: Iterable[str]) -> str:
    return f"{scorecard_number}:{core_name(name, places)}"
