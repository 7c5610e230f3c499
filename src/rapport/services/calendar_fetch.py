"""Reading calendars from outside: a CalDAV collection (``caldav``) or an ICS address (an
HTTP GET). Each answers a :class:`Listing`: which resources changed since the last read,
which went away, and a way to fetch the text of the changed ones.

CalDAV: a sync-collection REPORT with the sync token of the last run (RFC 6578) lists only
what changed and what was deleted; without a token (first run, an expired token, a server
without sync tokens) every resource is listed with its ETag and compared with what was
stored. The text of new and changed resources comes in calendar-multiget REPORTs.

ICS: a conditional GET (If-None-Match / If-Modified-Since); a 304 means nothing changed.
Otherwise the file is split by event UID, each UID a resource whose version is a hash of
its events' text (DTSTAMP left out: some servers stamp every download anew).

Every failure is one :class:`SyncFailure` whose message says what went wrong in words.
"""

from __future__ import annotations

import hashlib
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from rapport.errors import RapportError
from rapport.texts import N_

TIMEOUT_S = 120
"""Seconds to wait for one answer: a large calendar's first listing takes a slow server a
while (Radicale parses every event file on its first listing)."""
MAX_ICS_BYTES = 50 * 1024 * 1024
MULTIGET_CHUNK = 200
KINDS = ("caldav", "ics")


class SyncFailure(RapportError):
    """An external failure while syncing one source: the server refused, could not be
    reached, or sent something that is not a calendar."""


L_AUTH = N_("the server refused the user name or password (HTTP {status})")
L_FORBIDDEN = N_("the server denied access to this calendar (HTTP {status})")
L_NOT_FOUND = N_("no calendar at this address (HTTP 404)")
L_HTTP = N_("the server answered HTTP {status}: {reason}")
L_UNREACHABLE = N_("cannot reach the server: {reason}")
L_NOT_CALENDAR = N_("the address did not answer a calendar: {reason}")
L_TOO_LARGE = N_("the calendar file is larger than {mb} MB")


@dataclass
class Listing:
    """What a calendar holds now, as far as this run needs to know."""

    versions: dict[str, str]
    """href -> ETag or hash, of the resources that are new or may have changed (a full
    listing: every resource)."""
    deleted: set[str] = field(default_factory=set)
    full: bool = True
    """True: ``versions`` lists every resource, so a stored one not listed was deleted."""
    state: str | None = None
    """The new sync token (CalDAV) or ETag / Last-Modified (ICS)."""
    unchanged: bool = False
    """ICS: the server answered 304 Not Modified."""
    texts: dict[str, str] = field(default_factory=dict)
    """Texts already in hand (ICS: all of them; CalDAV: none until fetched)."""
    fetch: Callable[[list[str]], dict[str, str]] | None = None


def href_of(url: Any) -> str:
    """A resource's key: the unquoted path of its address (servers quote differently)."""
    return unquote(urlsplit(str(url)).path)


# --- CalDAV --------------------------------------------------------------------------------


def caldav_listing(
    url: str, username: str | None, password: str | None, state: str | None
) -> Listing:
    import caldav
    from caldav.elements import dav
    from caldav.lib import error

    dav_client: Any = caldav.DAVClient  # typed loosely by the library
    client = dav_client(url=url, username=username, password=password, timeout=TIMEOUT_S)
    try:
        calendar = client.calendar(url=url)
        result = None
        full = True
        if state:
            try:
                result = calendar.objects_by_sync_token(state, load_objects=False)
                full = False
            except error.DAVError as exc:
                # an expired or unknown token (403 DAV:valid-sync-token): list everything
                # instead; a refused password is raised as it is
                if _status(exc) == 401:
                    raise
                result = None
        texts: dict[str, str] = {}
        if result is None:
            try:
                result = calendar.objects_by_sync_token(None, load_objects=False)
            except error.ReportError:
                # no sync-collection REPORT on this server: every event with its text
                result = None
                events = list(calendar.events())
        versions: dict[str, str] = {}
        deleted: set[str] = set()
        by_href: dict[str, Any] = {}
        token = getattr(result, "sync_token", None) if result is not None else None
        for obj in result if result is not None else events:
            href = href_of(obj.url)
            by_href[href] = obj.url
            etag = (getattr(obj, "props", None) or {}).get(dav.GetEtag.tag)
            data = obj.data if result is None else None
            if data:
                texts[href] = data
                versions[href] = _hash(data)
            elif etag:
                versions[href] = str(etag)
            elif not full:
                deleted.add(href)  # in a sync report, an entry without an ETag is gone
            else:
                versions[href] = f"unknown:{time.time_ns()}"  # no ETag: read it every time
    except Exception as exc:
        raise _caldav_failure(exc) from None

    def fetch(hrefs: list[str]) -> dict[str, str]:
        found = {h: texts[h] for h in hrefs if h in texts}
        wanted = [by_href[h] for h in hrefs if h not in found]
        try:
            for start in range(0, len(wanted), MULTIGET_CHUNK):
                for obj in calendar.multiget(wanted[start : start + MULTIGET_CHUNK]):
                    if obj.data:
                        found[href_of(obj.url)] = obj.data
        except Exception as exc:
            raise _caldav_failure(exc) from None
        return found

    return Listing(
        versions=versions,
        deleted=deleted,
        full=full,
        state=str(token) if token else None,
        fetch=fetch,
    )


def _status(exc: BaseException) -> int | None:
    reason = str(getattr(exc, "reason", "") or exc)
    if "Unauthorized" in reason or " 401" in reason:
        return 401
    if "Forbidden" in reason and "valid-sync-token" not in reason:
        return 403
    if "Not Found" in reason or "NotFound" in type(exc).__name__:
        return 404
    return None


def _caldav_failure(exc: BaseException) -> SyncFailure:
    if isinstance(exc, SyncFailure):
        return exc
    from caldav.lib import error

    if isinstance(exc, error.DAVError):
        status = _status(exc)
        if status == 401:
            return SyncFailure(L_AUTH, status=401)
        if status == 403:
            return SyncFailure(L_FORBIDDEN, status=403)
        if isinstance(exc, error.NotFoundError) or status == 404:
            return SyncFailure(L_NOT_FOUND)
        return SyncFailure(L_HTTP, status="error", reason=_first_line(exc))
    if (
        isinstance(exc, OSError | ConnectionError | TimeoutError)
        or "Connection" in type(exc).__name__
    ):
        return SyncFailure(L_UNREACHABLE, reason=_short_reason(exc))
    return SyncFailure(L_NOT_CALENDAR, reason=_first_line(exc))


# --- ICS addresses -------------------------------------------------------------------------


def ics_listing(url: str, username: str | None, password: str | None, state: str | None) -> Listing:
    request = urllib.request.Request(url, headers={"User-Agent": "Rapport calendar sync"})
    if state:
        header = "If-None-Match" if not state.startswith("lm:") else "If-Modified-Since"
        request.add_header(header, state.removeprefix("lm:"))
    if username:
        import base64

        pair = f"{username}:{password or ''}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode("ascii"))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
            body = answer.read(MAX_ICS_BYTES + 1)
            etag = answer.headers.get("ETag")
            modified = answer.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Listing(versions={}, full=False, state=state, unchanged=True)
        if exc.code == 401:
            raise SyncFailure(L_AUTH, status=401) from None
        if exc.code == 403:
            raise SyncFailure(L_FORBIDDEN, status=403) from None
        if exc.code == 404:
            raise SyncFailure(L_NOT_FOUND) from None
        raise SyncFailure(L_HTTP, status=exc.code, reason=exc.reason) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SyncFailure(L_UNREACHABLE, reason=_short_reason(exc)) from None
    if len(body) > MAX_ICS_BYTES:
        raise SyncFailure(L_TOO_LARGE, mb=MAX_ICS_BYTES // (1024 * 1024))
    texts = split_by_uid(body)
    new_state = etag or (f"lm:{modified}" if modified else None)
    return Listing(
        versions={h: _hash(t) for h, t in texts.items()},
        full=True,
        state=new_state,
        texts=texts,
    )


_STAMP = re.compile(r"^DTSTAMP[;:].*$", re.MULTILINE)


def _hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(_STAMP.sub("", text).encode()).hexdigest()


def split_by_uid(body: bytes) -> dict[str, str]:
    """An ICS file as one small calendar per event UID (with the file's time zones and
    calendar-wide zone), keyed ``uid:UID``. Not a calendar at all: a SyncFailure."""
    import icalendar

    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SyncFailure(L_NOT_CALENDAR, reason="not UTF-8 text") from None
    if "BEGIN:VCALENDAR" not in text[:4096].upper():
        raise SyncFailure(L_NOT_CALENDAR, reason="no BEGIN:VCALENDAR") from None
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise SyncFailure(L_NOT_CALENDAR, reason=_first_line(exc)) from None
    zones: list[Any] = []
    wr_zone = None
    events: dict[str, list[Any]] = {}
    count = 0
    for top in calendars:
        wr_zone = wr_zone or top.get("X-WR-TIMEZONE")
        for comp in top.walk():
            if comp.name == "VTIMEZONE":
                zones.append(comp)
            elif comp.name == "VEVENT":
                count += 1
                uid = str(comp.get("UID", "")).strip() or f"#{count}"
                events.setdefault(uid, []).append(comp)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rapport//calendar sync//EN\r\n"
    if wr_zone:
        head += f"X-WR-TIMEZONE:{wr_zone}\r\n"
    zone_text = "".join(z.to_ical().decode() for z in zones)
    out: dict[str, str] = {}
    for uid, comps in events.items():
        body_text = "".join(c.to_ical().decode() for c in comps)
        out[f"uid:{uid}"] = head + zone_text + body_text + "END:VCALENDAR\r\n"
    return out


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _short_reason(exc: BaseException) -> str:
    text = str(getattr(exc, "reason", "") or exc)
    for hint in ("Connection refused", "timed out", "Name or service not known", "No route"):
        if hint.lower() in text.lower():
            return hint.lower()
    return _first_line(exc)


def listing(
    kind: str, url: str, username: str | None, password: str | None, state: str | None
) -> Listing:
    if kind == "caldav":
        return caldav_listing(url, username, password, state)
    return ics_listing(url, username, password, state)


# --- CalDAV accounts: their calendars ------------------------------------------------------

L_NO_CALENDARS = N_("no calendars found for this account")


@dataclass(frozen=True)
class Found:
    """A calendar of an account: its collection address and display name."""

    url: str
    name: str


def _client(url: str, username: str | None, password: str | None) -> Any:
    import caldav

    dav_client: Any = caldav.DAVClient  # typed loosely by the library
    return dav_client(url=url, username=username, password=password, timeout=TIMEOUT_S)


_PROBE = (
    '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>'
    "<D:resourcetype/></D:prop></D:propfind>"
)


def is_calendar(url: str, username: str | None, password: str | None) -> bool | None:
    """Whether the address is one calendar collection (True), an address that answers but
    holds none itself, such as an account, principal or server address (False), or could
    not be told (None: unreachable, refused; the caller keeps the address as given)."""
    import xml.etree.ElementTree as ET

    try:
        answer = _client(url, username, password).propfind(url, _PROBE, depth=0)
        if answer.status >= 400:
            return None
        root = ET.fromstring(answer.raw.encode() if isinstance(answer.raw, str) else answer.raw)
    except Exception:
        return None
    first = root.find(".//{DAV:}response")
    if first is None:
        return None
    kinds = first.find(".//{DAV:}resourcetype")
    if kinds is None:
        return None
    return kinds.find("{urn:ietf:params:xml:ns:caldav}calendar") is not None


def discover(url: str, username: str | None, password: str | None) -> list[Found]:
    """The calendars (of events) of the account at ``url``: principal, then its calendar
    home's collections. A failure is one SyncFailure in words."""
    try:
        principal = _client(url, username, password).principal()
        found: list[Found] = []
        for calendar in principal.calendars():
            try:
                components = calendar.get_supported_components()
            except Exception:
                components = ["VEVENT"]
            if components and "VEVENT" not in components:
                continue  # a task list or journal, not a calendar of meetings
            name = calendar.name or unquote(urlsplit(str(calendar.url)).path).rstrip("/")
            found.append(Found(str(calendar.url), str(name).rsplit("/", 1)[-1]))
    except Exception as exc:
        raise _caldav_failure(exc) from None
    if not found:
        raise SyncFailure(L_NO_CALENDARS)
    return sorted(found, key=lambda f: (f.name.lower(), f.url))


# --- CalDAV: writing one event back ----------------------------------------------------------

L_CHANGED_TWICE = N_("the event changed on the server twice while writing; try again")


@dataclass(frozen=True)
class Resource:
    text: str
    etag: str | None


def get_resource(url: str, username: str | None, password: str | None) -> Resource:
    """One calendar object's text and ETag."""
    try:
        answer = _client(url, username, password).request(url, "GET")
    except Exception as exc:
        raise _caldav_failure(exc) from None
    _raise_for(answer.status, answer)
    raw = answer.raw
    text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    return Resource(text, answer.headers.get("ETag"))


def put_resource(
    url: str, username: str | None, password: str | None, text: str, etag: str | None
) -> str | None:
    """Write a calendar object if it is still at ``etag``: its new ETag (None when the
    server did not say); ``PreconditionFailed`` on 412."""
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    if etag:
        headers["If-Match"] = etag
    try:
        answer = _client(url, username, password).request(url, "PUT", text, headers)
    except Exception as exc:
        raise _caldav_failure(exc) from None
    if answer.status == 412:
        raise PreconditionFailed(L_CHANGED_TWICE)
    _raise_for(answer.status, answer)
    tag = answer.headers.get("ETag")
    return str(tag) if tag else None


class PreconditionFailed(SyncFailure):
    """412: the object changed on the server since it was read."""


def _raise_for(status: int, answer: Any) -> None:
    if status < 400:
        return
    if status == 401:
        raise SyncFailure(L_AUTH, status=401)
    if status == 403:
        raise SyncFailure(L_FORBIDDEN, status=403)
    if status == 404:
        raise SyncFailure(L_NOT_FOUND)
    reason = str(getattr(answer, "reason", "") or "")
    raise SyncFailure(L_HTTP, status=status, reason=reason or "error")
