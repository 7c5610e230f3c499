from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rapport.domain.model import Interaction, InteractionKind
from rapport.importers.ical import default_window, read_ics
from rapport.importers.plan import Plan
from tests.unit.importer_helpers import EVER, FIXTURES, known

ICS_FILES = sorted((FIXTURES / "ics").glob("*.ics"))


def read(name: str, **kwargs: object) -> Plan:
    data = (FIXTURES / "ics" / name).read_bytes()
    options: dict[str, object] = {"window": EVER, **kwargs}
    return read_ics(data, name, known(), **options)  # type: ignore[arg-type]


def starts(plan: Plan) -> list[str]:
    return [i.obj.started_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for i in plan.create]


@pytest.mark.parametrize("path", ICS_FILES, ids=lambda p: p.name)
def test_every_fixture_reads_without_crashing(path: Path) -> None:
    plan = read_ics(path.read_bytes(), path.name, known(), window=EVER, client="Sakura KK")
    assert plan.problems == []
    for item in plan.create:
        assert isinstance(item.obj, Interaction)
        assert item.obj.started_at.tzinfo is not None
        assert item.obj.external_id and len(item.obj.external_id) <= 500


def test_recurring_series_with_exdates_and_cancelled_occurrences() -> None:
    plan = read("radicale-0827.ics", client="Sakura KK")
    assert len(plan.create) == 26  # 37 weekly dates - 9 EXDATEs - 2 cancelled
    assert [s.reason for s in plan.skip] == ["cancelled", "cancelled"]
    got = starts(plan)
    assert got[:3] == ["2017-10-09 18:30", "2017-10-16 18:30", "2017-11-06 19:30"]  # CEST -> CET
    assert "2017-10-23 18:30" not in got and "2018-03-26 18:30" not in got
    assert {i.obj.duration_min for i in plan.create} == {60}


def test_floating_times_are_read_in_the_clients_zone() -> None:
    plan = read("ruby_rrule.ics", client="Sakura KK")
    assert len(plan.create) == 10
    assert starts(plan)[0] == "2002-12-31 22:00"  # 07:00 in Tokyo
    assert "times without a time zone were read in the client's zone: Sakura KK (Asia/Tokyo)" in (
        plan.notes
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ms_tzid.ics", "2008-05-30 05:00"),  # "Canberra, Melbourne, Sydney" VTIMEZONE, +10:00
        ("tzid_8bit.ics", "2008-05-30 09:00"),  # Cyrillic TZID, +06:00
        ("radicale-0816.ics", "2016-06-16 08:00"),  # Europe/London in summer
    ],
)
def test_time_zones_from_the_file(name: str, expected: str) -> None:
    assert starts(read(name, client="Sakura KK")) == [expected]


def test_organizer_matched_by_contact_email_and_broken_dtend_repaired() -> None:
    plan = read("vobject_0050.ics")
    (item,) = plan.create
    assert item.client_name == "Hanoi Coffee"
    assert starts(plan) == ["2024-08-12 21:30"] and item.obj.duration_min == 60


def test_files_without_events_say_so() -> None:
    assert read("vtodo.ics").skip[0].reason == "not meetings"
    assert read("simple_test.ics").skip[0].reason == "no start time (DTSTART)"
    assert read("timezones.ics").notes == ["the file holds no events (VEVENT) to import"]


def test_microsoft_zones_moved_occurrences_and_kinds() -> None:
    plan = read("rapport-meetings.ics")
    by_client: dict[str, list[Interaction]] = {}
    for item in plan.create:
        by_client.setdefault(item.client_name or "", []).append(item.obj)
    fjordlys = by_client["Fjordlys AS"]
    assert [
        (i.started_at.astimezone(UTC).strftime("%m-%d %H:%M"), i.duration_min) for i in fjordlys
    ] == [("01-05 09:00", 60), ("01-20 13:00", 30), ("02-02 09:00", 60), ("02-09 09:00", 60)]
    assert {i.kind for i in fjordlys} == {InteractionKind.VIDEO}  # Teams meeting URL
    moved = fjordlys[1]
    assert moved.summary == "Weekly sync with Fjordlys (moved)"
    assert moved.external_id == "ics:weekly-sync-001/2026-01-19T09:00:00Z"  # the RECURRENCE-ID
    (call,) = by_client["Sakura KK"]
    assert (call.kind, call.duration_min) == (InteractionKind.CALL, 45)
    (review,) = by_client["Yuntu Tech"]  # matched by the client's own email
    assert review.kind is InteractionKind.VIDEO  # zoom link in LOCATION
    reasons = {s.label.split(" 20")[0]: s.reason for s in plan.skip}
    assert reasons["Team offsite"] == "all-day event, not a meeting"
    assert reasons["Weekly sync with Fjordlys"] == "cancelled"
    assert reasons["Lunch with a stranger"].startswith("no attendee matches")


def test_unmatched_events_go_to_the_client_option() -> None:
    plan = read("rapport-meetings.ics", client="Hanoi Coffee")
    lunch = [i for i in plan.create if i.obj.summary == "Lunch with a stranger"]
    assert lunch[0].client_name == "Hanoi Coffee"


def test_window_limits_the_expansion() -> None:
    window = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC))
    plan = read("rapport-meetings.ics", window=window)
    fjordlys = [i for i in plan.create if i.client_name == "Fjordlys AS"]
    assert len(fjordlys) == 1


def test_unknown_tzid_is_read_in_the_clients_zone_and_said_so() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTART;TZID=Mars/Olympus:20260105T100000"
        b"\r\nDTEND;TZID=Mars/Olympus:20260105T103000\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    plan = read_ics(data, "m.ics", known(), window=EVER, client="Fjordlys AS")
    assert starts(plan) == ["2026-01-05 09:00"] and plan.create[0].obj.duration_min == 30
    assert plan.notes[0].startswith("unknown time zone 'Mars/Olympus'")


def test_not_a_calendar_is_one_problem() -> None:
    plan = read_ics(b"BEGIN:VCALENDAR\nhello\nEND:VCALENDAR\n", "x.ics", known(), window=EVER)
    assert plan.problems == [
        "x.ics: not a valid iCalendar file: Content line could not be parsed into parts: "
        "'hello': Invalid content line"
    ]


def test_default_window_is_a_year_back_and_ninety_days_ahead() -> None:
    start, end = default_window(date(2026, 6, 1))
    assert (start.date(), end.date()) == (date(2025, 6, 1), date(2026, 8, 30))


def test_series_repeating_every_minute_are_skipped() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:m1\r\nDTSTART:20260105T100000Z\r\n"
        b"RRULE:FREQ=MINUTELY\r\nSUMMARY:ping\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    plan = read_ics(data, "m.ics", known(), window=EVER, client="Fjordlys AS")
    assert plan.create == [] and plan.skip[0].reason == "repeats every second or minute"


def google(zone: bytes) -> bytes:
    return (
        b"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:" + zone + b"\r\nBEGIN:VEVENT\r\nUID:g1\r\n"
        b"DTSTART:20260105T100000\r\nDTEND:20260105T110000\r\nSUMMARY:x\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_google_calendar_wide_zone_applies_to_floating_times() -> None:
    plan = read_ics(google(b"Asia/Tokyo"), "g.ics", known(), window=EVER, client="Fjordlys AS")
    assert starts(plan) == ["2026-01-05 01:00"]


@pytest.mark.parametrize("zone", [b"Mars/Olympus", b"../../etc/passwd"])
def test_unknown_calendar_wide_zone_is_ignored_and_said(zone: bytes) -> None:
    plan = read_ics(google(zone), "g.ics", known(), window=EVER, client="Fjordlys AS")
    assert starts(plan) == ["2026-01-05 09:00"]  # 10:00 in Oslo, the client's zone
    assert plan.notes[0].startswith("unknown calendar time zone X-WR-TIMEZONE")
