"""Calendar sync against real servers (docs/integrations.md): Radicale for CalDAV, a small
local HTTP server for ICS addresses. Each runs on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact
from rapport.services.calendar_sync import SourceResult
from rapport.storage.orm import InteractionRow
from rapport.storage.sync_rows import CalendarSourceRow
from tests.conftest import RunCli
from tests.live_server import free_port
from tests.sync_servers import PASSWORD, USER, CalDAV, IcsServer, day, event, fixture_text, radicale

NAMES = itertools.count()


@pytest.fixture(scope="module")
def radicale_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@pytest.fixture
def calendar(radicale_url: str) -> Iterator[CalDAV]:
    cal = CalDAV(radicale_url, f"work{next(NAMES)}")
    yield cal
    cal.close()


@pytest.fixture
def acme(container: Container) -> Client:
    ws = container.workspace
    client = ws.add(Client(name="Acme", timezone="Europe/Oslo"))
    assert client.id is not None
    ws.add(Contact(client_id=client.id, name="Anna", email="anna@acme.test"))
    ws.add(Contact(client_id=client.id, name="Bo", email="bo@acme.test"))
    return client


def _interactions(container: Container) -> dict[str, Any]:
    """The synced interactions by external id (plain rows, read after the session)."""
    r = InteractionRow
    columns = (r.id, r.client_id, r.kind, r.started_at, r.duration_min, r.summary)
    with container.db.reading() as s:
        rows = s.execute(sa.select(r.external_id, *columns).where(r.source == "calendar"))
        return {str(row.external_id): row for row in rows}


def _one(results: list[SourceResult]) -> SourceResult:
    assert len(results) == 1
    return results[0]


def _counts(result: SourceResult) -> tuple[int, int, int]:
    assert result.error is None, result.error
    return result.created, result.updated, result.removed


# --- CalDAV (Radicale) ---------------------------------------------------------------------


def test_caldav_first_sync_creates_and_a_second_changes_nothing(
    container: Container, acme: Client, calendar: CalDAV
) -> None:
    calendar.put("past", event("past@x", day(-7), day(-7, "110000"), "Kickoff"))
    calendar.put("future", event("future@x", day(5), day(5, "103000"), "Design review"))
    calendar.put(
        "weekly",
        event(
            "weekly@x",
            day(-14, "090000"),
            day(-14, "091500"),
            "Check-in",
            extra="RRULE:FREQ=WEEKLY;COUNT=4\r\n",
        ),
    )
    calendar.put(
        "stranger", event("stranger@x", day(2), day(2, "110000"), "Lunch", ("x@else.test",))
    )
    sync = container.calendar_sync
    sync.add(calendar.url, username=USER, password=PASSWORD)

    first = _one(sync.sync_all())
    assert _counts(first) == (6, 0, 0)  # 1 + 1 + 4 occurrences; the stranger matches nobody
    assert (first.events, first.unmatched) == (4, 1)
    made = _interactions(container)
    assert {r.client_id for r in made.values()} == {acme.id}
    future = next(r for r in made.values() if r.summary == "Design review")
    assert future.started_at > datetime.now(UTC)  # stored as planned: the meters' "booked"
    assert future.duration_min == 30
    assert sum(1 for r in made.values() if r.summary == "Check-in") == 4

    second = _one(sync.sync_all())
    assert _counts(second) == (0, 0, 0)
    assert _interactions(container) == made  # the same rows, unchanged
    # the meters count the planned meeting as booked in its week
    assert container.hours.week(future.started_at).booked_min >= 30


def test_caldav_moved_event_updates_its_interaction_and_deleted_removes_it(
    container: Container, acme: Client, calendar: CalDAV
) -> None:
    calendar.put("meet", event("meet@x", day(3), day(3, "110000"), "Planning"))
    sync = container.calendar_sync
    sync.add(calendar.url, username=USER, password=PASSWORD)
    assert _counts(_one(sync.sync_all())) == (1, 0, 0)
    (before,) = _interactions(container).values()

    calendar.put(
        "meet",
        event("meet@x", day(4, "140000"), day(4, "153000"), "Planning", extra="SEQUENCE:1\r\n"),
    )
    assert _counts(_one(sync.sync_all())) == (0, 1, 0)
    (after,) = _interactions(container).values()
    assert after.id == before.id  # the same interaction, moved
    assert after.started_at == datetime.strptime(day(4, "140000"), "%Y%m%dT%H%M%SZ").replace(
        tzinfo=UTC
    )
    assert after.duration_min == 90

    calendar.put(
        "meet",
        event(
            "meet@x",
            day(4, "140000"),
            day(4, "153000"),
            "Planning",
            extra="SEQUENCE:2\r\nSTATUS:CANCELLED\r\n",
        ),
    )
    assert _counts(_one(sync.sync_all())) == (0, 0, 1)  # cancelled: removed
    assert _interactions(container) == {}

    calendar.put("other", event("other@x", day(6), day(6, "110000"), "Other"))
    assert _counts(_one(sync.sync_all())) == (1, 0, 0)
    calendar.delete("other")
    assert _counts(_one(sync.sync_all())) == (0, 0, 1)  # deleted on the server: removed
    assert _interactions(container) == {}
    assert _counts(_one(sync.sync_all())) == (0, 0, 0)


def test_caldav_recurring_event_expands_and_a_moved_occurrence_updates(
    container: Container, acme: Client, calendar: CalDAV
) -> None:
    start = day(7, "080000")
    series = event(
        "series@x", start, day(7, "083000"), "Stand-up", extra="RRULE:FREQ=DAILY;COUNT=5\r\n"
    )
    calendar.put("series", series)
    sync = container.calendar_sync
    sync.add(calendar.url, username=USER, password=PASSWORD)
    assert _counts(_one(sync.sync_all())) == (5, 0, 0)

    # the third occurrence moves an hour later (RECURRENCE-ID keeps its identity)
    moved = series.replace(
        "END:VCALENDAR\r\n",
        "BEGIN:VEVENT\r\nUID:series@x\r\nDTSTAMP:20260101T000000Z\r\n"
        f"RECURRENCE-ID:{day(9, '080000')}\r\nDTSTART:{day(9, '090000')}\r\n"
        f"DTEND:{day(9, '093000')}\r\nSUMMARY:Stand-up\r\n"
        "ATTENDEE:mailto:anna@acme.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    calendar.put("series", moved)
    assert _counts(_one(sync.sync_all())) == (0, 1, 0)
    starts = sorted(r.started_at.hour for r in _interactions(container).values())
    assert starts == [8, 8, 8, 8, 9]


def test_caldav_wrong_password_is_one_clear_error_and_writes_nothing(
    container: Container, acme: Client, calendar: CalDAV, cli: RunCli
) -> None:
    calendar.put("meet", event("meet@x", day(3), day(3, "110000"), "Planning"))
    container.calendar_sync.add(calendar.url, username=USER, password="wrong")
    result = _one(container.calendar_sync.sync_all())
    assert result.error == "the server refused the user name or password (HTTP 401)"
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert _interactions(container) == {}

    answer = cli("sync", "--json")
    assert answer.returncode == 1
    (source,) = json.loads(answer.stdout)["sources"]
    assert source["error"] == "the server refused the user name or password (HTTP 401)"
    status = cli("--lang", "ja", "sync", "status")
    assert "サーバーがユーザー名またはパスワードを受け付けませんでした" in status.stdout


def test_server_down_is_one_clear_error(container: Container, acme: Client, cli: RunCli) -> None:
    container.calendar_sync.add(f"http://127.0.0.1:{free_port()}/alice/work/", kind="caldav")
    result = _one(container.calendar_sync.sync_all())
    assert result.error is not None and result.error.startswith("cannot reach the server")
    answer = cli("sync")
    assert answer.returncode == 1
    assert "cannot reach the server" in answer.stdout


def test_password_is_stored_encrypted(container: Container, calendar: CalDAV, acme: Client) -> None:
    container.calendar_sync.add(calendar.url, username=USER, password=PASSWORD)
    with container.db.reading() as s:
        sealed = s.scalar(sa.select(CalendarSourceRow.password_encrypted))
    assert sealed and PASSWORD not in sealed
    from rapport.storage.team_rows import AuditRow

    with container.db.reading() as s:
        logged = json.dumps([r.changes for r in s.scalars(sa.select(AuditRow))])
    assert PASSWORD not in logged and (sealed not in logged)


def test_cli_add_reads_the_password_from_standard_input(
    container: Container, acme: Client, calendar: CalDAV, cli: RunCli
) -> None:
    calendar.put("meet", event("meet@x", day(3), day(3, "110000"), "Planning"))
    added = cli("calendars", "add", calendar.url, "--user", USER, input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    answer = cli("sync", "--json")
    assert answer.returncode == 0, answer.stdout
    (source,) = json.loads(answer.stdout)["sources"]
    assert {k: source[k] for k in ("url", "kind", "events", "created", "updated", "removed")} == {
        "url": calendar.url,
        "kind": "caldav",
        "events": 1,
        "created": 1,
        "updated": 0,
        "removed": 0,
    }
    assert source["error"] is None
    table = cli("--lang", "nb", "sync")
    assert table.returncode == 0 and "Opprettet" in table.stdout
    listed = cli("calendars", "list", "--json")
    assert PASSWORD not in listed.stdout
    removed = cli("calendars", "remove", "1")
    assert removed.returncode == 0
    assert cli("calendars", "list", "--json").stdout.strip() == "[]"
    assert len(_interactions(container)) == 1  # the meetings it made stay


# --- ICS addresses -------------------------------------------------------------------------


@pytest.fixture
def ics_server() -> Iterator[IcsServer]:
    server = IcsServer()
    yield server
    server.close()


def test_ics_address_syncs_incrementally(
    container: Container, acme: Client, ics_server: IcsServer
) -> None:
    ics_server.body = fixture_text("rapport-sync-source.ics").encode()
    sync = container.calendar_sync
    sync.add(ics_server.url)
    first = _one(sync.sync_all())
    # kickoff, review, 4 weekly check-ins; the stranger's lunch is unmatched, the
    # cancelled event is not a meeting
    assert _counts(first) == (6, 0, 0)
    assert (first.events, first.unmatched) == (5, 1)
    kinds = {r.summary: r.kind.value for r in _interactions(container).values()}
    assert kinds["Weekly check-in"] == "video" and kinds["Design review (call)"] == "call"

    assert _counts(_one(sync.sync_all())) == (0, 0, 0)
    assert ics_server.not_modified == 1  # the ETag: nothing read again

    # the file changes (the review moves a day, the kickoff goes): only that is written
    text = fixture_text("rapport-sync-source.ics")
    kickoff = text[text.index("BEGIN:VEVENT\nUID:kickoff") : text.index("BEGIN:VEVENT\nUID:review")]
    five, six = day(5, "13"), day(6, "13")
    text = text.replace(kickoff, "").replace(five[:-1], six[:-1])
    ics_server.body = text.encode()
    assert _counts(_one(sync.sync_all())) == (0, 1, 1)
    assert _counts(_one(sync.sync_all())) == (0, 0, 0)


def test_malformed_event_is_one_error_and_nothing_is_written(
    container: Container, acme: Client, ics_server: IcsServer, cli: RunCli
) -> None:
    good = fixture_text("rapport-sync-source.ics")
    ics_server.body = good.encode()
    sync = container.calendar_sync
    sync.add(ics_server.url)
    assert _counts(_one(sync.sync_all())) == (6, 0, 0)
    before = {k: (v.id, v.started_at) for k, v in _interactions(container).items()}

    # a new, valid meeting and a broken event (no start) in the same file
    broken = good.replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\nUID:new@acme.test\nDTSTAMP:20260101T000000Z\n"
        f"DTSTART:{day(8)}\nDTEND:{day(8, '110000')}\nSUMMARY:New\n"
        "ATTENDEE:mailto:anna@acme.test\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:broken@acme.test\nDTSTAMP:20260101T000000Z\n"
        "SUMMARY:No start\nATTENDEE:mailto:anna@acme.test\nEND:VEVENT\nEND:VCALENDAR",
    )
    ics_server.body = broken.encode()
    result = _one(sync.sync_all())
    assert result.error == "event broken@acme.test: no start time (DTSTART)"
    after = {k: (v.id, v.started_at) for k, v in _interactions(container).items()}
    assert after == before  # the new meeting was not written either
    status = cli("sync", "status", "--json")
    (source,) = json.loads(status.stdout)["sources"]
    assert source["error"] == "event broken@acme.test: no start time (DTSTART)"

    ics_server.body = b"this is not a calendar"
    result = _one(sync.sync_all())
    assert result.error == "the address did not answer a calendar: no BEGIN:VCALENDAR"

    ics_server.body = good.encode()  # repaired: syncs again, nothing to change
    assert _counts(_one(sync.sync_all())) == (0, 0, 0)


def test_unknown_address_is_404_error(container: Container, ics_server: IcsServer) -> None:
    container.calendar_sync.add(ics_server.url.replace("calendar.ics", "missing.ics"))
    assert _one(container.calendar_sync.sync_all()).error == (
        "no calendar at this address (HTTP 404)"
    )


def test_fallback_client_takes_unmatched_events(
    container: Container, acme: Client, ics_server: IcsServer
) -> None:
    ics_server.body = fixture_text("rapport-sync-source.ics").encode()
    container.calendar_sync.add(ics_server.url, client="acme")
    result = _one(container.calendar_sync.sync_all())
    assert (result.created, result.unmatched) == (7, 0)


def test_only_owners_manage_calendars(api_as: object, container: Container) -> None:
    member = api_as("mia", "member")  # type: ignore[operator]
    assert member.get("/api/calendars").status_code == 403
    assert member.post("/api/sync").status_code == 403
    owner = api_as("olga", "owner")  # type: ignore[operator]
    made = owner.post("/api/calendars", json={"url": "https://example.test/cal.ics"})
    assert made.status_code == 201, made.text
    assert made.json()["kind"] == "ics" and "password_encrypted" not in made.text
    assert owner.post("/api/calendars", json={"url": "ftp://x"}).status_code == 422
    assert owner.delete(f"/api/calendars/{made.json()['id']}").status_code == 200


def test_secret_box_uses_a_key_file_without_a_secret_key(tmp_path: Path) -> None:
    from rapport.config import Settings
    from rapport.crypto import secret_box

    settings = Settings(data_dir=tmp_path / "data")
    sealed = secret_box.seal(settings, "pw")
    key = secret_box.key_file(settings)
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert secret_box.unseal(settings, sealed) == "pw"
    keyed = Settings(data_dir=tmp_path / "data", secret_key="k" * 40)
    from rapport.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="cannot be decrypted"):
        secret_box.unseal(keyed, sealed)


def test_integrations_page_lists_sources_with_their_errors(
    api: Any, container: Container, ics_server: IcsServer
) -> None:
    container.calendar_sync.add(ics_server.url.replace("calendar.ics", "gone.ics"))
    synced = api.post("/integrations/sync", params={"lang": "vi"})
    assert synced.status_code == 200
    assert "Đã đồng bộ: tạo 0, cập nhật 0, xóa 0." in synced.text
    page = api.get("/integrations", params={"lang": "vi"})
    assert page.status_code == 200
    assert "không có lịch tại địa chỉ này (HTTP 404)" in page.text
    assert "/feed/" in page.text  # the feed's secret address, for the owner
    added = api.post("/integrations/calendars", data={"url": "notaurl"}, follow_redirects=False)
    assert added.status_code == 422  # the chosen language sticks (a cookie)
    assert "không phải địa chỉ http(s): notaurl" in added.text


def test_adding_a_contact_matches_events_already_read(
    container: Container, acme: Client, ics_server: IcsServer
) -> None:
    ics_server.body = fixture_text("rapport-sync-source.ics").encode()
    sync = container.calendar_sync
    sync.add(ics_server.url)
    assert _one(sync.sync_all()).unmatched == 1
    assert acme.id is not None
    container.workspace.add(Contact(client_id=acme.id, name="S", email="someone@elsewhere.test"))
    result = _one(sync.sync_all())  # the file did not change (304); the contacts did
    assert (result.created, result.unmatched) == (1, 0)
    assert _counts(_one(sync.sync_all())) == (0, 0, 0)


def test_meetings_older_than_the_window_stay_as_the_window_moves(
    container: Container, acme: Client, ics_server: IcsServer
) -> None:
    from datetime import timedelta

    today = datetime.now(UTC).date()
    start = (today - timedelta(days=80)).strftime("%Y%m%d")
    ics_server.body = event(
        "old-series@x",
        f"{start}T090000Z",
        f"{start}T093000Z",
        "Retro",
        extra="RRULE:FREQ=WEEKLY;COUNT=4\r\n",
    ).encode()
    sync = container.calendar_sync
    sync.add(ics_server.url)
    assert _counts(_one(sync.sync_all(today=today))) == (4, 0, 0)
    later = today + timedelta(days=30)  # the window now starts 60 days before today
    assert _counts(_one(sync.sync_all(today=later))) == (0, 0, 0)
    assert len(_interactions(container)) == 4  # held meetings are history, kept
