"""schemathesis against the OpenAPI spec: whatever a client sends, no 5xx.

Every operation gets generated requests (valid and invalid bodies, parameters, ids that do
not exist), on both engines, in-process through the ASGI app, as the workspace's owner (an
anonymous caller only ever meets the 401 of the access check). On top of what the schema
allows, the numbers and dates it generates are swapped at random for the values that
broke servers before: JSON ``NaN`` and ``Infinity``, numbers far past 64 bits, the first
and last days of the calendar with the extreme time-zone offsets (issue 14). Bounded
examples keep it under a minute per engine.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.bootstrap import Container
from rapport.web.app import create_app
from tests.conftest import make_account
from tests.e2e.web_support import seed

EXAMPLES = 25
EXTREME_NUMBERS: list[Any] = [
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    -1e308,
    5e-324,
    2**63,
    -(2**63) - 1,
    10**30,
    2**31,
    -(2**31) - 1,
    -1,
]
EXTREME_DATES = [
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999+14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-12:00",
]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def extreme(data: st.DataObject, value: Any, ids: list[int]) -> Any:
    """``value`` with some of its numbers and dates swapped for extreme ones, and some ids
    for those of real records (so that requests get past "not found" to the values)."""
    if isinstance(value, dict):
        return {
            k: data.draw(st.sampled_from(ids))
            if k.endswith("_id") and data.draw(st.booleans())
            else extreme(data, v, ids)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [extreme(data, v, ids) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and data.draw(st.booleans()):
        return data.draw(st.sampled_from(EXTREME_NUMBERS))
    if isinstance(value, str) and DATE.match(value) and data.draw(st.booleans()):
        return data.draw(st.sampled_from(EXTREME_DATES))
    return value


def as_query(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value).replace("inf", "Infinity").replace("nan", "NaN")
    return value


@pytest.mark.slow
def test_no_request_makes_the_server_fail(container: Container) -> None:
    token = make_account(container, "owner", "owner")
    ids = sorted(set(seed(container.workspace).values()))
    auth = {"Authorization": f"Bearer {token}"}
    app = create_app(container)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    client = TestClient(app, headers=auth, raise_server_exceptions=True)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(), data=st.data())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def no_server_error(case: schemathesis.Case, data: st.DataObject) -> None:
            if case.query:
                case.query = {k: as_query(extreme(data, v, ids)) for k, v in case.query.items()}
            if case.path_parameters:
                case.path_parameters = extreme(data, case.path_parameters, ids)
            try:
                if isinstance(case.body, dict | list) and case.media_type == "application/json":
                    # Sent as text: JSON libraries refuse NaN and Infinity, clients may not.
                    response = client.request(
                        case.method,
                        case.formatted_path,
                        params=case.query,
                        content=json.dumps(extreme(data, case.body, ids)),
                        headers={"Content-Type": "application/json"},
                    )
                else:
                    response = case.call(headers=auth)
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
