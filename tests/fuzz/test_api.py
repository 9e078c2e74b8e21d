"""The whole API under generated requests (schemathesis, from its own OpenAPI document):
every operation alone, anonymous and with a read-write API token, and chains of operations
that follow the document's links (a listed disclosure to its detail and transitions, an
opinion to its receipt). Properties: no 5xx, no traceback in an answer, every answer as the
document declares it, and nothing committed to the database by a refusal (4xx)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from fuzzing import budget, target  # noqa: E402
from hypothesis import given  # noqa: E402

from .conftest import no_traceback  # noqa: E402

#: Domain rules a schema cannot state (an anonymous opinion names nobody, requests from
#: members only, an organization code must exist) refuse some schema-valid requests with a
#: 4xx by design; every other check of schemathesis applies.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
MIN_OPERATIONS = 15


def _check(response, case, writes, tally) -> None:
    tally.tick()
    status = response.status_code
    where = f"{case.method} {case.formatted_path}"
    assert status < 500, f"{where}: {status} {response.text[:300]}"
    marker = no_traceback(response.text)
    assert marker is None, f"{where}: the answer shows a traceback ({marker!r})"
    if 400 <= status < 500:
        changed = writes.changed()
        assert not changed, f"{where}: refused with {status} but wrote to {changed}"


@pytest.fixture
def schema(fuzz_app):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    return loaded


@pytest.mark.parametrize("who", ["anonymous", "token"])
def test_every_operation_alone(schema, writes, api_token, who):
    headers = {"Authorization": f"Bearer {api_token}"} if who == "token" else {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= MIN_OPERATIONS
    with target(f"api: each operation ({who})") as tally:
        for operation in operations:

            @given(case=operation.as_strategy())
            @budget()
            def run(case):
                writes.mark()
                response = case.call(headers=headers)
                _check(response, case, writes, tally)
                case.validate_response(response, excluded_checks=EXCLUDED)

            run()


@pytest.mark.parametrize("who", ["anonymous", "token"])
def test_chains_of_operations_along_the_links(schema, writes, api_token, who):
    headers = {"Authorization": f"Bearer {api_token}"} if who == "token" else {}
    links = sum(
        len(response.get("links", {}))
        for path in schema.raw_schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
    )
    assert links >= 10, "the OpenAPI document lost its links"

    with target(f"api: linked chains ({who})") as tally:

        class Chains(schema.as_state_machine()):
            def before_call(self, case):
                writes.mark()

            def get_call_kwargs(self, case):
                return {"headers": headers}

            def validate_response(self, response, case, additional_checks=None, **kwargs):
                _check(response, case, writes, tally)
                case.validate_response(
                    response,
                    additional_checks=additional_checks,
                    excluded_checks=EXCLUDED,
                    transport_kwargs=kwargs or None,
                    recorder=self.recorder,
                )

        Chains.run(settings=budget(0.5, stateful_step_count=10))
