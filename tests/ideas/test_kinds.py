"""What "the same kind of product" means (ocop.ideas.kinds): the scorecard, and the name without its
place. Pure Python: no database."""

from __future__ import annotations

from ocop.ideas.kinds import core_name, fold, kind_key, place


def test_fold_drops_accents_case_and_punctuation() -> None:
    assert fold("Miến dong – QUẢNG LÂM!") == "mien dong quang lam"
    assert fold("Đặc sản Đồng Đăng") == "dac san dong dang"


def test_the_place_of_a_unit_name() -> None:
    assert place("Xã Chi Lăng") == "Chi Lăng"
    assert place("Phường Tam Thanh") == "Tam Thanh"
    assert place("Đặc khu Vân Đồn") == "Vân Đồn"
    assert place("Lạng Sơn") == "Lạng Sơn"


def test_the_name_without_the_commune_and_the_province() -> None:
    places = ["Xã Quảng Lâm", "Cao Bằng"]
    assert core_name("Miến dong Quảng Lâm", places) == "mien dong"
    assert core_name("Miến dong Cao Bằng Quảng Lâm", places) == "mien dong"
    assert core_name("Quảng Lâm", places) == "quang lam"  # nothing else left: the whole name
    # Only whole words: "Lâm" inside another word stays.
    assert core_name("Miến dong Quảng Lâmxanh", places) == "mien dong quang lamxanh"


def test_two_communes_same_kind_and_not() -> None:
    quang_lam = kind_key(7, "Thạch đen Quảng Lâm", ["Xã Quảng Lâm", "Cao Bằng"])
    nguyen_binh = kind_key(7, "Thạch đen Nguyên Bình", ["Xã Nguyên Bình", "Cao Bằng"])
    assert quang_lam == nguyen_binh == "7:thach den"
    assert kind_key(6, "Thạch đen Quảng Lâm", ["Xã Quảng Lâm"]) != quang_lam  # another scorecard
    assert kind_key(7, "Thạch đen khô Quảng Lâm", ["Xã Quảng Lâm"]) != quang_lam  # another name
