from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop.certificates.models import Certificate
from ocop.dossiers.models import Dossier
from ocop.errors import StepRefused
from ocop.lifecycle import services
from ocop.lifecycle.models import InspectionRecord

CHECKS = {
    "raw_materials": ("ok", ""),
    "food_safety": ("not_ok", "Giấy ATTP hết hạn."),
    "label_mark": ("ok", ""),
}


def test_producer_starts_rerating_from_the_certificate(make_cert: Any, demo: dict[str, Any]) -> None:
    cert = make_cert(signed_on=date(2024, 1, 10))
    client = Client()
    client.force_login(demo["chuthe.ruoumauson"])
    page = client.get(reverse("lifecycle_certificate", args=[cert.pk]))
    assert "Đánh giá, phân hạng lại" in page.content.decode()
    response = client.post(reverse("lifecycle_follow_up", args=[cert.pk]), {"kind": "rerating"})
    dossier = Dossier.objects.get(product=cert.product)
    assert response.status_code == 302 and response["Location"] == reverse(
        "dossier_detail", args=[dossier.pk]
    )
    assert dossier.kind == "rerating" and dossier.previous_certificate == cert and dossier.state == "draft"
    # a second one is refused while the first is open
    client.post(reverse("lifecycle_follow_up", args=[cert.pk]), {"kind": "upgrade"})
    assert Dossier.objects.filter(product=cert.product).count() == 1


def test_follow_up_refusals(make_cert: Any, demo: dict[str, Any]) -> None:
    cert = make_cert(star=5)
    with pytest.raises(StepRefused):
        services.start_follow_up(demo["chuthe.nachilang"], cert, "rerating")  # not the producer
    with pytest.raises(StepRefused, match="cao nhất"):
        services.start_follow_up(demo["chuthe.ruoumauson"], cert, "upgrade")
    with pytest.raises(StepRefused):
        services.start_follow_up(demo["chuthe.ruoumauson"], cert, "first")
    Certificate.objects.filter(pk=cert.pk).update(status=Certificate.Status.REVOKED)
    cert.refresh_from_db()
    with pytest.raises(StepRefused):
        services.start_follow_up(demo["chuthe.ruoumauson"], cert, "rerating")
    # another producer cannot even see it
    client = Client()
    client.force_login(demo["chuthe.nachilang"])
    assert (
        client.post(reverse("lifecycle_follow_up", args=[cert.pk]), {"kind": "rerating"}).status_code == 404
    )
    assert not Dossier.objects.filter(kind="rerating").exists()


def test_history_shows_the_trend(make_cert: Any, demo: dict[str, Any]) -> None:
    a = make_cert(star=3, signed_on=date(2020, 5, 1), status=Certificate.Status.REPLACED)
    b = make_cert(star=4, signed_on=date(2023, 5, 1), status=Certificate.Status.REPLACED)
    c = make_cert(star=3, signed_on=date(2026, 5, 1))
    rows = services.history(c)
    assert [(r.certificate.pk, r.trend) for r in rows] == [(a.pk, "first"), (b.pk, "up"), (c.pk, "down")]
    client = Client()
    client.force_login(demo["tinh"])
    text = client.get(reverse("lifecycle_certificate", args=[c.pk])).content.decode()
    assert "▲ Nâng hạng" in text and "▼ Hạ hạng" in text and a.number in text


def test_inspection_plan_record_and_revocation_path(make_cert: Any, demo: dict[str, Any]) -> None:
    cert = make_cert(product="Khâu nhục Lạng Sơn", star=3, signed_on=date(2026, 1, 5))
    today = timezone.localdate()
    client = Client()
    client.force_login(demo["tinh"])
    client.post(
        reverse("inspection_list"), {"year": today.year, "title": "Kế hoạch hậu kiểm", "number": "5/KH"}
    )
    plan = services.plans_for(demo["tinh"]).get()
    client.post(
        reverse("inspection_plan", args=[plan.pk]),
        {"certificate": cert.pk, "planned_on": today.isoformat(), "unannounced": "on"},
    )
    item = plan.items.get()
    assert item.certificate == cert and item.unannounced
    data = {
        "planned": item.pk,
        "inspected_on": today.isoformat(),
        "inspectors": "Chi cục PTNT",
        "findings": "Không duy trì điều kiện ATTP.",
        "follow_up_required": "on",
        "follow_up": "Cấp lại giấy chứng nhận ATTP.",
        "follow_up_deadline": (today + timedelta(days=30)).isoformat(),
    }
    for code in (
        "raw_materials",
        "process",
        "quality",
        "facilities",
        "food_safety",
        "label_mark",
        "promotion",
    ):
        data[f"check_{code}"] = "not_ok" if code == "food_safety" else "ok"
    response = client.post(reverse("inspection_new", args=[cert.pk]), data)
    record = InspectionRecord.objects.get()
    assert response.status_code == 302 and record.planned == item and record.unannounced
    assert record.checks["food_safety"]["result"] == "not_ok" and record.follow_up_required
    page = client.get(reverse("inspection_detail", args=[record.pk])).content.decode()
    assert "An toàn thực phẩm" in page and "Không đạt" in page and "Đề nghị thu hồi từ kết luận này" in page
    client.post(
        reverse("revocation_propose", args=[cert.pk]),
        {"ground": "b", "note": record.findings, "inspection": record.pk},
    )
    revocation = cert.revocations.get()
    assert revocation.inspection == record and revocation.ground == "b"
    assert services.decision_deadline(revocation) == today + timedelta(days=15)


def test_inspection_refusals(make_cert: Any, demo: dict[str, Any]) -> None:
    cert = make_cert(signed_on=date(2026, 1, 5))
    today = timezone.localdate()
    kw: dict[str, Any] = {"inspected_on": today, "inspectors": "Đoàn", "findings": "Đạt", "checks": CHECKS}
    with pytest.raises(StepRefused):
        services.record_inspection(demo["lanhdao"], cert, **kw)
    with pytest.raises(StepRefused, match="phạm vi"):
        services.record_inspection(demo["tinh.caobang"], cert, **kw)
    with pytest.raises(StepRefused, match="tương lai"):
        services.record_inspection(demo["tinh"], cert, **{**kw, "inspected_on": today + timedelta(days=1)})
    with pytest.raises(StepRefused, match="Chưa có nội dung"):
        services.record_inspection(demo["tinh"], cert, **{**kw, "checks": {}})
    with pytest.raises(StepRefused, match="hạn khắc phục"):
        services.record_inspection(demo["tinh"], cert, **kw, follow_up_required=True, follow_up="x")
    with pytest.raises(StepRefused, match="không hợp lệ"):
        services.record_inspection(demo["tinh"], cert, **{**kw, "checks": {"taste": ("ok", "")}})
    assert not InspectionRecord.objects.exists()
    record = services.record_inspection(demo["tinh"], cert, **kw)
    assert record.checks["process"]["result"] == "not_checked"


def test_seed_lifecycle_demo(db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from ocop.demo.load import load_demo

    load_demo(pipeline=True)  # seeds the lifecycle demo on top of the pipeline
    by_product = {c.product_name: c for c in Certificate.objects.order_by("valid_from")}
    today = timezone.localdate()
    assert by_product["Hoa hồi khô Văn Quan"].status == Certificate.Status.EXPIRED
    assert by_product["Khâu nhục Lạng Sơn"].status == Certificate.Status.REVOKED
    liquor = by_product["Rượu Mẫu Sơn 29 độ"]
    assert liquor.status == Certificate.Status.VALID and (liquor.valid_until - today).days == 150
    assert liquor.expiry_reminders.get().days_before == 180
    noodles = list(Certificate.objects.filter(product_name="Miến dong Quảng Lâm").order_by("valid_from"))
    assert [(c.star, c.status) for c in noodles] == [(3, "replaced"), (4, "valid")]
    assert InspectionRecord.objects.count() == 1
    # every page of the demo renders for the province staff and leader
    from ocop.accounts.models import User
    from ocop.lifecycle.models import InspectionPlan, Revocation

    client = Client()
    client.force_login(User.objects.get(username="tinh"))
    revocation = Revocation.objects.get()
    urls = [
        reverse("certificate_register"),
        reverse("lifecycle_certificate", args=[liquor.pk]),
        reverse("inspection_list"),
        reverse("inspection_plan", args=[InspectionPlan.objects.get().pk]),
        reverse("inspection_detail", args=[InspectionRecord.objects.get().pk]),
        reverse("inspection_new", args=[liquor.pk]),
        reverse("revocation_list"),
        reverse("revocation_detail", args=[revocation.pk]),
        reverse("revocation_pdf", args=[revocation.pk]),
        reverse("revoked_public"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    register = client.get(reverse("certificate_register")).content.decode()
    assert "Rượu Mẫu Sơn 29 độ" in register and "Khâu nhục Lạng Sơn" in register
