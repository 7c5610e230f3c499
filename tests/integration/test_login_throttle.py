"""The login limit holds under concurrency, on SQLite and PostgreSQL: of 40 wrong
passwords sent at once for one account from one address, exactly ``login_max_failures``
are checked and the rest are paused (it used to let about a dozen through)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.errors import RapportError
from rapport.services.accounts import LoginFailed, LoginPaused
from rapport.storage.team_rows import LoginThrottleRow
from tests.conftest import TEST_PASSWORD, make_account

ATTEMPTS = 40


def attempt_all(container: Container, name: str, password: str, address: str) -> list[str]:
    start = threading.Barrier(ATTEMPTS)

    def one(_: int) -> str:
        start.wait()
        try:
            container.accounts.login(name, password, address)
        except LoginPaused:
            return "paused"
        except LoginFailed:
            return "failed"
        except RapportError as exc:  # pragma: no cover - shown in the assertion
            return f"other: {exc}"
        return "ok"

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        return list(pool.map(one, range(ATTEMPTS)))


def test_concurrent_wrong_passwords_get_exactly_the_allowed_tries(container: Container) -> None:
    make_account(container, "ann", "member")
    results = attempt_all(container, "ann", "wrong password", "203.0.113.9")
    limit = container.settings.login_max_failures
    assert sorted(results) == ["failed"] * limit + ["paused"] * (ATTEMPTS - limit)
    # The right password from that address is paused too; another address still gets in.
    with pytest.raises(LoginPaused):
        container.accounts.login("ann", TEST_PASSWORD, "203.0.113.9")
    assert container.accounts.login("ann", TEST_PASSWORD, "198.51.100.7").actor.name == "ann"
    actions = [e.action for e in container.audit.entries(limit=100)]
    assert actions.count("login-failed") == limit


def test_the_window_passes_and_a_success_gives_the_tries_back(container: Container) -> None:
    make_account(container, "ann", "member")
    for _ in range(container.settings.login_max_failures):
        with pytest.raises(LoginFailed):
            container.accounts.login("ann", "wrong", "192.0.2.1")
    with pytest.raises(LoginPaused):
        container.accounts.login("ann", "wrong", "192.0.2.1")
    window = timedelta(minutes=container.settings.login_window_min + 1)
    with container.db.transaction() as s:
        s.execute(sa.update(LoginThrottleRow).values(window_start=now() - window))
    container.accounts.login("ann", TEST_PASSWORD, "192.0.2.1")
    with container.db.reading() as s:
        left = s.scalar(sa.select(sa.func.sum(LoginThrottleRow.failures)))
    assert not left  # every count back at nothing


@pytest.mark.slow  # many Argon2 password checks
def test_one_address_spraying_many_names_is_paused(container: Container) -> None:
    limit = container.settings.login_max_failures_per_address
    for n in range(limit):
        with pytest.raises(LoginFailed):
            container.accounts.login(f"guess{n}", "Winter2026!", "203.0.113.50")
    with pytest.raises(LoginPaused):
        container.accounts.login("another-name", "Winter2026!", "203.0.113.50")
    make_account(container, "ann", "member")
    assert container.accounts.login("ann", TEST_PASSWORD, "198.51.100.7").actor.name == "ann"


@pytest.mark.slow  # many Argon2 password checks
def test_one_account_tried_from_many_addresses_is_paused(container: Container) -> None:
    make_account(container, "ann", "member")
    limit = container.settings.login_max_failures_per_account
    for n in range(limit):
        with pytest.raises(LoginFailed):
            container.accounts.login("ann", "wrong", f"2001:db8::{n + 1:x}")
    with pytest.raises(LoginPaused):
        container.accounts.login("ann", TEST_PASSWORD, "192.0.2.200")
    make_account(container, "bob", "member")
    assert container.accounts.login("bob", TEST_PASSWORD, "192.0.2.200").actor.name == "bob"


@pytest.mark.slow  # many Argon2 password checks
def test_an_office_logging_in_from_one_address_is_never_paused(container: Container) -> None:
    make_account(container, "ann", "member")
    for _ in range(container.settings.login_max_failures_per_address + 5):
        assert container.accounts.login("ann", TEST_PASSWORD, "198.51.100.1").actor.name == "ann"
