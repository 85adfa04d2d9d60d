"""Shared fixtures. The core and CLI tests never touch Django; the others use pytest-django."""

from __future__ import annotations

import io
from typing import Any

import pytest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo(db: Any, settings: Any) -> dict[str, Any]:
    """The demo province (accounts for every role, password "demo"), with fast password hashing."""
    from ocop.accounts.models import User
    from ocop.demo.load import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def pdf() -> Any:
    """A factory of small, real PDF uploads."""
    return lambda: io.BytesIO(PDF)
