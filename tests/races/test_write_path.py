"""The write path's guarantees that need no second thread (both databases): the audit trail cannot be
edited, admin changes are in it, numbers come from the register, stale forms are refused, and a
rolled-back step announces nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from ocop.audit.models import AppendOnly, AuditEvent
from ocop.errors import StepRefused

pytestmark = pytest.mark.django_db


def test_the_audit_trail_is_append_only(demo: dict[str, Any]) -> None:
    event = AuditEvent.objects.create(actor=demo["tinh"], action="x.test")
    event.action = "x.changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.changed")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    if connection.vendor == "postgresql":  # the trigger refuses any client, raw SQL included
        for sql in (
            "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "x.test"


def test_creating_a_signer_in_the_admin_is_in_the_trail(demo: dict[str, Any]) -> None:
    from ocop.accounts.models import User

    client = Client()
    client.force_login(demo["admin"])
    r = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "lanhdao2",
            "password1": "Mat-khau-dai-2026",
            "password2": "Mat-khau-dai-2026",
            "usable_password": "true",
            "full_name": "Người ký mới",
            "role": "province_leader",
            "province": demo["lanhdao"].province_id,
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    user = User.objects.get(username="lanhdao2")
    event = AuditEvent.objects.get(action="admin.add", subject=f"accounts.user:{user.pk}")
    assert event.actor == demo["admin"] and event.data["changes"]["role"] == [None, "province_leader"]
    assert user.password not in str(event.data)  # that the password was set, never its hash


def test_a_used_decision_number_is_refused_and_the_next_proposed(demo: dict[str, Any], complete: Any) -> None:
    from ocop.certificates.services import decision_number_for
    from ocop.numbering import services as numbering
    from ocop.numbering.models import IssuedNumber

    leader, today = demo["lanhdao"], timezone.localdate()
    issuer = numbering.Issuer("tinh-20", "UBND tỉnh Lạng Sơn")
    numbering.take(
        issuer=issuer, text="3002/QĐ-UBND", issued_on=today, kind="decision", subject="x", user=leader
    )
    assert decision_number_for(leader, today) == "3003/QĐ-UBND"
    with pytest.raises(StepRefused, match=r"Số 3002 năm .* đã được dùng .* số tiếp theo còn trống là 3003"):
        numbering.take(
            issuer=issuer, text="3002/QĐ-UBND", issued_on=today, kind="revocation", subject="y", user=leader
        )
    with pytest.raises(StepRefused, match="số thứ tự/ký hiệu"):
        numbering.take(
            issuer=issuer, text="QĐ-UBND", issued_on=today, kind="decision", subject="z", user=leader
        )
    # another year, or another issuer, has its own sequence
    numbering.take(
        issuer=issuer,
        text="3002/QĐ-UBND",
        issued_on=today.replace(year=today.year + 1),
        kind="decision",
        subject="n",
        user=leader,
    )
    assert IssuedNumber.objects.filter(number=3002).count() == 2


def test_a_stale_story_form_is_refused_and_says_what_changed(demo: dict[str, Any]) -> None:
    from ocop.catalogue.services import profile_for, save_story
    from ocop.producers.models import Product

    product = Product.objects.get(name="Na Chi Lăng")
    seen = profile_for(product).version
    save_story(demo["tinh"], product, "Na đặc sản Chi Lăng.", version=seen)
    with pytest.raises(StepRefused, match="Bản ghi đã được sửa trong lúc bạn mở trang") as refused:
        save_story(demo["tinh"], product, "Một câu chuyện khác.", version=seen)
    assert "Na đặc sản Chi Lăng." in refused.value.vi
    assert profile_for(product).story == "Na đặc sản Chi Lăng."


def test_a_decision_rolled_back_tells_no_producer(
    demo: dict[str, Any], complete: Any, session: Any, best: Any
) -> None:
    from ocop.certificates.services import sign_decision
    from ocop.councils.services import close_session, save_sheet, schedule

    dossier = complete("Na Chi Lăng")
    item = schedule(demo["tinh"], dossier, session)
    for member in ("hoidong1", "hoidong2", "hoidong3"):
        save_sheet(demo[member], item, best(dossier.scorecard), [], submit=True)
    close_session(demo["thuky"], session)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(StepRefused), transaction.atomic():
        sign_decision(
            demo["lanhdao"],
            [dossier],
            number="5/QĐ-UBND",
            signed_on=timezone.localdate(),
            signer_title="Phó Chủ tịch",
        )
        raise StepRefused("the second product was refused")
    assert mail.outbox == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        sign_decision(
            demo["lanhdao"],
            [dossier],
            number="5/QĐ-UBND",
            signed_on=timezone.localdate() - timedelta(days=0),
            signer_title="Phó Chủ tịch",
        )
    assert [m.subject for m in mail.outbox] == ["[OCOP] Kết quả đánh giá: Na Chi Lăng"]
