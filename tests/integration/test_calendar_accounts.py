"""Calendar sync, part 2 (docs/integrations.md), against a real Radicale on SQLite and
PostgreSQL: choosing calendars from an account, the review list of unmatched organisers,
and saved agendas written back into their events."""

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
from rapport.domain.agenda import Topic
from rapport.domain.model import Client, Contact
from rapport.services.calendar_sync import SourceResult
from rapport.storage.orm import ClientRow, InteractionRow
from rapport.storage.sync_rows import CalendarItemRow
from tests.conftest import RunCli
from tests.sync_servers import PASSWORD, USER, CalDAV, day, event, radicale

NAMES = itertools.count()


@pytest.fixture(scope="module")
def radicale_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@pytest.fixture
def account(tmp_path: Path) -> Iterator[str]:
    """A Radicale of its own (its account holds only this test's calendars)."""
    with radicale(tmp_path / "radicale") as url:
        yield url


@pytest.fixture
def calendar(radicale_url: str) -> Iterator[CalDAV]:
    cal = CalDAV(radicale_url, f"team{next(NAMES)}")
    yield cal
    cal.close()


@pytest.fixture
def acme(container: Container) -> Client:
    client = container.workspace.add(Client(name="Acme", timezone="Europe/Oslo"))
    assert client.id is not None
    container.workspace.add(Contact(client_id=client.id, name="Anna", email="anna@acme.test"))
    return client


def _one(results: list[SourceResult]) -> SourceResult:
    assert len(results) == 1
    assert results[0].error is None, results[0].error
    return results[0]


def _synced(container: Container) -> list[Any]:
    with container.db.reading() as s:
        return list(
            s.execute(
                sa.select(InteractionRow.client_id, InteractionRow.summary).where(
                    InteractionRow.source == "calendar"
                )
            )
        )


# --- 1. choosing calendars from an account -------------------------------------------------


def test_account_address_lists_its_calendars_and_adds_the_chosen(
    container: Container, account: str, cli: RunCli
) -> None:
    work, home = CalDAV(account, "work"), CalDAV(account, "home")
    try:
        found = container.calendar_sync.discover(account, username=USER, password=PASSWORD)
        assert [(f.name, f.url) for f in found] == [("home", home.url), ("work", work.url)]
        assert container.calendar_sync.is_account(account, username=USER, password=PASSWORD)
        assert not container.calendar_sync.is_account(work.url, username=USER, password=PASSWORD)

        listed = cli("calendars", "discover", account, "--user", USER, "--json", input=PASSWORD)
        assert listed.returncode == 0, listed.stdout
        assert json.loads(listed.stdout) == [
            {"name": "home", "url": home.url, "added": False},
            {"name": "work", "url": work.url, "added": False},
        ]
        table = cli(
            "--lang", "nb", "calendars", "discover", account, "--user", USER, input=PASSWORD
        )
        assert "Adresse" in table.stdout and work.url in table.stdout

        # not a terminal and nothing chosen: the list, and a line saying to pick
        unpicked = cli("calendars", "add", account, "--user", USER, input=PASSWORD + "\n")
        assert unpicked.returncode == 1
        assert (
            "--calendar NAME" in (unpicked.stdout + unpicked.stderr) and "home" in unpicked.stdout
        )
        assert container.calendar_sync.sources() == []

        wrong = cli(
            "calendars", "add", account, "--user", USER, "--calendar", "nope", input=PASSWORD
        )
        assert wrong.returncode != 0 and "no calendar nope in this account" in (
            wrong.stdout + wrong.stderr
        )

        added = cli(
            "calendars",
            "add",
            account,
            "--user",
            USER,
            "--calendar",
            "work",
            "--json",
            input=PASSWORD + "\n",
        )
        assert added.returncode == 0, added.stdout + added.stderr
        assert [i["url"] for i in json.loads(added.stdout)] == [work.url]
        again = cli("calendars", "add", account, "--user", USER, "--all", input=PASSWORD)
        assert again.returncode == 0
        assert f"Already added: {work.url}" in again.stdout
        urls = [i.url for i in container.calendar_sync.sources()]
        assert urls == [work.url, home.url]
        # a collection address is added as before, without a choice
        assert container.calendar_sync.sources()[0].username == USER
    finally:
        work.close()
        home.close()


def test_wrong_password_for_an_account_is_one_clear_error(
    container: Container, account: str, cli: RunCli
) -> None:
    answer = cli("calendars", "add", account, "--user", USER, "--all", input="wrong\n")
    assert answer.returncode != 0
    assert "the server refused the user name or password (HTTP 401)" in (
        answer.stdout + answer.stderr
    )
    assert container.calendar_sync.sources() == []


def test_api_discovers_and_the_page_shows_checkboxes(
    api: Any, container: Container, account: str
) -> None:
    work = CalDAV(account, "work")
    try:
        found = api.post(
            "/api/calendars/discover",
            json={"url": account, "username": USER, "password": PASSWORD},
        )
        assert found.status_code == 200, found.text
        assert found.json() == [{"name": "work", "url": work.url, "added": False}]
        page = api.post(
            "/integrations/calendars",
            data={"url": account, "username": USER, "password": PASSWORD},
        )
        assert page.status_code == 200
        assert 'type="checkbox"' in page.text and work.url in page.text
        assert PASSWORD not in page.text  # carried sealed with the server key
        sealed = page.text.split('name="sealed" value="', 1)[1].split('"', 1)[0]
        chosen = api.post(
            "/integrations/calendars/choose",
            data={"url": account, "username": USER, "sealed": sealed, "calendars": [work.url]},
            follow_redirects=False,
        )
        assert chosen.status_code == 303, chosen.text
        (info,) = container.calendar_sync.sources()
        assert info.url == work.url and info.has_password
        assert _one(container.calendar_sync.sync_all()).events == 0
    finally:
        work.close()


# --- 2. unmatched organisers ---------------------------------------------------------------


def test_unmatched_organisers_become_clients_and_their_events_match(
    container: Container, acme: Client, calendar: CalDAV, cli: RunCli
) -> None:
    calendar.put("a", event("a@x", day(-3), day(-3, "110000"), "Intro", ("kim@beta.test",)))
    calendar.put("b", event("b@x", day(4), day(4, "110000"), "Follow-up", ("kim@beta.test",)))
    calendar.put(
        "c",
        event(
            "c@x",
            day(2),
            day(2, "110000"),
            "Coffee",
            ("lee@gamma.test",),
            extra="ORGANIZER;CN=Lee Gamma:mailto:lee@gamma.test\r\n",
        ),
    )
    calendar.put("d", event("d@x", day(1), day(1, "110000"), "Acme sync"))
    sync = container.calendar_sync
    source = sync.add(calendar.url, username=USER, password=PASSWORD)
    first = _one(sync.sync_all())
    assert (first.created, first.unmatched) == (1, 3)

    listed = cli("sync", "unmatched", "--json")
    people = json.loads(listed.stdout)["unmatched"]
    assert [(p["email"], p["name"], p["events"], p["calendars"]) for p in people] == [
        ("kim@beta.test", "", 2, [source.id]),
        ("lee@gamma.test", "Lee Gamma", 1, [source.id]),
    ]
    assert people[0]["last_seen"].startswith(
        datetime.strptime(day(4), "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%d")
    )
    table = cli("--lang", "ja", "sync", "unmatched")
    assert "kim@beta.test" in table.stdout and "Lee Gamma" in table.stdout

    made = cli(
        "sync", "unmatched", "client", "KIM@beta.test", "--name", "Beta", "--tier", "B", "--json"
    )
    assert made.returncode == 0, made.stdout + made.stderr
    body = json.loads(made.stdout)
    assert body["client"] == "Beta" and body["sources"][0]["created"] == 2
    with container.db.reading() as s:
        beta = s.execute(
            sa.select(ClientRow.id, ClientRow.tier_override).where(ClientRow.name == "Beta")
        ).one()
    assert beta.tier_override == "B"
    assert sorted(r.summary for r in _synced(container) if r.client_id == beta.id) == [
        "Follow-up",
        "Intro",
    ]
    # cleared when matched; a sync with nothing changed does nothing
    assert [p.email for p in container.calendar_review.unmatched()] == ["lee@gamma.test"]
    again = _one(sync.sync_all())
    assert (again.created, again.updated, again.removed, again.unmatched) == (0, 0, 0, 1)

    ignored = cli("sync", "unmatched", "ignore", "Lee@Gamma.test", "--json")
    assert json.loads(ignored.stdout) == {"ignored": "lee@gamma.test"}
    said = cli("--lang", "vi", "sync", "unmatched", "ignore", "lee@gamma.test")
    assert (
        said.returncode == 0 and "Từ nay lee@gamma.test sẽ không có trong danh sách." in said.stdout
    )
    assert container.calendar_review.unmatched() == []
    assert "No unmatched organisers." in cli("sync", "unmatched").stdout
    missing = cli("sync", "unmatched", "client", "nobody@x.test")
    assert missing.returncode != 0
    assert "nobody@x.test is not on the list of unmatched organisers" in (
        missing.stdout + missing.stderr
    )


def test_unmatched_api_and_page_buttons(
    api: Any, api_as: Any, container: Container, calendar: CalDAV
) -> None:
    calendar.put("a", event("a@x", day(-3), day(-3, "110000"), "Intro", ("kim@beta.test",)))
    calendar.put("b", event("b@x", day(2), day(2, "110000"), "Tea", ("lee@gamma.test",)))
    container.calendar_sync.add(calendar.url, username=USER, password=PASSWORD)
    container.calendar_sync.sync_all()
    assert api_as("mia", "member").get("/api/sync/unmatched").status_code == 403
    listed = api.get("/api/sync/unmatched")
    # as many events each: the latest seen first
    assert [p["email"] for p in listed.json()["unmatched"]] == ["lee@gamma.test", "kim@beta.test"]
    page = api.get("/integrations", params={"lang": "zh-Hans"})
    assert "kim@beta.test" in page.text and "/integrations/unmatched/client" in page.text
    assert "未匹配的组织者" in page.text
    made = api.post("/api/sync/unmatched/client", json={"email": "kim@beta.test"})
    assert made.status_code == 201, made.text
    assert made.json()["client"] == "kim@beta.test" and made.json()["sources"][0]["created"] == 1
    assert api.post("/api/sync/unmatched/ignore", json={"email": "x"}).status_code == 422
    ignored = api.post(
        "/integrations/unmatched/ignore", data={"email": "lee@gamma.test"}, follow_redirects=False
    )
    assert ignored.status_code == 303
    assert api.get("/api/sync/unmatched").json() == {"unmatched": []}


# --- 3. agendas written back ---------------------------------------------------------------


def _save_agenda(container: Container, client: Client, start: str) -> Any:
    topics = [Topic("Budget review", 20), Topic("Next steps", 10)]
    view = container.agendas.build(client.name, topics, start=start, language="nb")
    return container.agendas.save(view, topics, "in_person")


def test_saved_agenda_is_written_into_its_event_without_churn(
    container: Container, acme: Client, calendar: CalDAV, cli: RunCli
) -> None:
    start = day(3)
    calendar.put(
        "meet",
        event(
            "meet@x",
            start,
            day(3, "110000"),
            "Planning",
            extra="DESCRIPTION:Room 4\r\nLOCATION:Oslo\r\n",
        ),
    )
    sync = container.calendar_sync
    source = sync.add(calendar.url, username=USER, password=PASSWORD)
    assert _one(sync.sync_all()).created == 1
    iso = datetime.strptime(start, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat()

    # off by default: nothing written
    assert _save_agenda(container, acme, iso).calendar is None
    switched = cli("calendars", "set", str(source.id), "--write-agendas", "on")
    assert switched.returncode == 0 and "written into its events" in switched.stdout

    saved = _save_agenda(container, acme, iso)
    assert saved.calendar == {
        "calendar": source.id,
        "event": "meet@x",
        "written": True,
        "error": None,
    }
    text = calendar.http.get(calendar.url + "meet.ics").text
    unfolded = text.replace("\r\n ", "")
    assert "Room 4" in unfolded and "LOCATION:Oslo" in unfolded and "SUMMARY:Planning" in unfolded
    assert "--- Rapport agenda ---" in unfolded and "Budget review (20 minutter)" in unfolded

    # the next sync does not take the write for a change made elsewhere
    with container.db.reading() as s:
        before = s.scalar(sa.select(CalendarItemRow.version))
    after_sync = _one(sync.sync_all())
    assert (after_sync.created, after_sync.updated, after_sync.removed) == (0, 0, 0)
    with container.db.reading() as s:
        assert s.scalar(sa.select(CalendarItemRow.version)) == before

    # a second save, from the command line, replaces only Rapport's part
    local = datetime.strptime(start, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    saved_cli = cli(
        "--lang", "ja", "agenda", "--client", "Acme", "--item", "Launch:15",
        "--start", local.isoformat(), "--save",
    )  # fmt: skip
    assert saved_cli.returncode == 0, saved_cli.stderr
    assert "アジェンダをカレンダー" in saved_cli.stderr
    unfolded = calendar.http.get(calendar.url + "meet.ics").text.replace("\r\n ", "")
    assert unfolded.count("--- Rapport agenda ---") == 1 and "Room 4" in unfolded
    assert "Launch" in unfolded and "Budget review" not in unfolded


def test_agenda_write_retries_once_after_412_and_failures_keep_the_agenda(
    container: Container, acme: Client, calendar: CalDAV, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rapport.services import calendar_fetch

    start = day(5)
    calendar.put("meet", event("meet@x", start, day(5, "110000"), "Review"))
    sync = container.calendar_sync
    source = sync.add(calendar.url, username=USER, password=PASSWORD, write_agendas=True)
    _one(sync.sync_all())
    iso = datetime.strptime(start, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat()

    # someone else changes the event between Rapport's read and its write: the server
    # answers 412, Rapport reads again and writes once more, keeping their change
    real_get = calendar_fetch.get_resource
    reads = []

    def get_then_edit(*args: Any) -> Any:
        answer = real_get(*args)
        reads.append(answer.etag)
        if len(reads) == 1:
            calendar.put(
                "meet",
                event("meet@x", start, day(5, "110000"), "Review", extra="LOCATION:Room 9\r\n"),
            )
        return answer

    monkeypatch.setattr(calendar_fetch, "get_resource", get_then_edit)
    saved = _save_agenda(container, acme, iso)
    assert saved.calendar is not None and saved.calendar["written"], saved.calendar
    assert len(reads) >= 2 and reads[0] != reads[1]
    unfolded = calendar.http.get(calendar.url + "meet.ics").text.replace("\r\n ", "")
    assert "LOCATION:Room 9" in unfolded and "--- Rapport agenda ---" in unfolded
    monkeypatch.undo()

    # the server refuses: the agenda stays saved, the failure is one clear line
    from rapport.crypto import secret_box
    from rapport.storage.sync_rows import CalendarSourceRow

    with container.db.transaction() as s:
        row = s.get(CalendarSourceRow, source.id)
        assert row is not None
        row.password_encrypted = secret_box.seal(container.settings, "wrong")
    failed = _save_agenda(container, acme, iso)
    assert failed.calendar is not None and not failed.calendar["written"]
    assert failed.calendar["error"] == "the server refused the user name or password (HTTP 401)"
    assert container.agendas.get_saved(failed.id).id == failed.id


def test_api_and_page_say_what_writing_the_agenda_did(
    api: Any, container: Container, acme: Client, calendar: CalDAV
) -> None:
    start = day(6)
    calendar.put("meet", event("meet@x", start, day(6, "110000"), "Plan"))
    source = container.calendar_sync.add(calendar.url, username=USER, password=PASSWORD)
    container.calendar_sync.sync_all()
    assert api.patch(f"/api/calendars/{source.id}", json={"write_agendas": True}).json()[
        "write_agendas"
    ]
    iso = datetime.strptime(start, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).isoformat()
    body = {
        "client": "Acme",
        "start": iso,
        "format": "call",
        "items": [{"title": "Scope", "minutes": 20}],
    }
    saved = api.post("/api/agendas", json=body)
    assert saved.status_code == 201, saved.text
    assert saved.json()["calendar"]["written"] is True
    calendar.delete("meet")  # gone from the server, not yet synced: the page says so
    page = api.post(
        "/meetings/agenda/save",
        params={"lang": "nb"},
        data={"client": str(acme.id), "items": "Scope: 20", "start": iso},
    )
    assert page.status_code == 200, page.text[:500]
    assert 'id="agenda-saved"' in page.text
    assert "Agendaen er lagret, men det mislyktes" in page.text
    assert "møtets hendelse finnes ikke lenger i kalenderen" in page.text
    assert (
        api.patch(f"/api/calendars/{source.id}", json={"write_agendas": False}).status_code == 200
    )


def test_sync_of_a_calendar_numbered_over_99_is_audited(
    container: Container, acme: Client, calendar: CalDAV
) -> None:
    """The audit entry names the calendar in entity_id (the action holds 16 characters:
    "calendar sync 100" did not fit on PostgreSQL)."""
    from rapport.storage.sync_rows import CalendarSourceRow
    from rapport.storage.team_rows import AuditRow

    calendar.put("meet", event("meet@x", day(3), day(3, "110000"), "Planning"))
    source = container.calendar_sync.add(calendar.url, username=USER, password=PASSWORD)
    with container.db.transaction() as s:
        s.execute(
            sa.update(CalendarSourceRow).where(CalendarSourceRow.id == source.id).values(id=1234)
        )
    assert _one(container.calendar_sync.sync_all()).created == 1
    with container.db.reading() as s:
        entry = s.scalars(sa.select(AuditRow).where(AuditRow.action == "calendar sync")).one()
        assert (entry.entity_id, entry.changes) == (
            "1234",
            {"rows": {"created": 1, "updated": 0, "removed": 0}},
        )


def test_on_a_terminal_the_user_picks_calendars_by_number(
    container: Container, account: str, settings: Any
) -> None:
    """The real console script on a pseudo-terminal: the password prompt (no echo), the
    numbered list, and the choice typed in."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import termios
    import time

    from tests.conftest import ROOT, _cli_env

    work, home = CalDAV(account, "work"), CalDAV(account, "home")
    main, child = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **_cli_env(settings, None)}

    def controlling_terminal() -> None:  # the pty becomes the child's /dev/tty
        import fcntl
        import termios

        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "calendars", "add", account, "--user", USER],
        stdin=child, stdout=child, stderr=child, env=env, preexec_fn=controlling_terminal,
    )  # fmt: skip
    os.close(child)
    seen = b""

    def until(text: bytes) -> None:
        nonlocal seen
        deadline = 60.0
        while text not in seen and deadline > 0:
            ready, _, _ = select.select([main], [], [], 0.5)
            deadline -= 0.5
            if ready:
                try:
                    seen += os.read(main, 4096)
                except OSError:
                    break
        assert text in seen, seen.decode(errors="replace")

    try:
        until(b"Password for alice")
        # getpass turns echo off after the prompt, dropping anything typed before
        for _ in range(300):
            if not termios.tcgetattr(main)[3] & termios.ECHO:
                break
            time.sleep(0.1)
        os.write(main, PASSWORD.encode() + b"\n")
        until(b"Calendars to add")
        assert b"1. home" in seen and b"2. work" in seen and PASSWORD.encode() not in seen
        os.write(main, b"2\n")
        assert process.wait(timeout=60) == 0, seen.decode(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
        work.close()
        home.close()
    assert [s.url for s in container.calendar_sync.sources()] == [work.url]
