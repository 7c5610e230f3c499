"""``make demo-sync`` (scripts/demo_sync.py): its non-interactive core against the real
Radicale it starts, on the demo workspace (SQLite and PostgreSQL). The blocking part (wait
for Ctrl-C) is not run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from rapport.bootstrap import Container
from rapport.services.demo import DemoService
from tests.sync_servers import demo_sync

pytestmark = pytest.mark.slow


def test_demo_sync_core_fills_radicale_adds_and_syncs(container: Container, tmp_path: Path) -> None:
    demo = demo_sync()
    DemoService(container.db).fill(1, datetime.now(UTC))
    events = demo.sample_events(container)
    assert len(events) == 18  # 8 clients x 2 meetings, and 2 strangers
    with demo.start_radicale(tmp_path / "radicale", demo.free_port(0)) as base:
        url = demo.seed(base, events)
        outcome = demo.connect_and_sync(container, url)
        result = outcome["result"]
        assert result["error"] is None
        assert (result["events"], result["created"], result["unmatched"]) == (18, 16, 2)
        assert sorted(p["email"] for p in outcome["unmatched"]) == [
            "jonas.berg@newlead.example",
            "mai.tran@prospect.example",
        ]
        text = demo.report(outcome, base, container.settings)
        assert "16 created" in text and "/integrations" in text
        # run again (a second `make demo-sync`): the same calendar, nothing changes
        again = demo.connect_and_sync(container, demo.seed(base, events))
        assert again["calendar"] == outcome["calendar"]
        assert (again["result"]["created"], again["result"]["updated"]) == (0, 0)
    (source,) = container.calendar_sync.sources()
    assert source.write_agendas
