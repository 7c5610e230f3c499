"""`rapport users`, `rapport tokens`, `rapport password set`, `rapport audit` and team mode's
refusal to start unsafely (docs/security.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rapport.bootstrap import build
from rapport.config import Settings
from rapport.web.app import create_app
from tests.conftest import RunCli

SECRET = "q7Vd2-LmX9sR4tKw8ZpN1cB6yHf3Ja0E5gUe"
TEAM = {"RAPPORT_MODE": "team", "RAPPORT_SECRET_KEY": SECRET}


def test_team_mode_refuses_a_missing_or_example_secret(cli: RunCli) -> None:
    for env in ({"RAPPORT_MODE": "team"}, {**TEAM, "RAPPORT_SECRET_KEY": "change-me"}):
        result = cli("clients", "list", env=env)
        assert result.returncode == 1
        assert "team mode needs RAPPORT_SECRET_KEY" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_team_mode_refuses_sqlite(cli_process: Callable[..., Any], settings: Settings) -> None:
    if not str(settings.database_url).startswith("sqlite"):
        pytest.skip("serving PostgreSQL in team mode is allowed (checked in-process below)")
    result = cli_process("serve", env=TEAM)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: team mode needs PostgreSQL: set RAPPORT_DATABASE_URL=postgresql+psycopg://..."
    )


def test_users_tokens_and_audit_from_the_command_line(cli: RunCli, settings: Settings) -> None:
    is_postgres = str(settings.database_url).startswith("postgresql")
    env = TEAM if is_postgres else {}
    assert (
        cli("users", "add", "ann", "--role", "owner", input="owner secret\n", env=env).returncode
        == 0
    )
    added = cli("users", "add", "mia", "--role", "member", input="member secret\n", env=env)
    assert added.returncode == 0
    short = cli("users", "add", "bob", input="short\n", env=env)
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    again = cli("users", "add", "mia", input="member secret\n", env=env)
    assert again.returncode == 1 and "already exists" in again.stderr
    users = json.loads(cli("users", "list", "--json", env=env).stdout)
    assert [(u["name"], u["role"]) for u in users] == [("ann", "owner"), ("mia", "member")]

    ann = cli("tokens", "create", "ann", env=env).stdout.strip()
    mia = cli("tokens", "create", "mia", "--label", "script", env=env).stdout.strip()
    assert ann.startswith("rpt_") and mia.startswith("rpt_")
    assert cli("clients", "add", "Acme", env=env).returncode == 0

    team = Settings(
        database_url=settings.database_url,
        data_dir=settings.data_dir,
        **({"mode": "team", "secret_key": SECRET} if is_postgres else {}),
    )
    container = build(team)
    with TestClient(create_app(container)) as http:
        as_ann = {"Authorization": f"Bearer {ann}"}
        as_mia = {"Authorization": f"Bearer {mia}"}
        acme = http.get("/api/clients", headers=as_ann).json()["items"][0]["id"]
        assert http.get(f"/api/clients/{acme}", headers=as_mia).status_code == 404
        assert http.get("/api/clients", headers=as_mia).json()["items"] == []
        tokens = json.loads(cli("tokens", "list", "--json", env=env).stdout)
        assert all(mia not in json.dumps(t) for t in tokens)
        mia_token = next(t["id"] for t in tokens if t["user"] == "mia")
        assert cli("tokens", "revoke", str(mia_token), env=env).returncode == 0
        assert http.get("/api/clients", headers=as_mia).status_code == 401
    container.close()

    log = json.loads(cli("audit", "--json", "--limit", "100", env=env).stdout)
    seen = {(e["actor"], e["action"], e["entity"]) for e in log}
    assert {("local", "create", "user"), ("local", "create", "client")} <= seen
    assert ("local", "delete", "token") in seen
    assert all("password_hash" not in e["changes"] for e in log)


def test_password_set_reads_standard_input(cli: RunCli, anonymous_api: TestClient) -> None:
    assert cli("password", "set", input="a long enough secret\n").returncode == 0
    assert anonymous_api.get("/").headers["location"] == "/login?next=/"
    ok = anonymous_api.post("/login", data={"password": "a long enough secret"})
    assert ok.status_code == 303
    assert cli("password", "set", input="").returncode == 1
