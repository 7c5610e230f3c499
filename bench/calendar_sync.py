"""Time calendar sync of a large CalDAV calendar on a local Radicale (issue 15).

    .venv/bin/python bench/calendar_sync.py [--events 5000] [--changed 20] [--db URL]

Makes a Radicale server (htpasswd auth) in a temporary folder with one calendar of
``--events`` events (one a day-ish over the sync window, 1 in 10 weekly series of 4, every
event with an attendee who is a contact of one of 50 clients; the files are written into
Radicale's storage before it starts, as a calendar that already exists), then times
``rapport sync`` three times through the service: the first run (everything read and
written), a run with nothing changed (one sync-collection REPORT), and a run after
``--changed`` events were moved through CalDAV PUTs. Prints one JSON line per run.

With ``--unknown N`` the last N of the 50 clients have no contact, so their events are
unmatched; then it also times the review list (``rapport sync unmatched``), making a client
of one of those people (which matches the calendar again from the stored events, without
the server), and writing a saved agenda into one event (GET, PUT with If-Match).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.sync_servers import PASSWORD, USER, CalDAV, radicale  # noqa: E402

from rapport.bootstrap import build  # noqa: E402
from rapport.config import Settings  # noqa: E402
from rapport.domain.model import Client, Contact  # noqa: E402

CLIENTS = 50


def _event(n: int, start: datetime, minutes: int, weekly: bool, sequence: int = 0) -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    rule = "RRULE:FREQ=WEEKLY;COUNT=4\r\n" if weekly else ""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport bench//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:bench-{n}@rapport.test\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{start.strftime(stamp)}\r\n"
        f"DTEND:{(start + timedelta(minutes=minutes)).strftime(stamp)}\r\n"
        f"SEQUENCE:{sequence}\r\nSUMMARY:Meeting {n}\r\n{rule}"
        f"ATTENDEE:mailto:person{n % CLIENTS}@client{n % CLIENTS}.test\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _start(n: int, events: int) -> datetime:
    first = datetime.combine(date.today() - timedelta(days=80), datetime.min.time(), UTC)
    span_min = 250 * 24 * 60  # inside the window (90 days back, 180 ahead)
    return first + timedelta(minutes=(n * span_min // events) // 15 * 15 + 8 * 60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--changed", type=int, default=20)
    parser.add_argument("--db", default=None, help="database URL (default: SQLite in a temp dir)")
    parser.add_argument("--unknown", type=int, default=0, help="clients without a contact")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "radicale"
        with radicale(folder) as base:
            cal = CalDAV(base, "bench")
            files = folder / "collections" / "collection-root" / USER / "bench"
            made = time.perf_counter()
            for n in range(args.events):
                text = _event(n, _start(n, args.events), 30, n % 10 == 0)
                (files / f"bench-{n}.ics").write_text(text, encoding="utf-8")
            setup_s = time.perf_counter() - made
            # Radicale parses every file on its first listing and caches it (a running
            # server has done so long ago): one listing first, timed on its own
            warm = time.perf_counter()
            listed = cal.http.request("PROPFIND", cal.url, headers={"Depth": "1"}, timeout=600)
            assert listed.status_code == 207, listed.status_code
            warmup_s = time.perf_counter() - warm
            settings = Settings(
                database_url=args.db or f"sqlite:///{tmp}/bench.db", data_dir=Path(tmp) / "data"
            )
            container = build(settings)
            ws = container.workspace
            for c in range(CLIENTS - args.unknown):
                client = ws.add(Client(name=f"Client {c}"))
                assert client.id is not None
                email = f"person{c}@client{c}.test"
                ws.add(Contact(client_id=client.id, name=f"P{c}", email=email))
            sync = container.calendar_sync
            sync.add(cal.url, username=USER, password=PASSWORD, write_agendas=True)
            runs = []
            for label in ("first", "unchanged", "changed"):
                if label == "changed":
                    for n in range(args.changed):
                        moved = _start(n, args.events) + timedelta(hours=1)
                        cal.put(f"bench-{n}", _event(n, moved, 45, n % 10 == 0, 1))
                began = time.perf_counter()
                (result,) = sync.sync_all()
                runs.append(
                    {
                        "run": label,
                        "seconds": round(time.perf_counter() - began, 2),
                        **{k: v for k, v in result.as_json().items() if k != "url"},
                    }
                )
            if args.unknown:
                runs += _review_and_write_back(container, args)
            for run in runs:
                print(
                    json.dumps(
                        {
                            "calendar": args.events,
                            "setup_s": round(setup_s, 2),
                            "server_warmup_s": round(warmup_s, 2),
                            **run,
                        }
                    )
                )
            cal.close()
            container.close()


def _review_and_write_back(container: object, args: argparse.Namespace) -> list[dict[str, object]]:
    from rapport.domain.agenda import Topic

    c: object = container
    review = c.calendar_review  # type: ignore[attr-defined]
    began = time.perf_counter()
    people = review.unmatched()
    listed_s = time.perf_counter() - began
    # someone whose meetings are single events (every 10th client's are weekly series)
    person = next(p for p in people if int(p.email.removeprefix("person").split("@")[0]) % 10)
    began = time.perf_counter()
    made = review.make_client(person.email, name="New client", workspace=c.workspace)  # type: ignore[attr-defined]
    made_s = time.perf_counter() - began
    # an agenda for the new client's next meeting, written into its event
    n = int(person.email.removeprefix("person").split("@")[0])
    upcoming = [
        k
        for k in range(n, args.events, CLIENTS)
        if k % 10 and _start(k, args.events) > datetime.now(UTC) + timedelta(days=1)
    ]
    start = _start(upcoming[0], args.events)
    agendas = c.agendas  # type: ignore[attr-defined]
    topics = [Topic("Scope", 20)]
    view = agendas.build(made.client, topics, start=start.isoformat())
    began = time.perf_counter()
    saved = agendas.save(view, topics, "call")
    write_s = time.perf_counter() - began
    assert saved.calendar and saved.calendar["written"], saved.calendar
    return [
        {"run": "review list", "seconds": round(listed_s, 3), "people": len(people)},
        {
            "run": "make client",
            "seconds": round(made_s, 2),
            "created": made.results[0].created,
            "unmatched_left": made.results[0].unmatched,
        },
        {"run": "agenda written", "seconds": round(write_s, 3)},
    ]


if __name__ == "__main__":
    main()
