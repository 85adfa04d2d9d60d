"""Each target kind's progress, counted from records the test made by hand (exact values)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ocop.areas.models import Commune, Province
from ocop.programme import progress as p
from ocop.programme.models import Attendance, Course, DeclaredRevenue, Event, Target, TargetKind

ON = date(2026, 10, 1)


@pytest.fixture
def ls(demo: dict[str, Any]) -> Province:
    return Province.objects.get(code=20)


@pytest.fixture
def decided(decide: Any, products: dict[str, Any]) -> None:
    """Provincial decisions of 2026 on five Lạng Sơn products (four at 3★+), and records that must not count."""
    decide(products["Na Chi Lăng"], "recognised", 4, date(2026, 3, 5))
    decide(products["Na sấy dẻo Chi Lăng"], "recognised", 3, date(2026, 3, 5))
    decide(products["Hoa hồi khô Văn Quan"], "not_recognised", None, date(2026, 6, 2))
    decide(products["Tinh dầu hồi Văn Quan"], "forwarded", 5, date(2026, 6, 2))
    decide(products["Khâu nhục Lạng Sơn"], "recognised", 4, date(2026, 8, 1), kind="rerating")
    # Not counted: another year, another province, the central level, after the day measured.
    decide(products["Rượu Mẫu Sơn 29 độ"], "recognised", 3, date(2025, 11, 20))
    decide(products["Miến dong Quảng Lâm"], "recognised", 3, date(2026, 3, 5))
    decide(products["Tinh dầu hồi Văn Quan"], "recognised", 5, date(2026, 9, 1), level="central")
    decide(products["Rượu Mẫu Sơn 29 độ"], "not_recognised", None, date(2026, 12, 1))


def test_share_3star_counts_products_decided_at_province_in_the_year(ls: Province, decided: None) -> None:
    m = p.share_3star(ls, 2026, ON)
    assert (m.numerator, m.denominator) == (4, 5)
    assert m.value == Decimal("80.0")


def test_share_3star_counts_a_product_once(ls: Province, decide: Any, products: dict[str, Any]) -> None:
    decide(products["Hoa hồi khô Văn Quan"], "not_recognised", None, date(2026, 3, 1))
    decide(products["Hoa hồi khô Văn Quan"], "recognised", 3, date(2026, 7, 1))
    decide(products["Khâu nhục Lạng Sơn"], "not_recognised", None, date(2026, 7, 1))
    m = p.share_3star(ls, 2026, ON)
    assert (m.numerator, m.denominator, m.value) == (1, 2, Decimal("50.0"))


def test_share_3star_without_decisions_has_no_value(ls: Province) -> None:
    assert p.share_3star(ls, 2026, ON).value is None


def test_4star_and_5star_count_new_recognitions_not_reratings(
    ls: Province, decided: None, decide: Any, products: dict[str, Any]
) -> None:
    # Revoked since: not counted.
    decide(products["Hoa hồi khô Văn Quan"], "recognised", 4, date(2026, 7, 1), status="revoked")
    assert p.count_4star(ls, 2026, ON).value == Decimal(1)  # Na Chi Lăng; Khâu nhục is a re-rating
    assert p.count_5star(ls, 2026, ON).value == Decimal(1)  # Tinh dầu hồi, at the central level
    assert p.count_5star(ls, 2026, date(2026, 8, 31)).value == Decimal(0)


def test_new_organisations_by_kind_and_created_date(ls: Province, demo: dict[str, Any]) -> None:
    from ocop.producers.models import Producer

    Producer.objects.update(created_at=timezone.make_aware(datetime(2025, 5, 1)))
    commune = Commune.objects.get(code=6463)

    def producer(name: str, kind: str, created: datetime) -> None:
        obj = Producer.objects.create(
            name=name, kind=kind, representative="X", address="Chi Lăng", commune=commune
        )
        Producer.objects.filter(pk=obj.pk).update(created_at=timezone.make_aware(created))

    producer("HTX Mới", "cooperative", datetime(2026, 2, 1))
    producer("Công ty Mới", "enterprise", datetime(2026, 9, 30))
    producer("Tổ hợp tác Mới", "cooperative_group", datetime(2026, 4, 1))
    producer("Hộ Mới", "household", datetime(2026, 3, 1))  # not an organisation
    producer("HTX Muộn", "cooperative", datetime(2026, 12, 1))  # after the day measured
    other = Commune.objects.get(code=1304)
    Producer.objects.create(
        name="HTX Cao Bằng", kind="cooperative", representative="Y", address="Z", commune=other
    )
    m = p.new_organisations(ls, 2026, ON)
    assert m.value == Decimal(3)
    assert "Hợp tác xã: 1" in m.vi and "Doanh nghiệp nhỏ và vừa: 1" in m.vi


def test_sales_point_coverage(ls: Province, demo: dict[str, Any]) -> None:
    from ocop.catalogue.models import SalesPoint

    communes = Commune.objects.filter(province=ls).count()

    def point(name: str, commune: int | None, active: bool = True) -> None:
        SalesPoint.objects.create(
            name=name,
            address="x",
            province=ls,
            commune=Commune.objects.get(code=commune) if commune else None,
            active=active,
        )

    point("A", 6463)
    point("B", 6463)
    point("C", 6253)
    point("D", 6541, active=False)
    point("E", None)
    SalesPoint.objects.create(
        name="Cao Bằng",
        address="x",
        province=Province.objects.get(code=4),
        commune=Commune.objects.get(code=1304),
    )
    m = p.sales_point_coverage(ls, 2026, ON)
    assert (m.numerator, m.denominator) == (2, communes)
    assert m.value == (Decimal(200) / Decimal(communes)).quantize(Decimal("0.1"))


def test_events_count_fairs_and_trade_promotion(ls: Province, demo: dict[str, Any]) -> None:
    def event(kind: str, day: date, province: Province = ls) -> None:
        Event.objects.create(
            kind=kind,
            title="x",
            starts_on=day,
            ends_on=day,
            place="x",
            province=province,
            created_by=demo["tinh"],
        )

    event("fair", date(2026, 4, 10))
    event("fair", date(2026, 9, 1))
    event("trade_promotion", date(2026, 6, 1))
    event("conference", date(2026, 7, 8))  # not a promotion event
    event("fair", date(2025, 4, 10))  # last year
    event("fair", date(2026, 12, 1))  # after the day measured
    event("fair", date(2026, 4, 10), Province.objects.get(code=4))  # another province
    assert p.events(ls, 2026, ON).value == Decimal(3)


def _course(demo: dict[str, Any], day: date) -> Course:
    return Course.objects.create(
        title="x",
        starts_on=day,
        ends_on=day,
        place="x",
        province=Province.objects.get(code=20),
        created_by=demo["tinh"],
    )


def _attend(demo: dict[str, Any], course: Course, attended: bool = True, **who: Any) -> None:
    Attendance.objects.create(course=course, name="x", attended=attended, recorded_by=demo["tinh"], **who)


def test_officials_trained_share(ls: Province, demo: dict[str, Any]) -> None:
    # Lạng Sơn officials: tinh, lanhdao, thuky, hoidong1-3, xa.chilang, xa.vanquan = 8
    # (admin and central staff are not provincial officials).
    course, old = _course(demo, date(2026, 5, 20)), _course(demo, date(2025, 5, 20))
    _attend(demo, course, user=demo["tinh"])
    _attend(demo, course, user=demo["xa.chilang"])
    _attend(demo, course, user=demo["tinh"])  # twice on the list still one person
    _attend(demo, course, attended=False, user=demo["hoidong1"])  # registered, absent
    _attend(demo, old, user=demo["xa.vanquan"])  # last year
    _attend(demo, course, user=demo["trunguong"])  # not a provincial official
    m = p.officials_trained(ls, 2026, ON)
    assert (m.numerator, m.denominator, m.value) == (2, 8, Decimal("25.0"))


def test_producers_trained_share(ls: Province, demo: dict[str, Any]) -> None:
    from ocop.producers.models import Producer

    course = _course(demo, date(2026, 5, 20))
    _attend(demo, course, producer=Producer.objects.get(name="Hợp tác xã Na Chi Lăng"))
    _attend(demo, course, user=demo["chuthe.hoivanquan"])  # through the producer's user
    _attend(demo, course, attended=False, producer=Producer.objects.get(name="Công ty TNHH Rượu Mẫu Sơn"))
    m = p.producers_trained(ls, 2026, ON)
    assert (m.numerator, m.denominator, m.value) == (2, 4, Decimal("50.0"))


def test_revenue_growth_of_certified_producers(
    ls: Province, demo: dict[str, Any], decide: Any, products: dict[str, Any]
) -> None:
    from ocop.producers.models import Producer

    decide(products["Na Chi Lăng"], "recognised", 4, date(2026, 3, 1))
    decide(products["Hoa hồi khô Văn Quan"], "recognised", 3, date(2025, 3, 1))
    decide(products["Rượu Mẫu Sơn 29 độ"], "recognised", 3, date(2026, 3, 1))
    by_name = {x.name: x for x in Producer.objects.all()}

    def rev(name: str, year: int, amount: str) -> None:
        DeclaredRevenue.objects.create(
            producer=by_name[name], year=year, amount=Decimal(amount), recorded_by=demo["tinh"]
        )

    rev("Hợp tác xã Na Chi Lăng", 2025, "1000")
    rev("Hợp tác xã Na Chi Lăng", 2026, "1200")
    rev("Hợp tác xã Hồi Văn Quan", 2025, "500")
    rev("Hợp tác xã Hồi Văn Quan", 2026, "450")
    rev("Công ty TNHH Rượu Mẫu Sơn", 2026, "9000")  # one year only: left out
    rev("Hộ kinh doanh Khâu nhục Bà Tươi", 2025, "100")  # no certificate: left out
    rev("Hộ kinh doanh Khâu nhục Bà Tươi", 2026, "1000")
    m = p.revenue_growth(ls, 2026, ON)
    assert (m.numerator, m.denominator) == (Decimal("1650"), Decimal("1500"))
    assert m.value == Decimal("10.0")


def test_revenue_growth_without_declarations_has_no_value(ls: Province) -> None:
    assert p.revenue_growth(ls, 2026, ON).value is None


def test_progress_against_target(plan: Any, decided: None) -> None:
    share = Target.objects.create(plan=plan, kind=TargetKind.SHARE_3STAR, value=Decimal(70))
    fours = Target.objects.create(plan=plan, kind=TargetKind.COUNT_4STAR, value=Decimal(5))
    revenue = Target.objects.create(plan=plan, kind=TargetKind.REVENUE_GROWTH, value=Decimal(10))

    r = p.progress(share, ON)
    assert (r.measure.value, r.percent, r.achieved, r.on_track) == (
        Decimal("80.0"),
        Decimal("114.3"),
        True,
        True,
    )
    assert r.status_en == "achieved" and r.meter == 100

    # 1 of 5 by 1 July: the pace asks for 5 × 182/365 = 2.5 → behind.
    r = p.progress(fours, date(2026, 7, 1))
    assert (r.measure.value, r.percent, r.expected) == (Decimal(1), Decimal("20.0"), Decimal("2.5"))
    assert (r.achieved, r.on_track, r.status_vi) == (False, False, "Chậm tiến độ")
    # On 10 March the one recognised on 5 March is ahead of the pace (5 × 69/365 = 0.9).
    r = p.progress(fours, date(2026, 3, 10))
    assert (r.measure.value, r.expected, r.on_track, r.status_en) == (
        Decimal(1),
        Decimal("0.9"),
        True,
        "on track",
    )

    r = p.progress(revenue, ON)
    assert (r.measure.value, r.on_track, r.status_vi) == (None, None, "Chưa có số liệu")


def test_every_kind_has_a_measure_function() -> None:
    assert set(p.MEASURES) == set(TargetKind)


def test_year_elapsed() -> None:
    assert p.year_elapsed(2026, date(2025, 12, 31)) == 0
    assert p.year_elapsed(2026, date(2026, 12, 31)) == 1
    assert p.year_elapsed(2026, date(2026, 1, 1)) == Decimal(1) / Decimal(365)
