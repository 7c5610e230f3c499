"""Request bodies are limited while they stream in, and the CSRF check never buffers an
upload (docs/security.md, "Headers and limits"). These tests speak ASGI to the app
directly, so they see exactly how much of a body each request made the server read."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI

from rapport.bootstrap import Container
from rapport.web.app import create_app
from rapport.web.csrf import SCAN_LIMIT
from tests.conftest import logged_in_cookie, make_account

MIB = 1024 * 1024
CHUNK = b"x" * MIB
BOUNDARY = "rapport-test-boundary"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    chunks_read: int
    chunks_read_at_start: int = 0
    sent: list[Any] = field(default_factory=list)


def call(
    app: FastAPI,
    method: str,
    path: str,
    chunks: list[bytes],
    headers: dict[str, str],
) -> Answer:
    """One request whose body arrives in ``chunks`` (no Content-Length unless given)."""
    read = 0
    answer = Answer(0, {}, b"", 0)

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read < len(chunks):
            read += 1
            return {
                "type": "http.request",
                "body": chunks[read - 1],
                "more_body": read < len(chunks),
            }
        await asyncio.sleep(3600)  # the client keeps the connection open
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode(): v.decode() for k, v in message["headers"]}
            answer.chunks_read_at_start = read
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), timeout=60))
    answer.chunks_read = read
    return answer


def multipart_head(csrf: str | None) -> bytes:
    token = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
        if csrf is not None
        else ""
    )
    return (
        token + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nname\r\n'
    ).encode()


MULTIPART = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}


def session(container: Container) -> tuple[dict[str, str], str]:
    cookie = logged_in_cookie(container)
    login = container.accounts.session(cookie)
    assert login is not None
    return {"cookie": f"rapport_session={cookie}"}, login.csrf_token


def test_a_declared_length_over_the_limit_is_413_before_reading(container: Container) -> None:
    container.settings.max_upload_mb = 2
    app = create_app(container)
    token = make_account(container, "ann", "owner")
    headers = {"authorization": f"Bearer {token}", "content-length": str(300 * MIB), **MULTIPART}
    answer = call(app, "POST", "/api/import/csv", [CHUNK] * 3, headers)
    assert answer.status == 413
    assert answer.chunks_read == 0
    assert answer.body == b'{"detail":"request body too large: at most 2 MiB"}'
    page = call(app, "POST", "/import", [CHUNK], {**headers, "content-length": str(3 * MIB)})
    assert (page.status, page.chunks_read) == (413, 0)
    assert page.headers["content-type"].startswith("text/html")


def test_a_streamed_body_is_cut_off_at_the_limit(container: Container) -> None:
    """A chunked 300 MB upload with a session cookie: the server reads a little over the
    limit, answers 413 and never holds the rest (it used to read all of it first)."""
    container.settings.max_upload_mb = 2
    app = create_app(container)
    cookie, csrf = session(container)
    chunks = [multipart_head(csrf)] + [CHUNK] * 300
    answer = call(app, "POST", "/api/import/csv", chunks, {**cookie, **MULTIPART})
    assert answer.status == 413
    assert answer.chunks_read <= 4
    container.settings.max_body_kb = 16
    json_body = [b'{"name": "' + b"a" * 1024] * 100
    answer = call(app, "POST", "/api/clients", json_body, {**cookie, "x-csrf-token": csrf})
    assert (answer.status, answer.chunks_read) == (413, 16)  # 16 x 1034 bytes > 16 KiB


def test_the_csrf_check_reads_only_up_to_the_token(container: Container) -> None:
    app = create_app(container)
    cookie, csrf = session(container)
    chunks = [multipart_head(csrf)] + [CHUNK] * 40
    answer = call(app, "POST", "/logout", chunks, {**cookie, **MULTIPART})
    assert answer.status == 303, answer.body
    assert answer.chunks_read_at_start == 1  # /logout reads no body; the check read one chunk


def test_a_token_after_the_upload_or_a_wrong_one_is_refused(container: Container) -> None:
    app = create_app(container)
    cookie, csrf = session(container)
    late = [multipart_head(None), b"y" * (SCAN_LIMIT + 1), multipart_head(csrf)]
    answer = call(app, "POST", "/logout", late, {**cookie, **MULTIPART})
    assert answer.status == 403
    wrong = call(app, "POST", "/logout", [multipart_head("nope")], {**cookie, **MULTIPART})
    assert wrong.status == 403


def test_an_upload_under_the_limit_streams_through_to_the_route(container: Container) -> None:
    app = create_app(container)
    cookie, csrf = session(container)
    rows = b"".join(b"Client %d\r\n" % i for i in range(3))
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    chunks = [multipart_head(csrf), rows, tail]
    answer = call(app, "POST", "/api/import/csv", chunks, {**cookie, **MULTIPART})
    assert answer.status == 200, answer.body
    assert len(container.workspace.list_clients()) == 3
