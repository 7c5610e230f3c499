"""The calendar repository and the queries the calendar services ask of the clients,
contacts, interactions and commitments repositories (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport.bootstrap import Container
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Contact,
    InteractionKind,
)
from rapport.storage.calendar_review_rows import CalendarIgnoredRow
from rapport.storage.repositories import Repositories
from rapport.storage.sync_rows import CalendarItemRow, CalendarSourceRow, FeedTokenRow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _source(url: str, **extra: object) -> CalendarSourceRow:
    return CalendarSourceRow(url=url, kind="caldav", created_at=T0, **extra)


def test_sources_items_ignored_and_feed_tokens(container: Container) -> None:
    acme = container.workspace.add(Client(name="Acme", timezone="Europe/Berlin"))
    assert acme.id is not None
    with container.db.transaction() as s:
        repos = Repositories(s)
        one = _source("https://a.example/cal/", client_id=acme.id, write_agendas=True)
        two = CalendarSourceRow(url="https://b.example/x.ics", kind="ics", created_at=T0)
        repos.calendars.add(one)
        repos.calendars.add(two)
        repos.flush()
        people = [{"email": "x@y.example", "name": "X", "count": 2, "last": None}]
        for href, version, unmatched in (("/a.ics", "e1", 2), ("/b.ics", "e2", 0)):
            repos.calendars.add(
                CalendarItemRow(
                    source_id=one.id,
                    href=href,
                    version=version,
                    keys=[],
                    unmatched=unmatched,
                    people=people if unmatched else None,
                )
            )
        repos.calendars.add(CalendarIgnoredRow(email="no@one.example", created_at=T0))
        repos.calendars.add(
            FeedTokenRow(user_id=None, token_digest="d" * 64, token_encrypted="t", created_at=T0)
        )
        ids = one.id, two.id
    with container.db.reading() as s:
        calendars = Repositories(s).calendars
        assert calendars.source_id_by_url("https://a.example/cal/") == ids[0]
        assert calendars.source_id_by_url("https://nowhere.example/") is None
        assert [(r.id, name) for r, name in calendars.sources_with_client()] == [
            (ids[0], "Acme"),
            (ids[1], None),
        ]
        assert [r.id for r in calendars.agenda_sources()] == [ids[0]]
        assert calendars.versions(ids[0]) == {"/a.ics": "e1", "/b.ics": "e2"}
        assert (calendars.item_count(ids[0]), calendars.unmatched_total(ids[0])) == (2, 2)
        assert (calendars.item_count(ids[1]), calendars.unmatched_total(ids[1])) == (0, 0)
        assert calendars.unmatched_people() == [(ids[0], people)]
        item = calendars.item(ids[0], "/b.ics")
        assert item is not None and item.version == "e2"
        assert calendars.item(ids[1], "/b.ics") is None
        assert calendars.ignored_emails() == {"no@one.example"}
        assert calendars.is_ignored("no@one.example")
        assert not calendars.is_ignored("x@y.example")
        token = calendars.feed_token_of(None)
        assert token is not None and calendars.feed_token_by_digest("d" * 64) is not None
        assert calendars.feed_token_of(1) is None
        assert calendars.feed_token_by_digest("e" * 64) is None
        source = calendars.source_for_update(ids[0])
        assert source is not None and source.url == "https://a.example/cal/"
    with container.db.transaction() as s:
        Repositories(s).calendars.delete_source(ids[0])
    with container.db.reading() as s:
        calendars = Repositories(s).calendars
        assert calendars.source(ids[0]) is None and calendars.items(ids[0]) == []
        assert calendars.source(ids[1]) is not None


def test_what_the_calendar_services_ask_of_clients_contacts_and_interactions(
    container: Container,
) -> None:
    ws = container.workspace
    acme = ws.add(Client(name="Acme Ltd", email="hello@acme.example", timezone="Asia/Tokyo"))
    assert acme.id is not None
    ws.add(Client(name="Beta"))
    ws.add(Contact(client_id=acme.id, name="Ann", email="ann@acme.example"))
    ws.add(Contact(client_id=acme.id, name="Bob"))
    with container.db.transaction() as s:
        interactions = Repositories(s).interactions
        interactions.insert_many(
            [
                {
                    "client_id": acme.id,
                    "kind": InteractionKind.VIDEO,
                    "started_at": T0 + timedelta(hours=h),
                    "duration_min": 30,
                    "summary": f"at {h}",
                    "source": "calendar",
                    "external_id": f"cal7:uid-{h}",
                }
                for h in (0, 5, 30)
            ]
        )
    with container.db.transaction() as s:
        repos = Repositories(s)
        assert repos.clients.id_by_name("  acme ltd ") == acme.id
        assert repos.clients.id_by_name("Gamma") is None
        assert repos.clients.name_of(acme.id) == "Acme Ltd"
        assert repos.clients.timezone_of(acme.id) == "Asia/Tokyo"
        assert repos.clients.emails() == ["hello@acme.example"]
        assert repos.contacts.emails() == ["ann@acme.example"]
        assert [c.name for c in repos.clients.all_plain()] == ["Acme Ltd", "Beta"]
        assert [c.name for c in repos.contacts.all_plain()] == ["Ann", "Bob"]
        stored = repos.interactions.stored_from_source("calendar", "cal7:")
        assert sorted(stored) == ["cal7:uid-0", "cal7:uid-30", "cal7:uid-5"]
        first_id, client_id, _kind, _start, minutes, summary = stored["cal7:uid-0"]
        assert (client_id, minutes, summary) == (acme.id, 30, "at 0")
        assert repos.interactions.stored_from_source("calendar", "cal8:") == {}
        near = repos.interactions.from_source_near("calendar", acme.id, T0, timedelta(hours=12))
        assert sorted(str(external) for _, external, _ in near) == ["cal7:uid-0", "cal7:uid-5"]
        repos.interactions.update_values(first_id, {"summary": "moved"})
        repos.interactions.delete_by_id(stored["cal7:uid-5"][0])
    with container.db.transaction() as s:
        interactions = Repositories(s).interactions
        stored = interactions.stored_from_source("calendar", "cal7:")
        assert sorted(stored) == ["cal7:uid-0", "cal7:uid-30"]
        assert stored["cal7:uid-0"][5] == "moved"
        interactions.delete_from_source("calendar", "cal7:")
    with container.db.reading() as s:
        assert Repositories(s).interactions.stored_from_source("calendar", "cal7:") == {}


def test_pending_promises_due_since(container: Container) -> None:
    ws = container.workspace
    acme = ws.add(Client(name="Acme"))
    assert acme.id is not None
    for text, due, status in (
        ("late", T0 - timedelta(days=40), CommitmentStatus.OPEN),
        ("soon", T0 + timedelta(days=2), CommitmentStatus.OPEN),
        ("first", T0 + timedelta(days=1), CommitmentStatus.RENEGOTIATED),
        ("done", T0 + timedelta(days=1), CommitmentStatus.DONE),
    ):
        ws.add(
            Commitment(
                client_id=acme.id, text=text, due_at=due, made_at=T0, status=status, to_whom="Ann"
            )
        )
    with container.db.reading() as s:
        promises = Repositories(s).commitments.pending_due_since(T0 - timedelta(days=30))
    assert [(text, to_whom, client) for _, _, text, to_whom, client in promises] == [
        ("first", "Ann", "Acme"),
        ("soon", "Ann", "Acme"),
    ]
