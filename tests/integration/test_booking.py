"""The booking page's service (docs/integrations.md "Booking page") on SQLite and
PostgreSQL, with Radicale as the booking calendar."""

from __future__ import annotations

import html
import itertools
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage

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
    first = container.booking.url("Acme", "http://h:1").url
    assert first == container.booking.url(client.id or 0, "http://h:1/").url
    token = first.rsplit("/", 1)[1]
    assert container.booking.client_for(token) is not None
    again = container.booking.url("Acme", "http://h:1", reset=True).url
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
    assert [b.id for b in listed] == [booked.id]
    cancelled = container.booking.cancel(booked.id)
    assert cancelled.status == "cancelled"
    assert cancelled.interaction_id is None and cancelled.agenda_id is None
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
    assert container.booking.cancel_by_client(client, booked.id, signature).status == ("cancelled")


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
        href = container.booking.bookings()[0].calendar_href
        body = calendar.http.get(href).text
        assert "BEGIN:VEVENT" in body and f"rapport-booking-{booked.id}@rapport" in body
        # syncing the booking calendar does not make a second meeting of the booking's event
        (result,) = container.calendar_sync.sync_all()
        assert result.error is None and (result.events, result.created) == (1, 0)
        container.booking.cancel(booked.id)
        assert calendar.http.get(href).status_code == 404
    finally:
        calendar.close()


NO_SECONDS = re.compile(r"\d:\d\d:\d\d")


def _profile(settings: object, **extra: object) -> Container:
    """A container whose profile signs letters (name, title, company) in Oslo."""
    from rapport.bootstrap import build
    from rapport.config import Settings

    assert isinstance(settings, Settings)
    profile = {"me": "Anna Berg", "title": "Consultant", "company": "Studio Berg"}
    return build(settings.model_copy(update={**profile, "timezone": "Europe/Oslo", **extra}))


def _cancel_by_link(container: Container, url: str, lang_text: str) -> None:
    """Open the letter's cancel link as the client's browser would, then press the page's
    cancel button (the form the confirmation page carries)."""
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app

    assert url.startswith("http://testserver/book/"), url
    with TestClient(create_app(container), follow_redirects=False) as web:
        page = web.get(url.removeprefix("http://testserver"))
        assert page.status_code == 200, page.text[:300]
        assert html.unescape(lang_text) in html.unescape(page.text)  # the letter's wording
        action = re.search(r'<form method="post" action="([^"]+)"', page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        signature = re.search(r'name="s" value="([^"]+)"', page.text)
        assert action and csrf and signature, page.text[:500]
        done = web.post(
            html.unescape(action.group(1)),
            data={"csrf_token": csrf.group(1), "s": signature.group(1)},
        )
        assert done.status_code == 303
    assert [b.status for b in container.booking.bookings()] == ["cancelled"]


def _by_recipient(smtp: object, count: int) -> dict[str, EmailMessage]:
    messages = smtp.wait_for(count)  # type: ignore[attr-defined]
    return {str(m["To"]): m for m in messages}


def _invite(
    settings: object, user_language: str, client: Client, minutes: int, **booking: str
) -> tuple[Container, Booked, datetime, dict[str, EmailMessage]]:
    """Your profile in ``user_language`` (Oslo), a real SMTP server, ``client`` with its
    booking page, one booking (``booking``: format, name, email, topic): what was sent."""
    from tests.mail_servers import smtp_server

    container = _profile(settings, my_email="anna@studio.test", language=user_language)
    try:
        with smtp_server() as smtp:
            container.mail.configure(
                smtp.host, port=smtp.port, security="none", sender="noreply@studio.test"
            )
            client = container.workspace.add(client)
            assert client.id is not None
            if booking.get("contact"):
                container.workspace.add(
                    Contact(client_id=client.id, name=booking["name"], email=booking["email"])
                )
            container.booking.url(client.id, "http://testserver")
            start = _first(container, client, minutes)
            booked = container.booking.book(
                client,
                start=start,
                minutes=minutes,
                meeting_format=booking["format"],
                name=booking["name"],
                email=booking["email"],
                topic=booking["topic"],
                base="http://testserver",
            )
            assert booked.steps["invitation"] is None, booked.steps
            mails = _by_recipient(smtp, 2)
            recipients = sorted(r for _s, rs in smtp.envelopes for r in rs)
            assert recipients == sorted(["anna@studio.test", booking["email"]])
    except BaseException:
        container.close()
        raise
    return container, booked, start, mails


def test_the_invitation_is_a_japanese_letter_and_you_get_a_notice(settings: object) -> None:
    import icalendar

    sakura = Client(name="さくら商事", tier_override=Tier.A, language="ja", timezone="Asia/Tokyo")
    container, booked, start, mails = _invite(
        settings,
        "en",
        sakura,
        30,
        format="video",
        name="佐藤 花子",
        email="sato@example.jp",
        topic="来期のロードマップ",
        contact="yes",
    )
    try:
        letter, notice = mails["sato@example.jp"], mails["anna@studio.test"]
        when = re.search(
            r"\d{1,2}月\d{1,2}日（[月火水木金]）\d{1,2}:\d\d（日本時間）", str(letter["Subject"])
        )
        assert when and str(letter["Subject"]).startswith("【ご予約確定】"), letter["Subject"]
        body = letter.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert body.startswith("さくら商事\n佐藤様\n\nいつもお世話になっております。")
        assert "Studio BergのAnna Bergでございます。" in body
        assert f"日時は{when.group(0)}で確定いたしました" in body
        assert "日本標準時" not in body and "秒" not in body and not NO_SECONDS.search(body)
        assert (
            "30分間" in body and "ビデオ会議" in body and "リンクは事前にお送りいたします" in body
        )
        assert "「来期のロードマップ」" in body
        assert body.rstrip().endswith(
            "何卒よろしくお願い申し上げます。\nStudio Berg\nConsultant\nAnna Berg"
        )
        (attachment,) = [p for p in letter.iter_attachments() if p.get_filename() == "invite.ics"]
        cal = icalendar.Calendar.from_ical(attachment.get_content())
        assert str(cal["METHOD"]) == "REQUEST"
        (event,) = cal.walk("VEVENT")
        assert event["DTSTART"].dt == start
        assert str(event["UID"]) == f"rapport-booking-{booked.id}@rapport"

        # your notice: short, in YOUR language (en) and time zone, not the client's letter
        note = notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert str(notice["Subject"]).startswith("New booking: 佐藤 花子 (さくら商事), ")
        assert note.startswith("New booking from 佐藤 花子 (さくら商事): ")
        assert ", 30 min, Video call." in note and "Topic: “来期のロードマップ”" in note
        assert re.search(r"^Triage: .+\.$", note, re.MULTILINE) and "Agenda saved." in note
        assert "佐藤様" not in note and notice.get_content_maintype() != "multipart"
        assert "(Japan time)" not in note  # your own zone is not named to you

        url = re.search(r"^(http://testserver/book/\S+)$", body, re.MULTILINE)
        assert url, body
        _cancel_by_link(container, url.group(1), when.group(0))
    finally:
        container.close()


def test_the_invitation_in_english_greets_a_stranger_and_names_the_call(settings: object) -> None:
    thames = Client(
        name="Thames Ltd", tier_override=Tier.A, language="en", timezone="Europe/London"
    )
    container, _booked, _start, mails = _invite(
        settings,
        "ja",
        thames,
        45,
        format="call",
        name="Emma Clarke",  # not one of the client's contacts
        email="emma@thames.example",
        topic="Next year's roadmap.",
    )
    try:
        letter, notice = mails["emma@thames.example"], mails["anna@studio.test"]
        days = "Monday|Tuesday|Wednesday|Thursday|Friday"
        when = re.search(
            rf"(?:{days}) \d{{1,2}} [A-Z][a-z]+(?: \d{{4}})? at \d\d:\d\d \(UK time\)",
            str(letter["Subject"]),
        )
        assert when and str(letter["Subject"]) == f"Meeting confirmed: {when.group(0)}"
        body = letter.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert body.startswith("Dear Emma,\n\nThank you for booking a 45-minute meeting.")
        assert f"It is confirmed for {when.group(0)}." in body
        assert "GMT" not in body and "Greenwich" not in body and not NO_SECONDS.search(body)
        assert "It is a phone call: I will call you at that time." in body
        assert "You would like to talk about “Next year's roadmap”" in body
        assert "invite.ics" in body
        assert body.rstrip().endswith("Kind regards,\nAnna Berg\nConsultant, Studio Berg")
        assert [p.get_filename() for p in letter.iter_attachments()] == ["invite.ics"]

        # your notice in Japanese, in your zone (Oslo)
        note = notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert str(notice["Subject"]).startswith("新しい予約：Emma Clarke（Thames Ltd）、")
        assert note.startswith("Emma Clarkeさん（Thames Ltd）から新しい予約：")
        assert "45分、電話" in note or "45分、お電話" in note, note
        assert "議題：「Next year's roadmap」" in note and "Dear" not in note

        url = re.search(r"^(http://testserver/book/\S+)$", body, re.MULTILINE)
        assert url, body
        _cancel_by_link(container, url.group(1), when.group(0))
    finally:
        container.close()


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
        assert container.booking.bookings()[0].calendar_href.startswith(calendar.url)
    finally:
        container.close()
        calendar.close()
