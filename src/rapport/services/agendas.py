"""Building agendas for a client and exporting them (Markdown, iCalendar, email text)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rapport import i18n
from rapport.clock import now
from rapport.config import Settings
from rapport.domain.agenda import OPENING_LINE, Agenda, PersonalHistory, Topic, build_agenda
from rapport.domain.model import Client, ClientKind
from rapport.domain.validation import check_language
from rapport.domain.when import parse_when
from rapport.drafts import Draft, DraftInput, duration_text, render, render_template
from rapport.errors import InvalidInputError, NotFoundError
from rapport.jsonable import plain
from rapport.services import client_snapshot
from rapport.services.hours import HoursEffect, HoursService
from rapport.services.sync_reports import AgendaWriteJson
from rapport.services.workspace import WorkspaceService
from rapport.storage.agendas_rows import SavedAgendaRow
from rapport.storage.repositories import Repositories
from rapport.texts import N_, Text

NO_SAVED_AGENDA = N_("no saved agenda with id {id}")

FORMATS = ("video", "call", "in_person")
"""How a planned meeting is held; video adds checkpoints to its agenda."""


LINK_WINDOW = timedelta(hours=12)
"""A logged meeting takes the client's unlinked saved agenda starting closest to it within
this window."""


def link_saved_agenda(
    repos: Repositories, client_id: int, start: datetime, interaction_id: int
) -> None:
    """Link a just-logged meeting to the saved agenda it was planned with (inside the
    logging transaction)."""
    candidates = repos.meetings.unlinked_agendas_near(client_id, start, LINK_WINDOW)
    if candidates:
        best = min(candidates, key=lambda r: (abs(r.start - start), r.id))
        best.interaction_id = interaction_id


def parse_item(text: str) -> Topic:
    """``"Budget review:20"`` -> Topic("Budget review", 20)."""
    title, sep, minutes = text.rpartition(":")
    if (
        not sep
        or not title.strip()
        or not (minutes.strip().isascii() and minutes.strip().isdigit())
        or int(minutes) < 1
    ):
        raise InvalidInputError(
            N_('--item {text}: use TITLE:MINUTES with whole minutes, e.g. "Budget review:20"'),
            text=repr(text),
        )
    return Topic(title.strip(), int(minutes))


def total_text(minutes: int, lang: str) -> str:
    """The agenda's length as the opening line and the email state it: always in minutes
    ("60 minutes"), so both say the same number as the agenda's total."""
    return duration_text(minutes, lang, hours=False)


def localise(text: Text, lang: str) -> str:
    return i18n.render(text, lang, "meetings")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A question at a minute offset inside an agenda item (video meetings)."""

    at_min: int
    meeting_min: int
    """Minutes from the start of the meeting."""
    question: str
    question_en: str


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One item of a built agenda, its title in the agenda's language and in English."""

    title: str
    title_en: str
    minutes: int
    kind: str
    start_min: int
    checkpoints: tuple[Checkpoint, ...]


@dataclass(frozen=True, slots=True)
class CutTopic:
    """A topic that did not fit the slot."""

    title: str
    minutes: int


@dataclass(frozen=True, slots=True)
class AgendaSheet:
    """A built agenda as `rapport agenda --json` and the API show it."""

    client: str
    language: str
    items: tuple[AgendaLine, ...]
    total_min: int
    opening_line: str
    time_box_min: int
    personal_min: int
    personal_budget: float
    video: bool
    slot_min: int | None
    start: str | None
    boundary_reset: bool
    boundary_reset_text: str | None
    warnings: tuple[str, ...]
    warnings_local: tuple[str, ...]
    cut: tuple[CutTopic, ...]
    hours: HoursEffect | None


@dataclass(slots=True)
class AgendaView:
    """An agenda for one client, with its texts in the chosen language."""

    client: Client
    language: str
    agenda: Agenda
    start: datetime | None
    opening_line: str
    boundary_reset_text: str | None
    hours: HoursEffect | None = None
    """The week's and the client's month's meeting hours and what this meeting would make
    of them (rapport.services.hours; for the user, never in what the client sees)."""

    def items(self) -> tuple[AgendaLine, ...]:
        return tuple(
            AgendaLine(
                title=localise(item.title, self.language),
                title_en=item.title.english,
                minutes=item.minutes,
                kind=item.kind.value,
                start_min=item.start_min,
                checkpoints=tuple(
                    Checkpoint(
                        at_min=c.at_min,
                        meeting_min=item.start_min + c.at_min,
                        question=localise(c.question, self.language),
                        question_en=c.question.english,
                    )
                    for c in item.checkpoints
                ),
            )
            for item in self.agenda.items
        )

    def as_json(self) -> AgendaSheet:
        """The agenda as its JSON shows it (``plain()`` of it)."""
        return AgendaSheet(
            client=self.client.name,
            language=self.language,
            items=self.items(),
            total_min=self.agenda.total_min,
            opening_line=self.opening_line,
            time_box_min=self.agenda.time_box_min,
            personal_min=self.agenda.personal_min,
            personal_budget=self.client.personal_budget,
            video=self.agenda.video,
            slot_min=self.agenda.slot_min,
            start=self.start.isoformat() if self.start else None,
            boundary_reset=self.agenda.boundary_reset,
            boundary_reset_text=self.boundary_reset_text,
            warnings=tuple(w.english for w in self.agenda.warnings),
            warnings_local=tuple(localise(w, self.language) for w in self.agenda.warnings),
            cut=tuple(CutTopic(t.title, t.minutes) for t in self.agenda.cut),
            hours=self.hours,
        )


@dataclass(frozen=True, slots=True)
class SavedAgenda:
    """An agenda stored for one planned meeting."""

    id: int
    client_id: int
    client: str
    start: datetime
    format: str
    slot_min: int | None
    topics: list[dict[str, Any]]
    """As stored: ``{"title", "minutes"}`` per topic."""
    items: list[dict[str, Any]]
    """As stored: the JSON of :class:`AgendaLine` per item."""
    total_min: int
    opening_line: str
    language: str
    created_at: datetime
    interaction_id: int | None
    calendar: AgendaWriteJson | None = None
    """Set when the agenda was written into its meeting's calendar event (or that failed):
    rapport.services.calendar_writeback."""

    def item_lines(self) -> str:
        """The topics as the agenda builder reads them ("title: minutes" per line)."""
        return "\n".join(f"{t['title']}: {t['minutes']}" for t in self.topics)


WriteBack = Callable[[Any, Settings, SavedAgenda], "AgendaWriteJson | None"]


class AgendaService:
    def __init__(
        self, workspace: WorkspaceService, settings: Settings, write_back: WriteBack | None = None
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.write_back = write_back
        """Writes a saved agenda into its meeting's calendar event (calendars that take
        agendas; docs/integrations.md)."""

    def build(
        self,
        client_ref: str | int,
        topics: list[Topic],
        *,
        video: bool = False,
        slot_min: int | None = None,
        start: str | None = None,
        language: str | None = None,
        meters_language: str | None = None,
    ) -> AgendaView:
        client = self.workspace.find_client(client_ref)
        assert client.id is not None
        lang = check_language(language) if language else client.language
        when = parse_when(start, client.timezone).at if start else None
        if slot_min is not None and slot_min < 1:
            raise InvalidInputError(N_("--slot must be at least 1 minute"))
        snapshot = client_snapshot.load(
            self.workspace,
            client,
            when or now(),
            meetings=self.settings.boundary_recent_meetings,
            promises=False,
        )
        history = snapshot.personal_history(self.settings.boundary_recent_meetings)
        try:
            agenda = build_agenda(
                topics,
                personal_budget=client.personal_budget,
                video=video,
                slot_min=slot_min,
                history=history,
                slack_ratio=self.settings.meeting_slack_ratio,
                slack_min=self.settings.meeting_slack_min,
            )
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        opening = localise(
            Text(OPENING_LINE, {"duration": total_text(agenda.total_min, lang)}), lang
        )
        reset_text = None
        if agenda.boundary_reset:
            contact = snapshot.contact
            reset = render(
                "boundary_reset",
                lang,
                DraftInput(
                    client_name=client.name,
                    contact_name=contact.name if contact else None,
                    company=client.kind is ClientKind.ORGANISATION,
                    minutes=agenda.time_box_min,
                ),
            )
            reset_text = reset.body
        hours = HoursService(self.workspace, self.settings).effect_json(
            client,
            when or now(),
            agenda.time_box_min,
            meters_language or self.settings.language,
        )
        return AgendaView(client, lang, agenda, when, opening, reset_text, hours)

    def personal_history(self, client: Client, before: datetime) -> PersonalHistory | None:
        """Personal talk in the client's recent meetings, and whether a reset was said since."""
        count = self.settings.boundary_recent_meetings
        snapshot = client_snapshot.load(
            self.workspace, client, before, meetings=count, promises=False
        )
        return snapshot.personal_history(count)

    # --- saved agendas -----------------------------------------------------------------
    # A saved agenda belongs to its client: whoever may see the client sees it, whoever
    # may change the client saves and deletes it (rapport.policy.access); any other
    # account gets the same 404 as for an agenda that does not exist.
    def save(self, view: AgendaView, topics: list[Topic], meeting_format: str) -> SavedAgenda:
        """Store a built agenda for its planned meeting (it needs a start)."""
        if view.start is None:
            raise InvalidInputError("saving an agenda needs --start (when the meeting begins)")
        if meeting_format not in FORMATS:
            raise InvalidInputError(
                "format {format}: use one of {formats}",
                format=repr(meeting_format),
                formats=", ".join(FORMATS),
            )
        assert view.client.id is not None
        row = SavedAgendaRow(
            client_id=view.client.id,
            start=view.start,
            format=meeting_format,
            slot_min=view.agenda.slot_min,
            topics=[{"title": t.title, "minutes": t.minutes} for t in topics],
            items=plain(view.items()),
            total_min=view.agenda.total_min,
            opening_line=view.opening_line,
            language=view.language,
            created_at=now(),
            interaction_id=None,
        )
        with self.workspace.db.transaction() as s:
            self.workspace.actor.check_write(
                s, view.client.id, f"no client with id {view.client.id}"
            )
            repos = Repositories(s, self.workspace.actor)
            repos.meetings.add_agenda(row)
            repos.flush()
            saved = self._saved(row, view.client.name)
        if self.write_back is not None:
            written = self.write_back(self.workspace.db, self.settings, saved)
            if written is not None:
                saved = replace(saved, calendar=written)
        return saved

    def saved(self, day: date | None = None, zone: str | None = None) -> list[SavedAgenda]:
        """Saved agendas by start; with ``day``, those starting on it in ``zone`` (your
        time zone by default)."""
        begin = end = None
        if day is not None:
            tz = ZoneInfo(zone or self.settings.timezone)
            begin = datetime.combine(day, time(), tz)
            end = datetime.combine(day + timedelta(days=1), time(), tz)
        with self.workspace.db.reading() as s:
            repos = Repositories(s, self.workspace.actor)
            rows = repos.meetings.agendas(begin, end)
            names = repos.clients.names_of({r.client_id for r in rows})
            return [self._saved(r, names.get(r.client_id, "")) for r in rows]

    def get_saved(self, agenda_id: int) -> SavedAgenda:
        with self.workspace.db.reading() as s:
            repos = Repositories(s, self.workspace.actor)
            row = self._row(repos, agenda_id)
            return self._saved(row, repos.clients.names_of({row.client_id}).get(row.client_id, ""))

    def delete_saved(self, agenda_id: int) -> None:
        with self.workspace.db.transaction() as s:
            repos = Repositories(s, self.workspace.actor)
            repos.meetings.delete_agenda(self._row(repos, agenda_id, write=True).id)

    def _row(self, repos: Repositories, agenda_id: int, *, write: bool = False) -> SavedAgendaRow:
        """The saved agenda, if this actor may see it (and change it, with ``write``)."""
        s = repos.session
        row = repos.meetings.agenda(agenda_id)
        if row is None:
            raise NotFoundError(NO_SAVED_AGENDA, id=agenda_id)
        hidden = NotFoundError(NO_SAVED_AGENDA, id=agenda_id)
        try:
            if write:
                self.workspace.actor.check_write(s, row.client_id, hidden.message)
            else:
                self.workspace.actor.check_read(s, row.client_id, hidden.message)
        except NotFoundError:
            raise hidden from None
        return row

    @staticmethod
    def _saved(row: SavedAgendaRow, client: str) -> SavedAgenda:
        return SavedAgenda(
            id=row.id,
            client_id=row.client_id,
            client=client,
            start=row.start,
            format=row.format,
            slot_min=row.slot_min,
            topics=list(row.topics),
            items=list(row.items),
            total_min=row.total_min,
            opening_line=row.opening_line,
            language=row.language,
            created_at=row.created_at,
            interaction_id=row.interaction_id,
        )

    # --- exports -----------------------------------------------------------------------
    def markdown(self, view: AgendaView) -> str:
        lang = view.language
        email = self.email(view)
        lines = [f"# {email.subject}", ""]
        if view.start:
            lines += [f"{_when(view, lang)}", ""]
        lines += [f"> {view.opening_line}", ""]
        if view.boundary_reset_text:
            lines += [
                f"> {line}" if line else ">" for line in view.boundary_reset_text.splitlines()
            ]
            lines.append("")
        for item in view.items():
            clock = _clock(view, item.start_min)
            length = duration_text(item.minutes, lang)
            lines.append(f"- **{clock}** {item.title} ({length})")
            for checkpoint in item.checkpoints:
                lines.append(f"  - +{checkpoint.at_min}′ {checkpoint.question}")
        lines.append("")
        for warning in view.as_json().warnings_local:
            lines.append(f"> ⚠ {warning}")
        return "\n".join(lines).rstrip() + "\n"

    def email(self, view: AgendaView) -> Draft:
        """The agenda as a message to the client: the business items, one line each, and
        the total the opening line states (checkpoints are for you and never appear)."""
        lang = view.language
        contact = client_snapshot.main_contact(self.workspace, view.client.id or 0)
        entries = [
            {"item": item.title, "length": duration_text(item.minutes, lang)}
            for item in view.items()
            if item.kind == "business"
        ]
        from rapport.services.drafting import letter_frame

        text = render_template(
            "agenda_email.jinja",
            lang,
            **letter_frame(view.client, contact, lang, self.settings),
            when=_when(view, lang) if view.start else "",
            items=entries,
            length=total_text(view.agenda.total_min, lang),
        )
        subject, _, body = text.partition("\n")
        return Draft(
            kind="agenda",
            language=lang,
            subject=subject.strip(),
            body=body.strip() + "\n",
            to=view.client.email or (contact.email if contact else None),
            to_name=contact.name if contact else view.client.name,
        )

    def ics(self, view: AgendaView) -> bytes:
        """An iCalendar event with the agenda in its description."""
        import icalendar

        if view.start is None:
            raise InvalidInputError(N_("an .ics event needs --start (when the meeting begins)"))
        email = self.email(view)
        event = icalendar.Event()
        event.add("uid", f"agenda-{view.client.id}-{view.start.strftime('%Y%m%dT%H%M%SZ')}@rapport")
        event.add("dtstamp", now())
        event.add("dtstart", view.start)
        event.add("dtend", view.start + timedelta(minutes=view.agenda.time_box_min))
        event.add("summary", email.subject)
        event.add("description", self.markdown(view))
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Rapport//agenda//EN")
        calendar.add("version", "2.0")
        calendar.add_component(event)
        data: bytes = calendar.to_ical()
        return data


def _when(view: AgendaView, lang: str) -> str:
    from rapport.drafts import datetime_text

    assert view.start is not None
    return datetime_text(view.start, lang, view.client.timezone)


def _clock(view: AgendaView, start_min: int) -> str:
    if view.start is None:
        return f"+{start_min}′"
    local = (view.start + timedelta(minutes=start_min)).astimezone(ZoneInfo(view.client.timezone))
    return local.strftime("%H:%M")
