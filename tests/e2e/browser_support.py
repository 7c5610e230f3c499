"""A real Rapport server and a headless Chromium for the browser tests.

The server is uvicorn running ``create_app`` in a thread on a free port, against a fresh
SQLite database per test (PostgreSQL adds nothing here: the HTTP tests cover both).
Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright. Every page opened through
:func:`open_page` fails the test on a console error or an uncaught page error.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class LiveServer:
    url: str
    container: Any
    errors: list[str] = field(default_factory=list)
    session_cookie: str = ""  # a logged-in session (docs/security.md)

    def cookies(self) -> list[dict[str, Any]]:
        """What a browser context needs to be logged in."""
        return [{"name": "rapport_session", "value": self.session_cookie, "url": self.url}]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def live_server(template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    import uvicorn

    from rapport.bootstrap import build
    from rapport.config import Settings
    from rapport.web.app import create_app

    db = tmp_path / "browser.db"
    shutil.copy(template, db)
    container = build(Settings(database_url=f"sqlite:///{db}", data_dir=tmp_path / "data"))
    port = _free_port()
    config = uvicorn.Config(
        create_app(container), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    for _ in range(400):
        if server.started:
            started.set()
            break
        started.wait(0.025)
    if not started.is_set():
        pytest.fail("the Rapport server did not start")
    try:
        from tests.conftest import logged_in_cookie

        yield LiveServer(
            url=f"http://127.0.0.1:{port}",
            container=container,
            session_cookie=logged_in_cookie(container),
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        container.close()


def watch(page: Any, errors: list[str]) -> Any:
    """Record console errors and uncaught exceptions of ``page`` into ``errors``."""
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return page


def wait_until(page: Any, expression: str, timeout_s: float = 15.0) -> Any:
    """Poll ``expression`` in the page from here until it is truthy; its last value.

    Playwright's ``wait_for_function`` polls through ``eval`` in the page, which Rapport's
    Content-Security-Policy (``script-src 'self'``) refuses as soon as the first check is
    false; ``page.evaluate`` goes through the DevTools protocol and is not affected.
    """
    deadline = time.monotonic() + timeout_s
    value = page.evaluate(expression)
    while not value and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        value = page.evaluate(expression)
    return value
