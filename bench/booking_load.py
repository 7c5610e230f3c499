"""Booking page latency under 50 concurrent visitors, against a real ``rapport serve``.

    python bench/booking_load.py [--db URL] [--visitors 50] [--requests 10] [--workers 1]

Makes a fresh SQLite workspace (unless ``--db`` names one) with one A-tier client, 200
planned meetings over the next two weeks (busy time the offer must step around) and the
client's booking link, starts ``rapport serve`` (``--workers``, default one) on 127.0.0.1, then has
``--visitors`` threads each GET the booking page ``--requests`` times, all at once.
Only 127.0.0.1 is contacted; every loop is bounded. Prints median, 95th percentile and
worst latency in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _prepare(db_url: str, data: Path) -> str:
    from rapport.bootstrap import build
    from rapport.config import Settings
    from rapport.domain.model import Client, Interaction, InteractionKind, Tier

    container = build(Settings(database_url=db_url, data_dir=data))
    ws = container.workspace
    client = ws.add(Client(name="Bench KK", language="ja", tier_override=Tier.A))
    others = [ws.add(Client(name=f"Other {i}")) for i in range(20)]
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    for i in range(200):
        who = others[i % len(others)]
        ws.add(
            Interaction(
                client_id=who.id or 0,
                kind=InteractionKind.VIDEO,
                started_at=start + timedelta(hours=7 * i % (14 * 24)),
                duration_min=30,
                source="calendar",
            )
        )
    token = container.booking.token(client.id or 0)[1]
    container.close()
    return token


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="rapport-booking-bench-"))
    db_url = args.db or f"sqlite:///{folder / 'rapport.db'}"
    token = _prepare(db_url, folder)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "RAPPORT_DATABASE_URL": db_url,
        "RAPPORT_DATA_DIR": str(folder),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rapport",
            "serve",
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{args.port}/book/{token}"
    try:
        for _ in range(120):
            try:
                if httpx.get(url, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        times: list[float] = []
        errors: list[int] = []
        lock = threading.Lock()

        def visitor() -> None:
            with httpx.Client(timeout=60) as http:
                for _ in range(args.requests):
                    began = time.perf_counter()
                    answer = http.get(url)
                    took = (time.perf_counter() - began) * 1000
                    with lock:
                        times.append(took)
                        if answer.status_code != 200:
                            errors.append(answer.status_code)

        threads = [threading.Thread(target=visitor) for _ in range(args.visitors)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(
            f"{len(times)} requests from {args.visitors} concurrent visitors in {wall:.1f} s: "
            f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
            f"worst {times[-1]:.0f} ms, errors {len(errors)}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
