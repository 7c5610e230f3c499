"""The API's accounts, tokens, passwords, backup/restore and classify endpoints, and its
self-served documentation (docs/web.md, docs/security.md). Runs on SQLite and PostgreSQL;
each owner-only endpoint is also tried as a member and a read-only account."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.web.app import create_app
from tests.conftest import TEST_PASSWORD

ApiAs = Callable[[str, str], Any]


def _as_token(container: Container, token: str) -> TestClient:
    return TestClient(create_app(container), headers={"Authorization": f"Bearer {token}"})


# --- the OpenAPI document and the documentation pages -----------------------------------
def test_openapi_declares_the_bearer_scheme_on_every_api_operation(anonymous_api: Any) -> None:
    spec = anonymous_api.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["HTTPBearer"]["description"],
    }
    for path, operations in spec["paths"].items():
        if path.startswith("/api/"):
            for method, operation in operations.items():
                assert operation.get("security") == [{"HTTPBearer": []}], (method, path)
    for path in ("/api/classify", "/api/backup", "/api/restore", "/api/tokens", "/api/users"):
        assert path in spec["paths"], path
    assert "/api/me/password" in spec["paths"]


@pytest.mark.parametrize(
    ("page", "assets"),
    [
        ("/docs", ["/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js"]),
        ("/redoc", ["/docs/assets/redoc.standalone.js"]),
    ],
)
def test_documentation_pages_load_only_rapports_own_files(
    anonymous_api: Any, page: str, assets: list[str]
) -> None:
    answer = anonymous_api.get(page)
    assert answer.status_code == 200
    html = answer.text
    assert "http://" not in html and "https://" not in html  # nothing from elsewhere
    assert "<script>" not in html  # the starter is a file (no inline script)
    assert "/static/js/api-docs.js" in html
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "cdn" not in policy
    for asset in [*assets, "/static/js/api-docs.js", "/docs/assets/favicon.png"]:
        got = anonymous_api.get(asset)
        assert got.status_code == 200, asset
        assert len(got.content) > 100, asset


# --- accounts ---------------------------------------------------------------------------
def test_owner_creates_an_account_that_can_log_in(api: Any, container: Container) -> None:
    made = api.post("/api/users", json={"name": "nina", "role": "member", "password": "pw-nina-1"})
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "nina" and made.json()["role"] == "member"
    assert "password" not in made.text and "hash" not in made.text
    again = api.post("/api/users", json={"name": "nina", "password": "another-one"})
    assert again.status_code == 409
    short = api.post("/api/users", json={"name": "olav", "password": "short"})
    assert short.status_code == 422 and "8 characters" in short.json()["detail"]
    spaced = api.post("/api/users", json={"name": "a b", "password": "long enough"})
    assert spaced.status_code == 422
    assert container.accounts.login("nina", "pw-nina-1", "127.0.0.1").actor.name == "nina"
    assert [u["name"] for u in api.get("/api/users").json()] == ["nina", "owner"]


def test_tokens_are_made_listed_and_revoked_by_owners(api: Any, container: Container) -> None:
    api.post("/api/users", json={"name": "nina", "password": "pw-nina-1"})
    made = api.post("/api/tokens", json={"user": "nina", "label": "script"})
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    assert made.json()["prefix"] == token[:10] and made.json()["user"] == "nina"
    with _as_token(container, token) as nina:
        assert nina.get("/api/me").json()["name"] == "nina"
        listed = api.get("/api/tokens").json()
        assert {"user": "nina", "label": "script"}.items() <= listed[-1].items()
        assert token not in json.dumps(listed)  # only its first characters
        assert api.delete(f"/api/tokens/{made.json()['id']}").status_code == 204
        assert nina.get("/api/me").status_code == 401
    assert api.delete(f"/api/tokens/{made.json()['id']}").status_code == 404
    assert api.post("/api/tokens", json={"user": "nobody"}).status_code == 404


def test_owner_sets_a_password_and_the_accounts_tokens_end(
    api: Any, api_as: ApiAs, container: Container
) -> None:
    mia = api_as("mia", "member")
    answer = api.put("/api/users/mia/password", json={"password": "mia's new password"})
    assert answer.status_code == 200, answer.text
    assert mia.get("/api/me").status_code == 401  # her tokens were revoked
    assert container.accounts.login("mia", "mia's new password", "127.0.0.1")
    missing = api.put("/api/users/nobody/password", json={"password": "long enough"})
    assert missing.status_code == 404


def test_an_account_changes_its_own_password(api_as: ApiAs, container: Container) -> None:
    mia = api_as("mia", "member")
    session = container.accounts.login("mia", TEST_PASSWORD, "127.0.0.1")
    wrong = mia.post(
        "/api/me/password", json={"current_password": "not it", "new_password": "a new one!"}
    )
    assert wrong.status_code == 403 and "current password" in wrong.json()["detail"]
    weak = mia.post(
        "/api/me/password", json={"current_password": TEST_PASSWORD, "new_password": "short"}
    )
    assert weak.status_code == 422
    assert container.accounts.session(session.cookie) is not None  # nothing changed yet
    done = mia.post(
        "/api/me/password",
        json={"current_password": TEST_PASSWORD, "new_password": "a new one!"},
    )
    assert done.status_code == 200, done.text
    assert container.accounts.session(session.cookie) is None  # her web logins ended
    assert mia.get("/api/me").status_code == 200  # her API token stays
    assert container.accounts.login("mia", "a new one!", "127.0.0.1").actor.name == "mia"
    with pytest.raises(Exception, match="wrong name or password"):
        container.accounts.login("mia", TEST_PASSWORD, "127.0.0.1")


@pytest.mark.parametrize("role", ["member", "read-only"])
def test_only_owners_manage_accounts_tokens_and_backups(
    api: Any, api_as: ApiAs, container: Container, role: str
) -> None:
    other = api_as("eve", role)
    api.post("/api/users", json={"name": "nina", "password": "pw-nina-1"})
    token_id = api.post("/api/tokens", json={"user": "nina"}).json()["id"]
    archive = _archive(api)
    before = {
        "users": api.get("/api/users").json(),
        "tokens": api.get("/api/tokens").json(),
        "clients": api.get("/api/clients").json(),
    }
    refused = [
        other.get("/api/users"),
        other.post("/api/users", json={"name": "evil", "role": "owner", "password": "12345678"}),
        other.put("/api/users/nina/password", json={"password": "taken over"}),
        other.get("/api/tokens"),
        other.post("/api/tokens", json={"user": "owner"}),
        other.delete(f"/api/tokens/{token_id}"),
        other.get("/api/backup"),
        other.post("/api/restore", files={"file": ("b.json.gz", archive, "application/gzip")}),
    ]
    for answer in refused:
        assert answer.status_code == 403, (answer.request.method, answer.request.url, answer.text)
        assert "token" not in answer.json() and "tables" not in answer.text
    after = {
        "users": api.get("/api/users").json(),
        "tokens": [t for t in api.get("/api/tokens").json() if t["user"] != "eve"],
        "clients": api.get("/api/clients").json(),
    }
    before["tokens"] = [t for t in before["tokens"] if t["user"] != "eve"]
    assert after == before


# --- backup and restore -----------------------------------------------------------------
def _archive(api: Any) -> bytes:
    answer = api.get("/api/backup")
    assert answer.status_code == 200, answer.text
    return bytes(answer.content)


def test_backup_download_restores_the_workspace(api: Any) -> None:
    kept = api.post("/api/clients", json={"name": "Kept Client"}).json()
    answer = api.get("/api/backup")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/gzip"
    assert 'filename="rapport-' in answer.headers["content-disposition"]
    archive = json.loads(gzip.decompress(answer.content))
    assert archive["format"] == "rapport-backup" and archive["counts"]["clients"] == 1
    api.post("/api/clients", json={"name": "Added Later"})
    api.delete(f"/api/clients/{kept['id']}")
    restored = api.post(
        "/api/restore", files={"file": ("saved.json.gz", answer.content, "application/gzip")}
    )
    assert restored.status_code == 200, restored.text
    assert restored.json()["format"] == "portable" and restored.json()["path"] == "saved.json.gz"
    listed = api.get("/api/clients")
    assert listed.status_code == 200, listed.text
    assert [c["name"] for c in listed.json()["items"]] == ["Kept Client"]
    audit = api.get("/api/audit").json()
    assert audit[0]["action"] == "restore" and audit[0]["actor"] == "owner"


def test_a_bad_backup_is_refused_and_changes_nothing(api: Any) -> None:
    api.post("/api/clients", json={"name": "Still Here"})
    good = json.loads(gzip.decompress(_archive(api)))
    good["tables"]["clients"]["rows"] = []  # the checksum no longer matches
    for name, data in [
        ("notes.txt", b"not a backup"),
        ("tampered.json.gz", gzip.compress(json.dumps(good).encode())),
    ]:
        answer = api.post("/api/restore", files={"file": (name, data, "application/gzip")})
        assert answer.status_code == 422, answer.text
        assert name in answer.json()["detail"]
    assert [c["name"] for c in api.get("/api/clients").json()["items"]] == ["Still Here"]


# --- classify ---------------------------------------------------------------------------
def test_classify_labels_each_line_in_order(api: Any, api_as: ApiAs) -> None:
    lines = [
        "Can we agree on the budget for the second phase?",
        "How was your holiday in Kyoto?",
        "",
        "請求書は来週送ります。",
    ]
    answer = api.post("/api/classify", json={"lines": lines})
    assert answer.status_code == 200, answer.text
    labels = answer.json()["labels"]
    assert [item["text"] for item in labels] == lines
    assert labels[0]["label"] == "business" and labels[0]["language"] == "en"
    assert labels[1]["label"] == "personal"
    assert labels[2] == {"text": "", "label": "other", "language": "und", "confidence": 1.0}
    assert labels[3]["language"] == "ja"
    assert all(0 <= item["confidence"] <= 1 for item in labels)
    alone = api.post("/api/classify", json={"lines": lines, "context": False}).json()["labels"]
    assert [item["label"] for item in alone][:3] == ["business", "personal", "other"]
    member = api_as("mia", "member")
    assert member.post("/api/classify", json={"lines": lines}).json() == answer.json()


def test_classify_refuses_too_much(api: Any) -> None:
    assert api.post("/api/classify", json={"lines": ["x"] * 1001}).status_code == 422
    assert api.post("/api/classify", json={"lines": ["x" * 10_001]}).status_code == 422
    assert api.post("/api/classify", json={"text": "x"}).status_code == 422
    assert api.post("/api/classify", json={"lines": []}).json() == {"labels": []}
