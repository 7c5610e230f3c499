"""The booking page's service (docs/integrations.md "Booking page") on SQLite and
PostgreSQL, with Radicale as the booking calendar."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact, Tier
from rapport.errors import ConflictError, RapportError
from rapport.services.booking import Booked
from rapport.storage.booking_rows import BookingClaimRow, BookingRow
from rapport.storage.meetings_rows import TriageDecisionRow
from rapport.storage.orm import InteractionRow
from tests.sync_servers import PASSWORD, USER, CalDAV, radicale

NAMES = itertools.count()


@pytest.fixture(scope="module")
def radicale_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


def _client(container: Container, name: str, tier: Tier, **extra: object) -> Client:
    client = container.workspace.add(
        Client(name=name, tier_override=tier, language="ja", timezone="Asia/Tokyo", **extra)  # type: ignore[arg-type]
    )
    assert client.id is not None
    container.workspace.add(Contact(client_id=client.id, name="Sato", email="sato@example.jp"))
    return client


def _first(container: Container, client: Client, minutes: int) -> datetime:
    offer = container.booking.offer(client)
    return next(s.start for s in offer.slots if minutes in s.lengths)


def _book(
    container: Container, client: Client, start: datetime, minutes: int, fmt: str = "video"
) -> Booked:
    """Sato books ``start`` for ``minutes`` (the client's contact, with a topic)."""
    return container.booking.book(
        client,
        start=start,
        minutes=minutes,
        meeting_format=fmt,
        name="Sato",
        email="sato@example.jp",
        topic="Roadmap",
    )


def test_link_is_stable_until_reset_and_the_old_one_then_opens_nothing(
    container: Container,
) -> None:
    client = _client(container, "Acme", Tier.A)
    first = container.booking.url("Acme", "http://h:1")["url"]
    assert first == container.booking.url(client.id or 0, "http://h:1/")["url"]
    token = first.rsplit("/", 1)[1]
    assert container.booking.client_for(token) is not None
    again = container.booking.url("Acme", "http://h:1", reset=True)["url"]
    assert again != first
    assert container.booking.client_for(token) is None
    assert container.booking.client_for(again.rsplit("/", 1)[1]).name == "Acme"  # type: ignore[union-attr]
    assert container.booking.client_for("nonsense") is None


def test_tiers_decide_formats_and_lengths(container: Container) -> None:
    a = container.booking.offer(_client(container, "A corp", Tier.A))
    b = container.booking.offer(_client(container, "B corp", Tier.B))
    c = container.booking.offer(_client(container, "C corp", Tier.C))
    assert "in_person" in a.formats and 60 in a.slots[0].lengths
    assert "in_person" not in b.formats and max(b.slots[0].lengths) == 45
    assert c.formats == ("call",) and c.slots[0].lengths == (15,) and c.write_instead


def test_a_booking_plans_the_meeting_triages_it_and_saves_an_agenda(
    container: Container,
) -> None:
    client = _client(container, "Acme", Tier.A, personal_budget=0.2)
    start = _first(container, client, 60)
    booked = _book(container, client, start, 60)
    assert booked.steps["triage"] is None and booked.steps["agenda"] is None
    assert booked.steps["calendar"] and "booking calendar" in booked.steps["calendar"]
    assert booked.steps["invitation"]  # no SMTP in this build: said, the booking stands
    with container.db.reading() as s:
        row = s.get(BookingRow, booked.id)
        assert row is not None and row.status == "booked"
        interaction = s.get(InteractionRow, row.interaction_id)
        assert interaction is not None and interaction.started_at == start
        assert interaction.duration_min == 60 and interaction.source == "booking"
        decision = s.get(TriageDecisionRow, row.triage_decision_id)
        assert decision is not None and decision.decision == "accept"
        assert s.scalar(sa.select(sa.func.count()).select_from(BookingClaimRow)) == 4
        agenda_id = row.agenda_id
    agenda = container.agendas.get_saved(agenda_id or 0)
    assert agenda.total_min <= 60
    assert any(item["kind"] == "personal" for item in agenda.items)
    # the time is gone from the offer; the same slot again is refused
    assert not container.booking.offer(client).allows(start, 60, "video")
    with pytest.raises(ConflictError):
        container.booking.book(
            client, start=start, minutes=30, meeting_format="call", name="X", email="x@y.z"
        )
    listed = container.booking.bookings()
    assert [b["id"] for b in listed] == [booked.id]
    cancelled = container.booking.cancel(booked.id)
    assert cancelled["status"] == "cancelled"
    assert cancelled["interaction_id"] is None and cancelled["agenda_id"] is None
    assert not container.agendas.saved()  # the cancelled meeting's agenda is gone too
    assert container.booking.offer(client).allows(start, 60, "video")


def test_the_cancel_link_needs_its_signature(container: Container) -> None:
    client = _client(container, "Acme", Tier.B)
    start = _first(container, client, 30)
    booked = container.booking.book(
        client, start=start, minutes=30, meeting_format="call", name="S", email="s@x.jp"
    )
    with pytest.raises(RapportError):
        container.booking.cancel_by_client(client, booked.id, "wrong")
    signature = container.booking.cancel_signature(booked.id)
    assert container.booking.cancel_by_client(client, booked.id, signature)["status"] == (
        "cancelled"
    )


def test_the_month_cap_limits_what_is_offered(container: Container) -> None:
    client = _client(container, "Capped", Tier.A, monthly_meeting_hours_cap=0.5)
    offer = container.booking.offer(client)
    assert all(max(s.lengths) <= 30 for s in offer.slots)
    assert offer.month_left_min is not None and offer.month_left_min <= 30


def test_concurrent_bookings_of_one_slot_make_one_booking(container: Container) -> None:
    client = _client(container, "Acme", Tier.A)
    start = _first(container, client, 60)
    results: list[str] = []
    barrier = threading.Barrier(6)

    def book(i: int) -> None:
        barrier.wait()
        try:
            container.booking.book(
                client,
                start=start,
                minutes=30 if i % 2 else 60,
                meeting_format="call",
                name=f"N{i}",
                email=f"n{i}@x.jp",
            )
            results.append("ok")
        except ConflictError:
            results.append("taken")

    threads = [threading.Thread(target=book, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    with container.db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(BookingRow)) == 1


def test_the_event_goes_to_the_booking_calendar_on_radicale(
    container: Container, radicale_url: str
) -> None:
    calendar = CalDAV(radicale_url, f"bookings{next(NAMES)}")
    try:
        container.calendar_sync.add(calendar.url, username=USER, password=PASSWORD)
        source = container.calendar_sync.sources()[0]
        container.booking.set_calendar(source.id)
        client = _client(container, "Acme", Tier.A)
        start = _first(container, client, 45)
        booked = _book(container, client, start, 45, "in_person")  # a sync would match Sato
        assert booked.steps["calendar"] is None, booked.steps
        listing = calendar.http.request("PROPFIND", calendar.url, headers={"Depth": "1"})
        assert "rapport-booking" in listing.text or ".ics" in listing.text
        href = container.booking.bookings()[0]["calendar_href"]
        body = calendar.http.get(href).text
        assert "BEGIN:VEVENT" in body and f"rapport-booking-{booked.id}@rapport" in body
        # syncing the booking calendar does not make a second meeting of the booking's event
        (result,) = container.calendar_sync.sync_all()
        assert result.error is None and (result.events, result.created) == (1, 0)
        container.booking.cancel(booked.id)
        assert calendar.http.get(href).status_code == 404
    finally:
        calendar.close()


def test_the_invitation_goes_to_the_client_and_to_you_by_smtp(container: Container) -> None:
    import icalendar

    from tests.mail_servers import smtp_server

    with smtp_server() as smtp:
        container.mail.configure(
            smtp.host, port=smtp.port, security="none", sender="anna@studio.test"
        )
        client = _client(container, "Acme", Tier.A)
        start = _first(container, client, 30)
        booked = _book(container, client, start, 30)
        assert booked.steps["invitation"] is None, booked.steps
        (message,) = smtp.wait_for(1)
        _sender, recipients = smtp.envelopes[0]
        assert sorted(recipients) == ["anna@studio.test", "sato@example.jp"]
        assert "打ち合わせ" in str(message["Subject"])  # the client's language
        (attachment,) = [p for p in message.iter_attachments() if p.get_filename() == "invite.ics"]
        cal = icalendar.Calendar.from_ical(attachment.get_content())
        assert str(cal["METHOD"]) == "REQUEST"
        (event,) = cal.walk("VEVENT")
        assert event["DTSTART"].dt == start
        assert str(event["UID"]) == f"rapport-booking-{booked.id}@rapport"


def test_the_booking_calendar_setting_is_used_when_no_command_chose_one(
    settings: object, radicale_url: str
) -> None:
    from rapport.bootstrap import build
    from rapport.config import Settings

    assert isinstance(settings, Settings)
    calendar = CalDAV(radicale_url, f"bookings{next(NAMES)}")
    container = build(settings.model_copy(update={"booking_calendar": calendar.url}))
    try:
        container.calendar_sync.add(calendar.url, username=USER, password=PASSWORD)
        client = _client(container, "Acme", Tier.A)
        booked = _book(container, client, _first(container, client, 30), 30)
        assert booked.steps["calendar"] is None, booked.steps
        assert container.booking.bookings()[0]["calendar_href"].startswith(calendar.url)
    finally:
        container.close()
        calendar.close()
