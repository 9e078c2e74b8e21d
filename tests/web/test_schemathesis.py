"""Property-based tests of the API from its own OpenAPI document (schemathesis): generated
requests, valid and invalid, against the demo town; no 5xx, and every answer matches the
schema the document declares (status code, content type, body). Bounded in examples."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from dangwu_core.app import create_app  # noqa: E402

EXAMPLES = 15
#: Domain rules a schema cannot state (an anonymous opinion names nobody; requests from
#: members only; an organization code must exist) reject some schema-valid requests with a
#: 4xx by design; every other check of schemathesis applies.
positive_data_acceptance = schemathesis.checks.positive_data_acceptance


def test_api_conforms_to_its_openapi_document(demo):
    app = create_app(unit=demo)
    app.config["DANGWU_RATE_LIMITS"] = dict.fromkeys(("feedback", "request", "receipt"), (10**6, 1))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        run()
