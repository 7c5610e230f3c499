"""Adding an importer is one registry entry (docs/import-export.md "Adding an importer"): a
reader registered here, ``read_names(...) -> Plan`` taking one client name per line, gets
its ``rapport import names`` command, its choice on the web import page and its
``POST /api/import/names`` endpoint, without touching any of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client
from rapport.importers import registry
from rapport.importers.plan import Known, Plan, PlannedItem, Skipped
from rapport.importers.registry import Importer
from tests.conftest import RunCli, make_account


def read_names(data: bytes, source: str, known: Known, *, client: str | None = None) -> Plan:
    """One client per line (``client`` names the language source: unused here)."""
    plan = Plan(source=source, format="names", what="clients")
    for n, line in enumerate(data.decode().splitlines(), start=1):
        name = line.strip()
        if not name:
            continue
        if known.client(name) is not None:
            plan.skip.append(Skipped("client", name, "already present", f"{source}:{n}"))
            continue
        plan.create.append(PlannedItem("client", name, Client(name=name), f"{source}:{n}"))
    return plan


@pytest.fixture
def names() -> Iterator[Importer]:
    importer = registry.register(
        Importer(
            "names",
            f"{__name__}:read_names",
            (".names",),
            ("text/x-names",),
            label="Client names, one per line",
            help="Import clients from a list of names.",
            options=("client",),
        )
    )
    yield importer
    registry.unregister("names")


def test_the_cli_has_its_command(names: Importer, cli: RunCli, tmp_path: Path) -> None:
    listed = cli("import", "--help")
    assert "names" in listed.stdout and "Import clients from a list of names." in listed.stdout
    helped = cli("import", "names", "--help")
    assert "--client" in helped.stdout and "--what" not in helped.stdout
    path = tmp_path / "clients.names"
    path.write_text("Fjord AS\nSakura KK\n", encoding="utf-8")
    result = cli("import", "names", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["created"] == {"client": 2}
    again = cli("import", "names", str(path), "--dry-run", "--json")
    assert json.loads(again.stdout)["would_create"] == {}


def test_the_web_page_and_the_api_offer_it(names: Importer, container: Container) -> None:
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app

    token = make_account(container, "owner", "owner")
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(container), headers=headers) as web:
        page = web.get("/import")
        assert '<option value="names"' in page.text and "Client names, one per line" in page.text
        assert ".names" in page.text and "text/x-names" in page.text  # the file picker
        files = {"file": ("c.names", b"Fjord AS\n", "text/plain")}
        preview = web.post("/import", data={"format": "names"}, files=files)
        assert preview.status_code == 200, preview.text

        response = web.post("/api/import/names", files={"file": ("c.names", b"Fjord AS\n")})
        assert response.status_code == 200, response.text
        assert response.json()["created"] == {"client": 1}
        schema: dict[str, Any] = web.get("/openapi.json").json()
        fmt = schema["paths"]["/api/import/{fmt}"]["post"]["parameters"][0]["schema"]
        assert fmt["enum"] == ["csv", "vcard", "ics", "json", "names"]
