"""The demo programme data: a 2026 plan for Lạng Sơn whose progress is computed from the demo records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate
from ocop.programme.demo import REVENUE, seed_programme_demo
from ocop.programme.models import Attendance, Course, DeclaredRevenue, Event, Plan
from ocop.programme.progress import plan_progress


@pytest.fixture
def seeded(db: Any, settings: Any) -> Plan:
    from ocop.demo.load import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(pipeline=True)
    seed_programme_demo()
    seed_programme_demo()  # a second call adds nothing
    return Plan.objects.get(commune__isnull=True, province__code=20)  # communes have plans of their own


def test_demo_plan_and_records(seeded: Plan) -> None:
    assert (seeded.province.code, seeded.year, seeded.targets.count()) == (20, 2026, 9)
    assert Event.objects.filter(province__code=20, abroad=False).count() == 3 and Course.objects.count() == 1
    assert Attendance.objects.filter(attended=True).count() == 7
    assert DeclaredRevenue.objects.count() == 8
    assert AuditEvent.objects.filter(action__startswith="programme.").count() > 20


def test_demo_progress_is_computed(seeded: Plan) -> None:
    rows = {r.target.kind: r for r in plan_progress(seeded, timezone.localdate())}
    # 5 of the 8 Lạng Sơn officials attended; 2 of the 4 producers (the third was absent).
    assert rows["officials_trained"].measure.value == Decimal("62.5")
    assert rows["producers_trained"].measure.value == Decimal("50.0")
    # The pipeline's decision (Na Chi Lăng, 4★) is counted; other demo parts may add more.
    share = rows["share_3star"].measure
    assert (
        share.denominator
        and share.numerator
        and share.value == round(Decimal(share.numerator) * 100 / Decimal(share.denominator), 1)
    )
    assert rows["count_4star"].measure.value >= 1
    # Revenue growth over the demo producers holding a certificate in force today, from REVENUE by hand.
    today = timezone.localdate()
    certified = {
        c.product.producer.name
        for c in Certificate.objects.filter(status="valid", valid_from__lte=today, valid_until__gte=today)
    }
    assert "Hợp tác xã Na Chi Lăng" in certified
    before = sum(Decimal(REVENUE[n][0]) for n in certified if n in REVENUE)
    after = sum(Decimal(REVENUE[n][1]) for n in certified if n in REVENUE)
    growth = rows["revenue_growth"].measure
    assert (growth.numerator, growth.denominator) == (after, before)
    assert growth.value == ((after - before) * 100 / before).quantize(Decimal("0.1"))
