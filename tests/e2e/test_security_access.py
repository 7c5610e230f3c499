"""Every API endpoint tried as the wrong user: no credentials, a member without access, a
read-only account (docs/security.md). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.web.app import create_app
from tests.conftest import make_account

WRITES = {"post", "put", "patch", "delete"}


def api_operations(container: Container) -> list[tuple[str, str]]:
    """(method, path) of every operation under /api, read from the app's own routes (its
    OpenAPI document lists every route it mounts under /api)."""
    spec = create_app(container).openapi()
    found = [
        (method, path)
        for path, ops in spec["paths"].items()
        if path.startswith("/api/")
        for method in ops
    ]
    assert len(found) > 40  # the whole API, not a sample
    return found


def _fill(path: str, ids: dict[str, int]) -> str:
    """Put the ids of the owner's records into the path's parameters."""
    thing = path.split("/")[2]
    values = {
        "client_id": ids["clients"],
        "item_id": ids.get(thing, 1),
        "commitment_id": ids["commitments"],
        "analysis_id": 1,
        "job_id": 1,
        "agenda_id": 1,
        "calendar_id": 1,
        "webhook_id": 1,
        "booking_id": 1,
        "addressbook_id": 1,
        "mailbox_id": 1,
        "promise_id": 1,
        "kind": "email",
        "fmt": "json",
        "user": "mia",
        "token_id": 1,
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)


def _body(path: str, client_id: int) -> dict[str, Any]:
    """Bodies that would act on the owner's client if the policy let them through."""
    bodies: dict[str, dict[str, Any]] = {
        "/api/contacts": {"name": "Spy"},
        "/api/notes": {"text": "peeked"},
        "/api/commitments": {"text": "x", "due_at": "2030-01-01T10:00:00Z"},
        "/api/revenue": {"on": "2026-01-01", "amount": "10.00"},
        "/api/projects": {"name": "Hijack"},
        "/api/interactions": {"kind": "call", "started_at": "2026-01-01T10:00:00Z"},
    }
    if path in bodies:
        return {"client_id": client_id, **bodies[path]}
    return {"client": "Acme", "client_id": client_id, "name": "Renamed", "can_edit": True}


@pytest.fixture
def acme(api: TestClient) -> dict[str, int]:
    """The owner's client Acme with one record of each kind; their ids by path segment."""
    client = api.post("/api/clients", json={"name": "Acme"}).json()["id"]
    ids = {"clients": client}
    for path in ("contacts", "notes", "commitments", "revenue", "projects", "interactions"):
        made = api.post(f"/api/{path}", json=_body(f"/api/{path}", client))
        assert made.status_code == 201, made.text
        ids[path] = made.json()["id"]
    return ids


def test_every_api_call_without_credentials_answers_401(
    container: Container, anonymous_api: TestClient
) -> None:
    for method, path in api_operations(container):
        response = anonymous_api.request(method, _fill(path, {"clients": 1, "commitments": 1}))
        assert response.status_code == 401, (method, path)
        assert "detail" in response.json()
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_member_never_sees_or_changes_a_client_not_theirs(
    container: Container,
    api: TestClient,
    api_as: Callable[[str, str], TestClient],
    acme: dict[str, int],
) -> None:
    before = api.get("/api/export.json").json()
    mia = api_as("mia", "member")
    assert mia.get(f"/api/clients/{acme['clients']}").status_code == 404
    for method, path in api_operations(container):
        url = _fill(path, acme)
        body = _body(path, acme["clients"]) if method in WRITES else None
        response = mia.request(method, url, json=body)
        assert response.status_code in {200, 201, 204, 403, 404, 422}, (method, url)
        if response.status_code < 300:
            assert "Acme" not in response.text, (method, url)
            assert "Spy" not in response.text, (method, url)
    after = api.get("/api/export.json").json()
    before.pop("exported_at", None), after.pop("exported_at", None)
    assert after == before


def test_read_only_accounts_are_refused_every_write(
    container: Container,
    api_as: Callable[[str, str], TestClient],
    acme: dict[str, int],
) -> None:
    reader = api_as("rita", "read-only")
    for method, path in api_operations(container):
        if method in WRITES:
            url = _fill(path, acme)
            response = reader.request(method, url, json=_body(path, acme["clients"]))
            assert response.status_code == 403, (method, url)


def test_sharing_gives_exactly_the_access_granted(
    api: TestClient, api_as: Callable[[str, str], TestClient], acme: dict[str, int]
) -> None:
    client = acme["clients"]
    mia = api_as("mia", "member")
    rita = api_as("rita", "read-only")
    assert api.put(f"/api/clients/{client}/shares/rita", json={}).status_code == 200
    assert rita.get(f"/api/clients/{client}").json()["name"] == "Acme"
    assert [c["name"] for c in rita.get("/api/clients").json()["items"]] == ["Acme"]
    assert rita.get(f"/api/notes?client_id={client}").json()["total"] == 1

    assert api.put(f"/api/clients/{client}/shares/mia", json={}).status_code == 200
    assert mia.get(f"/api/clients/{client}").status_code == 200
    assert mia.patch(f"/api/clients/{client}", json={"notes": "x"}).status_code == 403
    api.put(f"/api/clients/{client}/shares/mia", json={"can_edit": True})
    assert mia.patch(f"/api/clients/{client}", json={"notes": "x"}).status_code == 200
    assert mia.delete(f"/api/clients/{client}/shares/mia").status_code == 204
    assert mia.get(f"/api/clients/{client}").status_code == 404


def test_a_member_owns_what_they_create_and_owners_see_everything(
    api: TestClient, api_as: Callable[[str, str], TestClient]
) -> None:
    mia = api_as("mia", "member")
    max_ = api_as("max", "member")
    made = mia.post("/api/clients", json={"name": "Mia's client"})
    assert made.status_code == 201
    assert [c["name"] for c in mia.get("/api/clients").json()["items"]] == ["Mia's client"]
    assert max_.get("/api/clients").json()["items"] == []
    assert max_.get(f"/api/clients/{made.json()['id']}").status_code == 404
    assert api.get(f"/api/clients/{made.json()['id']}").status_code == 200
    assert mia.get("/api/audit").status_code == 403
    assert mia.get("/api/users").status_code == 403
    assert mia.get("/api/me").json() == {"name": "mia", "role": "member", "mode": "single"}


def test_the_audit_page_is_for_owners_only(
    api: TestClient, api_as: Callable[[str, str], TestClient]
) -> None:
    api.post("/api/clients", json={"name": "Acme"})
    page = api.get("/audit?lang=en")
    assert page.status_code == 200
    assert "Audit log" in page.text and '<td data-entity="client">Client 1</td>' in page.text
    assert api_as("mia", "member").get("/audit").status_code == 403


def _finished(client: TestClient, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while (job := client.get(f"/api/jobs/{job_id}").json())["status"] not in (
        "succeeded",
        "failed",
    ):
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    return job


def test_background_jobs_belong_to_who_started_them_and_run_with_their_access(
    api: TestClient, api_as: Callable[[str, str], TestClient], acme: dict[str, int]
) -> None:
    mia = api_as("mia", "member")
    max_ = api_as("max", "member")
    rows = b"client,kind,started_at,duration_min\nAcme,call,2026-01-05T10:00:00Z,30\n"
    files = {"file": ("i.csv", rows, "text/csv")}
    started = mia.post("/api/jobs/import/csv", files=files, params={"what": "interactions"})
    assert started.status_code == 202
    job_id = started.json()["id"]
    job = _finished(mia, job_id)
    # The job ran as Mia, not with the server's own access: refused, nothing written.
    assert job["status"] == "failed" and job["error"] == "only owners may do this"
    assert api.get(f"/api/interactions?client_id={acme['clients']}").json()["total"] == 1
    # Only Mia and the owners see her job.
    assert [j["id"] for j in mia.get("/api/jobs").json()] == [job_id]
    assert max_.get("/api/jobs").json() == []
    assert max_.get(f"/api/jobs/{job_id}").status_code == 404
    assert api.get(f"/api/jobs/{job_id}").json()["id"] == job_id


def test_a_read_only_account_reading_trust_stores_no_snapshot(
    container: Container,
    api: TestClient,
    api_as: Callable[[str, str], TestClient],
    acme: dict[str, int],
) -> None:
    import sqlalchemy as sa

    rita = api_as("rita", "read-only")
    assert api.put(f"/api/clients/{acme['clients']}/shares/rita", json={}).status_code == 200
    assert rita.get("/api/trust").status_code == 200
    with container.db.reading() as s:
        assert s.scalar(sa.text("SELECT count(*) FROM trust_snapshots")) == 0
    assert api.get("/api/trust").status_code == 200
    with container.db.reading() as s:
        assert s.scalar(sa.text("SELECT count(*) FROM trust_snapshots")) == 1


def _save_agenda(client: TestClient, name: str) -> Any:
    return client.post(
        "/api/agendas",
        json={
            "client": name,
            "items": [{"title": "Budget", "minutes": 20}],
            "start": "2030-03-04T10:00:00Z",
        },
    )


def test_saved_agendas_are_seen_and_changed_only_as_their_client_is(
    api: TestClient, api_as: Callable[[str, str], TestClient], acme: dict[str, int]
) -> None:
    mia = api_as("mia", "member")
    rita = api_as("rita", "read-only")
    saved = _save_agenda(api, "Acme")
    assert saved.status_code == 201, saved.text
    agenda = saved.json()["id"]
    # A member who cannot see Acme: nothing listed, 404 for reading and deleting alike.
    assert mia.get("/api/agendas").json() == []
    assert mia.get("/api/agendas?day=2030-03-04").json() == []
    assert mia.get(f"/api/agendas/{agenda}").status_code == 404
    assert mia.delete(f"/api/agendas/{agenda}").status_code == 404
    hidden = mia.get(f"/api/agendas/{agenda}").json()
    assert hidden == {"detail": f"no saved agenda with id {agenda}"}  # as for a missing one
    # Her own client's agenda is hers; another member cannot touch it.
    mia.post("/api/clients", json={"name": "Mia's client"})
    hers = _save_agenda(mia, "Mia's client").json()["id"]
    max_ = api_as("max", "member")
    assert max_.delete(f"/api/agendas/{hers}").status_code == 404
    assert [a["id"] for a in mia.get("/api/agendas").json()] == [hers]
    # Shared read-only: read, but neither save nor delete.
    api.put(f"/api/clients/{acme['clients']}/shares/rita", json={})
    api.put(f"/api/clients/{acme['clients']}/shares/max", json={})
    assert [a["id"] for a in rita.get("/api/agendas").json()] == [agenda]
    assert rita.get(f"/api/agendas/{agenda}").json()["client"] == "Acme"
    assert max_.delete(f"/api/agendas/{agenda}").status_code == 403
    assert _save_agenda(max_, "Acme").status_code == 403
    # The owner sees both and still has Acme's.
    assert sorted(a["id"] for a in api.get("/api/agendas").json()) == sorted([agenda, hers])
    assert api.delete(f"/api/agendas/{agenda}").status_code == 204


def test_saved_agendas_service_decides_access_whoever_calls(
    container: Container, api: TestClient, acme: dict[str, int]
) -> None:
    from rapport.errors import ForbiddenError, NotFoundError
    from rapport.policy.access import Actor, Role

    agenda = _save_agenda(api, "Acme").json()["id"]
    make_account(container, "mia", "member")
    make_account(container, "rita", "read-only")
    with container.db.reading() as s:
        ids = dict(s.execute(sa.text("SELECT name, id FROM users")).all())
    mia = container.for_actor(Actor("mia", Role.MEMBER, ids["mia"])).agendas
    assert mia.saved() == []
    with pytest.raises(NotFoundError):
        mia.get_saved(agenda)
    with pytest.raises(NotFoundError):
        mia.delete_saved(agenda)
    api.put(f"/api/clients/{acme['clients']}/shares/rita", json={})
    rita = container.for_actor(Actor("rita", Role.READ_ONLY, ids["rita"])).agendas
    assert rita.get_saved(agenda).client == "Acme"
    with pytest.raises(ForbiddenError):
        rita.delete_saved(agenda)


def test_a_read_only_account_writes_nothing_through_page_forms(
    container: Container,
    api: TestClient,
    api_as: Callable[[str, str], TestClient],
) -> None:
    rita = api_as("rita", "read-only")
    answers = {str(i["id"]): "4" for i in api.get("/api/assessment/items").json()}
    assert rita.post("/assessment", data=answers).status_code == 403
    assert rita.post("/demo").status_code == 403
    assert api_as("mia", "member").post("/demo").status_code == 403  # owners only
    with container.db.reading() as s:
        assert s.scalar(sa.text("SELECT count(*) FROM assessments")) == 0
        assert s.scalar(sa.text("SELECT count(*) FROM clients")) == 0
    client = api.post("/api/clients", json={"name": "Acme"}).json()["id"]
    api.put(f"/api/clients/{client}/shares/rita", json={})
    form = {"client": str(client), "items": "Budget: 20", "start": "2030-03-04T10:00"}
    assert rita.post("/meetings/agenda/save", data=form).status_code == 403
    with container.db.reading() as s:
        assert s.scalar(sa.text("SELECT count(*) FROM saved_agendas")) == 0
    # The services refuse whoever calls them (the page is only one way in).
    from rapport.clock import now
    from rapport.errors import ForbiddenError
    from rapport.policy.access import Actor, Role
    from rapport.services.demo import DemoService

    reader = container.for_actor(Actor("rita", Role.READ_ONLY, 2))
    with pytest.raises(ForbiddenError):
        reader.assessment.take({k: 4 for k in answers})
    with pytest.raises(ForbiddenError):
        DemoService(reader.db, reader.workspace.actor).fill(seed=1, now=now())


def test_references_to_hidden_records_answer_as_missing_ones(
    api: TestClient, api_as: Callable[[str, str], TestClient], acme: dict[str, int]
) -> None:
    mia = api_as("mia", "member")
    mine = mia.post("/api/clients", json={"name": "Mia's client"}).json()["id"]
    hidden_contact, missing = acme["contacts"], 999_999
    answers = [
        mia.post("/api/clients", json={"name": "Z", "referred_by_contact_id": ref})
        for ref in (hidden_contact, missing)
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json()["detail"] == f"no contact with id {hidden_contact}"
    assert answers[1].json()["detail"] == f"no contact with id {missing}"
    entry = {"client_id": mine, "on": "2026-01-01", "amount": "10.00"}
    answers = [
        mia.post("/api/revenue", json={**entry, "project_id": ref})
        for ref in (acme["projects"], missing)
    ]
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json()["detail"] == f"no project with id {acme['projects']}"
    patched = mia.patch(f"/api/clients/{mine}", json={"referred_by_contact_id": hidden_contact})
    assert patched.status_code == 422
    # The owner refers to what is theirs as before.
    ok = api.post(
        "/api/revenue", json={**entry, "client_id": acme["clients"], "project_id": acme["projects"]}
    )
    assert ok.status_code == 201


def test_forms_and_jobs_naming_a_hidden_client_answer_as_for_a_missing_one(
    container: Container, api_as: Callable[[str, str], TestClient], acme: dict[str, int]
) -> None:
    mia = api_as("mia", "member")  # sees no client at all
    agenda = {"client": str(acme["clients"]), "items": "Budget: 20"}
    for path in ("/meetings/agenda", "/meetings/live"):
        assert mia.post(path, data=agenda).status_code == 422, path  # not among her options
    log = {"client": str(acme["clients"]), "start": "2026-01-05T10:00", "duration_min": "30"}
    assert mia.post("/meetings/log", data=log).status_code == 404
    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn: Hello\n"
    for client_id in (acme["clients"], 999_999):
        started = mia.post(
            "/api/jobs/analyze",
            files={"file": ("m.vtt", vtt, "text/vtt")},
            data={"client_id": str(client_id)},
        )
        assert started.status_code == 404
        assert started.json() == {"detail": f"no client with id {client_id}"}
    with container.db.reading() as s:
        assert s.scalar(sa.text("SELECT count(*) FROM jobs")) == 0
