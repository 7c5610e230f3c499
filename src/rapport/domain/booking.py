"""What a client may book on their booking page: formats, lengths and start times.

Pure: the caller gives the client's tier, the caps, the meetings already held or booked,
the busy times and the moment; nothing is read here.

The offer follows the triage ladder (:mod:`rapport.domain.triage`, docs/meetings.md)
applied in advance, so the page offers what triage would accept without a change:

=====  ==========================  =====================  ====================================
tier   formats                     lengths (minutes)      triage rule it follows
=====  ==========================  =====================  ====================================
A      in person, video, call      30, 45, 60             "a top-tier client keeps the
                                                          meeting" (R_TOP_KEEPS): every format,
                                                          up to an hour
B      video, call                 15, 30, 45             the first two mild changes: "call
                                                          instead of in person", "shorten"
C      call                        15                     the lightest meeting, and "answer by
                                                          email for now" (D_EMAIL): the page
                                                          also asks them to write instead
=====  ==========================  =====================  ====================================

Then every (start, length) is checked against what triage weighs as "time needed back":

- the week's cap (``weekly_meeting_hours_cap``, Monday to Monday in your time zone): the
  meetings held and booked that week plus this one stay within it;
- the client's month cap (``monthly_meeting_hours_cap``, the month in the client's time
  zone): their meetings that month plus this one stay within it;
- your working hours (Monday to Friday, in your time zone), at least
  :data:`MIN_NOTICE` from now;
- busy time: meetings in your calendars (synced or logged) and other bookings; a slot never
  overlaps one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rapport.domain import hours as meters
from rapport.domain.hours import month_bounds, week_bounds
from rapport.domain.model import Tier
from rapport.domain.triage import MeetingFormat

STEP_MIN = 30
"""Minutes between two offered start times."""
UNIT_MIN = 15
"""Every start and length is a whole number of these: a booking claims these units."""
DAYS = 14
"""Days ahead the page offers."""
MIN_NOTICE = timedelta(hours=4)
"""The earliest start offered, from now."""
WORKING_DAYS = (0, 1, 2, 3, 4)
"""Monday to Friday."""


@dataclass(frozen=True, slots=True)
class TierOffer:
    formats: tuple[MeetingFormat, ...]
    lengths: tuple[int, ...]
    write_instead: bool
    """Also ask the client to write instead of meeting."""


TIER_OFFERS: dict[Tier, TierOffer] = {
    Tier.A: TierOffer(
        (MeetingFormat.IN_PERSON, MeetingFormat.VIDEO, MeetingFormat.CALL), (30, 45, 60), False
    ),
    Tier.B: TierOffer((MeetingFormat.VIDEO, MeetingFormat.CALL), (15, 30, 45), False),
    Tier.C: TierOffer((MeetingFormat.CALL,), (15,), True),
}


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting held or booked: with this client or not."""

    start: datetime
    minutes: int
    this_client: bool


@dataclass(frozen=True, slots=True)
class Busy:
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Slot:
    start: datetime
    lengths: tuple[int, ...]
    """The lengths that fit at this start (each within the caps and the working day)."""


@dataclass(frozen=True, slots=True)
class Offer:
    tier: Tier
    formats: tuple[MeetingFormat, ...]
    slots: tuple[Slot, ...]
    write_instead: bool
    week_left_min: int
    """Minutes left under the weekly cap this week (for the page's note)."""
    month_left_min: int | None
    """Minutes left under the client's cap this month (None: no cap)."""

    @property
    def empty(self) -> bool:
        return not self.slots

    def allows(self, start: datetime, minutes: int, meeting_format: str) -> bool:
        """Is this exact choice on offer?"""
        if meeting_format not in {f.value for f in self.formats}:
            return False
        return any(s.start == start and minutes in s.lengths for s in self.slots)


@dataclass(frozen=True, slots=True)
class Rules:
    tier: Tier
    working_hours: tuple[time, time]
    user_zone: str
    client_zone: str
    weekly_cap: float
    month_cap: float | None
    days: int = DAYS
    notice: timedelta = MIN_NOTICE


def parse_working_hours(text: str) -> tuple[time, time]:
    """``"09:00-17:00"`` → (09:00, 17:00); anything unreadable: 09:00-17:00."""
    start, _, end = (text or "").partition("-")
    try:
        first, last = time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError:
        return time(9), time(17)
    if last <= first:
        return time(9), time(17)
    return first, last


def _round_up(moment: datetime, minutes: int) -> datetime:
    base = moment.replace(second=0, microsecond=0)
    if base < moment:
        base += timedelta(minutes=1)
    extra = (-base.minute) % minutes
    return base + timedelta(minutes=extra)


def working_windows(rules: Rules, now: datetime) -> list[tuple[datetime, datetime]]:
    """Your working hours on working days from today for ``rules.days`` days, as instants."""
    tz = ZoneInfo(rules.user_zone)
    today: date = now.astimezone(tz).date()
    first, last = rules.working_hours
    windows = []
    for offset in range(rules.days + 1):
        day = today + timedelta(days=offset)
        if day.weekday() not in WORKING_DAYS:
            continue
        begin = datetime.combine(day, first, tz)
        end = datetime.combine(day, last, tz)
        windows.append((begin, end))
    return windows


def _overlaps(start: datetime, end: datetime, busy: Sequence[Busy]) -> bool:
    return any(b.start < end and start < b.end for b in busy)


class _Totals:
    """Minutes held and booked per week (everyone's) and per month (this client's), each
    period summed once."""

    def __init__(self, rules: Rules, meetings: Sequence[Meeting]) -> None:
        self.rules = rules
        self.meetings = meetings
        self._client_tz = ZoneInfo(rules.client_zone)
        self._weeks: dict[datetime, int] = {}
        self._months: dict[tuple[int, int], int] = {}

    def week(self, moment: datetime) -> int:
        bounds = week_bounds(moment, self.rules.user_zone)
        if bounds[0] not in self._weeks:
            self._weeks[bounds[0]] = _sum(self.meetings, bounds, mine=False)
        return self._weeks[bounds[0]]

    def month(self, moment: datetime) -> int:
        local = moment.astimezone(self._client_tz)
        key = (local.year, local.month)
        if key not in self._months:
            bounds = month_bounds(moment, self.rules.client_zone)
            self._months[key] = _sum(self.meetings, bounds, mine=True)
        return self._months[key]

    def fits(self, start: datetime, minutes: int, week: int | None = None) -> bool:
        """``week``: the week's minutes when the caller has them (one day's starts share
        a week)."""
        used = self.week(start) if week is None else week
        if used + minutes > self.rules.weekly_cap * 60:
            return False
        cap = self.rules.month_cap
        return cap is None or self.month(start) + minutes <= cap * 60


def _sum(meetings: Iterable[Meeting], bounds: tuple[datetime, datetime], *, mine: bool) -> int:
    """Minutes of the meetings starting in ``bounds`` (``mine``: this client's only), held
    and booked alike (as :func:`rapport.domain.hours.meter` counts them)."""
    m = meters.meter(
        [meters.Booking(x.start, x.minutes) for x in meetings if x.this_client or not mine],
        bounds[0],
        bounds[1],
        bounds[0],
        None,
    )
    return m.used_min + m.booked_min


def fits_caps(rules: Rules, meetings: Sequence[Meeting], start: datetime, minutes: int) -> bool:
    """Would a meeting of ``minutes`` at ``start`` stay within the week's and the client's
    month's caps?"""
    return _Totals(rules, meetings).fits(start, minutes)


def offer(rules: Rules, meetings: Sequence[Meeting], busy: Sequence[Busy], now: datetime) -> Offer:
    """The slots this client may book, from ``now`` for ``rules.days`` days."""
    tier_offer = TIER_OFFERS[rules.tier]
    earliest = _round_up(now + rules.notice, UNIT_MIN)
    horizon = now + timedelta(days=rules.days)
    totals = _Totals(rules, meetings)
    slots: list[Slot] = []
    for begin, end in working_windows(rules, now):
        today_busy = [b for b in busy if b.start < end and begin < b.end]
        week = totals.week(begin)  # a working day lies in one week (your time zone)
        start = _round_up(begin, UNIT_MIN)
        while start < end:
            if earliest <= start < horizon:
                lengths = tuple(
                    length
                    for length in tier_offer.lengths
                    if start + timedelta(minutes=length) <= end
                    and not _overlaps(start, start + timedelta(minutes=length), today_busy)
                    and totals.fits(start, length, week)
                )
                if lengths:
                    slots.append(Slot(start, lengths))
            start += timedelta(minutes=STEP_MIN)
    week_left = max(0, round(rules.weekly_cap * 60) - totals.week(now))
    month_left = None
    if rules.month_cap is not None:
        month_left = max(0, round(rules.month_cap * 60) - totals.month(now))
    return Offer(
        rules.tier,
        tier_offer.formats,
        tuple(slots),
        tier_offer.write_instead or not slots,
        week_left,
        month_left,
    )


def units(start: datetime, minutes: int) -> list[datetime]:
    """The :data:`UNIT_MIN`-minute units a booking claims (no two bookings share one)."""
    count = max(1, -(-minutes // UNIT_MIN))
    return [start + timedelta(minutes=UNIT_MIN * i) for i in range(count)]
