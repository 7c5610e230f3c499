from __future__ import annotations

from typing import Any


def test_client_crud_over_the_api(api: Any) -> None:
    created = api.post("/api/clients", json={"name": "Oslo Bikes", "language": "nb"})
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    assert api.get(f"/api/clients/{cid}").json()["name"] == "Oslo Bikes"
    patched = api.patch(f"/api/clients/{cid}", json={"cadence_days": 14})
    assert patched.json()["cadence_days"] == 14
    page = api.get("/api/clients", params={"limit": 10}).json()
    assert page["total"] == 1 and page["items"][0]["id"] == cid
    assert api.delete(f"/api/clients/{cid}").status_code == 204
    assert api.get(f"/api/clients/{cid}").status_code == 404


def test_validation_errors_are_422_with_the_field(api: Any) -> None:
    response = api.post("/api/clients", json={"name": "X", "personal_budget": 3})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "personal_budget"


def test_bad_language_is_422_with_a_message(api: Any) -> None:
    response = api.post("/api/clients", json={"name": "X", "language": "fr"})
    assert response.status_code == 422
    assert "unknown language" in response.json()["detail"]
