"""The booking page's offer (rapport.domain.booking): rules that hold for any calendar."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.booking import (
    TIER_OFFERS,
    Busy,
    Meeting,
    Rules,
    offer,
    parse_working_hours,
    units,
)
from rapport.domain.hours import month_bounds, week_bounds
from rapport.domain.model import Tier
from rapport.domain.triage import MeetingFormat

NOW = datetime(2026, 3, 2, 7, 10, tzinfo=UTC)  # a Monday
ZONES = ["UTC", "Asia/Tokyo", "Europe/Oslo", "America/New_York", "Asia/Ho_Chi_Minh"]

instants = st.datetimes(
    min_value=datetime(2026, 2, 1), max_value=datetime(2026, 4, 10), timezones=st.just(UTC)
)
meetings_st = st.lists(
    st.builds(
        Meeting,
        start=instants,
        minutes=st.integers(min_value=15, max_value=240),
        this_client=st.booleans(),
    ),
    max_size=25,
)
busy_st = st.lists(
    st.builds(
        lambda start, minutes: Busy(start, start + timedelta(minutes=minutes)),
        instants,
        st.integers(min_value=1, max_value=600),
    ),
    max_size=15,
)
rules_st = st.builds(
    Rules,
    tier=st.sampled_from(list(Tier)),
    working_hours=st.sampled_from(
        [(time(9), time(17)), (time(8, 30), time(12)), (time(13), time(20))]
    ),
    user_zone=st.sampled_from(ZONES),
    client_zone=st.sampled_from(ZONES),
    weekly_cap=st.floats(min_value=0, max_value=40, allow_nan=False),
    month_cap=st.one_of(st.none(), st.floats(min_value=0, max_value=20, allow_nan=False)),
)


def _minutes(meetings: list[Meeting], bounds: tuple[datetime, datetime], mine: bool) -> int:
    return sum(
        m.minutes
        for m in meetings
        if bounds[0] <= m.start < bounds[1] and (m.this_client or not mine)
    )


@settings(max_examples=150, deadline=None)
@given(rules_st, meetings_st, busy_st)
def test_never_more_than_the_caps_leave(
    rules: Rules, meetings: list[Meeting], busy: list[Busy]
) -> None:
    result = offer(rules, meetings, busy, NOW)
    for slot in result.slots:
        for length in slot.lengths:
            week = _minutes(meetings, week_bounds(slot.start, rules.user_zone), mine=False)
            assert week + length <= rules.weekly_cap * 60
            if rules.month_cap is not None:
                month = _minutes(meetings, month_bounds(slot.start, rules.client_zone), mine=True)
                assert month + length <= rules.month_cap * 60


@settings(max_examples=150, deadline=None)
@given(rules_st, meetings_st, busy_st)
def test_never_outside_working_hours_nor_overlapping_busy_time(
    rules: Rules, meetings: list[Meeting], busy: list[Busy]
) -> None:
    result = offer(rules, meetings, busy, NOW)
    zone = ZoneInfo(rules.user_zone)
    first, last = rules.working_hours
    for slot in result.slots:
        assert slot.start >= NOW + timedelta(hours=4)
        assert slot.start < NOW + timedelta(days=rules.days)
        for length in slot.lengths:
            assert length in TIER_OFFERS[rules.tier].lengths
            end = slot.start + timedelta(minutes=length)
            local_start, local_end = slot.start.astimezone(zone), end.astimezone(zone)
            assert local_start.weekday() < 5
            assert local_start.date() == local_end.date() or local_end.time() == time(0)
            assert first <= local_start.time() and local_end.time() <= last
            assert not any(b.start < end and slot.start < b.end for b in busy)


def test_tiers_offer_what_triage_would_accept() -> None:
    free = dict(
        working_hours=(time(9), time(17)),
        user_zone="UTC",
        client_zone="UTC",
        weekly_cap=15,
        month_cap=None,
    )
    a = offer(Rules(tier=Tier.A, **free), [], [], NOW)  # type: ignore[arg-type]
    assert MeetingFormat.IN_PERSON in a.formats and max(a.slots[0].lengths) == 60
    assert not a.write_instead
    b = offer(Rules(tier=Tier.B, **free), [], [], NOW)  # type: ignore[arg-type]
    assert MeetingFormat.IN_PERSON not in b.formats and max(b.slots[0].lengths) < 60
    c = offer(Rules(tier=Tier.C, **free), [], [], NOW)  # type: ignore[arg-type]
    assert c.formats == (MeetingFormat.CALL,) and c.slots[0].lengths == (15,)
    assert c.write_instead


def test_a_full_month_offers_nothing_and_asks_to_write() -> None:
    rules = Rules(Tier.A, (time(9), time(17)), "UTC", "UTC", 15, 1.0)
    held = [Meeting(NOW - timedelta(days=1), 60, True)]  # March 1st: the cap is used up
    result = offer(rules, held, [], NOW)
    march = [s for s in result.slots if s.start.month == 3]
    assert not march
    assert result.month_left_min == 0


def test_busy_time_and_an_existing_booking_are_not_offered() -> None:
    rules = Rules(Tier.A, (time(9), time(17)), "UTC", "UTC", 40, None)
    busy = [Busy(datetime(2026, 3, 3, 10, tzinfo=UTC), datetime(2026, 3, 3, 11, tzinfo=UTC))]
    result = offer(rules, [], busy, NOW)
    starts = {s.start: s.lengths for s in result.slots}
    assert datetime(2026, 3, 3, 10, tzinfo=UTC) not in starts
    assert starts[datetime(2026, 3, 3, 9, 30, tzinfo=UTC)] == (30,)
    assert result.allows(datetime(2026, 3, 3, 11, tzinfo=UTC), 60, "in_person")
    assert not result.allows(datetime(2026, 3, 3, 11, tzinfo=UTC), 60, "email")


def test_units_and_working_hours() -> None:
    start = datetime(2026, 3, 3, 10, tzinfo=UTC)
    assert units(start, 45) == [start + timedelta(minutes=m) for m in (0, 15, 30)]
    assert parse_working_hours("08:30-16:00") == (time(8, 30), time(16))
    assert parse_working_hours("nonsense") == (time(9), time(17))


@pytest.mark.parametrize(
    ("zone", "lang", "expected"),
    [
        ("Asia/Tokyo", "ja", "日本時間、UTC+9"),
        ("Asia/Shanghai", "zh-Hans", "北京时间，UTC+8"),
        ("Asia/Ho_Chi_Minh", "vi", "giờ Việt Nam, UTC+7"),
        ("Europe/Oslo", "nb", "norsk tid, UTC+1"),
        ("America/New_York", "en", "New York time, UTC\u22125"),
        ("Asia/Kolkata", "en", "Kolkata time, UTC+5:30"),
        ("UTC", "en", "UTC"),
    ],
)
def test_the_booking_page_names_the_zone_as_people_say_it(
    zone: str, lang: str, expected: str
) -> None:
    """Never the raw IANA id: a country's or city's time, with the offset on that day."""
    from rapport.drafts import zone_name

    assert zone_name(zone, lang, datetime(2026, 12, 7, tzinfo=UTC)) == expected
