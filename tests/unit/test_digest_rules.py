"""The digest's timing rules (rapport.domain.digest) for all inputs: quiet hours across
midnight, when the digest is due, when a reminder is due; and the settings that hold them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.domain import profile
from rapport.domain.digest import (
    QuietHours,
    digest_due,
    due_for_reminder,
    parse_clock,
    send_time,
)

minutes = st.integers(min_value=0, max_value=24 * 60 - 1)
moments = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _time(minute: int) -> time:
    return time(minute // 60, minute % 60)


@given(minutes, minutes, minutes)
def test_quiet_hours_hold_exactly_the_minutes_of_the_window(start: int, end: int, m: int) -> None:
    quiet = QuietHours.parse(f"{_clock(start)}-{_clock(end)}")
    assert quiet is not None
    # the window's minutes, walking from start to end (across midnight when end < start)
    length = (end - start) % (24 * 60)
    inside = (m - start) % (24 * 60) < length
    assert quiet.contains(_time(m)) is inside


@given(minutes, minutes, moments)
def test_the_end_of_quiet_hours_is_outside_them_and_never_before(
    start: int, end: int, at: datetime
) -> None:
    quiet = QuietHours.parse(f"{_clock(start)}-{_clock(end)}")
    assert quiet is not None
    local = at.astimezone(ZoneInfo("Europe/Oslo"))
    ends = quiet.ends_after(local)
    assert ends >= local
    assert ends - local <= timedelta(days=1)
    assert not quiet.contains(ends.time())


@given(minutes, st.one_of(st.none(), st.tuples(minutes, minutes)), moments, st.booleans())
def test_the_digest_is_due_only_after_its_time_outside_quiet_hours_once(
    send: int, window: tuple[int, int] | None, at: datetime, sent: bool
) -> None:
    quiet = QuietHours.parse(f"{_clock(window[0])}-{_clock(window[1])}") if window else None
    when = send_time(_time(send), quiet)
    assert quiet is None or not quiet.contains(when)  # never inside the quiet hours
    if quiet is None or not quiet.contains(_time(send)):
        assert when == _time(send)
    due = digest_due(at, _time(send), quiet, sent_today=sent)
    quiet_now = quiet is not None and quiet.contains(at.time())
    assert due is (not sent and not quiet_now and at.time().replace(second=0) >= when)


def test_a_digest_time_in_quiet_hours_goes_when_they_end() -> None:
    night = QuietHours.parse("22:00-07:00")
    assert send_time(time(6, 30), night) == time(7, 0)
    assert send_time(time(23, 30), night) == time(7, 0)  # the next morning
    assert send_time(time(7, 30), night) == time(7, 30)
    oslo = ZoneInfo("Europe/Oslo")
    assert not digest_due(
        datetime(2026, 3, 10, 6, 45, tzinfo=oslo), time(6, 30), night, sent_today=False
    )
    assert digest_due(
        datetime(2026, 3, 10, 7, 0, tzinfo=oslo), time(23, 30), night, sent_today=False
    )


def test_quiet_hours_examples() -> None:
    night = QuietHours.parse("22:00-07:00")
    assert night is not None
    assert night.contains(time(23, 30)) and night.contains(time(0, 0))
    assert night.contains(time(6, 59)) and not night.contains(time(7, 0))
    assert not night.contains(time(21, 59)) and night.contains(time(22, 0))
    oslo = ZoneInfo("Europe/Oslo")
    assert night.ends_after(datetime(2026, 3, 10, 23, 0, tzinfo=oslo)) == datetime(
        2026, 3, 11, 7, 0, tzinfo=oslo
    )
    assert QuietHours.parse("off") is None and QuietHours.parse("") is None
    until_midnight = QuietHours.parse("20:00-24:00")
    assert until_midnight is not None and until_midnight.contains(time(23, 59))
    assert not until_midnight.contains(time(0, 0))
    for bad in ("22-07", "25:00-07:00", "7:00-8:00", "noon"):
        with pytest.raises(ValueError):
            QuietHours.parse(bad)
    assert parse_clock("07:30") == time(7, 30)


@given(moments, st.integers(min_value=-3000, max_value=3000), st.integers(1, 48 * 60))
def test_a_reminder_is_due_in_the_lead_before_and_never_after(
    at: datetime, offset: int, lead: int
) -> None:
    moment = at + timedelta(minutes=offset)
    assert due_for_reminder(moment, at, timedelta(minutes=lead)) is (0 < offset <= lead)


@pytest.mark.parametrize(
    ("key", "raw", "stored"),
    [
        ("digest_time", " 7:30".replace(" 7", "07"), "07:30"),
        ("quiet_hours", "22:00 - 07:00", "22:00-07:00"),
        ("quiet_hours", "OFF", "off"),
        ("notify.digest", "yes", "on"),
        ("notify.trust", "Off", "off"),
        ("reminder_lead_hours", "12", "12"),
    ],
)
def test_settings_accept_and_normalise(key: str, raw: str, stored: str) -> None:
    assert profile.check(key, raw) == stored


@pytest.mark.parametrize(
    ("key", "raw", "says"),
    [
        ("digest_time", "7.30", "use HH:MM"),
        ("quiet_hours", "22:00", "use HH:MM-HH:MM"),
        ("notify.meetings", "maybe", "use on or off"),
    ],
)
def test_settings_refuse_with_one_line(key: str, raw: str, says: str) -> None:
    with pytest.raises(profile.ProfileValueError, match=says):
        profile.check(key, raw)
