"""The audit log answers "who changed this, when, and what was it before?" for every kind of
record, filtered and exported: through the API, the command line and the web page
(docs/security.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.services import audit
from rapport.storage.team_rows import AuditRow
from tests.conftest import RunCli

TRIAGE = {"start": "2030-03-04T10:00", "duration_min": 30, "format": "video"}


def _team_of_two(api: TestClient, api_as: Callable[[str, str], TestClient]) -> TestClient:
    mia = api_as("mia", "member")
    assert api.post("/api/clients", json={"name": "Acme"}).status_code == 201
    return mia


def test_each_kind_of_record_is_traced_to_who_changed_it(
    container: Container, api: TestClient, api_as: Callable[[str, str], TestClient]
) -> None:
    mia = api_as("mia", "member")
    client = mia.post("/api/clients", json={"name": "Mia's client"}).json()["id"]
    contact = mia.post(
        "/api/contacts", json={"client_id": client, "name": "Kim", "email": "kim@old.example"}
    ).json()["id"]
    assert mia.patch(f"/api/contacts/{contact}", json={"email": "kim@new.example"}).is_success
    meeting = mia.post(
        "/api/interactions",
        json={"client_id": client, "kind": "video", "started_at": "2026-01-06T10:00:00Z"},
    ).json()["id"]
    assert mia.delete(f"/api/interactions/{meeting}").status_code == 204
    note = mia.post("/api/notes", json={"client_id": client, "text": "likes mornings"}).json()
    project = mia.post("/api/projects", json={"client_id": client, "name": "Site"}).json()["id"]
    assert mia.patch(f"/api/projects/{project}/checklist", json={"scope_written": True}).is_success
    assert mia.post("/api/triage", json={"client": "Mia's client", **TRIAGE}).is_success
    agenda = mia.post(
        "/api/agendas",
        json={
            "client": "Mia's client",
            "start": "2030-03-04T10:00",
            "items": [{"title": "Budget", "minutes": 20}],
        },
    )
    assert agenda.is_success, agenda.text

    log = api.get("/api/audit", params={"actor": "mia", "limit": 1000}).json()
    seen = {(e["action"], e["entity"]) for e in log}
    assert {
        ("create", "client"),
        ("create", "contact"),
        ("update", "contact"),
        ("create", "interaction"),
        ("delete", "interaction"),
        ("create", "note"),
        ("update", "project"),
        ("create", "triage-decision"),
        ("create", "agenda"),
    } <= seen
    assert {e["actor"] for e in log} == {"mia"}
    email = next(e for e in log if e["action"] == "update" and e["entity"] == "contact")
    assert email["changes"] == {"email": ["kim@old.example", "kim@new.example"]}
    assert email["client_id"] == client and email["entity_id"] == str(contact)
    gone = next(e for e in log if e["action"] == "delete" and e["entity"] == "interaction")
    assert gone["changes"]["started_at"] == "2026-01-06T10:00:00+00:00"  # what it was
    steps = next(e for e in log if e["action"] == "update" and e["entity"] == "project")
    assert steps["changes"] == {"scope_written": [False, True]}
    assert any(e["changes"].get("text") == "likes mornings" for e in log if e["entity"] == "note")
    assert note["id"]


def test_the_api_filters_and_pages_the_log(
    container: Container, api: TestClient, api_as: Callable[[str, str], TestClient]
) -> None:
    mia = _team_of_two(api, api_as)
    beta = mia.post("/api/clients", json={"name": "Beta"}).json()["id"]
    for n in range(3):
        mia.post("/api/notes", json={"client_id": beta, "text": f"note {n}"})
    api.post("/api/notes", json={"client_id": 1, "text": "owner's note"})

    notes = api.get("/api/audit", params={"client": "Beta", "entity": "note"})
    assert notes.status_code == 200 and notes.headers["X-Total-Count"] == "3"
    assert [e["changes"]["text"] for e in notes.json()] == ["note 2", "note 1", "note 0"]
    page = api.get("/api/audit", params={"client": str(beta), "limit": 2, "offset": 3})
    assert page.headers["X-Total-Count"] == "5"  # the client, its owner and three notes
    assert {e["entity"] for e in page.json()} == {"client", "ownership"}
    by_owner = api.get("/api/audit", params={"actor": "owner", "entity": "note"}).json()
    assert [e["changes"]["text"] for e in by_owner] == ["owner's note"]
    today = datetime.now(UTC).date()
    assert api.get("/api/audit", params={"since": str(today + timedelta(days=1))}).json() == []
    assert len(api.get("/api/audit", params={"until": str(today), "entity": "note"}).json()) == 4

    bad = api.get("/api/audit", params={"entity": "widget"})
    assert bad.status_code in (400, 422) and "unknown record kind 'widget'" in bad.text
    assert api.get("/api/audit", params={"since": "yesterday"}).status_code in (400, 422)
    assert api.get("/api/audit", params={"client": "Nobody"}).status_code == 404
    for extreme in ({"until": "9999-12-31"}, {"since": "0001-01-01"}, {"client": "²"}):
        assert api.get("/api/audit", params=extreme).status_code in (400, 404, 422), extreme
    assert api.get("/api/audit", params={"client": str(2**63)}).status_code == 404
    assert mia.get("/api/audit", params={"client": "Beta"}).status_code == 403


def test_audit_from_the_command_line_filters_and_exports(container: Container, cli: RunCli) -> None:
    assert cli("clients", "add", "Acme").returncode == 0
    assert cli("clients", "add", "Beta").returncode == 0
    assert cli("notes", "add", "--client", "Acme", "=HYPERLINK(evil)").returncode == 0
    assert cli("notes", "add", "--client", "Beta", "plain").returncode == 0

    tokyo = {"RAPPORT_TIMEZONE": "Asia/Tokyo"}
    text = cli("audit", "--client", "Acme", "--entity", "note", env=tokyo)
    assert text.returncode == 0
    assert "when (Asia/Tokyo)" in text.stdout and "Note" in text.stdout
    assert "Beta" not in text.stdout and text.stdout.count("Created") == 1

    assert cli("audit", "--actor", "LOCAL", "--json").stdout.strip() == "[]"  # names are exact
    data = json.loads(cli("audit", "--entity", "note", "--json").stdout)
    assert [e["changes"]["text"] for e in data] == ["plain", "=HYPERLINK(evil)"]
    assert all(e["actor"] == "local" for e in data)

    out = cli("audit", "--client", "Acme", "--csv", env={"RAPPORT_TIMEZONE": "Asia/Tokyo"})
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["at", "actor", "action", "entity", "entity_id", "client_id", "changes"]
    assert {r[3] for r in rows[1:]} == {"client", "note"}
    assert all(r[0].endswith("+09:00") for r in rows[1:])
    # a formula typed into a record stays text in a spreadsheet
    cli("clients", "update", "Acme", "--notes", "-1+1")
    update = next(
        r
        for r in csv.reader(io.StringIO(cli("audit", "--csv", "--actor", "local").stdout))
        if r[2] == "update"
    )
    assert json.loads(update[6]) == {"notes": ["", "-1+1"]}
    cli("notes", "add", "--client", "Acme", "x")
    # a cell that itself starts like a formula is made inert
    with container.db.transaction() as s:
        audit.record(s, "=cmd|' /C calc'!A0", "login", "login")
    rows = list(csv.reader(io.StringIO(cli("audit", "--csv", "--entity", "login").stdout)))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"

    empty = cli("audit", "--since", "2001-01-01", "--until", "2001-01-31")
    assert empty.returncode == 0 and "No audit entries match." in empty.stderr
    assert empty.stdout == ""
    for args, message in (
        (("--entity", "widget"), "unknown record kind 'widget'"),
        (("--since", "2026-02-30"), "--since: not a date"),
        (("--since", "2026-03-02", "--until", "2026-03-01"), "is before --since"),
        (("--client", "Nobody"), "no client named 'Nobody'"),
        (("--json", "--csv"), "choose one of --json and --csv"),
    ):
        bad = cli("audit", *args)
        assert bad.returncode != 0 and message in bad.stderr, (args, bad.stderr)
        assert len(bad.stderr.strip().splitlines()) == 1


def test_old_entries_are_pruned_after_the_retention_period(container: Container) -> None:
    with container.db.transaction() as s:
        s.add(
            AuditRow(
                at=datetime.now(UTC) - timedelta(days=800),
                actor="ann",
                action="login",
                entity="login",
                changes={},
            )
        )
        audit.record(s, "ann", "login", "login")
    assert container.audit.count() == 2
    assert container.settings.audit_retention_days == 730
    assert container.audit.prune(container.settings.audit_retention_days) == 1
    assert [e.actor for e in container.audit.entries()] == ["ann"]
    assert container.audit.prune(0) == 0


def test_pruning_runs_on_write(container: Container) -> None:
    with container.db.transaction() as s:
        s.add(
            AuditRow(
                at=datetime.now(UTC) - timedelta(days=731),
                actor="ann",
                action="login",
                entity="login",
                changes={},
            )
        )
    audit._next_prune = 0.0  # as in a fresh process
    from rapport.domain.model import Client

    container.workspace.add(Client(name="Acme"))
    assert [e.entity for e in container.audit.entries()] == ["client"]


def test_the_audit_page_filters_in_the_users_language_and_time_zone(
    api: TestClient, container: Container
) -> None:
    container.settings.timezone = "Asia/Tokyo"
    api.post("/api/clients", json={"name": "Acme"})
    beta = api.post("/api/clients", json={"name": "Beta"}).json()["id"]
    api.post("/api/notes", json={"client_id": beta, "text": "hello"})

    page = api.get("/audit", params={"lang": "ja", "entity": "note", "client": "Beta"})
    assert page.status_code == 200
    html = page.text
    assert '<option value="note" selected>メモ</option>' in html
    assert 'value="Beta"' in html
    assert '<td data-action="create">作成</td>' in html
    assert html.count('data-entity="') == 1 and '<td data-entity="note">メモ' in html
    assert f'<a href="/clients/{beta}">Beta</a>' in html  # the client by name
    assert "Asia/Tokyo" in html
    stored = container.audit.entries(limit=1)[0].at
    local = stored.astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"{local.hour}:{local.minute:02d}" in html  # the time in the user's zone

    nb = api.get("/audit", params={"lang": "nb", "actor": "owner"}).text
    assert '<td data-action="create">Opprettet</td>' in nb
    bad = api.get("/audit", params={"lang": "en", "since": "soon"})
    assert bad.status_code == 422 and "--since: not a date" in bad.text
    assert 'value="soon"' in bad.text
