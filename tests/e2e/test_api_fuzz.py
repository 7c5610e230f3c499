"""schemathesis against the OpenAPI spec: whatever a client sends, no 5xx.

Every operation gets generated requests (valid and invalid bodies, parameters, ids that do
not exist), on both engines, in-process through the ASGI app. Bounded examples keep it to
about a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from rapport.bootstrap import Container
from rapport.web.app import create_app

EXAMPLES = 10


@pytest.mark.slow
def test_no_request_makes_the_server_fail(container: Container) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(container))
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def no_server_error(case: schemathesis.Case) -> None:
            try:
                response = case.call()
            except Exception as exc:  # the in-process app raises what would be a 500
                raise AssertionError(
                    f"{case.method} {case.formatted_path} raised {exc!r}\n{case.as_curl_command()}"
                ) from exc
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: "
                f"{response.text[:300]}\n{case.as_curl_command()}"
            )

        try:
            no_server_error()
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, "\n\n".join(failures)
