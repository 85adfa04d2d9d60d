"""Fixtures for the support tests: a Lạng Sơn programme made through the service, and HTTP clients."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone


@pytest.fixture
def client_for(demo: dict[str, Any]) -> Any:
    def make(username: str) -> Client:
        c = Client()
        c.force_login(demo[username])
        return c

    return make


@pytest.fixture
def programme(demo: dict[str, Any]) -> Any:
    """Packaging support in Lạng Sơn: 100.000.000 đồng, at most 30.000.000 a request, 50 % of the cost."""
    from ocop.support import services

    today = timezone.localdate()
    return services.create_programme(
        demo["tinh"],
        title="Hỗ trợ thiết kế bao bì",
        kind="packaging",
        legal_basis="Nghị quyết 08/2025/NQ-HĐND",
        funding_source="provincial",
        funding_detail="",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
        budget=100_000_000,
        max_per_application=30_000_000,
        max_share_percent=50,
        description="",
    )
