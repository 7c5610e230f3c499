"""The daily digest and reminders as pure content and rules (no database, no framework).

A :class:`Digest` is what one account should know this morning: promises at risk and
overdue, touch-points due, meetings today with their saved agendas, and clients whose trust
is slipping. A :class:`Reminder` is one thing about to happen (a promise coming due, a
meeting starting soon). The services fill them (rapport.services.digest); rendering them
into an e-mail or a page is done elsewhere.

The timing rules are here: the time of day the digest goes out (``digest_time``), quiet
hours (``quiet_hours``, ``HH:MM-HH:MM``, which may cross midnight) in which nothing is sent
or notified, and when a reminder is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")
OFF = ("off", "none", "")
SWITCH_ON = "on"
SWITCH_OFF = "off"
DAY_MINUTES = 24 * 60
KINDS = ("promises", "touchpoints", "meetings", "trust")
"""The digest's sections, each with its switch ``notify.KIND``."""


def parse_clock(text: str) -> time:
    """``HH:MM`` as a time of day; ValueError otherwise."""
    match = CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"not a time of day HH:MM: {text!r}")
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A daily window in minutes after midnight, ``start`` included, ``end`` excluded;
    ``start > end`` crosses midnight (22:00-07:00). ``start == end`` is empty."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str | None) -> QuietHours | None:
        """``HH:MM-HH:MM`` (``24:00`` allowed as an end), or None for ``off``/empty;
        ValueError otherwise."""
        value = (text or "").strip().lower().replace(" ", "")
        if value in OFF:
            return None
        match = WINDOW.match(value)
        if not match:
            raise ValueError(f"not a window HH:MM-HH:MM: {text!r}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        end = h2 * 60 + m2
        if end > DAY_MINUTES:
            raise ValueError(f"not a window HH:MM-HH:MM: {text!r}")
        return cls(h1 * 60 + m1, end % DAY_MINUTES)

    def contains(self, moment: time) -> bool:
        """Whether the local time of day ``moment`` falls in the window."""
        minute = moment.hour * 60 + moment.minute
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    def ends_after(self, local: datetime) -> datetime:
        """The first moment at or after ``local`` (a local, zone-aware time) outside the
        window: ``local`` itself when it is outside."""
        if not self.contains(local.time()):
            return local
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        end = midnight + timedelta(minutes=self.end)
        if end <= local:
            end += timedelta(days=1)
        return end


def is_quiet(quiet: QuietHours | None, local: datetime) -> bool:
    return quiet is not None and quiet.contains(local.time())


def send_time(digest_time: time, quiet: QuietHours | None) -> time:
    """When the digest really goes out: ``digest_time``, or the end of the quiet hours
    when it falls inside them (07:00 for a 06:30 digest and quiet hours 22:00-07:00, and
    for a 23:30 one too: the next morning, as that day's digest)."""
    if quiet is None or not quiet.contains(digest_time):
        return digest_time
    return time(quiet.end // 60, quiet.end % 60)


def digest_due(
    local: datetime, digest_time: time, quiet: QuietHours | None, *, sent_today: bool
) -> bool:
    """Whether the digest should go out now (``local``: now in the user's time zone): not
    yet sent on this local date, its send time reached (:func:`send_time`), and not in
    quiet hours."""
    if sent_today:
        return False
    if local.time().replace(second=0, microsecond=0) < send_time(digest_time, quiet):
        return False
    return not is_quiet(quiet, local)


# --- content ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromiseLine:
    """A promise at risk (``days``: days until due) or overdue (``days``: days late)."""

    id: int
    client_id: int
    client: str
    text: str
    due_at: datetime
    days: int
    overdue: bool
    announced: bool = False


@dataclass(frozen=True, slots=True)
class TouchLine:
    """A client whose touch-point is due (``days_overdue`` < 0: due in that many days)."""

    client_id: int
    client: str
    due_at: datetime
    cadence_days: int
    last_contact: datetime | None
    days_overdue: int


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One item of a saved agenda."""

    title: str
    minutes: int


@dataclass(frozen=True, slots=True)
class MeetingLine:
    """A meeting today: logged or synced (``interaction_id``) and/or planned with a saved
    agenda (``agenda_id``)."""

    client_id: int
    client: str
    start: datetime
    duration_min: int | None
    summary: str
    interaction_id: int | None = None
    agenda_id: int | None = None
    agenda: tuple[AgendaLine, ...] = ()
    agenda_total_min: int | None = None
    opening_line: str = ""


@dataclass(frozen=True, slots=True)
class TrustLine:
    """A client whose trust is slipping, with the reasons in the digest's language."""

    client_id: int
    client: str
    trust: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    """One account's digest for one local day."""

    day: date
    language: str
    time_zone: str
    at_risk: tuple[PromiseLine, ...] = ()
    overdue: tuple[PromiseLine, ...] = ()
    touchpoints: tuple[TouchLine, ...] = ()
    meetings: tuple[MeetingLine, ...] = ()
    slipping: tuple[TrustLine, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    """How many there are of each section in all (the lists may be cut short)."""

    @property
    def empty(self) -> bool:
        return not (
            self.at_risk or self.overdue or self.touchpoints or self.meetings or self.slipping
        )


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder: ``kind`` promise or meeting; ``key`` names it so it is sent once (the
    promise or meeting and its time: a new due date or start is a new reminder)."""

    kind: str
    key: str
    due_at: datetime
    client_id: int
    client: str
    text: str
    agenda: tuple[AgendaLine, ...] = ()


def promise_key(promise_id: int, due_at: datetime) -> str:
    return f"promise:{promise_id}:{due_at.strftime('%Y%m%dT%H%MZ')}"


def meeting_key(client_id: int, start: datetime, ref: str) -> str:
    return f"meeting:{client_id}:{ref}:{start.strftime('%Y%m%dT%H%MZ')}"


def reminder_window(now: datetime, lead: timedelta) -> tuple[datetime, datetime]:
    """Things happening after ``now`` and at most ``lead`` later are reminded of."""
    return now, now + lead


def due_for_reminder(moment: datetime, now: datetime, lead: timedelta) -> bool:
    start, end = reminder_window(now, lead)
    return start < moment <= end
