"""Accent-free search text: "Chả Cá" → "cha ca", "Đông" → "dong". Pure Python (no Django)."""

from __future__ import annotations

import re
import unicodedata


def normalise(text: str) -> str:
    """Lower case, no diacritics, đ → d, runs of whitespace and punctuation-free spacing collapsed."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def searchable(text: str) -> str:
    """`normalise`, then anything but letters and digits becomes one space: "Rượu-Mẫu Sơn!" → "ruou mau son"."""
    return " ".join(re.split(r"[^0-9a-z]+", normalise(text))).strip()


def search_column(*parts: str) -> str:
    """The stored search text: padded with spaces so that " word " matches whole words anywhere."""
    return f" {searchable(' '.join(p for p in parts if p))} "
