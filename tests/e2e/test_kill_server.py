"""Kill -9 the real server in the middle of an import and a burst of writes, restart it,
and prove the database is consistent and nothing committed is lost.

"Committed" means the server answered 2xx: every such write must be there after the
restart. The import is one transaction: after the crash its rows are all there or none.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.conftest import _worker, fresh_postgres_database
from tests.live_server import LiveServer

WRITERS = 6
WRITES_PER_WRITER = 60
KILL_AFTER = 80  # acknowledged writes before the kill: the burst is well under way
IMPORT_ROWS = 3000


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rapport.db'}"
    else:
        yield fresh_postgres_database(f"rapport_kill_{_worker()}")


class Burst:
    """Writers creating clients (each with an interaction) until the server dies."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.acknowledged: set[str] = set()  # names the server answered 201 for
        self.attempted: set[str] = set()
        self.lock = threading.Lock()
        self.enough = threading.Event()

    def writer(self, n: int) -> None:
        with httpx.Client(base_url=self.base_url, timeout=30) as http:
            for i in range(WRITES_PER_WRITER):
                name = f"Burst {n}-{i}"
                with self.lock:
                    self.attempted.add(name)
                try:
                    r = http.post("/api/clients", json={"name": name})
                    if r.status_code == 201:
                        http.post(
                            "/api/interactions",
                            json={
                                "client_id": r.json()["id"],
                                "kind": "call",
                                "started_at": "2026-03-02T09:00:00Z",
                                "duration_min": 30,
                            },
                        )
                except httpx.TransportError:
                    return  # the server is gone
                if r.status_code == 201:
                    with self.lock:
                        self.acknowledged.add(name)
                        if len(self.acknowledged) >= KILL_AFTER:
                            self.enough.set()


def _import(base_url: str, outcome: dict[str, int]) -> None:
    rows = "".join(f"Imported {i:05d},en\n" for i in range(IMPORT_ROWS))
    files = {"file": ("clients.csv", f"name,language\n{rows}".encode(), "text/csv")}
    try:
        r = httpx.post(
            f"{base_url}/api/import/csv", files=files, params={"what": "clients"}, timeout=120
        )
        outcome["status"] = r.status_code
    except httpx.TransportError:
        outcome["status"] = 0  # killed before it answered


def _names(db_url: str) -> set[str]:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        names = set(conn.execute(sa.text("SELECT name FROM clients")).scalars())
        orphans = conn.execute(
            sa.text(
                "SELECT count(*) FROM interactions i LEFT JOIN clients c ON c.id = i.client_id "
                "WHERE c.id IS NULL"
            )
        ).scalar_one()
    engine.dispose()
    assert orphans == 0
    return names


@pytest.mark.slow
def test_kill_during_import_and_writes_loses_nothing_committed(
    server_db: str, tmp_path: Path
) -> None:
    server = LiveServer(server_db, tmp_path / "data").start()
    burst = Burst(server.base_url)
    outcome: dict[str, int] = {}
    importer = threading.Thread(target=_import, args=(server.base_url, outcome))
    with ThreadPoolExecutor(WRITERS) as pool:
        importer.start()
        for n in range(WRITERS):
            pool.submit(burst.writer, n)
        burst.enough.wait(timeout=120)
        server.kill()  # SIGKILL, mid-burst
    importer.join()

    if server_db.startswith("sqlite"):
        path = server_db.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    # Restart on the same database: it comes up, and every acknowledged write is there.
    with LiveServer(server_db, tmp_path / "data") as again:
        assert again.client.get("/api/clients", params={"limit": 1}).status_code == 200
        assert again.client.post("/api/clients", json={"name": "After"}).status_code == 201
    names = _names(server_db)
    assert burst.acknowledged <= names, "a write answered 201 is missing after the crash"
    burst_names = {n for n in names if n.startswith("Burst ")}
    assert burst_names <= burst.attempted
    imported = {n for n in names if n.startswith("Imported ")}
    assert len(imported) in (0, IMPORT_ROWS), "the import was half-written"
    if outcome.get("status") == 200:
        assert len(imported) == IMPORT_ROWS
