"""One world per test module (both provinces, every object, a signed-in client per account), built once
inside a transaction that is rolled back when the module is done; each test runs in its own savepoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from matrix.checks import clients
from matrix.world import World, build_world


@pytest.fixture(scope="module")
def loaded(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[tuple[World, dict[str, Client]]]:
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        world = build_world()
        yield world, clients()
        transaction.set_rollback(True)


@pytest.fixture
def world(loaded: tuple[World, dict[str, Client]], db: Any) -> World:
    return loaded[0]


@pytest.fixture
def people(loaded: tuple[World, dict[str, Client]], db: Any) -> dict[str, Client]:
    return loaded[1]
