"""`rapport serve --workers 2`: stateless workers against one PostgreSQL database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import _worker, fresh_postgres_database
from tests.live_server import LiveServer


@pytest.mark.slow
def test_two_workers_serve_one_postgres_database(tmp_path: Path) -> None:
    url = fresh_postgres_database(f"rapport_serve_{_worker()}")  # migrated by `serve` itself
    with LiveServer(url, tmp_path, workers=2) as server:
        created = [
            server.client.post("/api/clients", json={"name": f"Client {i}"}) for i in range(20)
        ]
        assert all(r.status_code == 201 for r in created)
        # Every worker sees every write: the workers keep no state of their own.
        for r in created:
            got = server.client.get(f"/api/clients/{r.json()['id']}")
            assert got.status_code == 200
            assert got.json()["name"] == r.json()["name"]
        listed = server.client.get("/api/clients", params={"limit": 100}).json()
        assert listed["total"] == 20
