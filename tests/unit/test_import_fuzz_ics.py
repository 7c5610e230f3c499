"""Structured fuzzing of the iCalendar importer: real property names, odd values."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.errors import ImportProblem
from rapport.importers.ical import read_ics
from tests.unit.importer_helpers import EVER, known

VALUES = {
    "DTSTART": ["20260105T100000", "20260105T100000Z", "20260105", "2026", "", "20261305T250000"],
    "DTEND": ["20260105T110000", "20260104T110000Z", "20260106", " 20260105T110000Z", "x"],
    "DURATION": ["PT30M", "P1D", "-PT5M", "PT", "30"],
    "RRULE": ["FREQ=WEEKLY;COUNT=3", "FREQ=DAILY;UNTIL=20260110", "FREQ=YEARLY", "FREQ=", "X"],
    "EXDATE": ["20260112T100000", "20260112", "bad"],
    "RDATE": ["20260113T100000", "20260113", "bad"],
    "RECURRENCE-ID": ["20260112T100000", "20260112", "bad"],
    "STATUS": ["CANCELLED", "CONFIRMED", ""],
    "ATTENDEE": ["mailto:ase@fjordlys.example.no", "mailto:", "x"],
    "ORGANIZER": ["mailto:taro.yamada@sakura.example.jp", ""],
    "UID": ["a", "b", ""],
    "SUMMARY": ["call", "電話", ""],
    "SEQUENCE": ["0", "2", "x"],
    "LOCATION": ["https://zoom.us/j/1", ""],
    "CONFERENCE;VALUE=URI": ["https://meet.google.com/x"],
}
PARAMS = ["", ";TZID=Europe/Oslo", ";TZID=W. Europe Standard Time", ";TZID=Nowhere", ";VALUE=DATE"]


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    lines = ["BEGIN:VCALENDAR"]
    if draw(st.booleans()):
        lines.append("X-WR-TIMEZONE:" + draw(st.sampled_from(["Asia/Tokyo", "Nowhere", ""])))
    for _ in range(draw(st.integers(0, 4))):
        lines.append("BEGIN:VEVENT")
        for name in draw(st.lists(st.sampled_from(sorted(VALUES)), max_size=8)):
            value = draw(st.one_of(st.sampled_from(VALUES[name]), st.text(max_size=8)))
            param = draw(st.sampled_from(PARAMS))
            lines.append(f"{name}{param}:{value}".replace("\r", "").replace("\n", ""))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=calendars())
def test_odd_event_properties_only_give_clean_problems(data: bytes) -> None:
    try:
        plan = read_ics(data, "f.ics", known(), window=EVER, client="Sakura KK")
    except ImportProblem as exc:
        assert exc.problems
        return
    for item in plan.create:
        assert item.obj.started_at.tzinfo is not None
        assert item.obj.duration_min >= 0
