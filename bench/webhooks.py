"""Time outgoing webhooks (issue 15, part 6): what the transactional outbox adds to a
write, and how fast deliveries reach a local receiver through the job queue.

    .venv/bin/python bench/webhooks.py [--events 500] [--db URL]

1. ``--events`` interactions added one by one through the workspace service (each its own
   transaction), with no webhook (the listener's one cheap query); with one webhook but
   the job queue replaced by a stub (the outbox rows alone, written in the same
   transaction); and with one webhook and the real queue (the outbox, the job row written
   after the commit, and the deliveries running meanwhile on the queue's thread).
2. Those events delivered by the single-user job queue (one thread) to a real HTTP
   receiver on loopback, each signed and logged: the time from the first write until the
   receiver has them all, and deliveries per second.
Prints one JSON line per measurement.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.webhook_receiver import receiver  # noqa: E402

from rapport.bootstrap import build  # noqa: E402
from rapport.config import Settings  # noqa: E402
from rapport.domain.model import Client, Interaction, InteractionKind  # noqa: E402

START = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _add(container: object, client_id: int, n: int, offset: int) -> float:
    ws = container.workspace  # type: ignore[attr-defined]
    began = time.perf_counter()
    for i in range(n):
        ws.add(
            Interaction(
                client_id=client_id,
                kind=InteractionKind.CALL,
                started_at=START + timedelta(hours=offset + i),
                duration_min=30,
                summary=f"call {offset + i}",
                source="bench",
            )
        )
    return time.perf_counter() - began


class _NoQueue:
    """A job runner that takes nothing (to time the outbox alone)."""

    def submit(self, kind: str, payload: dict[str, object], *, delay_seconds: float = 0) -> int:
        return 0

    def close(self) -> None:
        return None


def _outbox_alone(url: str, data_dir: Path, n: int) -> float:
    container = build(Settings(database_url=url, data_dir=data_dir))
    container.__dict__["jobs"] = _NoQueue()
    client = container.workspace.add(Client(name=f"Bench outbox {time.time_ns()}"))
    assert client.id is not None
    container.webhooks.add("http://127.0.0.1:9/nobody")
    took = _add(container, client.id, n, 10 * n)
    with container.db.transaction() as s:  # the stub's deliveries go, with their webhook
        from rapport.storage.webhook_rows import WebhookRow

        s.query(WebhookRow).delete()
    container.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        container = build(Settings(database_url=url, data_dir=Path(tmp) / "data"))
        client = container.workspace.add(Client(name=f"Bench {time.time_ns()}"))
        assert client.id is not None
        n = args.events
        plain = _add(container, client.id, n, 0)
        print(json.dumps({"what": "writes, no webhook", "n": n, "ms_each": plain / n * 1000}))
        alone = _outbox_alone(url, Path(tmp) / "data", n)
        print(json.dumps({"what": "writes, outbox alone", "n": n, "ms_each": alone / n * 1000}))
        with receiver() as r:
            container.webhooks.add(r.url)
            began = time.perf_counter()
            with_outbox = _add(container, client.id, n, n)
            print(
                json.dumps(
                    {"what": "writes, one webhook", "n": n, "ms_each": with_outbox / n * 1000}
                )
            )
            r.wait_for(n, timeout=600)
            total = time.perf_counter() - began
            print(
                json.dumps(
                    {
                        "what": "all delivered",
                        "n": n,
                        "seconds": round(total, 2),
                        "per_second": round(n / total, 1),
                    }
                )
            )
        container.close()


if __name__ == "__main__":
    main()
