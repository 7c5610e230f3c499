"""iCalendar files (icalendar + recurring-ical-events) -> interactions in a :class:`Plan`.

Each event occurrence inside the window becomes one interaction: recurring series are
expanded, EXDATEs and moved occurrences (RECURRENCE-ID) respected, cancelled and all-day
events skipped and reported. Time zones come from the file (VTIMEZONE, IANA names and
Microsoft names such as "W. Europe Standard Time"); times without one are read in the
client's zone. The client is the first attendee (or the organizer) whose e-mail address
belongs to a contact or a client; failing that, the first whose address's domain belongs
to exactly one client's contacts (public mail services such as gmail.com never count);
``client`` assigns the events where nobody matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from rapport.domain.model import Client, Interaction, InteractionKind
from rapport.domain.validation import check_timezone
from rapport.errors import FIELD_ERROR, InvalidInputError
from rapport.importers.plan import (
    Known,
    Plan,
    PlannedItem,
    Skipped,
    decode_text,
    email_domain,
    no_client,
    stable_id,
    utc_key,
)
from rapport.texts import N_

VIDEO_URL = re.compile(
    r"(teams\.microsoft\.com|teams\.live\.com|zoom\.us|meet\.google\.com|whereby\.com"
    r"|webex\.com|meet\.jit\.si)",
    re.IGNORECASE,
)
VIDEO_PROPERTIES = (
    "CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-GOOGLE-CONFERENCE",
)
TOO_FREQUENT = ("SECONDLY", "MINUTELY")
"""Series this frequent are not meetings; expanding them would take very long."""
CALL_WORDS = re.compile(
    r"\b(call|phone|telefon|ringe)\b|電話|通話|gọi|điện thoại|电话|通话", re.IGNORECASE
)


def default_window(today: date) -> tuple[datetime, datetime]:
    """The last 365 days up to 90 days ahead of ``today`` (UTC)."""
    start = datetime.combine(today - timedelta(days=365), datetime.min.time(), UTC)
    end = datetime.combine(today + timedelta(days=90), datetime.min.time(), UTC)
    return start, end


def read_ics(
    data: bytes,
    source: str,
    known: Known,
    *,
    window: tuple[datetime, datetime],
    client: str | None = None,
) -> Plan:
    plan = Plan(source=source, format="ics", what="interactions")
    text = decode_text(data, source)
    if not text.strip():
        plan.problem(f"{source}:1", N_("the file is empty (expected BEGIN:VCALENDAR)"))
        return plan
    fallback: Client | None = None
    if client is not None:
        fallback = known.client(client)
        if fallback is None:
            plan.problem(source, FIELD_ERROR, field="--client", error=no_client(client, known))
            return plan
    try:
        components = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        plan.problem(source, N_("not a valid iCalendar file: {reason}"), reason=_first_line(exc))
        return plan
    events, timezones, unknown_zones = _collect(components, source, plan)
    if not events:
        plan.note("the file holds no events (VEVENT) to import")
        return plan
    calendar_zone = _calendar_zone(components, plan)
    seen: set[str] = set()
    for uid, series in events.items():
        for occurrence in _expand(uid, series, timezones, calendar_zone, window, source, plan):
            _occurrence(occurrence, uid, source, known, fallback, seen, plan, unknown_zones)
    start, end = window
    plan.note(f"events from {start.date().isoformat()} to {end.date().isoformat()} were read")
    return plan


def _calendar_zone(components: list[Any], plan: Plan) -> str | None:
    """A Google calendar's X-WR-TIMEZONE, when it names a real zone."""
    for comp in components:
        value = comp.get("X-WR-TIMEZONE")
        if value:
            try:
                return check_timezone(str(value).strip())
            except InvalidInputError:
                plan.note(f"unknown calendar time zone X-WR-TIMEZONE {str(value)!r} ignored")
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _collect(
    components: Iterable[Any], source: str, plan: Plan
) -> tuple[dict[str, list[Any]], list[Any], dict[str, str]]:
    """VEVENTs grouped by UID (events without one get their own group), the VTIMEZONEs,
    and the TZIDs nobody could resolve (by UID)."""
    events: dict[str, list[Any]] = {}
    unknown_zones: dict[str, str] = {}
    timezones: list[Any] = []
    other: dict[str, int] = {}
    count = 0
    for top in components:
        for comp in top.walk():
            if comp.name == "VTIMEZONE":
                timezones.append(comp)
            elif comp.name in ("VTODO", "VJOURNAL"):
                other[comp.name] = other.get(comp.name, 0) + 1
            elif comp.name == "VEVENT":
                _first_of_repeated(comp)
                count += 1
                uid = str(comp.get("UID", "")).strip() or f"#{count}"
                label = str(comp.get("SUMMARY", "")) or uid
                if not _usable(comp, source, uid, label, plan):
                    continue
                events.setdefault(uid, []).append(comp)
                start = comp["DTSTART"]
                tzid = start.params.get("TZID")
                if tzid and isinstance(start.dt, datetime) and start.dt.tzinfo is None:
                    unknown_zones[uid] = str(tzid)
    for name, count in other.items():
        what = "to-dos" if name == "VTODO" else "journal entries"
        plan.skip.append(Skipped(name.lower(), f"{count} {what}", "not meetings", source))
    return events, timezones, unknown_zones


SINGLE_VALUED = (
    "UID",
    "SUMMARY",
    "STATUS",
    "SEQUENCE",
    "DTSTAMP",
    "LOCATION",
    "DESCRIPTION",
    "URL",
    "ORGANIZER",
    "CLASS",
    "TRANSP",
    "CREATED",
    "LAST-MODIFIED",
)


def _first_of_repeated(comp: Any) -> None:
    """Keep the first of a property that may appear only once but does more than once."""
    for name in SINGLE_VALUED:
        value = comp.get(name)
        if isinstance(value, list):
            del comp[name]
            comp[name] = value[0]
    sequence = comp.get("SEQUENCE")
    if sequence is not None and not isinstance(sequence, int):
        del comp["SEQUENCE"]


def _usable(comp: Any, source: str, uid: str, label: str, plan: Plan) -> bool:
    """Check the properties an event's dates come from, before recurring-ical-events reads
    them: a missing, repeated or unreadable start or recurrence skips the event (with the
    reason); a DTEND with stray spaces is repaired, an unreadable end or duration dropped."""
    where = f"{source}: event {uid}"

    def skip(reason: str) -> bool:
        plan.skip.append(Skipped("event", label, reason, where))
        return False

    start = comp.get("DTSTART")
    if start is None:
        return skip("no start time (DTSTART)")
    for name in ("DTSTART", "RECURRENCE-ID"):
        prop = comp.get(name)
        if isinstance(prop, list):
            return skip(f"more than one {name}")
        if prop is not None and not _readable(prop, "dt"):
            return skip(f"unreadable {name}")
    for name, attribute in (("RRULE", "keys"), ("EXDATE", "dts"), ("RDATE", "dts")):
        values = comp.get(name)
        values = values if isinstance(values, list) else [values]
        if not all(v is None or _readable(v, attribute) for v in values):
            return skip(f"unreadable {name}")
        if name == "RRULE" and any(
            str(v.get("FREQ", [""])[0]).upper() in TOO_FREQUENT for v in values if v is not None
        ):
            return skip("repeats every second or minute")
    for name in ("DTEND", "DURATION"):
        prop = comp.get(name)
        if prop is None:
            continue
        if isinstance(prop, list):
            del comp[name]
            prop = prop[0]
            comp[name] = prop
            plan.note(f"{where}: only the first of several {name} used")
        if not _readable(prop, "dt"):
            raw = prop.to_ical().decode("utf-8", "replace").strip()
            del comp[name]
            try:
                comp.add(name, icalendar.vDDDTypes.from_ical(raw))  # type: ignore[no-untyped-call]
            except ValueError:
                plan.note(f"{where}: unreadable {name} ignored")
    return True


def _readable(prop: Any, attribute: str) -> bool:
    """Whether a parsed property holds a value (icalendar keeps unreadable ones as broken
    properties that raise when used)."""
    try:
        getattr(prop, attribute)
    except (ValueError, AttributeError):
        return False
    return True


def _expand(
    uid: str,
    series: list[Any],
    timezones: list[Any],
    calendar_zone: str | None,
    window: tuple[datetime, datetime],
    source: str,
    plan: Plan,
) -> list[Any]:
    """Occurrences of one series (one UID) in the window, each series on its own so that
    one broken series cannot stop the others."""
    cal = icalendar.Calendar()
    if calendar_zone:
        cal.add("X-WR-TIMEZONE", calendar_zone)  # Google's calendar-wide zone
    for tz in timezones:
        cal.add_component(tz)
    for event in series:
        cal.add_component(event)
    try:
        return list(recurring_ical_events.of(cal).between(*window))
    except (ValueError, ZoneInfoNotFoundError) as exc:
        label = str(series[0].get("SUMMARY", "")) or uid
        reason = f"cannot expand the series: {_first_line(exc)}"
        plan.skip.append(Skipped("event", label, reason, f"{source}: event {uid}"))
        return []


def _emails(event: Any) -> list[str]:
    found: list[str] = []
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    for prop in [*attendees, event.get("ORGANIZER")]:
        if prop is None:
            continue
        address = str(prop).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        if "@" in address:
            found.append(address.strip().lower())
    return found


def client_and_ambiguity(emails: list[str], known: Known) -> tuple[Client | None, list[str]]:
    """The client of the first address that is a contact's or client's, else the client
    of the first address whose domain belongs to exactly one client; with no client, the
    ambiguous domain and its clients (``[domain, names...]``) where there is one. Calendar
    attendees and e-mail senders and recipients are matched by this."""
    owner = next((c for c in (known.client_for_email(e) for e in emails) if c is not None), None)
    if owner is not None:
        return owner, []
    return _by_domain(emails, known)


def match_client(emails: list[str], known: Known) -> Client | None:
    """The client these addresses point to (:func:`client_and_ambiguity`), or None."""
    return client_and_ambiguity(emails, known)[0]


def _by_domain(emails: list[str], known: Known) -> tuple[Client | None, list[str]]:
    """The client an attendee's e-mail domain points to (the first attendee whose domain
    belongs to exactly one client), or, when the only matching domains belong to several
    clients, ``(None, [domain, client names...])``."""
    ambiguous: list[str] = []
    for email in emails:
        found = known.clients_for_domain(email)
        if len(found) == 1:
            return found[0], []
        if len(found) > 1 and not ambiguous:
            ambiguous = [email_domain(email), *sorted(c.name for c in found)]
    return None, ambiguous


def _kind(event: Any) -> InteractionKind:
    if any(event.get(p) is not None for p in VIDEO_PROPERTIES):
        return InteractionKind.VIDEO
    text = " ".join(str(event.get(p, "")) for p in ("URL", "LOCATION", "DESCRIPTION"))
    if VIDEO_URL.search(text):
        return InteractionKind.VIDEO
    if CALL_WORDS.search(str(event.get("SUMMARY", ""))):
        return InteractionKind.CALL
    return InteractionKind.IN_PERSON


def _aware(value: datetime, zone: str) -> tuple[datetime, bool]:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value, False
    return value.replace(tzinfo=ZoneInfo(zone)), True


def _occurrence(
    event: Any,
    uid: str,
    source: str,
    known: Known,
    fallback: Client | None,
    seen: set[str],
    plan: Plan,
    unknown_zones: dict[str, str],
) -> None:
    summary = str(event.get("SUMMARY", "")).strip()
    start_value = event["DTSTART"].dt
    label = f"{summary or uid} {start_value.isoformat()}"
    where = f"{source}: event {uid}"
    group = summary or uid
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        plan.skip.append(Skipped("event", label, "cancelled", where, group))
        return
    if not isinstance(start_value, datetime):
        plan.skip.append(Skipped("event", label, "all-day event, not a meeting", where, group))
        return
    emails = _emails(event)
    owner, ambiguous = client_and_ambiguity(emails, known)
    if owner is None and ambiguous:
        reason = (
            f"the attendees' domain {ambiguous[0]} belongs to several clients "
            f"({', '.join(ambiguous[1:])}): assign with --client"
        )
        plan.skip.append(Skipped("event", label, reason, where, group))
        return
    owner = owner or fallback
    if owner is None:
        reason = (
            "no attendee matches a contact's or client's e-mail address or domain "
            "(assign with --client)"
        )
        plan.skip.append(Skipped("event", label, reason, where, group))
        return
    started_at, assumed = _aware(start_value, owner.timezone)
    if assumed:
        tzid = unknown_zones.get(uid)
        if tzid:
            plan.note(
                f"unknown time zone {tzid!r}: times read in the client's zone "
                f"({owner.name}: {owner.timezone})"
            )
        else:
            plan.note(
                "times without a time zone were read in the client's zone: "
                f"{owner.name} ({owner.timezone})"
            )
    minutes = _minutes(event, start_value)
    recurrence = event.get("RECURRENCE-ID")
    anchor = started_at
    if recurrence is not None and isinstance(recurrence.dt, datetime):
        anchor, _ = _aware(recurrence.dt, owner.timezone)
    external = (
        f"ics:{uid}/{utc_key(anchor)}"
        if not uid.startswith("#") and len(uid) < 400
        else stable_id("ics", uid, summary, utc_key(anchor))
    )
    if external in seen:
        return
    seen.add(external)
    label = f"{owner.name} {utc_key(started_at)} {summary}".strip()
    if known.has_external("interaction", external):
        plan.skip.append(Skipped("interaction", label, "already present", where, group))
        return
    assert owner.id is not None
    interaction = Interaction(
        client_id=owner.id,
        kind=_kind(event),
        started_at=started_at,
        duration_min=minutes,
        summary=summary,
        source="ics",
        external_id=external,
    )
    plan.create.append(
        PlannedItem("interaction", label, interaction, where, client_name=owner.name)
    )


def _minutes(event: Any, start: datetime) -> int:
    end = event.get("DTEND")
    if end is not None and isinstance(end.dt, datetime):
        end_dt = end.dt
        if (end_dt.tzinfo is None) != (start.tzinfo is None):
            return 0
        return max(0, int((end_dt - start).total_seconds() // 60))
    duration = event.get("DURATION")
    if duration is not None and isinstance(duration.dt, timedelta):
        return max(0, int(duration.dt.total_seconds() // 60))
    return 0
