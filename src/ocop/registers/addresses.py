"""From a pre-2025 address (xã / huyện / tỉnh) to a 2025 commune: one interface, two implementations.

- `PackageMapper` uses the official old→new conversion table shipped by `vietnam-provinces` from
  version 2026.9.0 (`vietnam_provinces.legacy` and `Ward.search_from_legacy`). The version installed
  now (2025.10.1) does not have it: the lead decides on the upgrade (see the report of issue 5).
- `NameMapper`, used until then: the old province must have the same name as a 2025 province, and the
  old commune the same name as exactly one 2025 commune of it. Such a match is a guess and says so;
  where it fails, the register gives the 2025 commune code in the column "Mã xã mới".

`default_mapper()` picks the package when it can. A mapper only answers; checking the answer against
the importing province is the service's business.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

LEGACY_MODULE = "vietnam_provinces.legacy"
PREFIXES = (
    "thành phố ",
    "tp. ",
    "tp ",
    "tỉnh ",
    "huyện ",
    "quận ",
    "thị xã ",
    "thị trấn ",
    "xã ",
    "phường ",
    "đặc khu ",
)


@lru_cache(maxsize=65536)
def canonical(text: str) -> str:
    """Lower case, composed, single spaces; old and new tone placement (hoà/hòa, thuỷ/thủy) made one."""
    text = " ".join(unicodedata.normalize("NFC", text).lower().split())
    for old, new in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa")):
        text = text.replace(old, new)
    for old, new in (("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe")):
        text = text.replace(old, new)
    for old, new in (("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy")):
        text = text.replace(old, new)
    return text


@lru_cache(maxsize=65536)
def bare(text: str) -> str:
    """The name without its unit type ("Xã Chi Lăng" → "chi lăng")."""
    text = canonical(text)
    for prefix in PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Without any mark, for a last-resort comparison."""
    decomposed = unicodedata.normalize("NFD", bare(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Match:
    """The 2025 commune codes an old address leads to: one (found), several (the old commune was
    split: the register must say which), none (unknown). `guess` marks a match by name only."""

    codes: tuple[int, ...]
    note: str = ""
    guess: bool = False


class LegacyAddressMapper(Protocol):
    def resolve(self, province: str, district: str, commune: str) -> Match: ...


class NameMapper:
    """Same-name matching against the 2025 units in the database (a guess, flagged as such)."""

    def __init__(self) -> None:
        from ocop.areas.models import Commune, Province

        self._provinces: dict[str, list[int]] = defaultdict(list)
        for pk, name in Province.objects.values_list("pk", "name"):
            self._provinces[bare(name)].append(pk)
        self._full: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
        self._bare: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
        self._plain: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
        for code, name, province_id in Commune.objects.values_list("code", "name", "province_id"):
            self._full[(province_id, canonical(name))].append((code, name))
            self._bare[(province_id, bare(name))].append((code, name))
            self._plain[(province_id, plain(name))].append((code, name))

    def resolve(self, province: str, district: str, commune: str) -> Match:
        provinces = self._provinces.get(bare(province), [])
        if len(provinces) != 1:
            return Match(())
        pid = provinces[0]
        for index, key in (
            (self._full, canonical(commune)),
            (self._bare, bare(commune)),
            (self._plain, plain(commune)),
        ):
            found = index.get((pid, key), [])
            if found:
                names = ", ".join(name for _, name in found)
                return Match(tuple(code for code, _ in found), note=f"cùng tên với {names}", guess=True)
        return Match(())


class PackageMapper:
    """The conversion table of `vietnam-provinces` ≥ 2026.9.0 (old ward code → new ward codes)."""

    def __init__(self) -> None:
        # Imported by name: the installed version may not have the module (and mypy need not know it).
        current, legacy = importlib.import_module("vietnam_provinces"), importlib.import_module(LEGACY_MODULE)
        self._ward: Any = current.Ward
        self._old_province: Any = legacy.Province
        self._old_district: Any = legacy.District
        self._old_ward: Any = legacy.Ward
        self._cache: dict[tuple[str, str, str], Match] = {}

    @staticmethod
    def _exact(found: Any, name: str) -> list[Any]:
        """The search's results whose name is the one asked, with its unit type if it was given."""
        wanted_full, wanted_bare = canonical(name), bare(name)
        full = [x for x in found if canonical(x.name) == wanted_full]
        return full or [x for x in found if bare(x.name) == wanted_bare]

    def resolve(self, province: str, district: str, commune: str) -> Match:
        key = (canonical(province), canonical(district), canonical(commune))
        if key not in self._cache:
            self._cache[key] = self._resolve(province, district, commune)
        return self._cache[key]

    def _resolve(self, province: str, district: str, commune: str) -> Match:
        provinces = self._exact(self._old_province.search(bare(province)), province)
        if len(provinces) != 1:
            return Match(())
        districts = self._exact(
            self._old_district.search(bare(district), province=provinces[0].code), district
        )
        if len(districts) != 1:
            return Match(())
        wards = self._exact(self._old_ward.search(bare(commune), district=districts[0].code), commune)
        if len(wards) != 1:
            return Match(())
        new = self._ward.search_from_legacy(code=int(wards[0].code))
        codes = tuple(sorted({int(w.ward.code) for w in new}))
        return Match(codes, note=f"theo bảng chuyển đổi: {wards[0].name}, {districts[0].name}")


def default_mapper() -> LegacyAddressMapper:
    try:
        importlib.import_module(LEGACY_MODULE)
    except ImportError:
        return NameMapper()
    return PackageMapper()
