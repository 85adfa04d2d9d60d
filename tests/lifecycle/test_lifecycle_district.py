"""Certificates a district issued under 148-2023 (rules.md §3.3, §5.1): the demo has them, they keep
their district issuer, and the province proposes and decides their revocation. Who revokes them after
the districts were abolished is an open question (148-2023 `unknowns`), kept as the province."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from ocop.certificates.models import Certificate
from ocop.core.calendar_dates import add_months
from ocop.core.rulebooks import get_rulebook, rulebook_for_filing
from ocop.errors import StepRefused
from ocop.lifecycle import services
from ocop.lifecycle.revocation_doc import revocation_doc


@pytest.fixture
def district_cert(make_cert: Any) -> Any:
    return make_cert(product="Khâu nhục Lạng Sơn", star=3, signed_on=date(2024, 3, 15))


def test_a_148_2023_3star_is_the_districts(district_cert: Any, make_cert: Any) -> None:
    decision = district_cert.decision
    assert (decision.level, decision.rulebook_id) == ("district", "148-2023")
    assert decision.issuer == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert district_cert.number == "001/2024/OCOP-20-CL"  # the district's own sequence
    # the same star a year and a half later, under 1489: the province's
    later = make_cert(product="Hoa hồi khô Văn Quan", star=3, signed_on=date(2025, 9, 15))
    assert (later.decision.level, later.decision.rulebook_id) == ("province", "148-1489-2025")
    assert later.decision.issuer == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    assert later.number == "001/2025/OCOP-20"
    # 4★ under 148-2023 stayed with the province, 5★ with the centre
    four = make_cert(star=4, signed_on=date(2024, 3, 15))
    five = make_cert(product="Tinh dầu hồi Văn Quan", star=5, signed_on=date(2024, 3, 15))
    assert (four.decision.level, five.decision.level) == ("province", "central")
    assert five.number == "001/2024/OCOP-TW" and five.decision.province is None


def test_a_commune_without_a_known_old_district_is_refused(make_cert: Any) -> None:
    """The demo names no district it does not know: no district decision is made up."""
    with pytest.raises(ValueError, match="no old district"):
        make_cert(product="Na Chi Lăng", star=3, signed_on=date(2024, 3, 15))
    assert not Certificate.objects.filter(product__name="Na Chi Lăng").exists()


def test_the_province_revokes_a_district_certificate(district_cert: Any, demo: dict[str, Any]) -> None:
    with pytest.raises(StepRefused):
        services.propose_revocation(demo["trunguong"], district_cert, ground="b", note="Kết luận kiểm tra.")
    with pytest.raises(StepRefused):  # another province's staff
        services.propose_revocation(
            demo["tinh.caobang"], district_cert, ground="b", note="Kết luận kiểm tra."
        )
    revocation = services.propose_revocation(
        demo["tinh"], district_cert, ground="b", note="Kết luận kiểm tra."
    )
    services.decide_revocation(
        demo["lanhdao"],
        revocation,
        number="2700/QĐ-UBND",
        decided_on=timezone.localdate(),
        signer_title="Phó Chủ tịch",
    )
    revocation.refresh_from_db()
    district_cert.refresh_from_db()
    assert district_cert.status == Certificate.Status.REVOKED
    assert revocation.issuer == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    doc = revocation_doc(revocation)
    # the province revokes, and cites the recognition decision by its own issuer, the district's chair
    assert doc.issuer.name == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert doc.recognition.startswith(
        f"{district_cert.decision.number} ngày 15/03/2024 của Chủ tịch Ủy ban nhân dân huyện Cao Lộc "
    )


def test_the_open_question_is_written_in_the_rulebook() -> None:
    assert any(
        "Who revokes a 3★ certificate a district issued" in u for u in get_rulebook("148-2023").unknowns
    )


def test_demo_has_district_certificates_of_the_148_era(db: Any, settings: Any, tmp_path: Any) -> None:
    from ocop.demo.load import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    load_demo(pipeline=True)
    # The lifecycle demo signs its 3★ certificates 40 and 20 months before today: those signed while
    # 148-2023 applied (today: both) are the districts', named after the commune's old district.
    today = timezone.localdate()
    issuers = {
        "Hoa hồi khô Văn Quan": "ỦY BAN NHÂN DÂN HUYỆN VĂN QUAN",
        "Khâu nhục Lạng Sơn": "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
    }
    expected = {
        name: issuers[name]
        for name, months in (("Hoa hồi khô Văn Quan", -40), ("Khâu nhục Lạng Sơn", -20))
        if rulebook_for_filing(add_months(today, months)).id == "148-2023"
    }
    district = Certificate.objects.filter(decision__level="district").select_related("decision")
    assert {c.product_name: c.decision.issuer for c in district} == expected
    assert {(c.star, c.rulebook_id) for c in district} <= {(3, "148-2023")}
    # every other demo certificate: the province's (none is 5★)
    others = Certificate.objects.exclude(decision__level="district")
    assert set(others.values_list("decision__level", flat=True)) == {"province"}
    # the revoked khâu nhục: the province revoked it, whoever recognised it
    revoked = Certificate.objects.get(status=Certificate.Status.REVOKED)
    assert revoked.product_name == "Khâu nhục Lạng Sơn"
    assert revoked.revocations.get().decided_by.username == "lanhdao"
