"""Accent-free search text: "Chả Cá" → "cha ca", "Đông" → "dong". Pure Python (no Django)."""

from __future__ import annotations

import re
import unicodedata

# A search is cut to this many words and characters (by the page, with a message: web.params; and by
# the search itself for any other caller): each word is one more condition of the query.
MAX_WORDS = 10
MAX_CHARS = 100


def normalise(text: str) -> str:
    """Lower case, no diacritics, đ → d, runs of whitespace and punctuation-free spacing collapsed."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def searchable(text: str) -> str:
    """`normalise`, then anything but letters and digits becomes one space: "Rượu-Mẫu Sơn!" → "ruou mau son"."""
    return " ".join(re.split(r"[^0-9a-z]+", normalise(text))).strip()


def search_words(text: str) -> list[str]:
    """The words a search looks for: `searchable` words, at most MAX_WORDS of the first MAX_CHARS."""
    return searchable(text[:MAX_CHARS]).split()[:MAX_WORDS]


def search_column(*parts: str) -> str:
    """The stored search text: padded with spaces so that " word " matches whole words anywhere."""
    return f" {searchable(' '.join(p for p in parts if p))} "
