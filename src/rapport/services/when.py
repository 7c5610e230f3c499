"""Reading dates and times that users type, in the right time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from rapport.domain.messages import N_
from rapport.domain.validation import check_day, check_moment
from rapport.errors import InvalidInputError


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


def parse_day(text: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            N_("not a date: {text} (use YYYY-MM-DD)"), text=repr(text)
        ) from None
    check_day(repr(text), day)
    return day


def now() -> datetime:
    return datetime.now(UTC)
