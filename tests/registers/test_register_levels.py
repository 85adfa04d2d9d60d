"""The level and issuer of an imported decision come from the certificate's own rulebook
(rules.md §0, §3.3, §3.4, §5.1): a 148-2023 3★ was a district decision; everything else is the
province's, or the centre's for 5★. The issuer is kept as written, derived from the old district
only for a district decision, and never made up."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from ocop.certificates.models import Certificate, Decision
from ocop.certificates.services import decision_issuer, decisions_for, district_issuer
from ocop.registers import services
from ocop.registers.columns import COLUMNS
from ocop.registers.models import ImportBatch

KEYS = [c.key for c in COLUMNS]


def row(**values: Any) -> list[Any]:
    """A good Lạng Sơn row (Văn Quan, scorecard 6), changed by column key."""
    base = {
        "producer": "Hộ kinh doanh Miến Văn Quan",
        "kind": "Hộ kinh doanh",
        "representative": "Nông Văn Bình",
        "old_commune": "Xã Văn Quan",
        "old_district": "Huyện Văn Quan",
        "old_province": "Tỉnh Lạng Sơn",
        "new_commune_code": 6253,
        "product": "Miến dong Văn Quan",
        "scorecard": 6,
        "star": 3,
        "total": 62,
        "certificate": "LS-X-1",
        "decision_number": "101/QĐ-UBND",
        "decision_date": "12/10/2024",
        "valid_until": None,
        "rulebook": "148-2023",
        "issuer": None,
    }
    base.update(values)
    return [base.get(k) for k in KEYS]  # optional columns left out are blank


def _upload(staff: Any, rows: list[list[Any]], sample: Any) -> ImportBatch:
    return services.upload(staff, "so.xlsx", sample.workbook(rows, title=False))


def _import(staff: Any, rows: list[list[Any]], sample: Any) -> None:
    batch = _upload(staff, rows, sample)
    assert services.analyse(batch).ready, [r.problems for r in services.analyse(batch).rows]
    services.confirm(staff, batch)


def _decision(number: str) -> Decision:
    return Certificate.objects.select_related("decision").get(number=number).decision


def test_each_rulebook_gives_its_own_level(demo: dict[str, Any], sample: Any) -> None:
    _import(
        demo["tinh"],
        [
            row(certificate="A-148-3"),
            row(certificate="A-1048-3", rulebook="1048-2019", decision_date="12/10/2021"),
            row(certificate="A-1489-3", rulebook="148-1489-2025", decision_date="12/10/2025"),
            row(certificate="A-26-4", rulebook="26-2026", star=4, total=80, decision_date="05/08/2026"),
            row(certificate="A-148-4", star=4, total=80, decision_number="102/QĐ-UBND"),
            row(certificate="A-148-5", star=5, total=92, decision_number="103/QĐ-BNN"),
        ],
        sample,
    )
    levels = {
        number: _decision(number).level
        for number in ("A-148-3", "A-1048-3", "A-1489-3", "A-26-4", "A-148-4", "A-148-5")
    }
    assert levels == {
        "A-148-3": "district",
        "A-1048-3": "province",
        "A-1489-3": "province",
        "A-26-4": "province",
        "A-148-4": "province",
        "A-148-5": "central",
    }
    # a district decision with no issuer in the register: derived from the old district
    assert _decision("A-148-3").issuer == "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"
    # never derived for the other levels: left as the register gives it (here, nothing)
    assert _decision("A-148-4").issuer == ""
    # the certificate keeps its own number, whatever the level
    assert Certificate.objects.filter(number="A-148-3").exists()


def test_issuer_written_in_the_register_is_kept(demo: dict[str, Any], sample: Any) -> None:
    _import(demo["tinh"], [row(issuer="UBND huyện Văn Quan, tỉnh Lạng Sơn")], sample)
    decision = _decision("LS-X-1")
    assert (decision.level, decision.issuer) == ("district", "UBND huyện Văn Quan, tỉnh Lạng Sơn")


def test_no_issuer_and_no_old_district_is_left_blank_with_a_warning(
    demo: dict[str, Any], sample: Any
) -> None:
    staff = demo["tinh"]
    batch = _upload(staff, [row(old_district=None)], sample)
    (checked,) = services.analyse(batch).rows
    assert checked.problems == []  # the new commune code stands for the address
    assert (checked.level, checked.issuer) == ("district", "")
    assert checked.notes == [
        "Quyết định cấp huyện nhưng sổ không ghi «Cơ quan ban hành» và «Huyện (cũ)»: cơ quan ban hành "
        "để trống / a district decision with no issuer and no old district: the issuer is left blank"
    ]
    client = Client()
    client.force_login(staff)
    html = client.get(reverse("register_preview", args=[batch.pk])).content.decode()
    assert "cơ quan ban hành để trống" in html
    assert '<small class="level" data-level="district">Cấp huyện</small>' in html
    services.confirm(staff, batch)
    decision = _decision("LS-X-1")
    assert (decision.level, decision.issuer) == ("district", "")


def test_preview_shows_the_level_and_where_the_issuer_came_from(demo: dict[str, Any], sample: Any) -> None:
    staff = demo["tinh"]
    batch = _upload(
        staff, [row(), row(certificate="LS-X-2", star=4, total=80, issuer="UBND tỉnh Lạng Sơn")], sample
    )
    client = Client()
    client.force_login(staff)
    html = client.get(reverse("register_preview", args=[batch.pk])).content.decode()
    assert (
        '<small class="level" data-level="district">Cấp huyện · ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN '
        '(suy từ huyện cũ <span class="en">from the old district</span>)</small>'
    ) in html
    assert '<small class="level" data-level="province">Cấp tỉnh · UBND tỉnh Lạng Sơn</small>' in html


def test_an_issuer_of_another_level_is_kept_but_flagged(demo: dict[str, Any], sample: Any) -> None:
    staff = demo["tinh"]
    batch = _upload(staff, [row(issuer="UBND tỉnh Lạng Sơn")], sample)
    (checked,) = services.analyse(batch).rows
    assert checked.problems == []
    assert checked.issuer == "UBND tỉnh Lạng Sơn"
    assert checked.notes == [
        "«UBND tỉnh Lạng Sơn» không khớp cấp công nhận 3 sao theo bộ quy tắc 148-2023 (cấp huyện): "
        "kiểm tra lại / the issuer does not look like the level the rulebook gives"
    ]


@pytest.mark.parametrize(
    ("decision_date", "then"),
    [("01/09/2025", ", ngày đó áp dụng «148-1489-2025»"), ("15/08/2022", ", ngày đó áp dụng «1048-2019»")],
)
def test_a_district_decision_outside_its_rulebooks_dates_is_refused(
    demo: dict[str, Any], sample: Any, decision_date: str, then: str
) -> None:
    """Districts were abolished on 1/7/2025: a "148-2023" 3★ decided later cannot be the district's."""
    staff = demo["tinh"]
    batch = _upload(staff, [row(decision_date=decision_date)], sample)
    (checked,) = services.analyse(batch).rows
    assert checked.problems == [
        f"Theo bộ quy tắc 148-2023, 3 sao do cấp huyện công nhận, nhưng quyết định ngày {decision_date} nằm "
        f"ngoài thời gian áp dụng (24/02/2023–05/07/2025{then}): kiểm tra «Bộ quy tắc» / a district "
        "decision outside the rulebook's dates: check the rulebook column"
    ]
    before = Decision.objects.count()
    with pytest.raises(services.StepRefused):
        services.confirm(staff, batch)
    assert Decision.objects.count() == before


def test_two_districts_numbering_alike_get_two_decisions(demo: dict[str, Any], sample: Any) -> None:
    _import(
        demo["tinh"],
        [
            row(certificate="D-1"),
            row(certificate="D-2", product="Miến dong 2"),  # the same district decision
            row(
                certificate="D-3",
                producer="Hộ kinh doanh Khâu nhục Cao Lộc",
                product="Khâu nhục Cao Lộc",
                old_commune="Xã Cao Lộc",
                old_district="Huyện Cao Lộc",
                new_commune_code=6193,
                scorecard=8,
            ),
        ],
        sample,
    )
    assert _decision("D-1") == _decision("D-2")
    assert _decision("D-3") != _decision("D-1")
    assert (_decision("D-3").number, _decision("D-3").issuer) == (
        "101/QĐ-UBND",
        "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
    )


def test_a_district_decision_stays_visible_to_its_province(demo: dict[str, Any], sample: Any) -> None:
    _import(demo["tinh"], [row()], sample)
    decision = _decision("LS-X-1")
    assert list(decisions_for(demo["tinh"])) == [decision]
    assert list(decisions_for(demo["tinh.caobang"])) == []
    client = Client()
    client.force_login(demo["tinh"])
    page = client.get(reverse("decision_detail", args=[decision.pk]))
    assert "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN" in page.content.decode()
    # the certificate is printed under the district's name and place
    issuer = decision_issuer(decision)
    assert (issuer.name, issuer.place) == ("Ủy ban nhân dân huyện Văn Quan", "Văn Quan")
    assert issuer.heading() == ("ỦY BAN NHÂN DÂN", "HUYỆN VĂN QUAN")
    certificate = Certificate.objects.get(number="LS-X-1")
    pdf = client.get(reverse("certificate_pdf", args=[certificate.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "HUYỆN VĂN QUAN" in text and "Văn Quan, ngày 12 tháng 10 năm 2024" in text
    assert "TỈNH LẠNG SƠN" not in text


@pytest.mark.parametrize(
    ("old_district", "issuer"),
    [
        ("Huyện Văn Quan", "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"),
        ("Văn Quan", "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN"),  # the column is "Huyện (cũ)"
        ("  huyện   Cao Lộc ", "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"),
        ("Thành phố Lạng Sơn", "ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN"),
        ("TP. Lạng Sơn", "ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN"),
        ("Thị xã Quảng Yên", "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG YÊN"),
        ("", ""),
    ],
)
def test_district_issuer_keeps_the_unit_as_written(old_district: str, issuer: str) -> None:
    assert district_issuer(old_district) == issuer


@pytest.mark.parametrize(
    ("recorded", "name", "place"),
    [
        ("ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN", "Ủy ban nhân dân huyện Văn Quan", "Văn Quan"),
        ("ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG YÊN", "Ủy ban nhân dân thị xã Quảng Yên", "Quảng Yên"),
        # not in the derived form: printed as recorded, with the province as the place
        ("UBND huyện Văn Quan", "UBND huyện Văn Quan", ""),
        ("ỦY BAN NHÂN DÂN VĂN QUAN", "ỦY BAN NHÂN DÂN VĂN QUAN", ""),
        ("", "Ủy ban nhân dân cấp huyện", ""),  # left blank at import: the level, not a made-up name
    ],
)
def test_a_district_decision_prints_its_recorded_issuer(recorded: str, name: str, place: str) -> None:
    issuer = decision_issuer(Decision(level="district", issuer=recorded, province=None))
    assert (issuer.name, issuer.place) == (name, place)


def test_a_bare_148_is_read_by_the_decisions_date(demo: dict[str, Any], sample: Any) -> None:
    # Registers write "QĐ 148" for 2023–2025 alike; from 6/7/2025 that is 148 as amended by 1489.
    staff = demo["tinh"]
    rows = [
        row(certificate="B-1", rulebook="QĐ 148/QĐ-TTg", decision_date="04/07/2025"),
        row(certificate="B-2", rulebook="QĐ 148/QĐ-TTg", decision_date="06/07/2025"),
        row(certificate="B-3", rulebook="148-2023", decision_date="06/07/2025"),  # written out: kept
    ]
    checked = services.analyse(_upload(staff, rows, sample)).rows
    assert [r.rulebook_id for r in checked] == ["148-2023", "148-1489-2025", "148-2023"]
    assert checked[0].problems == [] and checked[1].problems == []
    assert any("đọc là 148-1489-2025" in n for n in checked[1].notes)
    assert checked[2].problems  # a district decision after districts were abolished: check the column
    assert (checked[0].level, checked[1].level) == ("district", "province")
