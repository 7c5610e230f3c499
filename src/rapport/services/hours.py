"""Meeting-hours meters read from the workspace: this week's meetings against the weekly
cap (``settings.weekly_meeting_hours_cap``), each client's month against its monthly cap,
and what a meeting being decided would make of both (rapport.domain.hours).

Meetings are the logged and calendar-imported interactions that are meetings (in person,
video, calls): those started before now are held, later ones booked. The week runs Monday
to Monday in your time zone, a client's month in the client's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rapport.clock import now as clock
from rapport.config import Settings
from rapport.domain import hours as meters
from rapport.domain.hours import Booking, Meter, month_bounds, week_bounds
from rapport.domain.model import Client, Interaction, InteractionKind
from rapport.services.rendering import render
from rapport.services.workspace import WorkspaceService
from rapport.storage.repositories import Repositories

MEETING_KINDS = [k for k in InteractionKind if k.is_meeting]
"""The interaction kinds that are meetings (in person, video, calls)."""


def meetings_between(
    ws: WorkspaceService, start: datetime, end: datetime, client_id: int | None = None
) -> list[Interaction]:
    """The visible meetings (in person, video, calls) that start in [start, end), newest
    first."""
    with ws.db.reading() as s:
        return Repositories(s, ws.actor).interactions.meetings_between(
            start, end, client_id=client_id
        )


def meeting_minutes(
    ws: WorkspaceService,
    start: datetime,
    end: datetime,
    *,
    client_id: int | None = None,
) -> int:
    """Minutes of meetings that start in [start, end)."""
    return sum(m.duration_min for m in meetings_between(ws, start, end, client_id))


@dataclass(frozen=True)
class PeriodHours:
    """A period's meeting hours (held and booked) against its cap, and the line saying so."""

    used: float
    booked: float
    cap: float | None
    text: str


@dataclass(frozen=True)
class ClientOverCap:
    client_id: int | None
    client: str
    used: float
    booked: float
    cap: float | None
    text: str


@dataclass(frozen=True)
class ClientHours:
    """The client's month of meeting hours against its monthly cap (field names are the
    JSON keys)."""

    month: PeriodHours


@dataclass(frozen=True)
class MeetingEffect:
    """A period's meeting hours before a meeting being decided, and with it: ``after``
    (held + booked + the meeting), whether that is over the cap, the period's line and the
    line saying what the meeting would make of it."""

    used: float
    booked: float
    cap: float | None
    after: float
    over_after: bool
    text: str
    effect: str


@dataclass(frozen=True)
class HoursEffect:
    """What a meeting at a given start would make of its week and the client's month;
    ``in_calendar``: the meeting is in the calendar already (not counted twice)."""

    in_calendar: bool
    week: MeetingEffect
    month: MeetingEffect


@dataclass(frozen=True)
class HoursToday:
    """This week's meeting hours and the clients over their monthly cap (field names are
    the JSON keys)."""

    week: PeriodHours
    clients_over_cap: tuple[ClientOverCap, ...]


class HoursService:
    def __init__(self, workspace: WorkspaceService, settings: Settings) -> None:
        self.workspace = workspace
        self.settings = settings

    def _bookings(
        self, start: datetime, end: datetime, client_id: int | None = None
    ) -> list[tuple[int, Booking]]:
        meetings = meetings_between(self.workspace, start, end, client_id)
        return [(m.client_id, Booking(m.started_at, m.duration_min)) for m in meetings]

    def week(self, at: datetime | None = None, *, now: datetime | None = None) -> Meter:
        """The week of ``at`` (default now) against the weekly cap."""
        moment = now or clock()
        start, end = week_bounds(at or moment, self.settings.timezone)
        booked = [b for _c, b in self._bookings(start, end)]
        return meters.meter(booked, start, end, moment, self.settings.weekly_meeting_hours_cap)

    def month(
        self, client: Client, at: datetime | None = None, *, now: datetime | None = None
    ) -> Meter:
        """The client's month of ``at`` (default now) against its monthly cap."""
        assert client.id is not None
        moment = now or clock()
        start, end = month_bounds(at or moment, client.timezone)
        booked = [b for _c, b in self._bookings(start, end, client.id)]
        return meters.meter(booked, start, end, moment, client.monthly_meeting_hours_cap)

    def over_cap(self, *, now: datetime | None = None) -> list[tuple[Client, Meter]]:
        """Visible clients whose month holds more meeting hours than their cap, the furthest
        over first."""
        moment = now or clock()
        capped = [c for c in self.workspace.list_clients() if c.monthly_meeting_hours_cap]
        if not capped:
            return []
        bounds = {c.id: month_bounds(moment, c.timezone) for c in capped}
        earliest = min(s for s, _e in bounds.values())
        latest = max(e for _s, e in bounds.values())
        by_client: dict[int, list[Booking]] = {}
        for client_id, booking in self._bookings(earliest, latest):
            by_client.setdefault(client_id, []).append(booking)
        found = []
        for client in capped:
            start, end = bounds[client.id]
            cap = client.monthly_meeting_hours_cap
            m = meters.meter(by_client.get(client.id or 0, []), start, end, moment, cap)
            if m.over:
                found.append((client, m))
        return sorted(found, key=lambda cm: (-(cm[1].total - (cm[1].cap or 0)), cm[0].name))

    # --- JSON -------------------------------------------------------------------------
    def today(self, lang: str = "en", *, now: datetime | None = None) -> HoursToday:
        """This week against the weekly cap and the clients over their monthly cap, with
        the lines in ``lang``."""
        week = self.week(now=now)
        over = self.over_cap(now=now)
        return HoursToday(
            week=_period(week, "week", lang),
            clients_over_cap=tuple(
                ClientOverCap(
                    client_id=client.id,
                    client=client.name,
                    used=meters.hours(m.used),
                    booked=meters.hours(m.booked),
                    cap=m.cap,
                    text=render(meters.over_cap(client.name, m), lang),
                )
                for client, m in over
            ),
        )

    def client_json(
        self, client: Client, lang: str = "en", *, now: datetime | None = None
    ) -> ClientHours:
        """The client's month (used, booked, cap, and the line in ``lang``)."""
        month = self.month(client, now=now)
        return ClientHours(month=_period(month, "month", lang))

    def effect_json(
        self,
        client: Client,
        start: datetime,
        minutes: int,
        lang: str = "en",
        *,
        now: datetime | None = None,
    ) -> HoursEffect:
        """The week and the client's month of a meeting at ``start`` lasting ``minutes``:
        the hours before it and what it would make of them. A meeting already in the
        calendar at that start (imported or logged) is not counted twice."""
        assert client.id is not None
        week, month = self.week(start, now=now), self.month(client, start, now=now)
        already = meetings_between(
            self.workspace, start - timedelta(seconds=1), start + timedelta(seconds=1), client.id
        )
        adding = 0 if already else minutes

        def effect(m: Meter, period: str) -> MeetingEffect:
            after = m.adding(adding)
            return MeetingEffect(
                used=meters.hours(m.used),
                booked=meters.hours(m.booked),
                cap=m.cap,
                after=meters.hours(after.total),
                over_after=after.over,
                text=render(meters.line(m, period), lang),
                effect=render(meters.effect(m, adding, period), lang),
            )

        return HoursEffect(
            in_calendar=bool(already),
            week=effect(week, "week"),
            month=effect(month, "month"),
        )


def _period(m: Meter, period: str, lang: str) -> PeriodHours:
    """A period's hours against its cap and the line saying so, in ``lang``."""
    return PeriodHours(
        used=meters.hours(m.used),
        booked=meters.hours(m.booked),
        cap=m.cap,
        text=render(meters.line(m, period), lang),
    )
