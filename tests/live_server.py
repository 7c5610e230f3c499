"""A real ``rapport serve`` in a subprocess on a free loopback port (for the tests that
need a server process: several workers, kill -9 in the middle of writes)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _owner_token(db_url: str, data_dir: Path, name: str) -> str:
    """An owner account and API token in the server's database (the API answers 401
    without one; docs/security.md)."""
    from rapport.bootstrap import build
    from rapport.config import Settings
    from tests.conftest import make_account

    container = build(Settings(database_url=db_url, data_dir=data_dir))
    try:
        return make_account(container, name, "owner")
    finally:
        container.close()


class LiveServer:
    """``with LiveServer(db_url) as server: server.client.get(...)``. ``kill()`` sends
    SIGKILL to the whole process group (the server and its workers) at once."""

    def __init__(self, db_url: str, data_dir: Path, *, workers: int = 1) -> None:
        self.db_url = db_url
        self.data_dir = data_dir
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        token = _owner_token(db_url, data_dir, f"owner-{self.port}")
        self.client = httpx.Client(
            base_url=self.base_url, timeout=60, headers={"Authorization": f"Bearer {token}"}
        )

    def start(self) -> LiveServer:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "RAPPORT_DATABASE_URL": self.db_url,
            "RAPPORT_DATA_DIR": str(self.data_dir),
        }
        args = ["serve", "--port", str(self.port), "--workers", str(self.workers)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rapport", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so kill() reaches the workers
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout: float = 60) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"server exited with {self.process.returncode}: {err}")
            try:
                if self.client.get("/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # polling for the port to open, not waiting for a result
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing, like a power cut for the process."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()
        self.client.close()
