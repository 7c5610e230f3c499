"""Adding a draft kind is one registry entry plus its template (docs/drafts.md "Adding a
draft kind"): a kind registered here, with its template in a temporary folder, is offered
and drafted by the CLI, the web draft form and the API, and documented in /openapi.json,
without touching any of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.domain import draft_kinds
from rapport.domain.draft_kinds import DraftKind
from rapport.domain.model import Client
from tests.conftest import RunCli, make_account

TEMPLATE = """\
{{ _("Thank you, %(client)s", client=client) }}

{{ greeting }}

{{ _("Thank you for %(reason)s.", reason=reason) }}

{{ closing }}
{{ signature }}
"""


@pytest.fixture
def thank_you(tmp_path: Path) -> Iterator[DraftKind]:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "thank_you.jinja").write_text(TEMPLATE, encoding="utf-8")
    kind = draft_kinds.register(
        DraftKind(
            "thank_you",
            fields=("reason",),
            needs=("reason",),
            form=("reason",),
            label="Say thank you",
            menu=7,
            templates=folder,
        )
    )
    yield kind
    draft_kinds.unregister("thank_you")


def seed(container: Container) -> int:
    client = container.workspace.add_client(
        Client(name="Fjord AS", language="en", timezone="Europe/Oslo", email="post@fjord.example")
    )
    assert client.id is not None
    return client.id


def test_the_registry_lists_it_with_its_options(thank_you: DraftKind) -> None:
    assert "thank_you" in draft_kinds.names()
    assert draft_kinds.get("thank_you") is thank_you
    assert thank_you in draft_kinds.on_form()
    assert draft_kinds.field_help("reason") == "Why (deviation, early_notice, thank_you)."
    with pytest.raises(ValueError, match="unknown options"):
        DraftKind("broken", fields=("no_such_option",))


def test_the_cli_completes_and_drafts_it(
    thank_you: DraftKind, cli: RunCli, container: Container
) -> None:
    from rapport.cli.meetings import _complete_kind

    seed(container)
    assert _complete_kind("than") == ["thank_you"]
    result = cli(
        "draft", "thank_you", "--client", "Fjord AS", "--reason", "the kind words", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["kind"], data["subject"]) == ("thank_you", "Thank you, Fjord AS")
    assert "Thank you for the kind words." in data["body"]
    missing = cli("draft", "thank_you", "--client", "Fjord AS")
    assert missing.returncode != 0 and "needs --reason" in missing.stderr


def test_the_web_form_and_the_api_offer_and_draft_it(
    thank_you: DraftKind, container: Container
) -> None:
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app

    client_id = seed(container)
    token = make_account(container, "owner", "owner")
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(container), headers=headers) as web:
        page = web.get(f"/clients/{client_id}/draft?kind=thank_you&reason=the+flowers")
        assert page.status_code == 200, page.text
        assert '<option value="thank_you" selected' in page.text
        assert "Say thank you" in page.text
        assert 'name="reason"' in page.text  # the entry's form field
        assert "Thank you for the flowers." in page.text

        response = web.post(
            "/api/drafts/thank_you", json={"client": "Fjord AS", "reason": "the flowers"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["subject"] == "Thank you, Fjord AS"

        schema: dict[str, Any] = web.get("/openapi.json").json()
        post = schema["paths"]["/api/drafts/{kind}"]["post"]
        examples = post["requestBody"]["content"]["application/json"]["examples"]
        assert examples["thank_you"]["value"] == {
            "client": "Fjord AS",
            "reason": "the supplier is late",
        }
        assert "thank_you" in post["parameters"][0]["description"]
        reason = schema["components"]["schemas"]["DraftCreate"]["properties"]["reason"]
        assert "thank_you" in reason["description"]
