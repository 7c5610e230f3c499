"""Meeting hours against the caps (rapport.domain.hours): rules that hold for any meetings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.hours import Booking, Meter, effect, hours, line, meter, over_cap

START = datetime(2026, 3, 2, tzinfo=UTC)
END = START + timedelta(days=7)

bookings = st.lists(
    st.builds(
        Booking,
        start=st.datetimes(
            min_value=datetime(2026, 2, 20), max_value=datetime(2026, 3, 15), timezones=st.just(UTC)
        ),
        minutes=st.integers(min_value=0, max_value=8 * 60),
    ),
    max_size=30,
)
moments = st.datetimes(
    min_value=datetime(2026, 2, 20), max_value=datetime(2026, 3, 15), timezones=st.just(UTC)
)
caps = st.one_of(st.none(), st.floats(min_value=0, max_value=100, allow_nan=False))


@settings(max_examples=200)
@given(bookings, moments, caps)
def test_held_and_booked_are_exactly_the_meetings_of_the_period(
    meetings: list[Booking], now: datetime, cap: float | None
) -> None:
    m = meter(meetings, START, END, now, cap)
    inside = [b for b in meetings if START <= b.start < END]
    assert m.used_min + m.booked_min == sum(b.minutes for b in inside)
    assert m.used_min == sum(b.minutes for b in inside if b.start < now)
    assert m.used >= 0 and m.booked >= 0
    outside = [b for b in meetings if not START <= b.start < END]
    assert meter(outside, START, END, now, cap) == Meter(0, 0, cap)


@settings(max_examples=200)
@given(bookings, moments, moments, caps)
def test_time_passing_moves_hours_from_booked_to_held_only(
    meetings: list[Booking], a: datetime, b: datetime, cap: float | None
) -> None:
    early, late = sorted([a, b])
    before, after = (meter(meetings, START, END, t, cap) for t in (early, late))
    assert after.used_min >= before.used_min
    assert after.total == before.total
    assert after.over == before.over


@settings(max_examples=200)
@given(bookings, moments, caps, st.integers(min_value=0, max_value=600))
def test_one_more_meeting_adds_exactly_its_hours(
    meetings: list[Booking], now: datetime, cap: float | None, minutes: int
) -> None:
    m = meter(meetings, START, END, now, cap)
    more = m.adding(minutes)
    assert more.used_min == m.used_min
    assert more.booked_min == m.booked_min + minutes
    assert abs(more.total - m.total - minutes / 60) < 1e-9
    assert more.over or not m.over  # adding never brings a period back under its cap
    if cap is None:
        assert not more.over and more.left is None
    else:
        assert more.over == (m.used_min + m.booked_min + minutes > cap * 60)
        assert more.left is not None and abs(more.left - (cap - more.total)) < 1e-9


def test_the_effect_reads_as_the_user_would_say_it() -> None:
    m = Meter(used_min=4 * 60, booked_min=90, cap=6.0)
    assert m.total == 5.5 and not m.over and m.left == 0.5
    assert effect(m, 120, "month").english == "This would make 7.5 of 6 hours this month."
    assert m.adding(120).over
    assert (
        effect(Meter(0, 0, None), 45, "week").english
        == "This would make 0.75 hours this week (no cap)."
    )
    assert line(m, "week").english == "Meeting hours this week: 4 held + 1.5 booked of 6"
    assert line(Meter(20, 0, None), "month").english == (
        "Meeting hours this month: 0.33 held + 0 booked (no cap)"
    )
    assert over_cap("Acme", m.adding(120)).english == "Acme: 7.5 of 6 hours this month"
    assert m.as_json() == {"used": 4.0, "booked": 1.5, "cap": 6.0}
    assert hours(7.499999) == 7.5 and hours(6.0) == 6.0


def test_a_meeting_in_progress_counts_as_held() -> None:
    now = START + timedelta(hours=10)
    m = meter([Booking(now - timedelta(minutes=10), 60), Booking(now, 30)], START, END, now, 1)
    assert (m.used_min, m.booked_min) == (60, 30) and m.over
