"""/api/today latency while the real server analyses a 10 MB transcript upload.

    python bench/upload_latency.py [--db URL] [--mb 10] [--port 8766]

Starts `rapport serve` (one worker) on 127.0.0.1 with a fresh SQLite workspace of 200
generated clients (bench/generate.py) unless ``--db`` names one, makes an owner account and
API token as bench/load.sh does, then:

1. baseline: 50 sequential GET /api/today;
2. during: POST /api/transcripts with a generated WebVTT meeting of ``--mb`` MB
   (meeting_recipe.py) on one thread while GET /api/today runs sequentially on another,
   until the upload is answered (at most ``--max-requests`` requests);
3. abandoned: the same upload, the client closes the connection after 1 s; then 20 s of
   GET /api/today: the server must be idle again (the analysis stopped), so latency is back
   at the baseline.

Only 127.0.0.1 is contacted. Prints median, 95th percentile and worst latency per phase.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from meeting_recipe import meeting_vtt  # noqa: E402

GENERATE = ("--clients", "200", "--interactions", "20000")


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "rapport", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout


def _transcript(mb: float) -> bytes:
    n = 900
    while len(data := meeting_vtt(n).encode()) < mb * 1_000_000:
        n = int(n * mb * 1_000_000 / len(data)) + 1
    return data


def _summary(name: str, latencies: list[float]) -> None:
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(
        f"{name:<28} n={len(ms):<4} median {statistics.median(ms):7.1f} ms"
        f"  p95 {p95:7.1f} ms  worst {ms[-1]:7.1f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="SQLAlchemy URL (default: a fresh generated SQLite file)")
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--max-requests", type=int, default=2000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="rapport-upload-bench-")
    db = args.db or f"sqlite:///{tmp}/bench.db"
    env = {**os.environ, "RAPPORT_DATABASE_URL": db, "RAPPORT_DATA_DIR": tmp}
    if not args.db:
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--db", db, *GENERATE],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    _cli(env, "users", "add", "bench", "--role", "owner", stdin="bench-password-123\n")
    token = _cli(env, "tokens", "create", "bench").strip().splitlines()[-1]
    data = _transcript(args.mb)
    print(f"transcript: {len(data) / 1e6:.1f} MB, WebVTT", flush=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "rapport", "serve", "--port", str(args.port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=600) as http:
            for _ in range(300):
                try:
                    if http.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)

            def today() -> float:
                t = time.perf_counter()
                http.get("/api/today").raise_for_status()
                return time.perf_counter() - t

            for _ in range(10):
                today()  # warm up
            _summary("baseline", [today() for _ in range(50)])

            outcome: dict[str, object] = {}

            def upload() -> None:
                t = time.perf_counter()
                with httpx.Client(base_url=base, headers=headers, timeout=600) as own:
                    files = {"file": ("meeting.vtt", data, "text/vtt")}
                    r = own.post("/api/transcripts", files=files, data={"me": "Anna Berg"})
                outcome.update(status=r.status_code, seconds=time.perf_counter() - t)

            worker = threading.Thread(target=upload)
            worker.start()
            during = []
            while worker.is_alive() and len(during) < args.max_requests:
                during.append(today())
            worker.join()
            print(f"upload answered {outcome['status']} in {outcome['seconds']:.1f} s", flush=True)
            _summary(f"during {args.mb:g} MB analysis", during)

            def abandoned() -> None:
                files = {"file": ("meeting.vtt", data, "text/vtt")}
                # the client gives up after 1 s and closes the connection
                with (
                    httpx.Client(base_url=base, headers=headers, timeout=1.0) as own,
                    contextlib.suppress(httpx.TimeoutException),
                ):
                    own.post("/api/transcripts", files=files, data={"me": "Anna Berg"})

            gone = threading.Thread(target=abandoned)
            gone.start()
            gone.join()
            time.sleep(1.0)  # the server notices within its poll interval
            after = []
            ends = time.monotonic() + 20
            while time.monotonic() < ends and len(after) < args.max_requests:
                after.append(today())
            _summary("after an abandoned upload", after)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
