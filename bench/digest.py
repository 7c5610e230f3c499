"""The daily digest and the reminder checks on the demo workspace (40 clients, a year):
how long building and rendering one digest takes, the server's once-a-minute check whether
anything is due, and one browser poll of /api/notifications' service call.

    RAPPORT_DATABASE_URL=sqlite:////tmp/digest-bench.db RAPPORT_DATA_DIR=/tmp/digest-bench \\
        .venv/bin/python bench/digest.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from rapport.bootstrap import build
from rapport.clock import now
from rapport.services.demo import DemoService

RUNS = 30


def timed(what: str, call: Callable[[], object]) -> None:
    call()  # warm
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{what:<40} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms")


def main() -> None:
    c = build()
    DemoService(c.db).fill(1, now(), replace=True)
    c.profile.set("email", "me@example.test")
    c.profile.set("quiet_hours", "off")
    c.mail.configure("127.0.0.1", port=9, security="none")  # nothing is sent here
    noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    timed("digest: build + render (text, HTML)", lambda: c.digest.render(c.digest.build()))
    c.digest.tick(noon)  # today's digest tried (port 9 refuses): the check reads the reminders
    timed("check whether anything is due", lambda: c.digest.work_due(noon))
    timed("browser poll (notifications)", lambda: c.digest.notifications(at=noon))
    c.close()


if __name__ == "__main__":
    main()
