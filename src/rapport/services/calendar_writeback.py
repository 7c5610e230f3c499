"""Saved agendas written back into the calendar event of their meeting (docs/integrations.md,
"Agendas in the calendar"): for calendars with ``write_agendas`` on, saving an agenda for a
meeting that came from a CalDAV event puts the agenda's text (in the meeting's language)
into the event's DESCRIPTION on the server.

The event is read, its DESCRIPTION given the agenda between two markers (a second save
replaces only that part; the rest of the description and of the event stay as they were),
and written with ``If-Match`` on its ETag; when the event changed meanwhile (412) it is read
again and written once more. The new ETag is stored as the event's version, so the next
sync does not take Rapport's own write for a change made elsewhere.

A failure never undoes the saved agenda: it is returned (and shown) as one line."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin
from zoneinfo import ZoneInfo

from rapport.errors import RapportError
from rapport.policy.access import LOCAL
from rapport.services import audit, calendar_fetch
from rapport.services.calendar_fetch import PreconditionFailed, SyncFailure
from rapport.services.calendar_sync import SOURCE, _is_recurring, _sync_lock
from rapport.services.sync_reports import AgendaWriteJson, error_json
from rapport.storage.repositories import EVERYTHING, Repositories
from rapport.storage.sync_rows import CalendarItemRow, CalendarSourceRow
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.services.agendas import SavedAgenda
    from rapport.storage.unit_of_work import Database

BEGIN = "--- Rapport agenda ---"
END = "--- end of Rapport agenda ---"
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.DOTALL)
NEAR = timedelta(hours=12)
"""A saved agenda belongs to the calendar meeting of its client starting closest to it
within this much (as a logged meeting takes its agenda: services.agendas.LINK_WINDOW)."""

L_RECURRING = N_("a repeating event: the agenda is not written into the whole series")
L_NO_EVENT = N_("the meeting's event is no longer in the calendar; sync and save again")
L_WRITTEN = N_("The agenda was written into the meeting's event in calendar {calendar}.")
L_FAILED = N_(
    "The agenda is saved, but writing it into the event in calendar {calendar} failed: {error}"
)


def outcome_line(outcome: AgendaWriteJson, lang: str) -> tuple[bool, str]:
    """What writing a saved agenda into its event did, as one line in ``lang``: (written,
    line)."""
    from rapport.i18n import render, translations
    from rapport.texts import Text

    def t(msgid: str) -> str:
        return translations("sync", lang).gettext(msgid)

    if outcome.get("written"):
        return True, t(L_WRITTEN).format(calendar=outcome.get("calendar"))
    template = outcome.get("error_template")
    error = (
        render(Text(str(template), dict(outcome.get("error_params") or {})), lang, "sync")
        if template
        else str(outcome.get("error") or "")
    )
    return False, t(L_FAILED).format(calendar=outcome.get("calendar"), error=error)


def agenda_block(saved: SavedAgenda, zone: str) -> str:
    """The agenda as the event's description shows it, between the markers: the opening
    line and the items with their times (personal talk is the user's own plan, left out)."""
    from rapport.drafts import duration_text

    tz = ZoneInfo(zone)
    lines = [BEGIN, saved.opening_line, ""]
    for item in saved.items:
        if item.get("kind") == "personal":
            continue
        at = (saved.start + timedelta(minutes=int(item["start_min"]))).astimezone(tz)
        length = duration_text(int(item["minutes"]), saved.language)
        lines.append(f"{at:%H:%M} {item['title']} ({length})")
    lines.append(END)
    return "\n".join(lines)


def with_agenda(text: str, block: str) -> str:
    """The event's text with ``block`` in its DESCRIPTION: replacing an earlier Rapport
    part, else after what the description already says. Everything else stays."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise SyncFailure(calendar_fetch.L_NOT_CALENDAR, reason=str(exc)[:200]) from None
    events = [c for c in calendar.walk("VEVENT") if c.get("RECURRENCE-ID") is None]
    if not events:
        raise SyncFailure(calendar_fetch.L_NOT_CALENDAR, reason="no VEVENT")
    event = events[0]
    before = str(event.get("DESCRIPTION", "") or "").replace("\r\n", "\n")
    rest = _BLOCK.sub("", before).rstrip()
    wanted = f"{rest}\n\n{block}" if rest else block
    if wanted == before:
        return text
    if "DESCRIPTION" in event:
        del event["DESCRIPTION"]
    event.add("DESCRIPTION", wanted)
    return str(calendar.to_ical().decode("utf-8"))


def write_agenda(db: Database, settings: Settings, saved: SavedAgenda) -> AgendaWriteJson | None:
    """Write ``saved`` into its meeting's event, when the meeting came from a calendar that
    takes agendas. None: no such meeting (nothing tried); else what happened."""
    with db.reading() as s:
        repos = Repositories(s, EVERYTHING)
        found = _event_of(repos, saved)
        if found is None:
            return None
        source, item, uid = found
        zone = repos.clients.timezone_of(saved.client_id)
        url, user, sealed = source.url, source.username, source.password_encrypted
        source_id = source.id
        href, data = (item.href, item.data) if item is not None else ("", None)
    try:
        if not href:
            raise SyncFailure(L_NO_EVENT)
        if data and _is_recurring(data):
            raise SyncFailure(L_RECURRING)
        password = None
        if sealed:
            from rapport.crypto import secret_box

            password = secret_box.unseal(settings, sealed)
        block = agenda_block(saved, zone or settings.timezone)
        address = urljoin(url, quote(href))
        with _sync_lock:  # never between a sync's reading and writing
            text, etag = _put(address, user, password, block)
            with db.transaction() as s:
                audit.quiet(s)
                row = Repositories(s, EVERYTHING).calendars.item(source_id, href)
                if row is not None:
                    if etag:
                        row.version = etag
                    if row.data is not None:
                        row.data = text
                actor = str(s.info.get("actor", LOCAL.name))
                note = {"agenda": saved.id, "event": uid}
                audit.record(s, actor, "agenda written", "calendar_sources", str(source_id), note)
    except RapportError as exc:
        return {
            "calendar": source_id,
            "event": uid,
            "written": False,
            "error": exc.message,
            **error_json(exc.text),
        }
    return {"calendar": source_id, "event": uid, "written": True, "error": None}


def _put(url: str, user: str | None, password: str | None, block: str) -> tuple[str, str | None]:
    """Read, change and write the event (once more after a 412): its new text and ETag."""
    for attempt in (1, 2):
        try:
            resource = calendar_fetch.get_resource(url, user, password)
        except SyncFailure as exc:
            if exc.text.template == calendar_fetch.L_NOT_FOUND:
                raise SyncFailure(L_NO_EVENT) from None
            raise
        text = with_agenda(resource.text, block)
        if text == resource.text:
            return text, resource.etag
        try:
            etag = calendar_fetch.put_resource(url, user, password, text, resource.etag)
        except PreconditionFailed:
            if attempt == 2:
                raise
            continue
        if etag is None:
            etag = calendar_fetch.get_resource(url, user, password).etag
        return text, etag
    raise AssertionError("unreachable")


def _event_of(
    repos: Repositories, saved: SavedAgenda
) -> tuple[CalendarSourceRow, CalendarItemRow | None, str] | None:
    """The calendar (taking agendas), calendar resource and event UID of the saved agenda's
    meeting: the client's synced meeting starting closest to the agenda's start."""
    sources = {row.id: row for row in repos.calendars.agenda_sources()}
    if not sources:
        return None
    rows = repos.interactions.from_source_near(SOURCE, saved.client_id, saved.start, NEAR)
    candidates = []
    for row_id, external, started in rows:
        match = re.match(r"cal(\d+):", str(external))
        if match and int(match.group(1)) in sources:
            preferred = 0 if row_id == saved.interaction_id else 1
            candidates.append((preferred, abs(started - saved.start), row_id, str(external)))
    if not candidates:
        return None
    *_, key = min(candidates)
    source = sources[int(key[3 : key.index(":")])]
    uid = key.split(":", 1)[1].split("/", 1)[0]
    for item in repos.calendars.items(source.id):
        if key in (item.keys or []):
            return source, item, uid
    return source, None, uid
