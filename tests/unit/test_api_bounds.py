"""Every number and date the API accepts has bounds, stated in its OpenAPI schema (issue
14: an unbounded ``cadence_days`` once broke Today for a whole team). The fields are found
by walking the app's own OpenAPI document, so a field added later cannot escape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rapport.bootstrap import build
from rapport.config import Settings
from rapport.web.app import create_app

BODY_TYPES = ("application/json", "multipart/form-data", "application/x-www-form-urlencoded")


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("bounds")
    container = build(Settings(database_url=f"sqlite:///{data / 'r.db'}", data_dir=data))
    try:
        return create_app(container).openapi()
    finally:
        container.close()


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


BOUND_KEYWORDS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "formatMinimum",
    "formatMaximum",
)


def _leaves(
    spec: dict[str, Any],
    schema: dict[str, Any],
    where: str,
    seen: frozenset[str] = frozenset(),
    outer: dict[str, Any] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every scalar schema inside ``schema`` with where it sits (a bound stated beside an
    ``anyOf`` holds for each of its branches, as JSON Schema reads it)."""
    ref = schema.get("$ref")
    if ref in seen:
        return
    schema = {**(outer or {}), **_resolve(spec, schema)}
    seen = seen | {ref} if ref else seen
    bounds = {k: v for k, v in schema.items() if k in BOUND_KEYWORDS}
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            yield from _leaves(spec, part, where, seen, bounds)
    for name, prop in schema.get("properties", {}).items():
        yield from _leaves(spec, prop, f"{where}.{name}", seen)
    if "items" in schema:
        yield from _leaves(spec, schema["items"], f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _leaves(spec, schema["additionalProperties"], f"{where}{{}}", seen)
    if "type" in schema:
        yield where, schema


def request_fields(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            at = f"{method.upper()} {path}"
            for param in op.get("parameters", []):
                yield from _leaves(spec, param["schema"], f"{at} {param['in']}:{param['name']}")
            content = op.get("requestBody", {}).get("content", {})
            for media, body in content.items():
                assert media in BODY_TYPES, (at, media)
                yield from _leaves(spec, body["schema"], f"{at} body")


def _unbounded(schema: dict[str, Any]) -> str | None:
    kind = schema["type"]
    if kind in ("integer", "number"):
        low = "minimum" in schema or "exclusiveMinimum" in schema
        high = "maximum" in schema or "exclusiveMaximum" in schema
        return None if low and high else "a number without minimum and maximum"
    if kind == "string" and schema.get("format") in ("date", "date-time"):
        has = "formatMinimum" in schema and "formatMaximum" in schema
        return None if has else "a date without formatMinimum and formatMaximum"
    return None


def test_the_walk_finds_the_fields_it_must_check(spec: dict[str, Any]) -> None:
    found = dict(request_fields(spec))
    assert "POST /api/clients body.cadence_days" in found
    assert "POST /api/commitments body.due_at" in found
    assert "POST /api/revenue body.amount" in found
    assert "GET /api/clients/{client_id} path:client_id" in found
    assert len([w for w, s in found.items() if s["type"] in ("integer", "number")]) > 60


def test_every_number_and_date_of_every_request_has_bounds(spec: dict[str, Any]) -> None:
    loose = sorted(
        f"{where}: {problem}"
        for where, schema in request_fields(spec)
        if (problem := _unbounded(schema)) is not None
    )
    assert loose == []


def test_the_stated_bounds_are_the_domain_rules(spec: dict[str, Any]) -> None:
    from rapport.domain import validation

    client = spec["components"]["schemas"]["ClientCreate"]["properties"]
    assert client["cadence_days"]["maximum"] == validation.CADENCE_DAYS_MAX
    due = _resolve(spec, spec["components"]["schemas"]["CommitmentCreate"])["properties"]["due_at"]
    assert due["formatMinimum"].startswith(str(validation.EARLIEST.year))
    assert due["formatMaximum"].startswith(str(validation.LATEST.year - 1))


def test_the_docs_state_the_bounds() -> None:
    from rapport.domain import validation

    text = (Path(__file__).resolve().parents[2] / "docs" / "workspace.md").read_text()
    for value in (validation.CADENCE_DAYS_MAX, validation.MINUTES_MAX, "1900", "2200"):
        assert str(value) in text
