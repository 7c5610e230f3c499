"""Real servers for the calendar sync tests: Radicale (CalDAV, with htpasswd auth) and a
tiny HTTP server for ICS addresses, each on a free loopback port."""

from __future__ import annotations

import http.server
import importlib.util
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.live_server import free_port

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ics"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
USER = "alice"
PASSWORD = "calendar-secret"


@contextmanager
def radicale(folder: Path) -> Iterator[str]:
    """A Radicale server with one user (USER / PASSWORD), storage in ``folder``; yields
    its base URL (started as ``make demo-sync`` starts it: scripts/demo_sync.py)."""
    with demo_sync().start_radicale(folder, free_port(), USER, PASSWORD) as base:
        yield base


def demo_sync() -> Any:
    """scripts/demo_sync.py as a module (the scripts folder is not a package)."""
    module = sys.modules.get("demo_sync")
    if module is None:
        spec = importlib.util.spec_from_file_location("demo_sync", SCRIPTS / "demo_sync.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["demo_sync"] = module
        spec.loader.exec_module(module)
    return module


class CalDAV:
    """Writes events into one calendar collection of a running Radicale, as another
    calendar app would."""

    def __init__(self, base: str, name: str) -> None:
        self.url = f"{base}{USER}/{name}/"
        self.http = httpx.Client(auth=(USER, PASSWORD), timeout=30)
        made = self.http.request(
            "MKCALENDAR",
            self.url,
            content=(
                '<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" '
                'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
                f"<D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"
            ),
        )
        assert made.status_code == 201, made.text

    def put(self, uid: str, text: str) -> None:
        answer = self.http.put(
            f"{self.url}{uid}.ics",
            content=text.encode(),
            headers={"Content-Type": "text/calendar"},
        )
        assert answer.status_code in (201, 204), answer.text

    def delete(self, uid: str) -> None:
        answer = self.http.delete(f"{self.url}{uid}.ics")
        assert answer.status_code in (200, 204), answer.text

    def close(self) -> None:
        self.http.close()


def event(
    uid: str,
    start: str,
    end: str,
    summary: str,
    attendees: tuple[str, ...] = ("anna@acme.test",),
    extra: str = "",
) -> str:
    """One VEVENT in a VCALENDAR (times as YYYYMMDDTHHMMSSZ)."""
    people = "".join(f"ATTENDEE:mailto:{a}\r\n" for a in attendees)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{summary}\r\n{people}{extra}"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def day(offset: int, at: str = "100000") -> str:
    """Today plus ``offset`` days at ``at`` UTC, as an iCalendar UTC time."""
    return (date.today() + timedelta(days=offset)).strftime("%Y%m%d") + f"T{at}Z"


def fixture_text(name: str, today: date | None = None) -> str:
    """A fixture from tests/fixtures/ics with ``@D+N@`` / ``@D-N@`` filled in as days from
    today (YYYYMMDD), so its events always fall inside the sync window."""
    import re

    today = today or date.today()
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return re.sub(
        r"@D([+-]\d+)@",
        lambda m: (today + timedelta(days=int(m.group(1)))).strftime("%Y%m%d"),
        text,
    )


class IcsServer:
    """Serves ``body`` at /calendar.ics with an ETag, answering 304 to a matching
    If-None-Match; ``requests`` counts the GETs."""

    def __init__(self) -> None:
        self.body = b""
        self.requests = 0
        self.not_modified = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                if self.path != "/calendar.ics":
                    self.send_error(404)
                    return
                import hashlib

                tag = '"' + hashlib.sha1(server.body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == tag:
                    server.not_modified += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("ETag", tag)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *_args: Any) -> None:
                return

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/calendar.ics"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class CardDAVBook:
    """An address-book collection of a running Radicale, written and read as a phone's
    contacts app would (raw CardDAV requests)."""

    def __init__(self, base: str, name: str) -> None:
        self.url = f"{base}{USER}/{name}/"
        self.http = httpx.Client(auth=(USER, PASSWORD), timeout=30)
        made = self.http.request(
            "MKCOL",
            self.url,
            content=(
                '<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" '
                'xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>'
                "<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>"
                f"<D:displayname>{name}</D:displayname></D:prop></D:set></D:mkcol>"
            ),
        )
        assert made.status_code == 201, made.text

    def put(self, name: str, text: str) -> None:
        answer = self.http.put(
            f"{self.url}{name}.vcf", content=text.encode(), headers={"Content-Type": "text/vcard"}
        )
        assert answer.status_code in (201, 204), answer.text

    def get(self, name: str) -> str:
        """A card's text by its file name (``.vcf`` added when missing)."""
        answer = self.http.get(f"{self.url}{name if name.endswith('.vcf') else name + '.vcf'}")
        assert answer.status_code == 200, answer.text
        return answer.text

    def names(self) -> list[str]:
        """The cards' file names in the collection."""
        answer = self.http.request(
            "PROPFIND",
            self.url,
            headers={"Depth": "1"},
            content='<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/>'
            "</D:prop></D:propfind>",
        )
        import re

        hrefs = re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", answer.text)
        return sorted(h.rsplit("/", 1)[-1] for h in hrefs if not h.endswith("/"))

    def delete(self, name: str) -> None:
        answer = self.http.delete(f"{self.url}{name}")
        assert answer.status_code in (200, 204), answer.text

    def close(self) -> None:
        self.http.close()


def vcard(
    uid: str,
    name: str,
    org: str | None = "Acme",
    email: str | None = None,
    phone: str | None = None,
    extra: str = "",
) -> str:
    """One vCard 3.0."""
    family, _, given = name.rpartition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:{uid}",
        f"FN:{name}",
        f"N:{family or name};{given if family else ''};;;",
    ]
    if org:
        lines.append(f"ORG:{org}")
    if email:
        lines.append(f"EMAIL;TYPE=INTERNET:{email}")
    if phone:
        lines.append(f"TEL;TYPE=CELL:{phone}")
    text = "\r\n".join(lines) + "\r\n" + extra + "END:VCARD\r\n"
    return text
