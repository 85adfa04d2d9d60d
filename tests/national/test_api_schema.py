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

from ocop.national.demo import DEMO_TOKENS

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_every_operation_keeps_to_its_schema(world: dict[str, Any], settings: Any) -> None:
    settings.OCOP_API_RATE_PARTNER = settings.OCOP_API_RATE_PUBLIC = "100000/min"
    settings.OCOP_STAMP_MAX_PER_BATCH = 30  # generated stamp requests stay small
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    token = {"Authorization": f"Bearer {DEMO_TOKENS['tinh']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 19
    failures: list[str] = []
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
                case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Unsatisfiable:  # an operation whose every input is valid has no negative case
            assert mode == GenerationMode.NEGATIVE, operation.path
        except Exception as e:  # collect every operation's failure, not only the first
            failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {e}")
    assert not failures, "\n\n".join(failures)
