"""From a pre-2025 address (xã / huyện / tỉnh) to a 2025 commune: one interface, two implementations.

- `PackageMapper` (the default) reads the official old→new table shipped by `vietnamadminunits`
  (issue 14 chose it over `vietnam-address-converter`, whose codes are its own, not QĐ 19/2025's,
  and over `vietnam-provinces` 2026.9.0, which needs Python ≥ 3.12; docs/registers.md).
- `NameMapper`: the old province must have the same name as a 2025 province, and the old commune
  the same name as exactly one 2025 commune of it. Such a match is a guess and says so. Kept for
  tests and for a unit the table does not know; where both fail, the register gives the 2025
  commune code in the column "Mã xã mới".

A mapper only answers; checking the answer against the importing province is the service's business.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

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
    """The official old→new table as `vietnamadminunits` ships it (issue 14).

    The package parses the old three-level address (it knows the old units' names and their usual
    spellings) and maps the old ward to the 2025 ward, or to all the 2025 wards an old ward was
    split between: a split is reported as several codes, never settled by the package's "default"
    ward, since the register must say which. The package matches names without their marks too, so
    a unit found only that way ("Tân Thành" read as "Tân Thạnh") is a guess and says so.

    Its 2025 ward codes differ from the `vietnam-provinces` codes our units are loaded with for 114
    of 3 321 wards (measured; both claim QĐ 19/2025), so a new ward is found among ours by its
    province and name, which agree for every ward once apostrophes and case are folded."""

    def __init__(self) -> None:
        from vietnamadminunits import ParseMode, parse_address
        from vietnamadminunits.converter import converter_2025
        from vietnamadminunits.converter.converter_2025 import MODULE_DIR

        self._parse, self._legacy = parse_address, ParseMode.LEGACY
        self._provinces: dict[str, str] = {
            old: new for new, olds in converter_2025.DICT_PROVINCE.items() for old in olds
        }
        self._whole: dict[str, str] = {
            old: (new_province, new_ward)  # type: ignore[misc]
            for new_province, wards in converter_2025.DICT_PROVINCE_WARD_NO_DIVIDED.items()
            for new_ward, olds in wards.items()
            for old in olds
        }
        self._split: dict[str, list[str]] = {
            old: [w["newWardKey"] for w in new_wards]
            for wards in converter_2025.DICT_PROVINCE_WARD_DIVIDED.values()
            for old, new_wards in wards.items()
        }
        with sqlite3.connect(f"file:{MODULE_DIR / 'data' / 'dataset.db'}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT provinceKey, wardKey, provinceCode, ward FROM admin_units").fetchall()
        ours = _our_wards()
        self._codes: dict[tuple[str, str], int | None] = {
            (province_key, ward_key): _our_code(ours, int(province_code), name)
            for province_key, ward_key, province_code, name in rows
        }
        self._cache: dict[tuple[str, str, str], Match] = {}

    def resolve(self, province: str, district: str, commune: str) -> Match:
        key = (canonical(province), canonical(district), canonical(commune))
        if key not in self._cache:
            self._cache[key] = self._resolve(province, district, commune)
        return self._cache[key]

    def _resolve(self, province: str, district: str, commune: str) -> Match:
        if not commune.strip() or not province.strip():
            return Match(())
        address = ", ".join(part for part in (commune, district, province) if part.strip())
        old = self._parse(address, mode=self._legacy, level=3)
        if not (old.ward_key and old.district_key and old.province_key):
            return Match(())
        # Same letters, other marks: the package matched without marks ("Tân Thành" → "Tân Thạnh").
        # Other names altogether are the package's known aliases ("Thừa Thiên Huế" → "Thành phố Huế").
        unmarked = any(
            plain(given) == plain(found) and bare(given) != bare(found)
            for given, found in ((commune, old.ward), (district, old.district), (province, old.province))
            if given.strip()
        )
        old_key = f"{old.province_key}_{old.district_key}_{old.ward_key}"
        new_province = self._provinces.get(old.province_key)
        if old_key in self._whole:
            new_province, new_wards = self._whole[old_key][0], [self._whole[old_key][1]]
        else:
            new_wards = self._split.get(old_key, [])
        found = [self._codes.get((new_province or "", w)) for w in new_wards]
        codes = tuple(sorted({c for c in found if c is not None}))
        if not codes:
            return Match(())
        note = f"theo bảng chuyển đổi: {old.ward}, {old.district}, {old.province}"
        if unmarked:
            return Match(codes, note=f"{note} (khớp tên không dấu)", guess=True)
        return Match(codes, note=note)


def _our_wards() -> dict[tuple[int, str], int]:
    """The 2025 wards of `vietnam-provinces` (the units we load) by province code and folded name."""
    from vietnam_provinces import Ward

    return {(int(w.province_code), _fold(w.name)): int(w.code) for w in Ward.iter_all()}


def _fold(name: str) -> str:
    """Apostrophes and dashes written one way ("Cư M’gar", "Chân Mây – Lăng Cô")."""
    return canonical(name).replace("’", "'").replace("`", "'").replace("–", "-").replace("—", "-")


def _our_code(ours: dict[tuple[int, str], int], province_code: int, name: str) -> int | None:
    return ours.get((province_code, _fold(name)))


@lru_cache(maxsize=1)
def _package_mapper() -> PackageMapper:
    return PackageMapper()  # loads the table once per process (about a second)


def default_mapper() -> LegacyAddressMapper:
    return _package_mapper()
