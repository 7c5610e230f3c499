"""``make demo-sync``: calendar sync in one step, against a local Radicale.

Starts Radicale (from the dev extra) on 127.0.0.1 with one user and a sample calendar
whose meetings have the demo workspace's clients' contacts as attendees (and two people
Rapport does not know yet, for the review list), adds that calendar to the workspace
(with saved agendas written back), runs ``rapport sync`` once and prints what happened
and how to open the Integrations page. Radicale keeps running until Ctrl-C.

    make demo-sync                 # = rapport demo --if-empty; python scripts/demo_sync.py
    python scripts/demo_sync.py --port 5232 --folder DIR

The non-interactive core (:func:`start_radicale`, :func:`seed`, :func:`connect_and_sync`)
is what tests/integration/test_demo_sync.py runs; :func:`main` only adds the waiting.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

USER = "demo"
PASSWORD = "demo-sync"
CALENDAR = "rapport-demo"
STRANGERS = (
    ("Jonas Berg", "jonas.berg@newlead.example"),
    ("Mai Tran", "mai.tran@prospect.example"),
)
"""Organisers no client knows: they appear on the review list."""


def free_port(preferred: int) -> int:
    """``preferred`` when it is free, else any free loopback port."""
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(sock.getsockname()[1])
    raise RuntimeError("no free port")


@contextmanager
def start_radicale(
    folder: Path, port: int, user: str = USER, password: str = PASSWORD
) -> Iterator[str]:
    """Radicale on 127.0.0.1:``port`` with one user (demo unless told), storage in
    ``folder``; yields its address and stops it on the way out (the sync tests' server too,
    tests/sync_servers.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text(f"{user}:{password}\n", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            f"--server-hosts=127.0.0.1:{port}",
            f"--storage-filesystem-folder={folder / 'collections'}",
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={users}",
            "--auth-htpasswd-encryption=plain",
            "--auth-delay=0",
            "--logging-level=warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"Radicale did not start: {err.strip()}")
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (401 or 404 are fine)
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("Radicale did not start within 30 s") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _event(
    uid: str, start: datetime, minutes: int, summary: str, people: list[tuple[str, str]]
) -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rapport//demo-sync//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{datetime.now(UTC).strftime(stamp)}",
        f"DTSTART:{start.strftime(stamp)}",
        f"DTEND:{(start + timedelta(minutes=minutes)).strftime(stamp)}",
        f"SUMMARY:{summary}",
        "DESCRIPTION:Added by make demo-sync",
    ]
    lines += [f"ATTENDEE;CN={name}:mailto:{email}" for name, email in people]
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def sample_events(container: Any, now: datetime | None = None) -> dict[str, str]:
    """The sample calendar: for up to eight of the workspace's clients with a contact's
    e-mail address, a meeting last week and one next week; and two meetings with people
    no client knows. By file name."""
    from rapport.domain.model import Contact

    now = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    ws = container.workspace
    names = {c.id: c.name for c in ws.list_clients()}
    seen: set[int] = set()
    people: list[tuple[str, Contact]] = []
    for contact in ws.list(Contact):
        if contact.email and contact.client_id in names and contact.client_id not in seen:
            seen.add(contact.client_id)
            people.append((names[contact.client_id], contact))
    people.sort(key=lambda p: p[0])
    events: dict[str, str] = {}
    for n, (client, contact) in enumerate(people[:8]):
        who = [(contact.name, str(contact.email))]
        past = now.replace(hour=9) - timedelta(days=7 - n % 5)
        ahead = now.replace(hour=13) + timedelta(days=2 + n)
        events[f"past-{n}.ics"] = _event(
            f"demo-past-{n}@rapport", past, 45, f"Review with {client}", who
        )
        events[f"next-{n}.ics"] = _event(
            f"demo-next-{n}@rapport", ahead, 30, f"Planning with {client}", who
        )
    for n, (name, email) in enumerate(STRANGERS):
        start = now.replace(hour=15) + timedelta(days=1 + n)
        events[f"new-{n}.ics"] = _event(
            f"demo-new-{n}@rapport", start, 30, f"Intro call: {name}", [(name, email)]
        )
    return events


def seed(base: str, events: dict[str, str]) -> str:
    """The sample calendar on the Radicale at ``base`` (made if missing), holding
    ``events``; its collection address."""
    import caldav

    dav_client: Any = caldav.DAVClient
    client = dav_client(url=base, username=USER, password=PASSWORD)
    url = f"{base}{USER}/{CALENDAR}/"
    principal = client.principal()
    known = {str(c.url).rstrip("/") for c in principal.calendars()}
    if url.rstrip("/") not in known:
        principal.make_calendar(name="Rapport demo", cal_id=CALENDAR)
    for name, text in events.items():
        answer = client.put(url + name, text, {"Content-Type": "text/calendar; charset=utf-8"})
        if answer.status not in (201, 204):
            raise RuntimeError(f"Radicale refused {name}: HTTP {answer.status}")
    return url


def connect_and_sync(container: Any, url: str) -> dict[str, Any]:
    """Add the calendar to the workspace (once; agendas written back) and sync it now:
    ``{"calendar": id, "result": {...}, "unmatched": [...]}``."""
    from rapport.jsonable import plain

    sync = container.calendar_sync
    found = next((s for s in sync.sources() if s.url == url), None)
    if found is None:
        found = sync.add(url, username=USER, password=PASSWORD, write_agendas=True)
    result = sync.sync(found.id)
    return {
        "calendar": found.id,
        "result": result.as_json(),
        "unmatched": [plain(p) for p in container.calendar_review.unmatched()],
    }


def report(outcome: dict[str, Any], base: str, settings: Any) -> str:
    r = outcome["result"]
    lines = [
        f"Radicale is running at {base} (user {USER}, password {PASSWORD}).",
        f"Calendar {outcome['calendar']} synced: {r['events']} events, {r['created']} "
        f"created, {r['updated']} updated, {r['removed']} removed, {r['unmatched']} unmatched.",
    ]
    if r.get("error"):
        lines.append(f"Sync failed: {r['error']}")
    if outcome["unmatched"]:
        lines.append("Unmatched organisers (make them clients on the Integrations page, or")
        lines.append("with `rapport sync unmatched client EMAIL`):")
        lines += [
            f"  {p['email']}  {p['name']}  ({p['events']} events)" for p in outcome["unmatched"]
        ]
    lines += [
        "",
        "Now, in another terminal: `make run` (or `rapport serve`) and open",
        f"  http://{settings.host}:{settings.port}/integrations",
        "Change an event in any CalDAV app (or save an agenda for a meeting next week), run",
        "`rapport sync` again, and see what changes. Ctrl-C here stops Radicale.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=5232)
    parser.add_argument("--folder", type=Path, default=None, help="Radicale's storage")
    args = parser.parse_args(argv)
    from rapport.bootstrap import build
    from rapport.config import load_settings

    settings = load_settings()
    container = build(settings)
    folder = args.folder or settings.data_dir / "demo-radicale"
    port = free_port(args.port)
    try:
        with start_radicale(folder, port) as base:
            url = seed(base, sample_events(container))
            outcome = connect_and_sync(container, url)
            print(report(outcome, base, settings), flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                print("\nStopping Radicale.")
    finally:
        container.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C while starting: Radicale is already stopped
        sys.exit(130)
