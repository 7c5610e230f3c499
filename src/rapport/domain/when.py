"""Reading dates and times that users type, in the right time zone.

Relative days (``today``, ``+7d``) are counted from :func:`rapport.clock.now`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rapport.clock import now
from rapport.domain.validation import check_day, check_moment
from rapport.errors import InvalidInputError
from rapport.texts import N_


@dataclass(frozen=True, slots=True)
class When:
    at: datetime
    """Aware datetime."""
    assumed_zone: str | None
    """The zone we assumed because the text had none (callers tell the user)."""


def parse_when(text: str, zone: str, *, end_of_day: bool = False) -> When:
    """Parse an ISO-like date or datetime. A bare date means the start (or end) of that day.

    Text without a time zone is read in ``zone`` and the result says so.
    """
    raw = text.strip()
    if not raw:
        raise InvalidInputError(N_("empty date"))
    relative = relative_day(raw, zone)
    if relative is not None:
        raw = relative.isoformat()
    try:
        from dateutil import parser as date_parser

        parsed = date_parser.isoparse(raw)
    except ValueError:
        try:
            parsed = date_parser.parse(raw)
        except (ValueError, OverflowError):
            raise InvalidInputError(
                N_("not a date or time: {text} (use e.g. 2026-11-30 or 2026-11-30T15:00)"),
                text=repr(text),
            ) from None
    is_bare_date = len(raw) <= 10 and ":" not in raw
    if is_bare_date and end_of_day:
        parsed = datetime.combine(parsed.date(), time(17, 0))
    if parsed.tzinfo is not None:
        when = When(parsed, None)
    else:
        when = When(parsed.replace(tzinfo=ZoneInfo(zone)), zone)
    check_moment(repr(text), when.at)
    return when


RELATIVE = re.compile(r"^(?:(today)|(tomorrow)|\+(\d{1,4})d)$", re.IGNORECASE)
"""``today``, ``tomorrow`` or ``+Nd`` (N days from today): days relative to today, so
examples and scripts keep working as time passes."""


def relative_day(text: str, zone: str = "UTC") -> date | None:
    """The day ``text`` names relative to today in ``zone`` (``today``, ``tomorrow``,
    ``+7d``), or None when it is not such a text."""
    match = RELATIVE.match(text.strip())
    if match is None:
        return None
    today = now().astimezone(ZoneInfo(zone)).date()
    days = 0 if match[1] else 1 if match[2] else int(match[3])
    return today + timedelta(days=days)


def parse_day(text: str) -> date:
    relative = relative_day(text)
    if relative is not None:
        check_day(repr(text), relative)
        return relative
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            N_("not a date: {text} (use YYYY-MM-DD)"), text=repr(text)
        ) from None
    check_day(repr(text), day)
    return day
