"""Time limits of an evaluation, shown and warned about (26/2026 Art. 7.6g and Art. 12.2).

- Art. 7.6g: "Thời gian tổ chức đánh giá, phân hạng lại sản phẩm OCOP không quá 45 ngày kể từ ngày nhận
  đủ hồ sơ đề nghị của UBND cấp xã hoặc UBND cấp tỉnh." Days are not qualified: calendar days; the
  clock starts the day the province accepts the dossier as complete (our reading, docs/scoring.md).
- Art. 12.2: a dossier filed before 22/5/2026 under the old rules is finished within 60 days of that day
  (first rating, upgrade) or 30 days (re-rating).
"""

from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossier_data import FOUR, PDF
from ocop.accounts.models import Role, User
from ocop.audit.models import AuditEvent
from ocop.core.calendar_dates import add_months
from ocop.core.rulebooks import get_rulebook
from ocop.dossiers.models import Dossier
from ocop.dossiers.services import accept, add_document, commune_report, file_dossier, finish_by
from ocop.lifecycle.services import start_follow_up

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response: Any) -> str:
    """The page's words, without tags or line breaks."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())).split())


def test_the_rulebook_gives_45_calendar_days_for_a_re_rating() -> None:
    assert get_rulebook("26-2026").rerating_due(date(2026, 12, 4)) == date(2027, 1, 18)
    assert get_rulebook("148-1489-2025").rerating_due(date(2026, 1, 5)) is None  # 148 sets none


@pytest.fixture
def rerating(demo: dict[str, Any], make_cert: Any) -> Dossier:
    """A re-rating of a 4★ certificate expiring in 150 days (inside the filing window, Art. 7.6a),
    filed, reported by its commune and accepted by the province today."""
    today = timezone.localdate()
    certificate = make_cert(star=4, signed_on=add_months(today + timedelta(days=150), -36))
    producer = demo["chuthe.ruoumauson"]
    dossier = start_follow_up(producer, certificate, "rerating")
    for kind in ("form01", "form02", "legal"):
        add_document(producer, dossier, kind, f"{kind}.pdf", io.BytesIO(PDF), len(PDF))
    file_dossier(producer, dossier)
    officer = User.objects.create(
        username="xa.mauson", role=Role.COMMUNE_OFFICER, commune_id=dossier.commune_id
    )
    commune_report(officer, dossier, report_number="41/BC-UBND", **FOUR)
    accept(demo["tinh"], dossier)
    dossier.refresh_from_db()
    return dossier


def test_a_re_rating_runs_against_45_days_from_the_complete_dossier(
    demo: dict[str, Any], rerating: Dossier
) -> None:
    today = timezone.localdate()
    assert rerating.received_complete_on == today
    limit = finish_by(rerating)
    assert limit is not None and (limit.due, limit.days_left, limit.running) == (
        today + timedelta(45),
        45,
        True,
    )
    page = text(client_for(demo["tinh"]).get(reverse("dossier_detail", args=[rerating.pk])))
    assert f"Hạn hoàn thành đánh giá Evaluation due {limit.due:%d/%m/%Y} · còn 45 ngày" in page
    assert "Điều 7.6g QĐ 26/2026/QĐ-TTg" in page
    # The certificate register shows the re-rating in progress and its limit.
    register = text(client_for(demo["tinh"]).get(reverse("certificate_register")))
    assert f"Đang phân hạng lại : hạn {limit.due:%d/%m/%Y}, còn 45 ngày (Điều 7.6g)" in register
    # Late: shown as such.
    late = finish_by(rerating, today + timedelta(days=50))
    assert late is not None and (late.late, late.days_late) == (True, 5)


def test_the_daily_job_warns_the_province_once_before_the_limit(
    demo: dict[str, Any], rerating: Dossier, django_capture_on_commit_callbacks: Any
) -> None:
    due = timezone.localdate() + timedelta(days=45)
    early = (due - timedelta(days=11)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ocop_daily", "--today", early, stdout=io.StringIO())
    assert not AuditEvent.objects.filter(action="dossier.finish_by_warning").exists()
    mail.outbox.clear()
    for _ in range(2):  # the second run sends nothing again
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "ocop_daily", "--today", (due - timedelta(days=10)).isoformat(), stdout=io.StringIO()
            )
    warnings = [m for m in mail.outbox if m.subject.startswith("[OCOP] Hạn hoàn thành đánh giá")]
    assert [m.to for m in warnings] == [["tinh@demo.ocop.invalid"]]
    assert f"trước ngày {due:%d/%m/%Y}, còn 10 ngày" in warnings[0].body
    assert AuditEvent.objects.filter(action="dossier.finish_by_warning", dossier=rerating).count() == 1


def test_a_dossier_filed_under_the_old_rules_shows_its_transition_limit(
    demo: dict[str, Any], complete: Any
) -> None:
    # Filed on 10/5/2026 under 148 as amended by 1489: a first rating must be finished by 21/7/2026.
    dossier = complete("Na sấy dẻo Chi Lăng")
    Dossier.objects.filter(pk=dossier.pk).update(filed_on=date(2026, 5, 10), rulebook_id="148-1489-2025")
    dossier.refresh_from_db()
    limit = finish_by(dossier, date(2026, 7, 1))
    assert limit is not None and (limit.due, limit.days_left) == (date(2026, 7, 21), 20)
    assert limit.basis.startswith("Điều 12.2 QĐ 26/2026/QĐ-TTg")
    page = text(client_for(demo["tinh"]).get(reverse("dossier_detail", args=[dossier.pk])))
    days_late = (timezone.localdate() - date(2026, 7, 21)).days
    assert f"21/07/2026 quá hạn {days_late} ngày" in page and "Điều 12.2" in page
