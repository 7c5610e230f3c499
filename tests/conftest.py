"""Shared fixtures. Integration and e2e tests run once on SQLite and once on PostgreSQL.

PostgreSQL comes from RAPPORT_TEST_POSTGRES_URL (default: the local server with trust auth,
as `make test` sets up). Each test worker gets its own database; tables are emptied between
tests. SQLite tests copy a migrated template file, so every test starts from a clean schema.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container, build
from rapport.config import Settings
from rapport.storage import database
from rapport.storage.schema import Base

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get(
    "RAPPORT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]
if os.environ.get("RAPPORT_TEST_SKIP_POSTGRES") == "1":
    BACKENDS = ["sqlite"]


def _worker() -> str:
    """A name unique to this checkout and xdist worker, so parallel runs never share a
    database."""
    import hashlib

    checkout = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
    return f"{checkout}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _pg_url(dbname: str) -> str:
    return sa.engine.make_url(ADMIN_URL).set(database=dbname).render_as_string(hide_password=False)


def fresh_postgres_database(name: str) -> str:
    """(Re)create an empty PostgreSQL database and return its URL."""
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {ADMIN_URL} ({exc.orig}). Run `make test`, which "
            "starts it, or set RAPPORT_TEST_POSTGRES_URL.",
            pytrace=False,
        )
    finally:
        admin.dispose()
    return _pg_url(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = database.create_engine(f"sqlite:///{path}")
    database.upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_session_url() -> Iterator[str]:
    url = fresh_postgres_database(f"rapport_test_{_worker()}")
    engine = database.create_engine(url)
    database.upgrade(engine)
    engine.dispose()
    yield url


def _truncate_postgres(url: str) -> None:
    engine = database.create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "rapport.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_session_url")
    _truncate_postgres(url)
    return url


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, data_dir=tmp_path / "data")


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    c = build(settings)
    yield c
    c.close()


@pytest.fixture
def api(container: Container) -> Iterator[object]:
    """The API as the workspace's owner (a bearer token; see docs/security.md)."""
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app

    token = make_account(container, "owner", "owner")
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(container), headers=headers) as client:
        yield client


# --- accounts (docs/security.md) ---------------------------------------------------------
TEST_PASSWORD = "correct horse battery staple"


def make_account(container: Container, name: str, role: str) -> str:
    """Create an account with TEST_PASSWORD and return a new API token for it."""
    from rapport.clock import now
    from rapport.storage.team_rows import UserRow

    with container.db.transaction() as s:
        s.add(UserRow(name=name, role=role, password_hash=_test_hash(), created_at=now()))
    _info, token = container.accounts.create_token(name, "tests")
    return token


def logged_in_cookie(container: Container) -> str:
    """The single-user password set (TEST_PASSWORD) and a fresh login: the value of the
    session cookie (``rapport_session``) a browser would hold."""
    from rapport.services.accounts import LOCAL_USER

    if not container.accounts.has_password():
        make_account(container, LOCAL_USER, "owner")
    return container.accounts.login(LOCAL_USER, TEST_PASSWORD, "127.0.0.1").cookie


@functools.cache
def _test_hash() -> str:
    from rapport.crypto.passwords import hash_password

    return hash_password(TEST_PASSWORD)


@pytest.fixture
def anonymous_api(container: Container) -> Iterator[object]:
    """The API and pages without any credentials."""
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app

    with TestClient(create_app(container), follow_redirects=False) as client:
        yield client


@pytest.fixture
def api_as(container: Container) -> Iterator[Callable[[str, str], object]]:
    """``api_as(name, role)``: the API as a new account with that role."""
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app

    app = create_app(container)
    clients: list[TestClient] = []

    def make(name: str, role: str) -> TestClient:
        token = make_account(container, name, role)
        client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@dataclass
class CliResult:
    """What a ``rapport`` run gave back (the same attributes as subprocess results)."""

    returncode: int
    stdout: str
    stderr: str


RunCli = Callable[..., CliResult]


def _cli_env(settings: Settings, extra: dict[str, str] | None) -> dict[str, str]:
    return {
        "RAPPORT_DATABASE_URL": str(settings.database_url),
        "RAPPORT_DATA_DIR": str(settings.data_dir),
        "COLUMNS": "200",
        **(extra or {}),
    }


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run the ``rapport`` command line in this process (Typer's CliRunner) against the test
    database: the same parsing, output, error handling and exit codes as the console script,
    without paying for a new interpreter on every call. Bugs raise instead of turning into
    an exit code."""
    from typer.testing import CliRunner

    from rapport.cli import app

    def run(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        runner = CliRunner()
        result = runner.invoke(
            app, list(args), input=input, env=_cli_env(settings, env), catch_exceptions=False
        )
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def cli_process(settings: Settings) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real ``python -m rapport`` in a subprocess (slower; for a few end-to-end
    checks of the console entry point itself)."""

    def run(
        *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **_cli_env(settings, env)}
        return subprocess.run(
            [sys.executable, "-m", "rapport", *args],
            input=input,
            capture_output=True,
            text=True,
            env=full_env,
            timeout=300,
        )

    return run
