"""The booking page per client: a secret link, what the client may book
(rapport.domain.booking), and a booking with what follows it.

A booking is written in ONE transaction: the booking, the 15-minute units of time it
claims (unique: two overlapping bookings cannot both commit) and the planned meeting (a
future interaction). Before writing, the transaction bumps the one booking-settings row,
which makes bookings one at a time (a row lock on PostgreSQL, the write lock on SQLite), and
checks the slot against the offer as it stands then (caps, busy time, other bookings). The
same transaction publishes the ``booking.created`` webhook event (rapport.services.events,
an outbox: a booking that does not commit sends nothing).

After it commits, each follow-up step runs on its own and records its outcome on the
booking (``steps``): triage of the request, a saved agenda with the personal-talk budget,
the event on the booking calendar (CalDAV) and the invitation by e-mail. A step that fails
leaves the booking standing and says why (docs/integrations.md).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rapport.clock import now as clock
from rapport.crypto import secret_links
from rapport.domain import booking as policy
from rapport.domain import hours
from rapport.domain.model import Client, Contact, InteractionKind
from rapport.errors import ConflictError, InvalidInputError, NotFoundError
from rapport.services import events
from rapport.services.client_snapshot import standing_of
from rapport.services.hours import MEETING_KINDS
from rapport.storage.booking_rows import (
    BookingLinkRow,
    BookingRow,
)
from rapport.storage.failures import IntegrityError
from rapport.storage.orm import InteractionRow
from rapport.storage.repositories import EVERYTHING, Repositories
from rapport.storage.sync_rows import CalendarSourceRow
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.services.agendas import AgendaService
    from rapport.services.calendar_sync import CalendarSyncService
    from rapport.services.outbound_mail import MailService
    from rapport.services.triage import TriageService
    from rapport.services.workspace import WorkspaceService
    from rapport.storage.sync_rows import CalendarSourceRow
    from rapport.storage.unit_of_work import Database

log = logging.getLogger(__name__)

DOMAIN = "sync"
SOURCE = "booking"
STEPS = ("triage", "agenda", "calendar", "invitation")
L_TAKEN = N_("That time is no longer free: choose another one.")
L_NOT_OFFERED = N_("That time, length or format is not on offer: choose one from the list.")
L_NO_BOOKING = N_("no booking {id}")
L_NO_CALENDAR = N_("no CalDAV calendar {ref}: add it with rapport calendars add")
L_NO_BOOKING_CALENDAR = N_("no booking calendar chosen (rapport booking calendar CALENDAR)")
L_BAD_EMAIL = N_("enter an e-mail address")
L_BAD_NAME = N_("enter your name")


@dataclass(frozen=True, slots=True)
class Booked:
    id: int
    client_id: int
    start: datetime
    minutes: int
    format: str
    steps: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class BookingLink:
    """A client's booking page address."""

    client_id: int
    client: str
    url: str


@dataclass(frozen=True, slots=True)
class BookingCalendar:
    """The CalDAV calendar bookings go into."""

    id: int
    url: str


@dataclass(frozen=True, slots=True)
class BookingInfo:
    """A booking as listed and cancelled (``rapport booking list --json``, /api/bookings)."""

    id: int
    client_id: int
    client: str
    start: str
    """ISO 8601, UTC."""
    minutes: int
    format: str
    name: str
    email: str
    topic: str
    language: str
    status: str
    """booked or cancelled."""
    created_at: str
    """ISO 8601, UTC."""
    interaction_id: int | None
    triage_decision_id: int | None
    agenda_id: int | None
    calendar_href: str | None
    steps: dict[str, str | None]
    """What each follow-up step did: None when it worked, else its error in words."""


class BookingService:
    """Built in rapport.bootstrap with the services its follow-up steps use."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        workspace: WorkspaceService,
        triage: TriageService,
        agendas: AgendaService,
        calendar_sync: CalendarSyncService,
        mail: MailService,
    ) -> None:
        self.db = db
        self.settings = settings
        self.workspace = workspace
        self.triage = triage
        self.agendas = agendas
        self.calendar_sync = calendar_sync
        self.mail = mail

    # --- links -----------------------------------------------------------------------------
    def token(self, client_ref: str | int, *, reset: bool = False) -> tuple[Client, str]:
        """The client's booking token, made on first use (``reset``: a new one; the old
        address then answers 404)."""
        client = self.workspace.find_client(client_ref)
        assert client.id is not None
        self.workspace.require_write(client.id)
        with self.db.transaction() as s:
            repos = Repositories(s, EVERYTHING)
            row = repos.bookings.link_of(client.id)
            if row is not None and not reset:
                return client, secret_links.reveal(self.settings, row.token_encrypted)
            if row is None:
                row = BookingLinkRow(client_id=client.id)
                repos.bookings.add(row)
            row.created_at = clock()
            return client, secret_links.renew(self.settings, row)

    def existing_url(self, client_id: int, base: str) -> str | None:
        """The client's booking page address if one was made (nothing is made here)."""
        with self.db.reading() as s:
            sealed = Repositories(s, EVERYTHING).bookings.sealed_token_of(client_id)
        if sealed is None:
            return None
        return f"{base.rstrip('/')}/book/{secret_links.reveal(self.settings, sealed)}"

    def url(self, client_ref: str | int, base: str, *, reset: bool = False) -> BookingLink:
        client, token = self.token(client_ref, reset=reset)
        assert client.id is not None
        return BookingLink(
            client_id=client.id, client=client.name, url=f"{base.rstrip('/')}/book/{token}"
        )

    def client_for(self, token: str) -> Client | None:
        """Whose booking page ``token`` opens (None: nobody's)."""
        digest = secret_links.digest_of(self.settings, token)
        if digest is None:
            return None
        with self.db.reading() as s:
            client_id = Repositories(s, EVERYTHING).bookings.client_id_by_digest(digest)
        if client_id is None:
            return None
        return self.workspace.find_client(int(client_id))

    # --- the offer -------------------------------------------------------------------------
    def rules(self, client: Client, at: datetime) -> policy.Rules:
        standing = standing_of(self.workspace, client, at.date())
        return policy.Rules(
            tier=standing.tier,
            working_hours=policy.parse_working_hours(self.settings.working_hours),
            user_zone=self.settings.timezone,
            client_zone=client.timezone,
            weekly_cap=self.settings.weekly_meeting_hours_cap,
            month_cap=client.monthly_meeting_hours_cap,
        )

    def offer(self, client: Client, *, now: datetime | None = None) -> policy.Offer:
        """What ``client`` may book from now on: their tier's formats and lengths within the
        caps, your working hours and free time (calendar meetings and bookings are busy)."""
        moment = now or clock()
        rules = self.rules(client, moment)
        horizon = moment + timedelta(days=rules.days + 1)
        earliest = min(
            hours.week_bounds(moment, rules.user_zone)[0],
            hours.month_bounds(moment, rules.client_zone)[0],
        )
        latest = max(
            hours.week_bounds(horizon, rules.user_zone)[1],
            hours.month_bounds(horizon, rules.client_zone)[1],
        )
        with self.db.reading() as s:
            repos = Repositories(s, EVERYTHING)
            rows = repos.interactions.meeting_times(
                earliest - timedelta(days=1), latest, MEETING_KINDS
            )
            booked = repos.bookings.booked_between(moment - timedelta(days=1), horizon)
        meetings = [
            policy.Meeting(start, minutes, client_id == client.id)
            for client_id, start, minutes in rows
            if earliest <= start
        ]
        busy = [
            policy.Busy(start, start + timedelta(minutes=max(1, minutes)))
            for _c, start, minutes in rows
            if start + timedelta(minutes=max(1, minutes)) > moment
        ]
        busy += [
            policy.Busy(start, start + timedelta(minutes=minutes)) for start, minutes in booked
        ]
        return policy.offer(rules, meetings, busy, moment)

    # --- booking ---------------------------------------------------------------------------
    def book(
        self,
        client: Client,
        *,
        start: datetime,
        minutes: int,
        meeting_format: str,
        name: str,
        email: str,
        topic: str = "",
        language: str | None = None,
        base: str | None = None,
    ) -> Booked:
        """Book ``start`` for ``minutes`` if it is on offer now; then the follow-up steps.
        ``base``: the server's address as the client reaches it (the invitation's cancel
        link; default http://HOST:PORT from the settings)."""
        assert client.id is not None
        name, email, topic = name.strip()[:200], email.strip()[:320], topic.strip()[:2000]
        if not name:
            raise InvalidInputError(L_BAD_NAME)
        if "@" not in email or " " in email or len(email) < 3:
            raise InvalidInputError(L_BAD_EMAIL)
        try:
            booking_id = self._write(
                client, start, minutes, meeting_format, name, email, topic, language
            )
        except IntegrityError:
            raise ConflictError(L_TAKEN) from None
        steps = self._follow_up(booking_id, base)
        return Booked(booking_id, client.id, start, minutes, meeting_format, steps)

    def _write(
        self,
        client: Client,
        start: datetime,
        minutes: int,
        meeting_format: str,
        name: str,
        email: str,
        topic: str,
        language: str | None,
    ) -> int:
        assert client.id is not None
        with self.db.transaction() as s:
            repos = Repositories(s, EVERYTHING)
            # First a write: from here on this booking is the only one being written.
            repos.bookings.take_turn()
            on_offer = self.offer(client)
            if not on_offer.allows(start, minutes, meeting_format):
                if any(slot.start == start for slot in on_offer.slots):
                    raise InvalidInputError(L_NOT_OFFERED)
                raise ConflictError(L_TAKEN)
            interaction = InteractionRow(
                client_id=client.id,
                kind=InteractionKind(meeting_format),
                started_at=start,
                duration_min=minutes,
                summary=topic,
                source=SOURCE,
                decisions="",
            )
            repos.interactions.add(interaction)
            repos.flush()
            row = BookingRow(
                client_id=client.id,
                start=start,
                minutes=minutes,
                format=meeting_format,
                name=name,
                email=email,
                topic=topic,
                language=language or client.language,
                status="booked",
                created_at=clock(),
                interaction_id=interaction.id,
                steps={},
            )
            repos.bookings.add(row)
            repos.flush()
            interaction.external_id = f"booking:{row.id}"
            repos.bookings.claim(row.id, policy.units(start, minutes))
            repos.flush()
            # in this transaction: a booking refused at the commit delivers nothing
            events.publish(
                s,
                events.BOOKING_CREATED,
                events.booking_payload(
                    booking_id=row.id,
                    client_id=client.id,
                    client_name=client.name,
                    start=start,
                    duration_min=minutes,
                    format=meeting_format,
                    created_at=row.created_at,
                ),
            )
            return int(row.id)

    def _follow_up(self, booking_id: int, base: str | None = None) -> dict[str, str | None]:
        steps: dict[str, str | None] = {}
        for step in STEPS:
            try:
                if step == "invitation":
                    self._step_invitation(booking_id, base)
                else:
                    getattr(self, f"_step_{step}")(booking_id)
                steps[step] = None
            except Exception as exc:  # each step on its own: the booking stands
                log.warning("booking %s: %s failed: %s", booking_id, step, exc)
                steps[step] = _one_line(exc)
        with self.db.transaction() as s:
            row = Repositories(s, EVERYTHING).bookings.by_id(booking_id)
            if row is not None:
                row.steps = steps
        return steps

    def _row(self, booking_id: int) -> BookingRow:
        with self.db.reading() as s:
            row = Repositories(s, EVERYTHING).bookings.detached(booking_id)
            if row is None:
                raise NotFoundError(L_NO_BOOKING, id=booking_id)
            return row

    def _step_triage(self, booking_id: int) -> None:
        from rapport.services.triage import parse_request

        row = self._row(booking_id)
        body = parse_request(
            {
                "client": str(row.client_id),
                "start": row.start.isoformat(),
                "duration_min": row.minutes,
                "format": row.format,
                "purpose": row.topic,
                "organizer": "client",
            }
        )
        decided = self.triage.decide(body, in_calendar=True)
        with self.db.transaction() as s:
            stored = Repositories(s, EVERYTHING).bookings.by_id(booking_id)
            if stored is not None:
                stored.triage_decision_id = decided.id

    def _step_agenda(self, booking_id: int) -> None:
        from rapport.domain.agenda import Topic

        row = self._row(booking_id)
        client = self.workspace.find_client(row.client_id)
        # the booked time less the opening and closing (2 minutes each) and the personal
        # slot the client's budget allows: the agenda builder then lays out the talk budget
        personal = math.floor(max(0.0, min(1.0, client.personal_budget)) * row.minutes)
        business = max(1, row.minutes - 4 - personal)
        topics = [Topic(row.topic[:200] or "—", business)]
        view = self.agendas.build(
            str(row.client_id),
            topics,
            video=row.format == "video",
            slot_min=row.minutes,
            start=row.start.isoformat(),
        )
        saved = self.agendas.save(view, topics, row.format)
        with self.db.transaction() as s:
            stored = Repositories(s, EVERYTHING).bookings.by_id(booking_id)
            if stored is not None:
                stored.agenda_id = saved.id

    def _step_calendar(self, booking_id: int) -> None:
        from rapport.services import booking_invite

        row = self._row(booking_id)
        source = self._calendar_source()
        if source is None:
            raise RuntimeError(_text(L_NO_BOOKING_CALENDAR))
        client = self.workspace.find_client(row.client_id)
        href = booking_invite.put_event(self.settings, source, row, client)
        with self.db.transaction() as s:
            stored = Repositories(s, EVERYTHING).bookings.by_id(booking_id)
            if stored is not None:
                stored.calendar_href = href

    def _step_invitation(self, booking_id: int, base: str | None = None) -> None:
        from rapport.services import booking_invite

        row = self._row(booking_id)
        client = self.workspace.find_client(row.client_id)
        booking_invite.send_invitation(
            self.mail,
            self.settings,
            row,
            client,
            contact=self._contact(client, row.email),
            cancel_url=self.cancel_url(row, base),
            decision=self._decision(row.triage_decision_id),
        )

    def cancel_url(self, row: BookingRow, base: str | None = None) -> str | None:
        """The signed address of the booking's confirmation page, where the client cancels
        (the page the booking form redirects to); None: the client has no booking link."""
        with self.db.reading() as s:
            sealed = Repositories(s, EVERYTHING).bookings.sealed_token_of(row.client_id)
        if sealed is None:
            return None
        token = secret_links.reveal(self.settings, sealed)
        root = (base or f"http://{self.settings.host}:{self.settings.port}").rstrip("/")
        signature = self.cancel_signature(row.id)
        return f"{root}/book/{token}/done/{row.id}?s={signature}&lang={row.language}"

    def _contact(self, client: Client, email: str) -> Contact | None:
        """The client's contact who booked (by e-mail address), if they are one."""
        wanted = email.strip().lower()
        for contact in self.workspace.list(Contact, client_id=client.id):
            if (contact.email or "").strip().lower() == wanted:
                return contact
        return None

    def _decision(self, decision_id: int | None) -> str | None:
        if decision_id is None:
            return None
        with self.db.reading() as s:
            return Repositories(s, EVERYTHING).meetings.decision_text(decision_id)

    # --- the booking calendar --------------------------------------------------------------
    def _calendar_source(self) -> CalendarSourceRow | None:
        with self.db.reading() as s:
            repos = Repositories(s, EVERYTHING)
            source_id = repos.bookings.calendar_source_id()
            ref = self.settings.booking_calendar
            if source_id is None and ref:  # the setting, when no command chose one
                source_id = repos.calendars.caldav_source_id(_int(ref), ref)
            if source_id is None:
                return None
            return repos.calendars.detached_source(source_id)

    def set_calendar(self, ref: str | int) -> BookingCalendar:
        """Bookings go into this CalDAV calendar (a calendar added with ``rapport calendars
        add``)."""
        self.calendar_sync.sources()  # owners only
        with self.db.transaction() as s:
            repos = Repositories(s, EVERYTHING)
            row = repos.calendars.caldav_source(_int(ref), str(ref).strip())
            if row is None:
                raise NotFoundError(L_NO_CALENDAR, ref=ref)
            repos.bookings.set_calendar_source(row.id)
            return BookingCalendar(id=row.id, url=row.url)

    # --- listing and cancelling ------------------------------------------------------------
    def bookings(self, *, client_id: int | None = None) -> list[BookingInfo]:
        """The bookings of the clients the caller may see (or of one client), by start."""
        with self.db.reading() as s:
            rows = Repositories(s, self.workspace.actor).bookings.with_client_names(client_id)
            return [_info(row, client) for row, client in rows]

    def cancel(self, booking_id: int) -> BookingInfo:
        """Cancel a booking (the owner): its time is free again, its planned meeting goes."""
        with self.db.reading() as s:
            row = Repositories(s, EVERYTHING).bookings.by_id(booking_id)
            client_id = row.client_id if row is not None else None
        if client_id is None or not self._visible(client_id):
            raise NotFoundError(L_NO_BOOKING, id=booking_id)
        self.workspace.require_write(client_id)
        return self._cancel(booking_id)

    def cancel_by_client(self, client: Client, booking_id: int, signature: str) -> BookingInfo:
        """Cancel from the client's own link (the signature in the cancel address)."""
        if not secret_links.signed(self.settings, cancel_purpose(booking_id), signature):
            raise NotFoundError(L_NO_BOOKING, id=booking_id)
        with self.db.reading() as s:
            row = Repositories(s, EVERYTHING).bookings.by_id(booking_id)
            if row is None or row.client_id != client.id:
                raise NotFoundError(L_NO_BOOKING, id=booking_id)
        return self._cancel(booking_id)

    def cancel_signature(self, booking_id: int) -> str:
        return secret_links.sign(self.settings, cancel_purpose(booking_id))

    def signature_ok(self, booking_id: int, signature: str) -> bool:
        return secret_links.signed(self.settings, cancel_purpose(booking_id), signature)

    def _visible(self, client_id: int) -> bool:
        return any(c.id == client_id for c in self.workspace.list_clients())

    def _cancel(self, booking_id: int) -> BookingInfo:
        with self.db.transaction() as s:
            repos = Repositories(s, EVERYTHING)
            row = repos.bookings.by_id(booking_id)
            if row is None:
                raise NotFoundError(L_NO_BOOKING, id=booking_id)
            if row.status != "cancelled":
                row.status = "cancelled"
                row.cancelled_at = clock()
                repos.bookings.release(row.id)
                if row.interaction_id is not None:
                    repos.interactions.delete_by_id(row.interaction_id)
                    row.interaction_id = None
                if row.agenda_id is not None:  # the planned meeting's agenda goes with it
                    repos.meetings.delete_agenda(row.agenda_id)
                    row.agenda_id = None
            result = _info(row, repos.clients.name_of(row.client_id) or "")
        if row.calendar_href:
            from rapport.services import booking_invite

            source = self._calendar_source()
            try:
                if source is not None:
                    booking_invite.delete_event(self.settings, source, row.calendar_href)
            except Exception as exc:  # the booking is cancelled; the event may stay
                steps = {**result.steps, "calendar_cancel": _one_line(exc)}
                result = replace(result, steps=steps)
        return result


def cancel_purpose(booking_id: int) -> str:
    return f"booking-cancel:{booking_id}"


def _info(row: BookingRow, client: str) -> BookingInfo:
    return BookingInfo(
        id=row.id,
        client_id=row.client_id,
        client=client,
        start=row.start.isoformat(),
        minutes=row.minutes,
        format=row.format,
        name=row.name,
        email=row.email,
        topic=row.topic,
        language=row.language,
        status=row.status,
        created_at=row.created_at.isoformat(),
        interaction_id=row.interaction_id,
        triage_decision_id=row.triage_decision_id,
        agenda_id=row.agenda_id,
        calendar_href=row.calendar_href,
        steps=dict(row.steps or {}),
    )


def _int(ref: str | int) -> int:
    try:
        return int(str(ref).strip())
    except ValueError:
        return -1


def _text(msgid: str) -> str:
    return msgid


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
