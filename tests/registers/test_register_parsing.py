"""Reading a register's values: rulebooks, kinds, scorecards, stars against the bands, dates, addresses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from ocop.core.rulebooks import get_rulebook
from ocop.registers.addresses import Match, NameMapper, bare, canonical
from ocop.registers.columns import Sheet, heading_key, parse_date, read_sheet
from ocop.registers.services import check_rows, parse_kind, parse_rulebook, parse_scorecard, parse_star


@pytest.mark.parametrize(
    ("written", "rulebook_id"),
    [
        ("148-2023", "148-2023"),
        ("QĐ 148/QĐ-TTg", "148-2023"),
        ("148/QĐ-TTg sửa đổi bởi 1489/QĐ-TTg", "148-1489-2025"),
        ("1048/QĐ-TTg", "1048-2019"),
        ("QĐ 26/2026/QĐ-TTg", "26-2026"),
        ("26-2026", "26-2026"),
        ("bộ tiêu chí tỉnh", None),
    ],
)
def test_parse_rulebook(written: str, rulebook_id: str | None) -> None:
    assert parse_rulebook(written) == rulebook_id


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Hợp tác xã", "cooperative"),
        ("HTX", "cooperative"),
        ("Tổ hợp tác", "cooperative_group"),
        ("Công ty TNHH", "enterprise"),
        ("Hộ kinh doanh", "household"),
        ("Hộ sản xuất, hộ kinh doanh", "household"),
        ("Trang trại", "farm"),
        ("household", "household"),
        ("Cá nhân", None),
    ],
)
def test_parse_kind(written: str, kind: str | None) -> None:
    assert parse_kind(written) == kind


def test_parse_scorecard_by_number_or_words() -> None:
    rb = get_rulebook("148-2023")
    assert parse_scorecard(rb, 14).number == 14  # type: ignore[union-attr]
    assert parse_scorecard(rb, "14 - Rượu trắng").number == 14  # type: ignore[union-attr]
    assert parse_scorecard(rb, "Chế biến từ gạo, ngũ cốc").number == 6  # type: ignore[union-attr]
    assert parse_scorecard(rb, "Bộ sản phẩm: Chế biến từ gạo, ngũ cốc").number == 6  # type: ignore[union-attr]
    assert parse_scorecard(rb, "Đồ chơi") is None
    assert parse_scorecard(rb, 40) is None


def test_parse_star_and_dates() -> None:
    assert [parse_star(v) for v in (4, 4.0, "4 sao", "5★", "3,5", "x")] == [4, 4, 4, 5, None, None]
    assert parse_date("05/08/2026") == date(2026, 8, 5)
    assert parse_date("5-8-2026") == date(2026, 8, 5)
    assert parse_date("2026-08-05") == date(2026, 8, 5)
    assert parse_date(datetime(2026, 8, 5, 0, 0)) == date(2026, 8, 5)
    assert parse_date("31/02/2026") is None


def test_heading_keys_ignore_marks_and_case() -> None:
    assert heading_key("Xã (cũ)") == heading_key("XA CU") == "xacu"
    data = "\n".join(["Sổ theo dõi", "", "TÊN CHỦ THỂ,Sản phẩm,Số GCN,Hạng sao", "A,B,C,3"]).encode()
    sheet = read_sheet(data, "x.csv")
    assert set(sheet.columns) == {"producer", "product", "certificate", "star"}
    assert sheet.rows == [(4, {"producer": "A", "product": "B", "certificate": "C", "star": "3"})]


def test_names_compare_across_tone_placement() -> None:
    assert canonical("Xã Hoà  Bình") == canonical("xã Hòa Bình")
    assert bare("Thị trấn Đồng Mỏ") == "đồng mỏ" and bare("Tỉnh Lạng Sơn") == "lạng sơn"


class FixedMapper:
    def __init__(self, codes: tuple[int, ...]) -> None:
        self.codes = codes

    def resolve(self, province: str, district: str, commune: str) -> Match:
        return Match(self.codes, note="bảng thử")


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "producer": "HTX A",
        "kind": "Hợp tác xã",
        "representative": "Ông A",
        "old_commune": "Xã A",
        "old_district": "Huyện A",
        "old_province": "Tỉnh Lạng Sơn",
        "product": "Sản phẩm A",
        "scorecard": 1,
        "star": 3,
        "total": 75,
        "certificate": "N-1",
        "decision_number": "1/QĐ",
        "decision_date": "01/02/2024",
        "rulebook": "148-2023",
    }
    row.update(changes)
    return row


def test_star_below_the_band_is_accepted_only_where_minimums_can_lower_it(demo: dict[str, Any]) -> None:
    province_id = demo["tinh"].province_id
    sheet = Sheet({}, [(2, _row()), (3, _row(rulebook="1048-2019", certificate="N-2"))])
    first, second = check_rows(sheet, province_id, FixedMapper((6463,)))
    assert first.ok, first.problems  # 148: 75 points is 4★ by band, 3★ after the minimums
    assert first.valid_until == date(2027, 2, 1)  # 36 months from the decision
    assert any("3 sao không khớp tổng điểm 75" in p for p in second.problems)  # 1048 has no minimums


def test_a_split_commune_needs_the_new_code(demo: dict[str, Any]) -> None:
    province_id = demo["tinh"].province_id
    (row,) = check_rows(Sheet({}, [(2, _row())]), province_id, FixedMapper((6463, 6253)))
    assert any("nay thuộc nhiều xã (6463, 6253)" in p for p in row.problems)
    (row,) = check_rows(Sheet({}, [(2, _row(new_commune_code=6253))]), province_id, FixedMapper((6463, 6253)))
    assert row.ok and row.commune is not None and row.commune.code == 6253


def test_name_mapper_matches_only_same_names(demo: dict[str, Any]) -> None:
    mapper = NameMapper()
    match = mapper.resolve("Tỉnh Lạng Sơn", "Huyện Văn Quan", "Xã Văn Quan")
    assert match.codes == (6253,) and match.guess
    assert mapper.resolve("Tỉnh Lạng Sơn", "Huyện Chi Lăng", "Thị trấn Đồng Mỏ").codes == ()
    assert mapper.resolve("Tỉnh Bắc Kạn", "", "Xã Văn Quan").codes == ()


def test_package_mapper_uses_the_conversion_table(db: Any) -> None:
    from ocop.registers.addresses import PackageMapper

    mapper = PackageMapper()
    assert mapper.resolve("Tỉnh Lạng Sơn", "Huyện Chi Lăng", "Thị trấn Đồng Mỏ").codes == (6463,)
    assert mapper.resolve("Lạng Sơn", "Chi Lăng", "Thị trấn Chi Lăng").codes == (6463,)
    assert not mapper.resolve("Lạng Sơn", "Chi Lăng", "Không Có").codes
