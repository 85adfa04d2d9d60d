"""Fixtures for the evaluation cycle: the demo province, with fast password hashing."""

from __future__ import annotations

import io
from typing import Any

import pytest

from ocop.accounts.models import User
from ocop.demo.load import load_demo

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo(db: Any, settings: Any) -> dict[str, User]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def pdf() -> Any:
    return lambda: io.BytesIO(PDF)
