"""Calendar sync: the calendars Rapport reads (CalDAV collections and ICS addresses) kept as
interactions, once per ``rapport sync`` or every ``sync_interval_minutes`` in the server.

Each source is read (rapport.services.calendar_fetch), then written in one transaction:
an error anywhere (a refused password, a server that is down, a malformed event) writes
nothing for that source and is kept as its ``last_error``; the other sources go on.

Events are read by the iCalendar importer (rapport.importers.ical), so attendees match
clients exactly as an ICS import matches them (contacts' and clients' e-mail addresses),
and occurrences of recurring events are expanded over the window: WINDOW_BACK_DAYS before
today to WINDOW_AHEAD_DAYS after. An event becomes one interaction (source ``calendar``)
whose external id names the source and the event's UID (and, for a recurring event, the
occurrence), so a moved event updates its interaction and a deleted or cancelled one
removes it. A meeting in the future is stored like any other interaction with a start
after now: the hours meters count it as *booked*, the client's facts do not count it as
contact until it has happened.

Only resources whose ETag (or, for ICS addresses, text) changed are read again; a second
run with nothing changed creates, updates and removes nothing.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rapport.clock import now as clock
from rapport.domain.model import Interaction, Workspace
from rapport.errors import InvalidInputError, NotFoundError, RapportError
from rapport.jsonable import plain
from rapport.policy.access import LOCAL, Actor
from rapport.services import audit, calendar_fetch
from rapport.services.calendar_fetch import KINDS, Listing, SyncFailure
from rapport.services.sync_reports import SyncErrorJson, error_json
from rapport.storage.failures import IntegrityError
from rapport.storage.repositories import Repositories
from rapport.storage.sync_rows import CalendarItemRow, CalendarSourceRow
from rapport.storage.unit_of_work import Database
from rapport.texts import N_, Text

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.importers.plan import Known, Plan
    from rapport.storage.unit_of_work import Session

WINDOW_BACK_DAYS = 90
WINDOW_AHEAD_DAYS = 180
SOURCE = "calendar"
MATCH = "match"
"""Key in ``last_result`` of the fingerprint of the contacts attendees were matched with."""
L_MALFORMED = N_("event {where}: {reason}")
L_NO_CLIENT = N_("no client named {name}")
L_BAD_URL = N_("not an http(s) address: {url}")
L_NO_SOURCE = N_("no calendar {ref}")
L_DUPLICATE = N_("this calendar is already added (number {id})")
L_NOT_CALDAV = N_("agendas can be written only into CalDAV calendars, not ICS addresses")
L_CONCURRENT = N_(
    "another sync of this calendar wrote at the same time; nothing written, run it again"
)
UNMATCHED_REASON = "no attendee"
"""Importer skip reasons starting so: nobody on the event is a known contact or client."""
MALFORMED_REASONS = ("no start time", "unreadable", "more than one", "cannot expand")
"""Importer skip reasons that mean the event itself is broken (the source fails)."""
_RECURRING = re.compile(r"^(RRULE|RDATE|RECURRENCE-ID)[;:]", re.MULTILINE | re.IGNORECASE)
_ZONES = re.compile(r"^BEGIN:VTIMEZONE.*?^END:VTIMEZONE", re.MULTILINE | re.DOTALL | re.IGNORECASE)


def _is_recurring(text: str) -> bool:
    """Whether an event repeats (time zones' own rules do not count)."""
    return bool(_RECURRING.search(_ZONES.sub("", text)))


_sync_lock = threading.Lock()


def window(today: date) -> tuple[datetime, datetime]:
    start = datetime.combine(today - timedelta(days=WINDOW_BACK_DAYS), datetime.min.time(), UTC)
    end = datetime.combine(today + timedelta(days=WINDOW_AHEAD_DAYS), datetime.min.time(), UTC)
    return start, end


@dataclass(frozen=True)
class SourceInfo:
    id: int
    url: str
    kind: str
    username: str | None
    client: str | None
    has_password: bool
    created_at: datetime
    last_sync_at: datetime | None
    last_error: str | None
    last_result: dict[str, Any] | None
    write_agendas: bool = False


@dataclass(frozen=True, slots=True)
class EventPerson:
    """Someone on a calendar resource's unmatched events (kept in ``calendar_items.people``
    for the review list): their address and name, how many occurrences, the latest start
    (ISO 8601)."""

    email: str
    name: str
    count: int
    last: str | None


@dataclass
class SourceResult:
    """What one sync of one source did (the JSON of ``rapport sync``)."""

    id: int
    url: str
    kind: str
    events: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    unmatched: int = 0
    error: str | None = None
    error_text: Text | None = field(default=None, repr=False)

    def as_json(self) -> SourceResultJson:
        out: SourceResultJson = {
            "id": self.id,
            "url": self.url,
            "kind": self.kind,
            "events": self.events,
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unmatched": self.unmatched,
            "error": self.error,
            **error_json(self.error_text),
        }
        return out


class SourceResultJson(SyncErrorJson):
    """One calendar's sync as ``rapport sync --json`` prints it and ``last_result`` stores
    it: :class:`SourceResult`'s fields in order, then the error's template and parameters."""

    id: int
    url: str
    kind: str
    events: int
    created: int
    updated: int
    removed: int
    unmatched: int
    error: str | None


def _info(row: CalendarSourceRow, client: str | None) -> SourceInfo:
    return SourceInfo(
        id=row.id,
        url=row.url,
        kind=row.kind,
        username=row.username,
        client=client,
        has_password=row.password_encrypted is not None,
        created_at=row.created_at,
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
        last_result={k: v for k, v in row.last_result.items() if k != MATCH}
        if row.last_result
        else None,
        write_agendas=bool(row.write_agendas),
    )


def _checked_url(url: str) -> str:
    """An address as stored: trimmed, ``webcal://`` read as https; not http(s): 422."""
    url = url.strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE) or len(url) > 2000:
        raise InvalidInputError(L_BAD_URL, url=url[:200])
    return url


def guess_kind(url: str) -> str:
    """ICS for an address ending in .ics (or webcal), CalDAV otherwise."""
    path = url.split("?", 1)[0].lower()
    return "ics" if path.endswith(".ics") or url.lower().startswith("webcal") else "caldav"


class CalendarSyncService:
    """Sources and their sync, for owners only (they read and write every client)."""

    def __init__(self, db: Database, settings: Settings, actor: Actor = LOCAL) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor

    # --- sources ---------------------------------------------------------------------------
    def add(
        self,
        url: str,
        *,
        kind: str | None = None,
        username: str | None = None,
        password: str | None = None,
        client: str | None = None,
        write_agendas: bool = False,
    ) -> SourceInfo:
        self.actor.check_owner()
        url = _checked_url(url)
        kind = kind or guess_kind(url)
        if kind not in KINDS:
            raise InvalidInputError(f"unknown calendar kind {kind!r}: use caldav or ics")
        if write_agendas and kind != "caldav":
            raise InvalidInputError(L_NOT_CALDAV)
        from rapport.crypto import secret_box

        sealed = secret_box.seal(self.settings, password) if password else None
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            client_id = self._client_id(repos, client) if client else None
            same = repos.calendars.source_id_by_url(url)
            if same is not None:
                raise InvalidInputError(L_DUPLICATE, id=same)
            row = CalendarSourceRow(
                url=url,
                kind=kind,
                username=username or None,
                password_encrypted=sealed,
                client_id=client_id,
                created_at=clock(),
                write_agendas=write_agendas,
            )
            repos.calendars.add(row)
            repos.flush()
            return _info(row, client.strip() if client else None)

    def discover(
        self, url: str, *, username: str | None = None, password: str | None = None
    ) -> list[calendar_fetch.Found]:
        """The calendars of a CalDAV account (a server, principal or account address such
        as Nextcloud's ``…/remote.php/dav``), for choosing which to add."""
        self.actor.check_owner()
        url = _checked_url(url)
        return calendar_fetch.discover(url, username or None, password or None)

    def is_account(
        self, url: str, *, username: str | None = None, password: str | None = None
    ) -> bool:
        """Whether a CalDAV address answers but is not itself a calendar (an account to
        choose calendars from). Unreachable or refused: False, the address is added as
        given and its sync says what is wrong."""
        self.actor.check_owner()
        url = _checked_url(url)
        if guess_kind(url) != "caldav":
            return False
        return calendar_fetch.is_calendar(url, username or None, password or None) is False

    def set_write_agendas(self, ref: str | int, on: bool) -> SourceInfo:
        """Whether saved agendas of this calendar's meetings are written into its events."""
        info = self.find(ref)
        if on and info.kind != "caldav":
            raise InvalidInputError(L_NOT_CALDAV)
        with self.db.transaction() as s:
            row = Repositories(s, self.actor).calendars.source(info.id)
            if row is None:
                raise NotFoundError(L_NO_SOURCE, ref=ref)
            row.write_agendas = on
        return self.find(info.id)

    def rematch(self, ref: str | int, *, today: date | None = None) -> SourceResult:
        """Match a calendar's stored events again (after contacts or clients changed)
        without asking its server: unmatched events that now match become interactions."""
        self.actor.check_owner()
        info = self.find(ref)
        result = SourceResult(id=info.id, url=info.url, kind=info.kind)
        with _sync_lock:
            with self.db.reading() as s:
                row = Repositories(s, self.actor).calendars.source(info.id)
                if row is None:
                    raise NotFoundError(L_NO_SOURCE, ref=ref)
                source = _Source.of(row)
            nothing = Listing(versions={}, full=False, state=None, unchanged=True)
            try:
                self._apply(source, nothing, [], {}, today or clock().date(), result, local=True)
            except RapportError as exc:
                result.error, result.error_text = exc.message, exc.text
        return result

    def _client_id(self, repos: Repositories, name: str) -> int:
        found = repos.clients.id_by_name(name)
        if found is None:
            raise InvalidInputError(L_NO_CLIENT, name=name)
        return found

    def sources(self) -> list[SourceInfo]:
        self.actor.check_owner()
        with self.db.reading() as s:
            rows = Repositories(s, self.actor).calendars.sources_with_client()
            return [_info(row, name) for row, name in rows]

    def find(self, ref: str | int) -> SourceInfo:
        """A source by its number or its address."""
        for info in self.sources():
            if str(info.id) == str(ref).strip() or info.url == str(ref).strip():
                return info
        raise NotFoundError(L_NO_SOURCE, ref=ref)

    def remove(self, ref: str | int, *, keep_interactions: bool = True) -> SourceInfo:
        """Stop syncing a calendar. The interactions it made stay (they are the record of
        meetings that happened) unless ``keep_interactions`` is False."""
        info = self.find(ref)
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            if not keep_interactions:
                repos.interactions.delete_from_source(SOURCE, _prefix(info.id))
            repos.calendars.delete_source(info.id)
        return info

    # --- sync ------------------------------------------------------------------------------
    def sync_all(self, *, today: date | None = None) -> list[SourceResult]:
        """Every source once, now; a failing source does not stop the others."""
        self.actor.check_owner()
        with _sync_lock:  # the scheduled job and a request never sync at the same time
            return [self._sync_one(info.id, today) for info in self.sources()]

    def sync(self, ref: str | int, *, today: date | None = None) -> SourceResult:
        self.actor.check_owner()
        info = self.find(ref)
        with _sync_lock:
            return self._sync_one(info.id, today)

    def _sync_one(self, source_id: int, today: date | None) -> SourceResult:
        with self.db.reading() as s:
            calendars = Repositories(s, self.actor).calendars
            row = calendars.source(source_id)
            if row is None:
                raise NotFoundError(L_NO_SOURCE, ref=source_id)
            source = _Source.of(row)
            versions = calendars.versions(source_id)
        result = SourceResult(id=source.id, url=source.url, kind=source.kind)
        try:
            password = None
            if source.password_encrypted:
                from rapport.crypto import secret_box

                password = secret_box.unseal(self.settings, source.password_encrypted)
            listing = calendar_fetch.listing(
                source.kind, source.url, source.username, password, source.state
            )
            changed = [h for h, v in listing.versions.items() if versions.get(h) != v]
            texts = dict(listing.texts)
            missing = [h for h in changed if h not in texts]
            if missing and listing.fetch is not None:
                texts.update(listing.fetch(missing))
            self._apply(source, listing, changed, texts, today or clock().date(), result)
        except IntegrityError:
            exc = SyncFailure(L_CONCURRENT)
            result.error = exc.message
            result.error_text = exc.text
            result.created = result.updated = result.removed = 0
            self._record_failure(source_id, result)
        except RapportError as exc:
            result.error = exc.message
            result.error_text = exc.text
            result.created = result.updated = result.removed = 0
            self._record_failure(source_id, result)
        return result

    def _record_failure(self, source_id: int, result: SourceResult) -> None:
        with self.db.transaction() as s:
            audit.quiet(s)
            calendars = Repositories(s, self.actor).calendars
            row = calendars.source(source_id)
            if row is not None:
                row.last_sync_at = clock()
                row.last_error = result.error
                row.last_result = dict(result.as_json())
                result.events = calendars.item_count(source_id)
                result.unmatched = calendars.unmatched_total(source_id)

    def _apply(
        self,
        source: _Source,
        listing: Listing,
        changed: list[str],
        texts: dict[str, str],
        today: date,
        result: SourceResult,
        *,
        local: bool = False,
    ) -> None:
        """Write what was read (``local``: the stored events matched again, the server not
        asked, so the last sync's time and error stay as they were)."""
        span = window(today)
        with self.db.transaction() as s:
            audit.quiet(s)  # one entry per sync of a source, with its counts (below)
            repos = Repositories(s, self.actor)
            # two processes syncing the same calendar take turns (PostgreSQL row lock)
            row = repos.calendars.source_for_update(source.id)
            if row is None:  # removed while it was being read
                raise NotFoundError(L_NO_SOURCE, ref=source.id)
            items = {item.href: item for item in repos.calendars.items(source.id)}
            gone = set(listing.deleted)
            if listing.full and not listing.unchanged:
                gone |= set(items) - set(listing.versions)
            gone &= set(items)
            known = _known(repos.session)
            match = _fingerprint(known)
            # Unchanged events read again from their stored text: recurring ones and those
            # outside the window when the window has moved, unmatched ones when contacts
            # or clients changed since the last run.
            moved = source.window_start is None or source.window_start != span[0]
            rematch = source.match != match
            again = {
                href: item.data
                for href, item in items.items()
                if item.data
                and href not in changed
                and href not in gone
                and (moved or (rematch and item.unmatched))
            }
            work = [(h, texts[h], listing.versions[h]) for h in changed if h in texts]
            work += [(h, str(data), items[h].version) for h, data in again.items() if data]
            existing = repos.interactions.stored_from_source(SOURCE, _prefix(source.id))
            fallback = _client_name(repos, source.client_id)
            claimed: set[str] = set()
            inserts: list[dict[str, Any]] = []
            for href, text, version in work:
                wanted, unmatched, people = _occurrences(
                    source.id, href, text, known, fallback, span, claimed, source.username
                )
                item = items.get(href)
                old_keys = set(item.keys) if item is not None else set()
                self._diff(repos, existing, old_keys, wanted, inserts, result, span[0], claimed)
                recurring = _is_recurring(text)
                if item is None:
                    item = CalendarItemRow(source_id=source.id, href=href)
                    repos.calendars.add(item)
                    items[href] = item
                item.version = version
                item.keys = sorted(wanted)
                item.unmatched = unmatched
                item.people = [plain(p) for p in people] or None
                item.data = text if recurring or unmatched or not wanted else None
            for href in gone:
                item = items.pop(href)
                for key in item.keys:
                    if key in existing and key not in claimed and _in_window(existing[key], span):
                        repos.interactions.delete_by_id(existing[key][0])
                        result.removed += 1
                repos.calendars.delete(item)
            if inserts:
                repos.interactions.insert_many(inserts)
            result.events = len(items)
            result.unmatched = sum(item.unmatched for item in items.values())
            if not listing.unchanged and listing.state is not None:
                row.sync_state = listing.state
            elif listing.full and not listing.unchanged:
                row.sync_state = None
            row.window_start = span[0]
            if local:
                counted = {"events": result.events, "unmatched": result.unmatched, MATCH: match}
                row.last_result = {**(row.last_result or {}), **counted}
            else:
                row.last_sync_at = clock()
                row.last_error = None
                row.last_result = {**result.as_json(), MATCH: match}
            counts = {"created": result.created, "updated": result.updated}
            counts["removed"] = result.removed
            if any(counts.values()):
                # the source in entity_id: the action column holds 16 characters
                actor = str(s.info.get("actor", LOCAL.name))
                changes = {"rows": counts}
                audit.record(s, actor, "calendar sync", "calendar_sources", str(source.id), changes)

    def _diff(
        self,
        repos: Repositories,
        existing: dict[str, tuple[Any, ...]],
        old_keys: set[str],
        wanted: dict[str, Interaction],
        inserts: list[dict[str, Any]],
        result: SourceResult,
        window_start: datetime,
        claimed: set[str],
    ) -> None:
        for key in old_keys - set(wanted):
            # an occurrence before the window is history, kept; one claimed by another
            # event of this run is that event's
            have = existing.get(key)
            if (
                have is not None
                and have[0] is not None
                and key not in claimed
                and (have[3] >= window_start)
            ):
                repos.interactions.delete_by_id(existing.pop(key)[0])
                result.removed += 1
        for key, new in wanted.items():
            values = {
                "client_id": new.client_id,
                "kind": new.kind,
                "started_at": new.started_at,
                "duration_min": new.duration_min,
                "summary": new.summary,
            }
            have = existing.get(key)
            if have is None:
                inserts.append({**values, "source": SOURCE, "external_id": key})
                existing[key] = (None, *values.values())
                result.created += 1
                continue
            row_id, *stored = have
            if tuple(stored) != tuple(values.values()) and row_id is not None:
                repos.interactions.update_values(row_id, values)
                existing[key] = (row_id, *values.values())
                result.updated += 1


@dataclass(frozen=True)
class _Source:
    id: int
    url: str
    kind: str
    username: str | None
    password_encrypted: str | None
    client_id: int | None
    state: str | None
    window_start: datetime | None
    match: str | None

    @classmethod
    def of(cls, row: CalendarSourceRow) -> _Source:
        return cls(
            row.id,
            row.url,
            row.kind,
            row.username,
            row.password_encrypted,
            row.client_id,
            row.sync_state,
            row.window_start,
            (row.last_result or {}).get(MATCH),
        )


def _in_window(have: tuple[Any, ...], span: tuple[datetime, datetime]) -> bool:
    """Whether a stored interaction (id, client, kind, start, ...) starts in the window."""
    return bool(have[3] >= span[0])


def _fingerprint(known: Known) -> str:
    """What attendee matching depends on: every e-mail address and the client it finds."""
    import hashlib

    ws = known.workspace
    by_id = {c.id: c.id for c in ws.clients}
    pairs = sorted(
        [(c.email.lower(), c.id or 0) for c in ws.clients if c.email]
        + [(x.email.lower(), by_id.get(x.client_id) or 0) for x in ws.contacts if x.email]
    )
    return hashlib.sha256(repr(pairs).encode()).hexdigest()[:32]


def _prefix(source_id: int) -> str:
    return f"cal{source_id}:"


def _known(s: Session) -> Known:
    """Clients and contacts, all the importer needs to match attendees (the mailboxes' sync
    asks too, in its own session)."""
    from rapport.importers.plan import Known

    repos = Repositories(s)
    ws = Workspace()
    ws.clients = repos.clients.all_plain()
    ws.contacts = repos.contacts.all_plain()
    return Known(ws)


def _client_name(repos: Repositories, client_id: int | None) -> str | None:
    if client_id is None:
        return None
    return repos.clients.name_of(client_id)


def _occurrences(
    source_id: int,
    href: str,
    text: str,
    known: Known,
    fallback: str | None,
    span: tuple[datetime, datetime],
    claimed: set[str],
    username: str | None = None,
) -> tuple[dict[str, Interaction], int, tuple[EventPerson, ...]]:
    """The interactions one resource makes (by external id), how many of its occurrences
    matched nobody, and who was on those (the review list). A malformed event raises
    SyncFailure."""
    from rapport.importers.ical import read_ics

    if OWN_BOOKING.search(text):  # a booking's own event: its meeting is already stored
        return {}, 0, ()
    label = href.removeprefix("uid:")
    plan = read_ics(text.encode(), label, known, window=span, client=fallback)
    _check(plan, label)
    skipped = [
        skip
        for skip in plan.skip
        if skip.entity == "event" and skip.reason.startswith(UNMATCHED_REASON)
    ]
    unmatched = len(skipped)
    recurring = _is_recurring(text)
    items = [i.obj for i in plan.create if isinstance(i.obj, Interaction)]
    out: dict[str, Interaction] = {}
    for obj in items:
        ext = str(obj.external_id)
        base = ext[4:-21] if len(ext) > 25 and ext[-21] == "/" else ext[4:]
        key = _prefix(source_id) + (base if not recurring and len(items) == 1 else ext[4:])
        if key in claimed or len(key) > 500:
            continue
        claimed.add(key)
        out[key] = obj
    people = _people(text, [skip.label for skip in skipped], username) if skipped else ()
    return out, unmatched, people


def _people(text: str, labels: list[str], username: str | None) -> tuple[EventPerson, ...]:
    """Who was on a resource's unmatched occurrences (``labels`` end with each one's
    start): organiser and attendees by e-mail, with their names, how many occurrences and
    the latest start. The calendar's own user (its user name as an address) is left out."""
    import icalendar

    starts: list[str] = []
    for label in labels:
        try:
            when = datetime.fromisoformat(label.rsplit(" ", 1)[-1])
        except ValueError:
            continue
        starts.append((when if when.tzinfo else when.replace(tzinfo=UTC)).isoformat())
    last = max(starts, default=None)
    found: dict[str, str] = {}
    own = (username or "").strip().lower()
    for comp in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        people = comp.get("ATTENDEE", [])
        for prop in [*(people if isinstance(people, list) else [people]), comp.get("ORGANIZER")]:
            if prop is None:
                continue
            email = str(prop).strip()
            email = email[7:] if email.lower().startswith("mailto:") else email
            email = email.strip().lower()
            if "@" not in email or email == own or len(email) > 320:
                continue
            name = str(getattr(prop, "params", {}).get("CN", "") or "").strip()
            if name or email not in found:
                found[email] = found.get(email) or name[:200]
    return tuple(
        EventPerson(email=e, name=n, count=len(labels), last=last) for e, n in sorted(found.items())
    )


OWN_BOOKING = re.compile(r"^UID:rapport-booking-\d+@rapport\r?$", re.MULTILINE)
"""The UID of the event a booking puts on the booking calendar (rapport.services.
booking_invite): syncing that calendar does not make a second interaction of it."""


def _check(plan: Plan, label: str) -> None:
    if plan.details:
        first = plan.details[0]
        raise SyncFailure(L_MALFORMED, where=label, reason=first.what)
    for skip in plan.skip:
        if skip.entity == "event" and skip.reason.startswith(MALFORMED_REASONS):
            where = skip.where.split("event ", 1)[-1] if "event " in skip.where else label
            raise SyncFailure(L_MALFORMED, where=where, reason=skip.reason)
