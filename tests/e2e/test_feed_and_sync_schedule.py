"""The ICS feed and the scheduled calendar sync, through a real ``rapport serve`` process
(docs/integrations.md): the feed is fetched over HTTP without a login and parsed with
icalendar; the server syncs the calendars on its own through the job queue."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import httpx
import icalendar
import pytest
import sqlalchemy as sa

from rapport.bootstrap import build
from rapport.clock import now
from rapport.config import Settings
from rapport.domain.model import Client, Commitment, Contact
from rapport.storage.jobs_rows import JobRow
from tests.live_server import LiveServer
from tests.sync_servers import IcsServer, fixture_text


def _summaries(body: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(body)
    return sorted(str(e.get("SUMMARY")) for e in calendar.walk("VEVENT"))


def test_the_feed_is_served_without_a_login_and_a_wrong_token_gets_404(
    db_url: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    container = build(Settings(database_url=db_url, data_dir=data))
    ws = container.workspace
    acme = ws.add(Client(name="Acme", cadence_days=7))
    assert acme.id is not None
    due = now() + timedelta(days=2)
    ws.add(Commitment(client_id=acme.id, text="Send the estimate", due_at=due, made_at=now()))
    try:
        with LiveServer(db_url, data) as server:
            url = container.feed.url(server.base_url)
            assert url.startswith(f"{server.base_url}/feed/") and url.endswith(".ics")
            answer = httpx.get(url, timeout=30)  # no credentials at all
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-type"].startswith("text/calendar")
            assert _summaries(answer.content) == [
                "Promise due: Send the estimate (Acme)",
                "Touchpoint due: Acme",
            ]
            calendar = icalendar.Calendar.from_ical(answer.content)
            (promise,) = [e for e in calendar.walk("VEVENT") if "Promise" in str(e["SUMMARY"])]
            assert promise["DTSTART"].dt == due.replace(microsecond=0) or abs(
                promise["DTSTART"].dt - due
            ) < timedelta(seconds=1)

            japanese = httpx.get(url, params={"lang": "ja"}, timeout=30)
            assert "約束の期限：Send the estimate（Acme）" in _summaries(japanese.content)

            assert container.feed.url(server.base_url) == url  # shown again, unchanged
            wrong = httpx.get(f"{server.base_url}/feed/not-the-token.ics", timeout=30)
            assert wrong.status_code == 404
            assert b"Send the estimate" not in wrong.content

            fresh = container.feed.url(server.base_url, reset=True)
            assert fresh != url
            assert httpx.get(url, timeout=30).status_code == 404  # the old address is dead
            assert httpx.get(fresh, timeout=30).status_code == 200
    finally:
        container.close()


@pytest.mark.slow
def test_rapport_serve_syncs_the_calendars_on_its_own(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    container = build(Settings(database_url=db_url, data_dir=data))
    ws = container.workspace
    acme = ws.add(Client(name="Acme"))
    assert acme.id is not None
    ws.add(Contact(client_id=acme.id, name="Anna", email="anna@acme.test"))
    ics = IcsServer()
    ics.body = fixture_text("rapport-sync-source.ics").encode()
    container.calendar_sync.add(ics.url)
    monkeypatch.setenv("RAPPORT_SYNC_INTERVAL_MINUTES", "1")  # the first run 5 s after start
    try:
        with LiveServer(db_url, data):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                (source,) = container.calendar_sync.sources()
                if source.last_sync_at is not None:
                    break
                time.sleep(0.5)  # waiting for the server's own schedule
            assert source.last_sync_at is not None, "the server did not sync within 60 s"
            assert source.last_error is None
            # five meetings with Anna, and one with bo@acme.test, matched to Acme by its domain
            assert source.last_result is not None and source.last_result["created"] == 6
            with container.db.reading() as s:
                kinds = list(s.scalars(sa.select(JobRow.kind)))
            assert "calendar-sync" in kinds  # through the job queue
    finally:
        ics.close()
        container.close()
