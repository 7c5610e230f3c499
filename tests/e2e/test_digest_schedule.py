"""The daily digest sent by a real ``rapport serve`` on its own, through the job queue, to a
real SMTP server (aiosmtpd): once, however often the server checks, and not again after the
server is killed and started again (docs/integrations.md)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from rapport.bootstrap import build
from rapport.config import Settings
from rapport.domain.model import Client
from rapport.storage.jobs_rows import JobRow
from rapport.storage.notice_rows import NoticeRow
from tests.live_server import LiveServer
from tests.mail_servers import smtp_server


@pytest.mark.slow
def test_rapport_serve_sends_the_digest_once_a_day(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    container = build(Settings(database_url=db_url, data_dir=data))
    container.workspace.add(Client(name="Acme"))
    for key, value in (
        ("email", "me@example.test"),
        ("digest_time", "00:00"),
        ("quiet_hours", "off"),
        ("language", "vi"),
    ):
        container.profile.set(key, value)
    monkeypatch.setenv("RAPPORT_NOTICES_CHECK_SECONDS", "1")
    monkeypatch.setenv("RAPPORT_SYNC_INTERVAL_MINUTES", "0")
    try:
        with smtp_server() as mail:
            container.mail.configure(
                mail.host, port=mail.port, security="none", sender="rapport@example.test"
            )
            with LiveServer(db_url, data) as server:
                [digest] = mail.wait_for(1, timeout=60)
                assert "Rapport – Tổng quan ngày" in str(digest["Subject"])
                time.sleep(4)  # four more checks: nothing more to send today
                server.kill()
            with LiveServer(db_url, data):
                time.sleep(5)  # a fresh server, the same day: the send is on record
            assert len(mail.messages) == 1
        with container.db.reading() as s:
            kinds = list(s.scalars(sa.select(JobRow.kind)))
            sent = list(
                s.scalars(sa.select(NoticeRow.kind).where(NoticeRow.mailed_at.is_not(None)))
            )
        assert kinds.count("notices") == 1  # through the job queue, once
        assert sent == ["digest"]
    finally:
        container.close()
