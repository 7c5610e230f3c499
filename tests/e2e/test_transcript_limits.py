"""Transcript uploads have a size limit (413, refused before the body is read) and a time
limit (422, nothing saved), both from the settings (docs/settings.md)."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.config import Settings
from rapport.services.analysis import analyse
from rapport.services.analysis_budget import AnalysisStoppedError, Budget
from tests.conftest import make_account

LIMIT_MB = 0.1
DONE = ("succeeded", "failed")
LINE = "[00:00:{s:02d}] Anna: I'll send the invoice for phase two tomorrow.\n"
SMALL = "".join(LINE.format(s=s) for s in range(40)).encode()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        transcript_max_mb=LIMIT_MB,
        analysis_time_limit_s=1e-6,  # every analysis runs out of time at its first step
    )


def _call(app: Any, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, int]:
    """POST /api/transcripts straight to the ASGI app: (status, body chunks it read)."""
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read < len(chunks):
            read += 1
            return {"type": "http.request", "body": chunks[read - 1], "more_body": True}
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/transcripts",
        "raw_path": b"/api/transcripts",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], read


def test_oversized_upload_is_413_before_its_body_is_read(container: Container) -> None:
    from rapport.web.app import create_app

    app = create_app(container)
    token = make_account(container, "owner", "owner")
    chunk = b"x" * 65536
    form = [
        (b"content-type", b"multipart/form-data; boundary=b"),
        (b"authorization", f"Bearer {token}".encode()),
    ]
    declared = [(b"content-length", str(100 * len(chunk)).encode()), *form]
    assert _call(app, declared, [chunk] * 100) == (413, 0)  # not one byte read
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
    status, read = _call(app, form, [head] + [chunk] * 100)  # streamed, no length given
    assert status == 413
    assert read <= 5  # stopped just past 0.1 MB (+ form slack), not at 6.5 MB


def test_api_upload_over_the_setting_is_413_with_the_limit(api: Any) -> None:
    big = SMALL * (int(LIMIT_MB * 1024 * 1024) // len(SMALL) + 1)
    response = api.post("/api/transcripts", files={"file": ("big.txt", big, "text/plain")})
    assert response.status_code == 413, response.text
    assert "larger than 0.1 MB" in response.json()["detail"]
    job = api.post("/api/jobs/analyze", files={"file": ("big.txt", big, "text/plain")})
    assert job.status_code == 413


def test_analysis_past_the_time_limit_is_422_and_saves_nothing(api: Any) -> None:
    cid = api.post("/api/clients", json={"name": "Oslo Bikes"}).json()["id"]
    response = api.post(
        "/api/transcripts",
        files={"file": ("meeting.txt", SMALL, "text/plain")},
        data={"me": "Anna", "client_id": str(cid), "save": "true", "accept_promises": "true"},
    )
    assert response.status_code == 422, response.text
    assert "took longer than" in response.json()["detail"]
    assert api.get("/api/transcripts", params={"client_id": cid}).json() == []
    assert api.get("/api/interactions", params={"client_id": cid}).json()["total"] == 0
    assert api.get("/api/commitments", params={"client_id": cid}).json()["total"] == 0


def test_analysis_job_past_the_time_limit_fails_and_saves_nothing(api: Any) -> None:
    cid = api.post("/api/clients", json={"name": "Oslo Bikes"}).json()["id"]
    job = api.post(
        "/api/jobs/analyze",
        files={"file": ("meeting.txt", SMALL, "text/plain")},
        data={"me": "Anna", "client_id": str(cid), "save": "true"},
    ).json()
    deadline = time.monotonic() + 30
    while (info := api.get(f"/api/jobs/{job['id']}").json())["status"] not in DONE:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert info["status"] == "failed"
    assert info["attempts"] == 1  # a time limit is not retried
    assert "took longer than" in info["error"]
    assert api.get("/api/transcripts", params={"client_id": cid}).json() == []


def test_a_cancelled_analysis_stops_at_its_next_step() -> None:
    budget = Budget(None)
    budget.cancel()
    with pytest.raises(AnalysisStoppedError, match="cancelled"):
        analyse(SMALL, "m.txt", me="Anna", on=date(2026, 11, 23), budget=budget)


def test_progress_is_reported_in_order_up_to_one() -> None:
    seen: list[float] = []
    analyse(SMALL, "m.txt", me="Anna", on=date(2026, 11, 23), budget=Budget(60, seen.append))
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert json.dumps(seen)  # plain numbers: a job stores them


def test_a_page_upload_reports_its_progress_by_its_token(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from starlette.requests import Request

    from rapport.web.analysis_runner import analyse_off_loop, progress_of

    async def still_here() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    def request(user_id: int) -> Request:
        scope = {"type": "http", "method": "POST", "headers": [], "path": "/transcripts"}
        return Request({**scope, "rapport.actor": SimpleNamespace(user_id=user_id)}, still_here)

    token = "0123456789abcdef0123456789abcdef"
    mine, other = request(1), request(2)
    seen: list[tuple[float | None, float | None]] = []

    def work(budget: Budget) -> Any:
        budget.step(0.4)
        seen.append((progress_of(mine, token), progress_of(other, token)))
        return analyse(SMALL, "m.txt", me="Anna", on=date(2026, 11, 23), budget=budget)

    settings = Settings(database_url="sqlite://", data_dir=tmp_path, analysis_time_limit_s=60)
    analysis = asyncio.run(analyse_off_loop(mine, settings, work, token=token))
    assert analysis.utterances
    assert seen == [(0.4, None)]  # another account never sees it
    assert progress_of(mine, token) is None  # finished: forgotten
    assert progress_of(mine, "short") is None
