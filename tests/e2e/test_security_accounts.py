"""The account life cycle (docs/security.md): owners change roles, disable, enable and remove
accounts from the command line, the API and the accounts page; the last owner always stays
one; a password change revokes the account's tokens and logins; a weak secret key is
refused."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.config import Settings
from rapport.errors import ConflictError
from rapport.policy.access import Role
from rapport.web.app import create_app
from tests.conftest import TEST_PASSWORD, RunCli, make_account

TEAM = {"RAPPORT_MODE": "team", "RAPPORT_SECRET_KEY": "q7Vd2-LmX9sR4tKw8ZpN1cB6yHf3Ja0E5gUe"}


def env_for(settings: Settings) -> dict[str, str]:
    return TEAM if str(settings.database_url).startswith("postgresql") else {}


def test_users_role_disable_enable_remove_from_the_command_line(
    cli: RunCli, settings: Settings
) -> None:
    env = env_for(settings)
    for name, role in (("ann", "owner"), ("mia", "member")):
        assert (
            cli("users", "add", name, "--role", role, input="a good secret\n", env=env).returncode
            == 0
        )

    def users() -> list[tuple[str, str, bool]]:
        listed = json.loads(cli("users", "list", "--json", env=env).stdout)
        return [(u["name"], u["role"], u["disabled"]) for u in listed]

    last = cli("users", "role", "ann", "member", env=env)
    assert (last.returncode, last.stderr.strip()) == (
        1,
        "error: ann is the last owner: make another account an owner first",
    )
    assert cli("users", "disable", "ann", env=env).returncode == 1
    assert cli("users", "remove", "ann", "--yes", env=env).returncode == 1
    assert cli("users", "role", "mia", "owner", env=env).returncode == 0
    assert cli("users", "disable", "mia", env=env).returncode == 0
    assert users() == [("ann", "owner", False), ("mia", "owner", True)]
    # A disabled owner does not count: ann is still the last one who can log in.
    assert cli("users", "role", "ann", "read-only", env=env).returncode == 1
    assert cli("users", "enable", "mia", env=env).returncode == 0
    assert cli("users", "role", "ann", "read-only", env=env).returncode == 0
    assert cli("users", "remove", "ann", env=env, input="n\n").returncode == 1
    assert cli("users", "remove", "ann", "--yes", env=env).returncode == 0
    assert users() == [("mia", "owner", False)]
    unknown = cli("users", "disable", "nobody", env=env)
    assert (unknown.returncode, unknown.stderr.strip()) == (1, "error: no user named nobody")
    wrong = cli("users", "role", "mia", "boss", env=env)
    assert wrong.returncode == 2


def test_owners_manage_accounts_over_the_api(
    container: Container, api: TestClient, api_as: Callable[[str, str], TestClient]
) -> None:
    mia = api_as("mia", "member")
    assert mia.get("/api/me").status_code == 200
    assert mia.patch("/api/users/owner", json={"role": "member"}).status_code == 403
    assert mia.delete("/api/users/owner").status_code == 403

    off = api.patch("/api/users/mia", json={"disabled": True})
    assert (off.status_code, off.json()["disabled"]) == (200, True)
    assert mia.get("/api/me").status_code == 401  # her token is refused while disabled
    with pytest.raises(Exception, match="wrong name or password"):
        container.accounts.login("mia", TEST_PASSWORD, "192.0.2.3")
    assert api.patch("/api/users/mia", json={"disabled": False}).status_code == 200
    assert mia.get("/api/me").status_code == 200

    both = api.patch("/api/users/mia", json={"role": "read-only", "disabled": False})
    assert (both.json()["role"], both.json()["disabled"]) == ("read-only", False)
    last = api.patch("/api/users/owner", json={"role": "member"})
    assert last.status_code == 409 and "last owner" in last.json()["detail"]
    assert api.delete("/api/users/owner").status_code == 409
    assert api.patch("/api/users/mia", json={"role": "boss"}).status_code == 422
    assert api.patch("/api/users/nobody", json={"disabled": True}).status_code == 404
    assert api.delete("/api/users/mia").status_code == 204
    assert mia.get("/api/me").status_code == 401
    assert [u["name"] for u in api.get("/api/users").json()] == ["owner"]


def test_a_password_change_revokes_tokens_and_logins(
    container: Container, api_as: Callable[[str, str], TestClient]
) -> None:
    mia = api_as("mia", "member")
    login = container.accounts.login("mia", TEST_PASSWORD, "192.0.2.4")
    assert container.accounts.session(login.cookie) is not None
    container.accounts.set_password("mia", "a brand new passphrase")
    assert mia.get("/api/me").status_code == 401
    assert container.accounts.session(login.cookie) is None
    assert container.accounts.list_tokens() == []


def test_two_owners_demoting_each_other_at_once_leave_one_owner(container: Container) -> None:
    if container.db.dialect != "postgresql":
        pytest.skip("several owners means team mode, which runs on PostgreSQL only")
    make_account(container, "ann", "owner")
    make_account(container, "bob", "owner")

    def demote(name: str) -> str:
        try:
            container.accounts.set_role(name, Role.MEMBER)
        except ConflictError:
            return "refused"
        return "done"

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(demote, ["ann", "bob"]))
    owners = [u.name for u in container.accounts.list_users() if u.role is Role.OWNER]
    assert len(owners) == 1
    assert results == ["done", "refused"]


def test_the_accounts_page_for_owners(container: Container) -> None:
    make_account(container, "owner", "owner")
    make_account(container, "mia", "member")
    owner = container.accounts.login("owner", TEST_PASSWORD, "192.0.2.5")
    with TestClient(create_app(container), follow_redirects=False) as browser:
        browser.cookies.set("rapport_session", owner.cookie)
        page = browser.get("/users")
        assert page.status_code == 200
        assert "mia" in page.text and 'action="/users/mia/disable"' in page.text
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert csrf is not None
        token = {"csrf_token": csrf.group(1)}
        done = browser.post("/users/mia/disable", data=token)
        assert (done.status_code, done.headers["location"]) == (303, "/users?done=1")
        assert [u.disabled for u in container.accounts.list_users() if u.name == "mia"] == [True]
        assert browser.post("/users/mia/role", data={**token, "role": "owner"}).status_code == 303
        assert browser.post("/users/mia/enable", data=token).status_code == 303
        removed = browser.post("/users/owner/remove", data=token)
        assert removed.headers["location"] == "/users?done=1"  # mia is an enabled owner now
        assert browser.get("/users").status_code == 303  # our own account is gone: to /login
    assert [(u.name, u.role, u.disabled) for u in container.accounts.list_users()] == [
        ("mia", Role.OWNER, False)
    ]


def test_the_last_owner_is_kept_on_the_accounts_page(container: Container) -> None:
    make_account(container, "owner", "owner")
    member = make_account(container, "mia", "member")
    owner = container.accounts.login("owner", TEST_PASSWORD, "192.0.2.7")
    with TestClient(create_app(container), follow_redirects=False) as browser:
        browser.cookies.set("rapport_session", owner.cookie)
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', browser.get("/users").text)
        assert csrf is not None
        refused = browser.post("/users/owner/disable", data={"csrf_token": csrf.group(1)})
        assert refused.headers["location"] == "/users?error=409"
        shown = browser.get("/users?error=409&lang=nb")
        assert "Den siste eieren kan ikke fjernes" in shown.text
        assert [u.disabled for u in container.accounts.list_users()] == [False, False]
    with TestClient(create_app(container), headers={"Authorization": f"Bearer {member}"}) as mia:
        assert mia.get("/users").status_code == 403
