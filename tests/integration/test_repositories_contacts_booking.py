"""The address-book and booking repositories (and what the contact sync and the booking page
ask of the client, contact, interaction, meeting and calendar repositories), on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact, InteractionKind
from rapport.storage.booking_rows import BookingRow
from rapport.storage.contact_sync_rows import AddressBookRow, ContactCardRow
from rapport.storage.failures import IntegrityError
from rapport.storage.orm import InteractionRow
from rapport.storage.repositories import Repositories
from rapport.storage.sync_rows import CalendarSourceRow

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


class _Only:
    """A client scope that shows one client."""

    def __init__(self, client_id: int) -> None:
        self.client_id = client_id

    def filter_clients(self, stmt: Any, client_id_column: Any) -> Any:
        return stmt.where(client_id_column == self.client_id)


def _clients(container: Container) -> tuple[int, int]:
    acme = container.workspace.add(Client(name="Acme AS"))
    fjord = container.workspace.add(Client(name="Fjord"))
    assert acme.id is not None and fjord.id is not None
    return acme.id, fjord.id


def _booking(client_id: int, start: datetime, status: str = "booked") -> BookingRow:
    return BookingRow(
        client_id=client_id,
        start=start,
        minutes=30,
        format="call",
        name="Kari",
        email="kari@example.no",
        topic="",
        language="en",
        status=status,
        created_at=AT,
        steps={},
    )


def test_bookings_claims_links_and_settings(container: Container) -> None:
    acme, fjord = _clients(container)
    with container.db.transaction() as s:
        repos = Repositories(s)
        repos.bookings.take_turn()  # makes the settings row when it is missing
        repos.bookings.take_turn()
        assert repos.bookings.calendar_source_id() is None
        first, second = _booking(acme, AT), _booking(fjord, AT + timedelta(hours=1))
        gone = _booking(acme, AT + timedelta(hours=2), status="cancelled")
        for row in (first, second, gone):
            repos.bookings.add(row)
        repos.flush()
        repos.bookings.claim(first.id, [AT, AT + timedelta(minutes=15)])
        ids = (first.id, second.id)
    with container.db.reading() as s:
        repos = Repositories(s)
        assert repos.bookings.booked_between(AT, AT + timedelta(days=1)) == [
            (AT, 30),
            (AT + timedelta(hours=1), 30),
        ]
        assert [r.id for r, _n in repos.bookings.with_client_names()][:2] == list(ids)
        assert [n for _r, n in repos.bookings.with_client_names(fjord)] == ["Fjord"]
        only = Repositories(s, _Only(acme)).bookings.with_client_names()
        assert {r.client_id for r, _n in only} == {acme}
        detached = repos.bookings.detached(ids[0])
        assert repos.bookings.detached(999) is None
    assert detached is not None and detached.name == "Kari"  # usable after the session
    # a unit of time is claimed once
    with pytest.raises(IntegrityError), container.db.transaction() as s:
        repos = Repositories(s)
        repos.bookings.claim(ids[1], [AT])
        repos.flush()
    with container.db.transaction() as s:
        Repositories(s).bookings.release(ids[0])
    with container.db.transaction() as s:
        repos = Repositories(s)
        repos.bookings.claim(ids[1], [AT])  # free again
        source = CalendarSourceRow(url="http://cal.test/b/", kind="caldav", created_at=AT)
        s.add(source)
        repos.flush()
        repos.bookings.set_calendar_source(source.id)
        assert repos.bookings.calendar_source_id() == source.id
        assert repos.calendars.caldav_source(-1, "http://cal.test/b/") is source
        assert repos.calendars.caldav_source_id(source.id, "") == source.id
        assert repos.calendars.caldav_source_id(-1, "http://other/") is None


def test_booking_links_by_client_and_digest(container: Container) -> None:
    acme, _fjord = _clients(container)
    token = container.booking.url(acme, "http://h").url.rsplit("/", 1)[1]
    from rapport.crypto import secret_links

    digest = secret_links.digest_of(container.settings, token)
    assert digest is not None
    with container.db.reading() as s:
        repos = Repositories(s)
        link = repos.bookings.link_of(acme)
        assert link is not None and repos.bookings.sealed_token_of(acme) == link.token_encrypted
        assert repos.bookings.client_id_by_digest(digest) == acme
        assert repos.bookings.client_id_by_digest("0" * 64) is None
        assert repos.bookings.sealed_token_of(acme + 100) is None


def test_address_books_and_cards(container: Container) -> None:
    acme, fjord = _clients(container)
    anna = container.workspace.add(Contact(client_id=acme, name="Anna", email="a@acme.test"))
    assert anna.id is not None
    with container.db.transaction() as s:
        repos = Repositories(s)
        assert repos.clients.id_by_name("  acme as ") == acme
        assert repos.clients.id_by_name("nobody") is None
        assert repos.clients.name_of(fjord) == "Fjord" and repos.clients.name_of(999) is None
        one = AddressBookRow(url="http://dav.test/a/", created_at=AT)
        two = AddressBookRow(url="http://dav.test/b/", client_id=fjord, created_at=AT)
        repos.address_books.add(one)
        repos.address_books.add(two)
        repos.flush()
        for href, state, contact in (("x", "linked", anna.id), ("y", "unmatched", None)):
            repos.address_books.add(
                ContactCardRow(
                    book_id=one.id, href=href, uid=href, contact_id=contact, base={}, state=state
                )
            )
        repos.flush()
        book_ids = (one.id, two.id)
    with container.db.transaction() as s:
        repos = Repositories(s)
        books = repos.address_books
        assert [(r.id, n) for r, n in books.with_client_names()] == [
            (book_ids[0], None),
            (book_ids[1], "Fjord"),
        ]
        assert books.id_by_url("http://dav.test/b/") == book_ids[1]
        assert books.id_by_url("http://dav.test/c/") is None
        assert sorted(c.href for c in books.cards(book_ids[0])) == ["x", "y"]
        assert books.card_states(book_ids[0]) == {"linked": 1, "unmatched": 1}
        assert books.contacts_linked_elsewhere(book_ids[1]) == {anna.id}
        assert books.contacts_linked_elsewhere(book_ids[0]) == set()
        locked = books.by_id_for_update(book_ids[0])
        assert locked is not None and books.by_id(book_ids[0]) is locked
        books.delete_card(next(c for c in books.cards(book_ids[0]) if c.href == "y"))
        repos.flush()
        assert books.card_states(book_ids[0]) == {"linked": 1}
        books.remove(book_ids[0])
    with container.db.reading() as s:
        repos = Repositories(s)
        assert repos.address_books.by_id(book_ids[0]) is None
        assert repos.address_books.cards(book_ids[0]) == []
        assert [c.name for c in repos.contacts.all_plain()] == ["Anna"]  # it stays


def test_what_the_sync_and_booking_ask_of_other_aggregates(container: Container) -> None:
    acme, fjord = _clients(container)
    anna = container.workspace.add(Contact(client_id=acme, name="Anna", email="a@acme.test"))
    assert anna.id is not None
    with container.db.transaction() as s:
        repos = Repositories(s)
        assert [c.name for c in repos.clients.all_plain()] == ["Acme AS", "Fjord"]
        assert repos.clients.all_plain()[0] == container.workspace.find_client(acme)
        repos.contacts.set_card_values(
            anna.id,
            {"name": "Anna B", "email": None, "phone": "1", "title": None, "notes": None},
        )
        from rapport.storage.orm import ContactRow

        repos.contacts.add(ContactRow(client_id=fjord, name="Bo", notes=""))
        meeting = InteractionRow(
            client_id=fjord,
            kind=InteractionKind.CALL,
            started_at=AT,
            duration_min=45,
            summary="",
            source="booking",
            decisions="",
        )
        note = InteractionRow(
            client_id=acme,
            kind=InteractionKind.EMAIL,
            started_at=AT,
            duration_min=0,
            summary="",
            source="booking",
            decisions="",
        )
        repos.interactions.add(meeting)
        repos.interactions.add(note)
        repos.flush()
        kinds = [InteractionKind.CALL, InteractionKind.VIDEO]
        assert repos.interactions.meeting_times(AT, AT + timedelta(hours=1), kinds) == [
            (fjord, AT, 45)
        ]
        later = AT + timedelta(minutes=1)
        assert repos.interactions.meeting_times(later, later + timedelta(days=9), kinds) == []
        repos.interactions.delete_by_id(meeting.id)
        assert repos.interactions.meeting_times(AT, AT + timedelta(hours=1), kinds) == []
        assert repos.meetings.decision_text(999) is None
        repos.meetings.delete_agenda(999)  # nothing to delete: no error
        assert repos.calendars.detached_source(999) is None
    contacts = {c.name: c for c in container.workspace.list(Contact)}
    assert (contacts["Anna B"].email, contacts["Anna B"].phone) == (None, "1")
    assert contacts["Anna B"].notes == "" and contacts["Bo"].client_id == fjord
