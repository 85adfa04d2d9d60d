"""The whole country: the 34 provinces and their communes after the 2025 reform load, and old
three-level addresses map to them through the real old→new table (vietnamadminunits)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from ocop.areas.models import Commune, Province
from ocop.registers.addresses import default_mapper


@pytest.fixture(scope="module")
def mapper() -> Any:
    return default_mapper()


def test_all_34_provinces_and_their_communes_load(db: Any) -> None:
    out = StringIO()
    call_command("load_units", stdout=out)
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321  # QĐ 19/2025: 3 321 xã, phường, đặc khu
    assert Commune.objects.filter(province__code=20).count() == 65  # Lạng Sơn
    call_command("load_units", stdout=out)  # again: nothing doubled
    assert Commune.objects.count() == 3321
    assert "34 tỉnh/thành phố, 3321 xã/phường/đặc khu" in out.getvalue()


@pytest.mark.parametrize(
    ("old", "code"),
    [
        (("Tỉnh Lạng Sơn", "Huyện Cao Lộc", "Xã Hòa Cư"), 6220),  # → Xã Công Sơn
        (("Lạng Sơn", "Cao Lộc", "Hoà Cư"), 6220),  # old tone placement, no unit types
        (("Tỉnh Lạng Sơn", "Huyện Chi Lăng", "Thị trấn Đồng Mỏ"), 6463),  # → Xã Chi Lăng
        (("Tỉnh Cao Bằng", "Huyện Thạch An", "Xã Quang Trọng"), 1795),
        (("Thành phố Hồ Chí Minh", "Thành phố Thủ Đức", "Phường Thảo Điền"), 27118),  # → Phường An Khánh
        (("Tỉnh Thừa Thiên Huế", "Huyện Phú Lộc", "Thị trấn Lăng Cô"), 20152),  # "Chân Mây – Lăng Cô"
    ],
)
def test_old_addresses_resolve_through_the_table(mapper: Any, old: tuple[str, str, str], code: int) -> None:
    match = mapper.resolve(*old)
    assert match.codes == (code,) and not match.guess
    assert match.note.startswith("theo bảng chuyển đổi")


def test_a_split_commune_gives_every_new_commune(mapper: Any) -> None:
    match = mapper.resolve("Thành phố Cần Thơ", "Huyện Thới Lai", "Xã Tân Thạnh")
    assert len(match.codes) == 2 and not match.guess  # the register must say which


def test_a_match_without_marks_is_a_guess(mapper: Any) -> None:
    assert mapper.resolve("Thành phố Cần Thơ", "Huyện Thới Lai", "Xã Tân Thành").guess


def test_unknown_addresses_resolve_to_nothing(mapper: Any) -> None:
    assert mapper.resolve("Tỉnh Lạng Sơn", "Huyện Cao Lộc", "Xã Không Có").codes == ()
    assert mapper.resolve("foo", "bar", "baz").codes == ()
    assert mapper.resolve("", "", "").codes == ()


def test_every_new_ward_of_the_table_is_one_of_ours(mapper: Any) -> None:
    from vietnam_provinces import Ward

    ours = {int(w.code) for w in Ward.iter_all()}
    codes = list(mapper._codes.values())
    assert len(codes) == 3321 and set(codes) == ours
