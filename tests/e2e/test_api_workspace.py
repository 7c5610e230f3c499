"""The REST API for contacts, interactions, commitments, revenue, projects and notes."""

from __future__ import annotations

from typing import Any

import pytest

RESOURCES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    # path: (create body without client_id, a change, a bad create body -> 422 field)
    "contacts": ({"name": "Yuki Sato", "email": "y@t.example"}, {"title": "CEO"}, {"name": ""}),
    "interactions": (
        {"kind": "video", "started_at": "2026-11-20T10:00:00Z", "duration_min": 60},
        {"personal_min": 15, "business_min": 45},
        {"kind": "fax", "started_at": "2026-11-20T10:00:00Z"},
    ),
    "commitments": (
        {"text": "Send the menu", "due_at": "2026-11-30T08:00:00Z"},
        {"size": "large"},
        {"text": "x", "due_at": "tomorrow-ish"},
    ),
    "revenue": (
        {"on": "2026-11-01", "amount": "1200.5"},
        {"currency": "NOK"},
        {"on": "2026-11-01", "amount": "12.345"},
    ),
    "projects": (
        {"name": "Menu redesign", "scope_written": True},
        {"status": "done"},
        {"name": "x", "status": "maybe"},
    ),
    "notes": ({"text": "Prefers mornings"}, {"text": "Prefers evenings"}, {"text": ""}),
}
BAD_FIELD = {
    "contacts": "name",
    "interactions": "kind",
    "commitments": "due_at",
    "revenue": "amount",
    "projects": "status",
    "notes": "text",
}


def _client(api: Any, name: str, zone: str = "UTC") -> int:
    response = api.post("/api/clients", json={"name": name, "timezone": zone})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


@pytest.mark.parametrize("path", list(RESOURCES))
def test_crud_pagination_filter_404_and_422(api: Any, path: str) -> None:
    body, change, bad = RESOURCES[path]
    first, second = _client(api, "Tokyo Ramen"), _client(api, "Oslo Bikes")
    created = [
        api.post(f"/api/{path}", json={**body, "client_id": cid}) for cid in (first, first, second)
    ]
    assert [r.status_code for r in created] == [201, 201, 201], created[0].text
    item = created[0].json()
    assert api.get(f"/api/{path}/{item['id']}").json() == item

    patched = api.patch(f"/api/{path}/{item['id']}", json=change)
    assert patched.status_code == 200, patched.text
    assert {k: patched.json()[k] for k in change} == change

    page = api.get(f"/api/{path}", params={"client_id": first, "limit": 1, "offset": 1}).json()
    assert (page["total"], page["offset"], page["limit"], len(page["items"])) == (2, 1, 1, 1)
    assert page["items"][0]["client_id"] == first
    assert api.get(f"/api/{path}").json()["total"] == 3

    invalid = api.post(f"/api/{path}", json={**bad, "client_id": first})
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"][-1] == BAD_FIELD[path]
    unknown = api.post(f"/api/{path}", json={**body, "client_id": first, "colour": "red"})
    assert unknown.status_code == 422
    assert api.patch(f"/api/{path}/{item['id']}", json={"client_id": None}).status_code == 422

    assert api.delete(f"/api/{path}/{item['id']}").status_code == 204
    missing = api.get(f"/api/{path}/{item['id']}")
    assert missing.status_code == 404 and missing.json()["detail"].startswith("no ")
    assert api.patch(f"/api/{path}/{item['id']}", json=change).status_code == 404
    assert api.delete(f"/api/{path}/{item['id']}").status_code == 404


def test_commitments_done_and_missed_and_times_in_the_clients_zone(api: Any) -> None:
    cid = _client(api, "Tokyo Ramen", "Asia/Tokyo")
    made = api.post(
        "/api/commitments",
        json={"client_id": cid, "text": "Send the menu", "due_at": "2026-11-30T17:00"},
    ).json()
    assert made["due_at"] == "2026-11-30T08:00:00Z"  # no offset: read in Asia/Tokyo
    assert made["made_at"] is not None and made["status"] == "open"
    missed = api.post(
        f"/api/commitments/{made['id']}/miss", json={"announced_at": "2026-11-28T09:00"}
    ).json()
    assert (missed["status"], missed["announced_at"]) == ("missed", "2026-11-28T00:00:00Z")
    done = api.post(f"/api/commitments/{made['id']}/done", json={"at": "2026-12-01T10:00:00Z"})
    assert (done.json()["status"], done.json()["done_at"]) == ("done", "2026-12-01T10:00:00Z")
    assert api.post(f"/api/commitments/{made['id']}/done").status_code == 200
    assert api.post("/api/commitments/999/miss").status_code == 404
    no_client = api.post(
        "/api/commitments", json={"client_id": 999, "text": "x", "due_at": "2026-11-30T08:00Z"}
    )
    assert no_client.status_code == 404


def test_project_checklist(api: Any) -> None:
    cid = _client(api, "Oslo Bikes")
    project = api.post("/api/projects", json={"client_id": cid, "name": "Shop"}).json()
    ticked = api.patch(
        f"/api/projects/{project['id']}/checklist",
        json={"scope_written": True, "agreement_signed": True},
    )
    assert ticked.status_code == 200
    steps = {k: ticked.json()[k] for k in ("scope_written", "agreement_signed", "signed_off")}
    assert steps == {"scope_written": True, "agreement_signed": True, "signed_off": False}
    bad = api.patch(f"/api/projects/{project['id']}/checklist", json={"invoiced": True})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "invoiced"
    assert api.patch("/api/projects/999/checklist", json={"signed_off": True}).status_code == 404


def test_openapi_names_every_schema(api: Any) -> None:
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    for name in ("Contact", "Interaction", "Commitment", "RevenueEntry", "Project", "Note"):
        assert {f"{name}Page"} <= set(schemas)
    for name in ("Contact", "Interaction", "Commitment", "Revenue", "Project", "Note"):
        assert {f"{name}Create", f"{name}Update"} <= set(schemas)
    assert {"ChecklistUpdate", "CommitmentDone", "CommitmentMissed"} <= set(schemas)
