"""Meeting hours against the caps: how many hours of meetings a period already holds (held
before now, booked from now on) and what one more meeting would make of it.

Pure: the caller gives the meetings, the period and the moment; nothing is read here. The
weekly cap is the user's (``weekly_meeting_hours_cap``), the monthly cap each client's
(``monthly_meeting_hours_cap``; none: no cap).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from rapport.texts import N_, Text

WEEK_LINE = N_("Meeting hours this week: {used} held + {booked} booked of {cap}")
MONTH_LINE = N_("Meeting hours this month: {used} held + {booked} booked of {cap}")
WEEK_LINE_NO_CAP = N_("Meeting hours this week: {used} held + {booked} booked (no cap)")
MONTH_LINE_NO_CAP = N_("Meeting hours this month: {used} held + {booked} booked (no cap)")
WEEK_EFFECT = N_("This would make {after} of {cap} hours this week.")
MONTH_EFFECT = N_("This would make {after} of {cap} hours this month.")
WEEK_EFFECT_NO_CAP = N_("This would make {after} hours this week (no cap).")
MONTH_EFFECT_NO_CAP = N_("This would make {after} hours this month (no cap).")
OVER_CAP = N_("{client}: {total} of {cap} hours this month")
CLIENTS_OVER_CAP = N_("Clients over their monthly meeting-hours cap")


@dataclass(frozen=True, slots=True)
class Booking:
    """One meeting: when it starts and how long it is."""

    start: datetime
    minutes: int


@dataclass(frozen=True, slots=True)
class Meter:
    """Meeting minutes of a period: held (started before now) and booked (from now on),
    against a cap in hours (None: no cap)."""

    used_min: int
    booked_min: int
    cap: float | None

    @property
    def used(self) -> float:
        return self.used_min / 60

    @property
    def booked(self) -> float:
        return self.booked_min / 60

    @property
    def total(self) -> float:
        return (self.used_min + self.booked_min) / 60

    @property
    def over(self) -> bool:
        """More hours held and booked than the cap allows."""
        return self.cap is not None and self.used_min + self.booked_min > self.cap * 60

    @property
    def left(self) -> float | None:
        """Hours still free under the cap (negative: over)."""
        return None if self.cap is None else self.cap - self.total

    def adding(self, minutes: int) -> Meter:
        """The meter with one more booked meeting of ``minutes``."""
        return Meter(self.used_min, self.booked_min + max(0, minutes), self.cap)

    def as_json(self) -> dict[str, float | None]:
        return {"used": hours(self.used), "booked": hours(self.booked), "cap": self.cap}


def hours(value: float) -> float:
    """Hours for showing: to two decimals, a whole number without them (7.5, 6)."""
    rounded = round(value, 2)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def _shown(value: float | None) -> int | float:
    if value is None:
        return 0
    rounded = hours(value)
    return int(rounded) if rounded == int(rounded) else rounded


def meter(
    meetings: Iterable[Booking],
    start: datetime,
    end: datetime,
    now: datetime,
    cap: float | None,
) -> Meter:
    """Minutes of the meetings that start in [start, end): those started before ``now``
    held, the others booked."""
    used = booked = 0
    for m in meetings:
        if start <= m.start < end:
            if m.start < now:
                used += max(0, m.minutes)
            else:
                booked += max(0, m.minutes)
    return Meter(used, booked, cap)


def line(m: Meter, period: str) -> Text:
    """ "Meeting hours this week: 3 held + 4.5 booked of 15" (``period``: week or month)."""
    week = period == "week"
    params: dict[str, int | float | str] = {"used": _shown(m.used), "booked": _shown(m.booked)}
    if m.cap is None:
        return Text(WEEK_LINE_NO_CAP if week else MONTH_LINE_NO_CAP, params)
    return Text(WEEK_LINE if week else MONTH_LINE, {**params, "cap": _shown(m.cap)})


def effect(m: Meter, minutes: int, period: str) -> Text:
    """What a meeting of ``minutes`` would make of the period: "This would make 7.5 of 6
    hours this month."."""
    week = period == "week"
    after = _shown(m.adding(minutes).total)
    if m.cap is None:
        return Text(WEEK_EFFECT_NO_CAP if week else MONTH_EFFECT_NO_CAP, {"after": after})
    return Text(WEEK_EFFECT if week else MONTH_EFFECT, {"after": after, "cap": _shown(m.cap)})


def over_cap(client: str, m: Meter) -> Text:
    return Text(OVER_CAP, {"client": client, "total": _shown(m.total), "cap": _shown(m.cap)})


def week_bounds(moment: datetime, zone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday, in ``zone``."""
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(), tz)
    return monday, datetime.combine(monday.date() + timedelta(days=7), time(), tz)


def month_bounds(moment: datetime, zone: str) -> tuple[datetime, datetime]:
    """The first of the month 00:00 to the first of the next, in ``zone``."""
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    first = datetime(local.year, local.month, 1, tzinfo=tz)
    following = (
        datetime(local.year + 1, 1, 1, tzinfo=tz)
        if local.month == 12
        else datetime(local.year, local.month + 1, 1, tzinfo=tz)
    )
    return first, following
