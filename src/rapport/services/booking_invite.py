"""A booking's calendar event and invitation: the VEVENT put on the booking calendar
(CalDAV, with the ``caldav`` library) and the invitation e-mail to the client and to you
with the event attached as ``invite.ics`` (``METHOD:REQUEST``, built with ``icalendar``).

Both run after the booking has committed; a failure is raised to the booking service,
which records it on the booking (the booking stands)."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from rapport.errors import N_
from rapport.i18n import gettext

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.domain.model import Client
    from rapport.services.outbound_mail import MailService
    from rapport.storage.booking_rows import BookingRow
    from rapport.storage.sync_rows import CalendarSourceRow

DOMAIN = "sync"
TIMEOUT_S = 15
L_EVENT_TITLE = N_("Meeting: {client} ({name})")


def uid(row: BookingRow) -> str:
    return f"rapport-booking-{row.id}@rapport"


def _t(lang: str, msgid: str) -> str:
    return gettext(DOMAIN, lang, msgid)


def event_calendar(
    settings: Settings, row: BookingRow, client: Client, *, method: str | None = None
) -> bytes:
    """The booking as an iCalendar object (one VEVENT); ``method``: REQUEST for an
    invitation, none for the calendar server."""
    import icalendar

    from rapport.clock import now

    cal = icalendar.Calendar()
    cal.add("PRODID", "-//Rapport//booking//EN")
    cal.add("VERSION", "2.0")
    if method:
        cal.add("METHOD", method)
    event = icalendar.Event()
    event.add("UID", uid(row))
    event.add("DTSTAMP", now())
    event.add("DTSTART", row.start)
    event.add("DTEND", row.start + timedelta(minutes=row.minutes))
    event.add("SUMMARY", _t(row.language, L_EVENT_TITLE).format(client=client.name, name=row.name))
    if row.topic:
        event.add("DESCRIPTION", row.topic)
    event.add("STATUS", "CONFIRMED")
    organizer = settings.my_email
    if organizer:
        event.add("ORGANIZER", f"mailto:{organizer}", parameters={"CN": settings.me or organizer})
    attendee = icalendar.vCalAddress(f"mailto:{row.email}")
    attendee.params["CN"] = row.name
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "ACCEPTED"
    event.add("ATTENDEE", attendee)
    event.add("X-RAPPORT-FORMAT", row.format)
    cal.add_component(event)
    return bytes(cal.to_ical())


def when_text(moment: datetime, zone: str, lang: str) -> str:
    """A start as the client reads it: their time zone, their language's long form."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    from rapport.i18n import babel_locale

    return format_datetime(moment.astimezone(ZoneInfo(zone)), "full", locale=babel_locale(lang))


def _calendar(settings: Settings, source: CalendarSourceRow) -> Any:
    import caldav

    from rapport.crypto import secret_box

    password = (
        secret_box.unseal(settings, source.password_encrypted)
        if source.password_encrypted
        else None
    )
    dav_client: Any = caldav.DAVClient
    client = dav_client(
        url=source.url, username=source.username, password=password, timeout=TIMEOUT_S
    )
    return client.calendar(url=source.url)


def put_event(
    settings: Settings, source: CalendarSourceRow, row: BookingRow, client: Client
) -> str:
    """PUT the booking's VEVENT into the booking calendar; its address."""
    calendar = _calendar(settings, source)
    text = event_calendar(settings, row, client).decode()
    saved = calendar.save_event(text)
    return str(saved.url)


def delete_event(settings: Settings, source: CalendarSourceRow, href: str) -> None:
    calendar = _calendar(settings, source)
    calendar.event_by_url(href).delete()


def invitation(
    settings: Settings, row: BookingRow, client: Client, me: str | None = None
) -> EmailMessage:
    """The invitation: to the client (their address on the booking) and to you (``me``:
    the ``my_email`` setting, else the mail server's sender); From is the mail server's."""
    lang = row.language
    message = EmailMessage()
    message["Subject"] = _t(lang, L_EVENT_TITLE).format(client=client.name, name=row.name)
    to = [row.email, *([me] if me else [])]
    message["To"] = ", ".join(dict.fromkeys(to))
    when = when_text(row.start, client.timezone, lang)
    message.set_content(_t(lang, L_INVITE_BODY).format(start=when, minutes=row.minutes))
    message.add_attachment(
        event_calendar(settings, row, client, method="REQUEST"),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": "REQUEST"},
    )
    return message


L_INVITE_BODY = N_(
    "Your meeting on {start} ({minutes} minutes) is booked. The invitation is attached."
)


def send_invitation(mail: MailService, settings: Settings, row: BookingRow, client: Client) -> None:
    """Send the invitation through the workspace's SMTP server (rapport.services.
    outbound_mail); a ``MailError`` says why it could not."""
    server = mail.server()
    me = settings.my_email or (server.sender if server else None)
    mail.send(invitation(settings, row, client, me))
