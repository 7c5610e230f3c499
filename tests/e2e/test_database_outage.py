"""While the database is down, /healthz says so (503) and requests get a 503 — JSON under
/api, a page elsewhere — and everything answers again once it is back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.web.app import create_app
from tests.conftest import logged_in_cookie


@contextmanager
def database_down(container: Container) -> Iterator[None]:
    """Make the real database unreachable: PostgreSQL stops accepting connections to it;
    the SQLite file is moved away and a folder stands in its place."""
    url = container.engine.url
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        moved = path.with_suffix(".away")
        container.engine.dispose()
        path.rename(moved)
        path.mkdir()
        try:
            yield
        finally:
            container.engine.dispose()
            path.rmdir()
            moved.rename(path)
        return
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = url.database
    with admin.connect() as c:
        c.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        container.engine.dispose()
        c.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
    try:
        yield
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
        container.engine.dispose()


def test_an_outage_is_a_503_and_recovers(container: Container) -> None:
    cookie = logged_in_cookie(container)
    _info, token = container.accounts.create_token("owner", "outage test")
    app = create_app(container)
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        with database_down(container):
            health = client.get("/healthz")
            assert (health.status_code, health.json()) == (503, {"status": "database unavailable"})
            api = client.get("/api/clients", headers={"Authorization": f"Bearer {token}"})
            assert api.status_code == 503
            assert api.headers["content-type"] == "application/json"
            assert "database" in api.json()["detail"]
            client.cookies.set("rapport_session", cookie)
            page = client.get("/today")
            assert page.status_code == 503
            assert "Rapport cannot reach its database right now" in page.text
        assert client.get("/healthz").status_code == 200
        again = client.get("/api/clients", headers={"Authorization": f"Bearer {token}"})
        assert again.status_code == 200
