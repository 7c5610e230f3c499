"""The API's answers have an exact shape in ``/openapi.json`` (issue 16, item 3).

Generated from the app's route table, so a new route cannot be missed:

* every ``/api`` route that answers JSON declares the schema of its success answer (200,
  201 or 202, the route's own status), and that schema is a real shape: not ``{}``, not an
  object with no properties (``dict[str, Any]``), not a list of those;
* on a demo workspace (with the access sweep's records added, so every path parameter can be
  filled as tests/e2e/test_route_sweep.py fills it), the JSON each ``GET /api`` route answers
  validates against the model declared for it (``extra="forbid"``: no key more, none less).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import TypeAdapter
from starlette.responses import JSONResponse

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.config import Settings
from rapport.web.app import create_app
from tests.e2e.test_route_sweep import ROUTES, Call, Kind, Team, close_team, open_team

NOT_ANSWERED: dict[tuple[str, str], str] = {
    ("GET", "/api/mailboxes/{mailbox_id}/folders"): "asks the IMAP server; none listens (400)",
}
"""GET routes whose success answer the demo workspace cannot give, with the reason."""


@pytest.fixture
def app(container: Container) -> Any:
    return create_app(container)


def api_routes(app: Any) -> list[tuple[str, str, APIRoute]]:
    """Every (method, path, route) under /api, from the app's own route table."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        path = str(context.path_format)
        if isinstance(route, APIRoute) and path.startswith("/api/"):
            found += [(m, path, route) for m in sorted(route.methods or ()) if m != "HEAD"]
    return found


def success(route: APIRoute) -> int:
    return route.status_code or 200


def answers_json(route: APIRoute) -> bool:
    """False for 204 and for downloads (a file, ICS, EML, ZIP: a response class of their
    own); the default response class is JSON."""
    if success(route) == 204:
        return False
    response_class = getattr(route.response_class, "value", route.response_class)
    return isinstance(response_class, type) and issubclass(response_class, JSONResponse)


def declared_model(route: APIRoute) -> Any:
    """The model of the route's success answer: ``response_model``, or the ``model`` of
    ``responses`` where the route returns its JSON unchanged (``response_model=None``)."""
    if route.response_model is not None:
        return route.response_model
    return route.responses.get(success(route), {}).get("model")


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def bare(schema: dict[str, Any] | None, components: dict[str, Any]) -> bool:
    """Whether ``schema`` says nothing about the answer's shape: missing, ``{}``, an object
    without properties (``dict[str, ...]``), or a list or union of such."""
    if not schema:
        return True
    schema = _resolve(schema, components)
    if "anyOf" in schema or "oneOf" in schema:
        union: list[dict[str, Any]] = schema.get("anyOf") or schema.get("oneOf") or []
        options = [s for s in union if s.get("type") != "null"]
        return not options or any(bare(s, components) for s in options)
    if schema.get("type") == "array":
        return bare(schema.get("items"), components)
    if schema.get("type") == "object" or "additionalProperties" in schema:
        return not schema.get("properties")
    return "type" not in schema and "allOf" not in schema


def test_every_json_route_declares_the_shape_of_its_answer(app: Any) -> None:
    spec = app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    routes = api_routes(app)
    undeclared = []
    for method, path, route in routes:
        if not answers_json(route):
            continue
        responses = spec["paths"][path][method.lower()]["responses"]
        content = responses.get(str(success(route)), {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if bare(schema, components) or declared_model(route) is None:
            undeclared.append(f"{method} {path}")
    assert not undeclared, (
        "JSON routes whose answer has no exact schema in /openapi.json: "
        f"{undeclared}. Declare response_model=model_of(ResultClass) (or, where that would "
        "change the JSON, responses={status: {'model': Model}} with response_model=None)."
    )


def _schema(spec: dict[str, Any], method: str, path: str, route: APIRoute) -> Any:
    responses = spec["paths"][path][method.lower()]["responses"]
    content = responses.get(str(success(route)), {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def test_a_route_without_a_model_is_reported(app: Any) -> None:
    @app.get("/api/widgets")  # type: ignore[untyped-decorator]
    def _widgets() -> dict[str, Any]:
        return {}

    spec = app.openapi()
    route = next(r for m, p, r in api_routes(app) if p == "/api/widgets")
    assert bare(_schema(spec, "GET", "/api/widgets", route), spec["components"]["schemas"])


def _demo(container: Container) -> None:
    from rapport.services.demo import DemoService

    DemoService(container.db).fill(seed=1, now=now(), replace_demo=False)


@pytest.fixture
def demo_team(settings: Settings) -> Iterator[Team]:
    """The access sweep's accounts and records, in a workspace filled with the demo."""
    found = open_team(settings, _demo)
    yield found
    close_team(found)


@pytest.mark.slow  # the demo workspace and every GET route (a few seconds per database)
def test_every_get_route_answers_the_shape_it_declares(demo_team: Team) -> None:
    checked = 0
    for method, path, route in api_routes(demo_team.app):
        key = (method, path)
        if method != "GET" or not answers_json(route) or key in NOT_ANSWERED:
            continue
        model = declared_model(route)
        assert model is not None, f"{method} {path}: no model (see the test above)"
        adapter: TypeAdapter[Any] = TypeAdapter(model)
        rule = ROUTES[key]
        callers = ["owner"] if rule.kind is Kind.OWNER else ["owner", "mia"]
        for who in callers:
            call = Call(who, method, path, rule, demo_team.records[0])
            answer = call.send(demo_team)
            assert answer.status_code == 200, f"{call}: {answer.status_code} {answer.text[:300]}"
            try:
                adapter.validate_json(answer.content)
            except ValueError as exc:  # pydantic.ValidationError
                pytest.fail(f"{call}: the answer does not match its declared model: {exc}")
            checked += 1
    assert checked > 20


def test_no_two_schemas_share_a_name(app: Any) -> None:
    """Two classes of one name make FastAPI publish module-qualified names
    (``rapport__web__api__results__Commitment``): a reader of /docs sees two shapes for one
    thing. Each schema keeps its plain name."""
    names = app.openapi().get("components", {}).get("schemas", {})
    qualified = [n for n in names if "__" in n and not n.startswith("Body_")]
    assert qualified == []
