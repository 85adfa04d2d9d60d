"""The demo province shows the whole pipeline, made through the real services."""

from __future__ import annotations

from typing import Any

import pytest

from ocop.audit.models import AuditEvent
from ocop.certificates.models import Certificate
from ocop.core.process import State
from ocop.demo.load import load_demo
from ocop.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_demo_pipeline_has_a_dossier_at_each_step(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    load_demo(pipeline=True)
    # The pipeline's dossiers in Lạng Sơn (the lifecycle demo adds certificates elsewhere).
    states = dict(Dossier.objects.filter(commune__province__code=20).values_list("product__name", "state"))
    assert states == {
        "Na Chi Lăng": State.RECOGNISED,
        "Na sấy dẻo Chi Lăng": State.SCHEDULED,
        "Hoa hồi khô Văn Quan": State.FILED,
        "Tinh dầu hồi Văn Quan": State.RETURNED,
        "Khâu nhục Lạng Sơn": State.DRAFT,
        # The ideas demo: an approved plan's product, its dossier being self-assessed (ideas.demo).
        "Gà đồi Chi Lăng": State.DRAFT,
    }
    certificate = Certificate.objects.get(dossier__product__name="Na Chi Lăng")
    assert (certificate.product_name, certificate.star) == ("Na Chi Lăng", 4)
    assert AuditEvent.objects.filter(action="decision.recognised", actor__username="lanhdao").exists()
