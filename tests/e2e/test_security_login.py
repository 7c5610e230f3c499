"""Single-user login: first-run setup, session cookie, CSRF, logout, rate limiting, and the
audit log of logins and changes (docs/security.md)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.services.accounts import LOCAL_USER

PASSWORD = "a long enough secret"


def _setup(browser: TestClient) -> None:
    response = browser.post("/setup", data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 303


def test_first_run_setup_then_login_with_a_safe_cookie(anonymous_api: TestClient) -> None:
    browser = anonymous_api
    assert browser.get("/").headers["location"] == "/setup"
    assert browser.get("/login").headers["location"] == "/setup"
    page = browser.get("/setup")
    assert page.status_code == 200 and 'type="password"' in page.text
    mismatch = browser.post("/setup", data={"password": PASSWORD, "confirm": "other one!"})
    assert mismatch.status_code == 422 and "differ" in mismatch.text

    response = browser.post("/setup", data={"password": PASSWORD, "confirm": PASSWORD})
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert browser.get("/api/me").json()["name"] == LOCAL_USER
    # Once a password exists, /setup cannot replace it.
    assert browser.get("/setup").headers["location"] == "/login"

    browser.cookies.clear()
    assert browser.get("/api/clients").status_code == 401
    assert browser.get("/clients?x=1").headers["location"] == "/login?next=/clients%3Fx%3D1"
    wrong = browser.post("/login", data={"password": "not it at all"})
    assert (
        wrong.status_code == 401 and "Wrong password." in wrong.text and "name or" not in wrong.text
    )
    ok = browser.post("/login", data={"password": PASSWORD, "next": "/api/me"})
    assert ok.headers["location"] == "/api/me"
    assert browser.get("/api/me").status_code == 200
    evil = browser.post("/login", data={"password": PASSWORD, "next": "//evil.example"})
    assert evil.headers["location"] == "/"


def test_session_writes_need_the_csrf_token(anonymous_api: TestClient) -> None:
    browser = anonymous_api
    _setup(browser)
    refused = browser.post("/api/clients", json={"name": "Acme"})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    token = browser.get("/api/me").json()["csrf_token"]
    bad = browser.post("/api/clients", json={"name": "Acme"}, headers={"X-CSRF-Token": "x"})
    assert bad.status_code == 403
    made = browser.post("/api/clients", json={"name": "Acme"}, headers={"X-CSRF-Token": token})
    assert made.status_code == 201
    # Forms send it as a field; logging out ends the session for good.
    assert browser.post("/logout").status_code == 403
    cookie = browser.cookies["rapport_session"]
    out = browser.post("/logout", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    browser.cookies.set("rapport_session", cookie)
    assert browser.get("/api/me").status_code == 401


def test_forms_of_pages_get_the_csrf_field(container: Container) -> None:
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    from rapport.web import auth as web

    app = FastAPI()
    web.install(app, container)

    @app.get("/form")
    def form() -> HTMLResponse:
        return HTMLResponse('<html><head></head><form method="post" action="/x"></form></html>')

    with TestClient(app, follow_redirects=False) as browser:
        _setup(browser)
        html = browser.get("/form").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert token is not None
    assert f'<input type="hidden" name="csrf_token" value="{token.group(1)}">' in html


def test_logins_are_paused_after_five_failures(
    container: Container, anonymous_api: TestClient
) -> None:
    browser = anonymous_api
    _setup(browser)
    browser.cookies.clear()
    for _ in range(5):
        assert browser.post("/login", data={"password": "wrong guess"}).status_code == 401
    paused = browser.post("/login", data={"password": PASSWORD})
    assert paused.status_code == 429 and "Too many failed attempts" in paused.text
    assert "rapport_session" not in browser.cookies
    actions = [e.action for e in container.audit.entries(limit=20)]
    assert actions.count("login-failed") == 5 and "login-paused" in actions


def test_changes_and_logins_are_audited(container: Container, api: TestClient) -> None:
    client = api.post("/api/clients", json={"name": "Acme"}).json()["id"]
    api.patch(f"/api/clients/{client}", json={"cadence_days": 7})
    api.post("/api/revenue", json={"client_id": client, "on": "2026-01-01", "amount": "5.00"})
    api.delete(f"/api/clients/{client}")
    log = api.get("/api/audit").json()
    mine = [
        (e["actor"], e["action"], e["entity"]) for e in log if e["entity"] in {"client", "revenue"}
    ]
    assert mine[:4] == [
        ("owner", "delete", "client"),
        ("owner", "create", "revenue"),
        ("owner", "update", "client"),
        ("owner", "create", "client"),
    ]
    update = next(e for e in log if e["action"] == "update")
    assert update["changes"] == {"cadence_days": [30, 7]}
    assert update["client_id"] == client
    assert update["entity_id"] == str(client)
    # The token was made through the service: the audit shows it, never the secret.
    token = next(e for e in log if e["entity"] == "token")
    assert "digest" not in token["changes"]
