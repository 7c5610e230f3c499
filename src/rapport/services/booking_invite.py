"""A booking's calendar event and invitation: the VEVENT put on the booking calendar
(CalDAV, with the ``caldav`` library) and the invitation e-mail to the client and to you
with the event attached as ``invite.ics`` (``METHOD:REQUEST``, built with ``icalendar``):
a letter in the client's language (rapport.drafts.letters frames it, rapport.drafts
writes the date), and a short notice to you in yours.

Both run after the booking has committed; a failure is raised to the booking service,
which records it on the booking (the booking stands)."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from rapport.i18n import gettext
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.domain.model import Client, Contact
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


def when_text(
    moment: datetime,
    zone: str,
    lang: str,
    *,
    writer_zone: str | None = None,
    region: str | None = None,
) -> str:
    """A start as the client reads it: their time zone, with the drafts' pattern for their
    language (12月15日（火）14:00, Tuesday 15 December at 14:00); the zone named only when
    ``writer_zone`` (yours) shows another time."""
    from rapport.drafts import datetime_text

    return datetime_text(moment, lang, zone, writer_zone=writer_zone, region=region)


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


L_SUBJECT = N_("Meeting confirmed: {when}")
L_BOOKED = N_("Thank {you} for booking a {minutes}-minute meeting. It is confirmed for {when}.")
L_IN_PERSON = N_("We will meet in person; I will confirm the place with {you} before the meeting.")
L_VIDEO = N_("It is a video meeting: I will send {you} the link before the meeting.")
L_CALL = N_(
    "It is a phone call: I will call {you} at that time. Please reply with the best number "
    "to reach {you} if I do not have it yet."
)
FORMAT_LINES = {"in_person": L_IN_PERSON, "video": L_VIDEO, "call": L_CALL}
L_TOPIC = N_("{You} would like to talk about {topic}; I will prepare for it.")
L_ATTACHED = N_("The calendar invitation is attached (invite.ics).")
L_CANCEL = N_("If {you} can no longer make it, {you} can cancel the meeting here:")
L_LOOK_FORWARD = N_("I look forward to speaking with {you}.")

L_NOTICE_SUBJECT = N_("New booking: {name} ({client}), {when}")
L_NOTICE = N_("New booking from {name} ({client}): {when}, {minutes} min, {format}.")
L_NOTICE_TOPIC = N_("Topic: {topic}")
L_NOTICE_NO_TOPIC = N_("No topic given.")
L_NOTICE_TRIAGE = N_("Triage: {decision}.")
L_NOTICE_AGENDA = N_("Agenda saved.")
L_NOTICE_CANCEL = N_("To cancel it: rapport booking cancel {id}")
FORMAT_NAMES = {"in_person": N_("In person"), "video": N_("Video"), "call": N_("Phone call")}
DECISIONS = {
    "accept": N_("accept as asked"),
    "shorten": N_("shorten the meeting"),
    "call": N_("hold it as a phone call"),
    "email": N_("answer by e-mail"),
    "delegate": N_("send a colleague"),
    "reschedule": N_("reschedule"),
}


def _vars(frame: dict[str, str], **values: str) -> dict[str, str]:
    return {"you": frame.get("you", ""), "You": frame.get("You", ""), **values}


def letter_text(
    settings: Settings,
    row: BookingRow,
    client: Client,
    contact: Contact | None,
    cancel_url: str | None,
) -> tuple[str, str]:
    """The client's invitation letter in the booking's language: subject and body, with the
    greeting, opening, closing and signature of rapport.drafts.letters (the contact's form
    of address; a booker who is not a contact by the name they typed)."""
    from rapport.domain.model import Contact
    from rapport.drafts.letters import quoted
    from rapport.services.drafting import client_region, letter_frame

    lang = row.language
    if contact is None and row.name.strip():  # not a contact: by the name they typed
        contact = Contact(client_id=row.client_id, name=row.name.strip(), email=row.email)
    frame = letter_frame(client, contact, lang, settings)
    when = _when(settings, row, client, lang, client_region(client, lang))

    def t(msgid: str, **values: str) -> str:
        return _t(lang, msgid).format(**_vars(frame, **values))

    paragraphs = [t(L_BOOKED, when=when, minutes=str(row.minutes))]
    paragraphs.append(t(FORMAT_LINES.get(row.format, L_VIDEO)))
    if row.topic.strip():
        paragraphs.append(t(L_TOPIC, topic=quoted(row.topic, lang)))
    paragraphs.append(t(L_ATTACHED))
    if cancel_url:
        paragraphs.append(f"{t(L_CANCEL)}\n{cancel_url}")
    paragraphs.append(t(L_LOOK_FORWARD))
    head = [frame["greeting"], *([frame["opening"]] if frame["opening"] else [])]
    tail = "\n".join(p for p in (frame["closing"], frame["signature"]) if p)
    body = "\n\n".join([*head, *(_sentence_start(p, lang) for p in paragraphs), tail])
    subject = _t(lang, L_SUBJECT).format(when=when)
    return subject, body + "\n"


def _sentence_start(text: str, lang: str) -> str:
    return text[:1].upper() + text[1:] if lang == "vi" else text


def _when(
    settings: Settings, row: BookingRow, client: Client, lang: str, region: str | None
) -> str:
    return when_text(row.start, client.timezone, lang, writer_zone=settings.timezone, region=region)


def notice_text(
    settings: Settings, row: BookingRow, client: Client, decision: str | None
) -> tuple[str, str]:
    """Your own short notice of the booking, in YOUR language and time zone."""
    from rapport.drafts import datetime_text
    from rapport.drafts.letters import quoted

    lang = settings.language
    when = datetime_text(row.start, lang, settings.timezone)
    values = {"name": row.name, "client": client.name, "when": when}
    fmt = _t(lang, FORMAT_NAMES.get(row.format, row.format))
    lines = [
        _t(lang, L_NOTICE).format(**values, minutes=row.minutes, format=fmt),
        _t(lang, L_NOTICE_TOPIC).format(topic=quoted(row.topic, lang))
        if row.topic.strip()
        else _t(lang, L_NOTICE_NO_TOPIC),
    ]
    if decision:
        label = _t(lang, DECISIONS[decision]) if decision in DECISIONS else decision
        lines.append(_t(lang, L_NOTICE_TRIAGE).format(decision=label))
    if row.agenda_id is not None:
        lines.append(_t(lang, L_NOTICE_AGENDA))
    lines.append(_t(lang, L_NOTICE_CANCEL).format(id=row.id))
    return _t(lang, L_NOTICE_SUBJECT).format(**values), "\n".join(lines) + "\n"


def invitation(
    settings: Settings,
    row: BookingRow,
    client: Client,
    contact: Contact | None = None,
    cancel_url: str | None = None,
) -> EmailMessage:
    """The invitation letter to the client (their address on the booking) with the event
    attached as ``invite.ics`` (``METHOD:REQUEST``); From is the mail server's."""
    subject, body = letter_text(settings, row, client, contact, cancel_url)
    message = EmailMessage()
    message["Subject"] = subject
    message["To"] = row.email
    message.set_content(body)
    message.add_attachment(
        event_calendar(settings, row, client, method="REQUEST"),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": "REQUEST"},
    )
    return message


def notice(
    settings: Settings, row: BookingRow, client: Client, me: str, decision: str | None = None
) -> EmailMessage:
    """Your notice of the booking (to ``me``), not a copy of the client's letter."""
    subject, body = notice_text(settings, row, client, decision)
    message = EmailMessage()
    message["Subject"] = subject
    message["To"] = me
    message.set_content(body)
    return message


def send_invitation(
    mail: MailService,
    settings: Settings,
    row: BookingRow,
    client: Client,
    *,
    contact: Contact | None = None,
    cancel_url: str | None = None,
    decision: str | None = None,
) -> None:
    """Send the client's invitation, then your notice (to the ``my_email`` setting, else
    the mail server's sender), through the workspace's SMTP server (rapport.services.
    outbound_mail); a ``MailError`` says why it could not."""
    mail.send(invitation(settings, row, client, contact, cancel_url))
    server = mail.server()
    me = settings.my_email or (server.sender if server else None)
    if me and me.strip().lower() != row.email.strip().lower():
        mail.send(notice(settings, row, client, me, decision))
