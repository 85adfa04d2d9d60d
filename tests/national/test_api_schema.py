"""Schemathesis over the whole OpenAPI schema, against the demo with its pipeline: every operation
gets a bounded number of generated requests, valid and invalid ones (with the demo partner's token,
which holds every scope, and without one), and none may fail with a server error or answer outside the schema.

Bounded so it stays well under two minutes per database: `EXAMPLES` per operation, derandomized
under CI (replayed examples), exploring on a developer's run, like the scoring property test.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ocop.certificates.models import Certificate
from ocop.national.demo import DEMO_TOKENS

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_operation_keeps_to_its_schema(world: dict[str, Any], settings: Any) -> None:
    settings.OCOP_API_RATE_PARTNER = settings.OCOP_API_RATE_PUBLIC = "100000/min"
    settings.OCOP_STAMP_MAX_PER_BATCH = 30  # generated stamp requests stay small
    # Calls go to Django's WSGI handler itself; like Django's test client, keep the start and end of
    # a request from closing the connection that holds the test's transaction (and the demo in it).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        _check_every_operation()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _check_every_operation() -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    token = {"Authorization": f"Bearer {DEMO_TOKENS['tinh']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 19
    assert Certificate.objects.exists()  # the demo is there for the calls to read
    failures: list[str] = []
    counted: list[int] = []  # what /certificates answered with the token: the demo must be visible
    for operation, mode in [
        (o, m) for o in operations for m in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]:

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=bool(os.environ.get("CI")),
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case: Any) -> None:
            for headers in (token, {}):
                response = case.call_and_validate(headers=headers, checks=CHECKS)
                if headers and case.operation.path == "/api/v1/certificates" and response.status_code == 200:
                    counted.append(response.json()["count"])

        try:
            run()
        except Unsatisfiable:  # an operation whose every input is valid has no negative case
            assert mode == GenerationMode.NEGATIVE, operation.path
        except Exception as e:  # collect every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {e}")
    assert not failures, "\n\n".join(failures)
    assert max(counted, default=0) > 0  # (a status filter may find none)
