"""How long imports take on a large file.

    PYTHONPATH=src python bench/import_speed.py [DATABASE_URL]

Builds its own data (a 20,000-row interactions CSV and a 3,000-event calendar with 20 daily
series) and times a dry run, the import, and the same import again (which creates nothing),
plus a JSON export. Default database: a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rapport.bootstrap import build
from rapport.config import Settings
from rapport.domain.model import Client, Contact
from rapport.services.imports import ImportOptions


def interactions_csv(rows: int) -> bytes:
    start = datetime(2020, 1, 1, 9)
    lines = ["client,start,kind,duration_min,summary"]
    for i in range(rows):
        at = (start + timedelta(hours=i)).isoformat(timespec="minutes")
        lines.append(f"Sakura KK,{at},video,30,meeting {i}")
    return ("\n".join(lines) + "\n").encode()


def calendar(events: int, daily_series: int) -> bytes:
    start = datetime(2026, 1, 1, 8)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for i in range(events):
        at = start + timedelta(hours=3 * i)
        end = at + timedelta(minutes=45)
        lines += [
            "BEGIN:VEVENT",
            f"UID:ev-{i}",
            f"DTSTART;TZID=Europe/Oslo:{at:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Oslo:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {i}",
            "ATTENDEE:mailto:ase@fjordlys.example.no",
            "END:VEVENT",
        ]
    for i in range(daily_series):
        lines += [
            "BEGIN:VEVENT",
            f"UID:daily-{i}",
            "DTSTART;TZID=W. Europe Standard Time:20250105T100000",
            "DURATION:PT30M",
            "RRULE:FREQ=DAILY",
            "SUMMARY:Daily",
            "ATTENDEE:mailto:ase@fjordlys.example.no",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def timed(label: str, run: object) -> None:
    began = time.perf_counter()
    result = run()  # type: ignore[operator]
    print(f"{label:<32} {time.perf_counter() - began:6.2f} s  {result}")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{folder / 'bench.db'}"
    c = build(Settings(database_url=url, data_dir=folder))
    ws = c.workspace
    ws.add_client(Client(name="Sakura KK", timezone="Asia/Tokyo"))
    oslo = ws.add_client(Client(name="Fjordlys AS", timezone="Europe/Oslo"))
    assert oslo.id is not None
    ws.add(Contact(client_id=oslo.id, name="Åse", email="ase@fjordlys.example.no"))
    rows = interactions_csv(20_000)
    imports = c.imports
    print(f"database: {c.engine.dialect.name}")
    timed("csv 20k rows, dry run", lambda: imports.run("csv", rows, "b.csv", dry_run=True).counts())
    timed("csv 20k rows, import", lambda: imports.run("csv", rows, "b.csv").counts())
    timed("csv 20k rows, again", lambda: imports.run("csv", rows, "b.csv").counts())
    window = ImportOptions(
        window=(datetime(2025, 6, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC))
    )
    cal = calendar(3000, 20)
    timed(
        "ics 3k events + 20 series",
        lambda: imports.run("ics", cal, "b.ics", options=window).counts(),
    )
    timed("ics again", lambda: imports.run("ics", cal, "b.ics", options=window).counts())
    timed("export json", lambda: imports.export_json(folder / "ws.json"))
    c.close()


if __name__ == "__main__":
    main()
