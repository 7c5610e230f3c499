"""Client names are unique regardless of case and Unicode form (issue 13), enforced by the
database (``clients.name_key``, migration ``names_1``) on both engines: the workspace
service, the CLI (text output too), imports and the upgrade of a database that already
holds such duplicates."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.bootstrap import Container, build
from rapport.config import Settings
from rapport.domain.model import Client
from rapport.domain.names import name_key
from rapport.errors import ConflictError
from rapport.storage import database
from rapport.storage.orm import ClientRow
from tests.conftest import BACKENDS, RunCli, _worker, fresh_postgres_database

SAME = ["Acme AS", "ACME AS", "acme  as", "ＡＣＭＥ ＡＳ", " Acme as "]


@pytest.mark.parametrize("other", SAME[1:])
def test_a_name_that_differs_only_in_case_or_form_is_refused(
    container: Container, other: str
) -> None:
    ws = container.workspace
    ws.add_client(Client(name="Acme AS"))
    with pytest.raises(ConflictError, match="already exists"):
        ws.add_client(Client(name=other))
    assert [c.name for c in ws.list_clients()] == ["Acme AS"]
    # and the lookup finds the one client by any of those spellings
    assert ws.find_client(other).name == "Acme AS"


def test_renaming_onto_another_clients_name_is_refused(container: Container) -> None:
    ws = container.workspace
    ws.add_client(Client(name="Straße GmbH"))
    other = ws.add_client(Client(name="Fjord AS"))
    assert other.id is not None
    with pytest.raises(ConflictError, match="already exists"):
        ws.update(Client, other.id, {"name": "STRASSE GMBH"})
    # renaming a client to another spelling of its own name is fine
    renamed = ws.update(Client, other.id, {"name": "FJORD AS"})
    assert renamed.name == "FJORD AS"


def test_the_database_itself_refuses_a_second_key(container: Container) -> None:
    """Even an insert that bypasses the service (a bulk insert) gets its key and hits the
    unique index."""
    container.workspace.add_client(Client(name="Sakura KK"))
    row = {
        "name": "SAKURA kk",
        "kind": "organisation",
        "language": "ja",
        "timezone": "Asia/Tokyo",
        "origin": "cold",
        "cadence_days": 30,
        "personal_budget": 0.1,
        "notes": "",
        "created_at": datetime(2026, 1, 1).astimezone(),
    }
    with pytest.raises(sa.exc.IntegrityError), container.db.transaction() as s:
        s.execute(sa.insert(ClientRow), [row])


def test_a_number_that_is_an_id_and_a_name_is_ambiguous(container: Container) -> None:
    ws = container.workspace
    first = ws.add_client(Client(name="First"))
    ws.add_client(Client(name=str(first.id)))  # a client named like the first one's id
    with pytest.raises(ConflictError, match="ambiguous"):
        ws.find_client(str(first.id))
    assert ws.find_client(f"#{first.id}").name == "First"


def test_cli_refuses_a_duplicate_with_one_line_and_finds_by_any_case(cli: RunCli) -> None:
    added = cli("clients", "add", "Brightwell Legal")
    assert added.returncode == 0, added.stderr
    again = cli("clients", "add", "BRIGHTWELL legal")
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "error: a client named 'Brightwell Legal' already exists (names are compared "
        "regardless of case and Unicode form)"
    )
    shown = cli("clients", "show", "brightwell LEGAL")
    assert shown.returncode == 0 and "Brightwell Legal" in shown.stdout
    listed = json.loads(cli("clients", "list", "--json").stdout)
    assert [c["name"] for c in listed] == ["Brightwell Legal"]


def test_csv_import_compares_names_like_the_database(cli: RunCli, tmp_path: Path) -> None:
    """Two spellings of one name in a file are refused (nothing written); a name stored
    in another case is the stored client (already present), never a second one."""
    cli("clients", "add", "Hanoi Coffee Co")
    twice = tmp_path / "twice.csv"
    twice.write_text("name,language\nＮｅｗ Ｏｎｅ,en\nnew one,en\n", "utf-8")
    refused = cli("import", "csv", str(twice))
    assert refused.returncode == 1
    assert refused.stderr.strip().endswith("client new one appears twice (first at line 2)")
    path = tmp_path / "clients.csv"
    path.write_text("name,language\nHANOI COFFEE CO,vi\nNew One,en\n", "utf-8")
    result = cli("import", "csv", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["created 1 client", "skipped 1 (1 already present)"]
    stored = json.loads(cli("clients", "list", "--json").stdout)
    assert sorted(c["name"] for c in stored) == ["Hanoi Coffee Co", "New One"]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_the_key_is_stable_and_ignores_case_and_form(name: str) -> None:
    key = name_key(name)
    assert name_key(key) == key
    assert name_key(name.upper()) == name_key(name.lower()) or name.upper().lower() != name.lower()
    import unicodedata

    assert name_key(unicodedata.normalize("NFD", name)) == key


@pytest.fixture(params=BACKENDS)
def assess_1_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database at the revision before names_1, holding names that clash by case."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = fresh_postgres_database(f"rapport_test_names_{_worker()}")
    engine = database.create_engine(url)
    database.upgrade(engine, "assess_1")
    old = sa.MetaData()
    old.reflect(engine)
    base = {
        "kind": "organisation",
        "language": "en",
        "timezone": "UTC",
        "origin": "cold",
        "cadence_days": 30,
        "personal_budget": 0.1,
        "notes": "",
        "created_at": datetime(2026, 1, 1),
    }
    with engine.begin() as conn:
        conn.execute(
            old.tables["clients"].insert(),
            [
                {**base, "id": 1, "name": "Acme AS"},
                {**base, "id": 2, "name": "ACME AS"},
                {**base, "id": 3, "name": "acme as (2)"},
                {**base, "id": 4, "name": "ａｃｍｅ ａｓ"},
                {**base, "id": 5, "name": "Fjord"},
            ],
        )
    engine.dispose()
    return url


def test_upgrade_renames_existing_duplicates_and_records_it(
    assess_1_database: str, tmp_path: Path
) -> None:
    engine = database.create_engine(assess_1_database)
    database.upgrade(engine)
    engine.dispose()
    c = build(Settings(database_url=assess_1_database, data_dir=tmp_path / "data"))
    try:
        names = {cl.id: cl.name for cl in c.workspace.list_clients()}
        assert names == {
            1: "Acme AS",
            2: "ACME AS (3)",  # " (2)" is taken by client 3, regardless of case
            3: "acme as (2)",
            4: "ａｃｍｅ ａｓ (4)",
            5: "Fjord",
        }
        renames = [e for e in c.audit.entries(limit=10) if e.action == "rename"]
        assert sorted((e.entity_id, e.actor) for e in renames) == [
            ("2", "names_1"),
            ("4", "names_1"),
        ]
        with pytest.raises(ConflictError):
            c.workspace.add_client(Client(name="acme as"))
        from alembic import command

        engine = database.create_engine(assess_1_database)
        command.downgrade(database.alembic_config(engine), "assess_1")  # and back down
        database.upgrade(engine)
        engine.dispose()
    finally:
        c.close()


def test_web_form_and_api_refuse_a_name_that_differs_only_in_case(
    api: Any, container: Container
) -> None:
    container.workspace.add_client(Client(name="Fjord Design AS", language="nb"))
    form = api.post(
        "/clients/new?lang=en",
        data={
            "name": "FJORD design as",
            "kind": "organisation",
            "language": "nb",
            "timezone": "Europe/Oslo",
            "origin": "cold",
        },
    )
    assert form.status_code == 422
    assert "A client with this name already exists." in form.text
    made = api.post("/api/clients", json={"name": "ｆｊｏｒｄ ｄｅｓｉｇｎ ａｓ"})
    assert made.status_code == 409, made.text
    assert "already exists" in made.text
    assert api.get("/api/clients").json()["total"] == 1
