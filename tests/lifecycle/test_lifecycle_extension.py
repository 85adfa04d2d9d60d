"""26/2026 Art. 12.3 (rules.md §0 item 4): a certificate whose re-rating window had closed before the
new rules took effect stays valid while its re-rating is pending, until the decision but at most 180
days past its expiry. Everywhere the status is shown: the verification page, the daily job, the
register, the catalogue."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.catalogue.models import CatalogueEntry
from ocop.catalogue.services import certified
from ocop.certificates.effects import dossier_moved
from ocop.certificates.models import Certificate
from ocop.core.process import State
from ocop.lifecycle import services

TODAY = date(2026, 11, 23)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    return TODAY


def _scan(code: str) -> str:
    return Client().get(reverse("verify", args=[code])).content.decode()


def test_a_pending_rerating_keeps_a_covered_certificate_valid(
    make_cert: Any, demo: dict[str, Any], today: date
) -> None:
    cert = make_cert(star=4, signed_on=date(2023, 8, 1))  # 148-2023, province; valid until 01/08/2026
    assert cert.valid_until == date(2026, 8, 1)
    assert 'data-status="expired"' in _scan(cert.code)

    dossier = services.start_follow_up(demo["chuthe.ruoumauson"], cert, "rerating")
    cert.refresh_from_db()
    assert cert.extended_until is None  # a draft is not a re-rating the authority has to decide

    dossier.state = State.FILED
    dossier.save()
    dossier_moved(dossier)  # as the dossier workflow does after each step
    cert.refresh_from_db()
    assert cert.extended_until == date(2027, 1, 28)  # 180 days after 01/08/2026
    assert AuditEvent.objects.filter(
        action="certificate.extended", subject=f"certificate:{cert.number}"
    ).exists()

    text = _scan(cert.code)
    assert 'data-status="valid"' in text and "data-extended" in text
    assert "chậm nhất 28/01/2027" in text and "Điều 12.3" in text
    assert cert not in services.mark_expired(today)
    assert certified(today).filter(pk=cert.pk).exists()
    assert CatalogueEntry.objects.get(product=cert.product).valid_until == date(2027, 1, 28)
    shown, _ = services.register(demo["tinh"], show="valid", today=today)
    assert shown.filter(pk=cert.pk).exists()

    # Withdrawn: nothing is pending any more, the certificate is expired at once and the job marks it.
    dossier.state = State.WITHDRAWN
    dossier.save()
    dossier_moved(dossier)
    cert.refresh_from_db()
    assert cert.extended_until is None
    assert 'data-status="expired"' in _scan(cert.code)
    assert not CatalogueEntry.objects.filter(product=cert.product, certificate=cert).exists()
    assert [c.pk for c in services.mark_expired(today)] == [cert.pk]


def test_the_extension_ends_180_days_after_expiry(make_cert: Any, demo: dict[str, Any]) -> None:
    cert = make_cert(star=4, signed_on=date(2023, 8, 1))
    dossier = services.start_follow_up(demo["chuthe.ruoumauson"], cert, "rerating")
    dossier.state = State.COMPLETE
    dossier.save()
    dossier_moved(dossier)
    assert services.mark_expired(date(2027, 1, 28)) == []
    assert [c.pk for c in services.mark_expired(date(2027, 1, 29))] == [cert.pk]
    assert Certificate.objects.get(pk=cert.pk).status == Certificate.Status.EXPIRED


def test_a_certificate_whose_window_could_be_met_is_not_extended(
    make_cert: Any, demo: dict[str, Any]
) -> None:
    # valid until 01/12/2026: its window closed on 03/08/2026, after 26/2026 took effect
    cert = make_cert(star=4, signed_on=date(2023, 12, 1))
    dossier = services.start_follow_up(demo["chuthe.ruoumauson"], cert, "rerating")
    dossier.state = State.FILED
    dossier.save()
    dossier_moved(dossier)
    cert.refresh_from_db()
    assert cert.extended_until is None


def test_staff_pages_show_the_extension(make_cert: Any, demo: dict[str, Any], today: date) -> None:
    cert = make_cert(star=4, signed_on=date(2023, 8, 1))
    dossier = services.start_follow_up(demo["chuthe.ruoumauson"], cert, "rerating")
    dossier.state = State.FILED
    dossier.save()
    dossier_moved(dossier)
    client = Client()
    client.force_login(demo["tinh"])
    life = client.get(reverse("lifecycle_certificate", args=[cert.pk])).content.decode()
    assert "chậm nhất 28/01/2027" in life
    register = client.get(reverse("certificate_register"), {"loc": "valid"}).content.decode()
    assert cert.number in register and "gia hạn đến 28/01/2027" in register


def test_reports_count_an_extended_certificate_in_force_not_expired(
    make_cert: Any, demo: dict[str, Any], today: date
) -> None:
    from ocop.reports.figures import Scope, build_figures

    cert = make_cert(star=4, signed_on=date(2023, 8, 1))
    scope = Scope(demo["tinh"].province_id, demo["tinh"].province.name)
    before = build_figures(scope, date(2026, 1, 1), date(2026, 12, 31), today)
    assert cert.number in {r.number for r in before.expired_list}
    dossier = services.start_follow_up(demo["chuthe.ruoumauson"], cert, "rerating")
    dossier.state = State.FILED
    dossier.save()
    dossier_moved(dossier)
    after = build_figures(scope, date(2026, 1, 1), date(2026, 12, 31), today)
    assert cert.number not in {r.number for r in after.expired_list}
    assert after.in_force.total == before.in_force.total + 1
