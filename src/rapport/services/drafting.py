"""Drafting messages for a client: fills the templates from the workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rapport.config import Settings
from rapport.domain.model import Client, Commitment, CommitmentStatus
from rapport.domain.validation import check_language
from rapport.drafts import (
    BriefingInput,
    Draft,
    DraftError,
    DraftInput,
    Promise,
    render,
    render_briefing,
    to_eml,
)
from rapport.errors import N_, InvalidInputError, NotFoundError
from rapport.services import meeting_context
from rapport.services.when import now, parse_day, parse_when
from rapport.services.workspace import WorkspaceService


@dataclass(slots=True)
class DraftOptions:
    """What the user may add to a draft (CLI flags, API fields); dates as typed."""

    language: str | None = None
    start: str | None = None
    minutes: int | None = None
    new_date: str | None = None
    commitment_id: int | None = None
    colleague: str | None = None
    reason: str | None = None
    topic: str | None = None
    group: bool = False
    reply_by: str | None = None
    purpose: str = ""
    agenda: list[tuple[str, int]] = field(default_factory=list)
    answers: str = ""
    briefing_language: str | None = None
    """The language of a delegate's briefing (default: Settings ``language``)."""


class DraftService:
    def __init__(self, workspace: WorkspaceService, settings: Settings) -> None:
        self.workspace = workspace
        self.settings = settings

    def draft(self, kind: str, client_ref: str | int, options: DraftOptions) -> Draft:
        """The ``kind`` draft for a client, in ``options.language`` or the client's own."""
        client = self.workspace.find_client(client_ref)
        return self.draft_for(kind, client, options)

    def draft_for(self, kind: str, client: Client, options: DraftOptions) -> Draft:
        assert client.id is not None
        lang = check_language(options.language) if options.language else client.language
        zone = client.timezone
        start = parse_when(options.start, zone).at if options.start else None
        new_date = (
            parse_when(options.new_date, zone, end_of_day=True).at if options.new_date else None
        )
        if options.minutes is not None and options.minutes < 1:
            raise InvalidInputError(N_("--minutes must be at least 1"))
        promise = self._promise(kind, client, options.commitment_id)
        notes: list[str] = []
        minutes = options.minutes
        if kind == "boundary_reset" and minutes is None:
            minutes = self._usual_length(client)
            notes.append(f"time box assumed: {minutes} minutes (give --minutes to change it)")
        if kind == "early_notice" and new_date is None and promise is not None:
            new_date = promise.due_at + timedelta(days=7)
            notes.append(
                f"new date assumed: a week after the promised {promise.due_at.date()} "
                "(give --new-date)"
            )
        if kind == "deviation" and not options.reason:
            notes.append("no --reason given: the draft gives a general one; say the real reason")
        reply_by = (
            parse_day(options.reply_by)
            if options.reply_by
            else now().astimezone(ZoneInfo(zone)).date() + timedelta(days=2)
        )
        contact = meeting_context.main_contact(self.workspace, client.id)
        colleague = options.colleague or client.owner_colleague
        data = DraftInput(
            client_name=client.name,
            contact_name=contact.name if contact else None,
            to_email=client.email or (contact.email if contact else None),
            me=self.settings.me,
            timezone=zone,
            start=start,
            minutes=minutes,
            new_date=new_date,
            promise=promise,
            colleague=colleague,
            reason=options.reason,
            topic=options.topic,
            group=options.group,
            reply_by=reply_by,
        )
        try:
            draft = render(kind, lang, data)
        except DraftError as exc:
            raise InvalidInputError(str(exc)) from None
        if kind == "delegate":
            draft.extra["briefing"] = self.briefing(client, options, start)
        if notes:
            draft.extra["notes"] = notes
        return draft

    def _usual_length(self, client: Client) -> int:
        """The client's usual meeting length: the median of the last three, else an hour."""
        assert client.id is not None
        recent = meeting_context.recent_meetings(self.workspace, client.id, now(), 3)
        lengths = sorted(m.duration_min for m in recent if m.duration_min > 0)
        return lengths[len(lengths) // 2] if lengths else 60

    def briefing(self, client: Client, options: DraftOptions, start: datetime | None) -> str:
        """The colleague's briefing, in your own language (Settings ``language``)."""
        assert client.id is not None
        today = now().astimezone(ZoneInfo(client.timezone)).date()
        standing = meeting_context.standing(self.workspace, client, (start or now()).date())
        contact = meeting_context.main_contact(self.workspace, client.id)
        promises = [
            Promise(c.text, c.due_at)
            for c in meeting_context.open_commitments(self.workspace, client.id)
        ]
        return render_briefing(
            check_language(options.briefing_language or self.settings.language),
            BriefingInput(
                client_name=client.name,
                tier=standing.tier.value,
                revenue_share=standing.revenue_share,
                client_language=client.language,
                timezone=client.timezone,
                contact_name=contact.name if contact else None,
                start=start,
                minutes=options.minutes,
                purpose=options.purpose,
                agenda=options.agenda,
                promises=promises,
                answers=options.answers,
                answer_by=_next_working_day(today),
            ),
        )

    def _promise(self, kind: str, client: Client, commitment_id: int | None) -> Promise | None:
        if kind != "early_notice":
            return None
        if commitment_id is None:
            open_ones = [
                c
                for c in self.workspace.list(Commitment, client_id=client.id)
                if c.status is CommitmentStatus.OPEN
            ]
            if not open_ones:
                raise InvalidInputError(
                    N_("an early_notice draft needs --commitment: {client} has no open promise"),
                    client=client.name,
                )
            chosen = open_ones[0]
        else:
            chosen = self.workspace.get(Commitment, commitment_id)
            if chosen.client_id != client.id:
                raise NotFoundError(
                    N_("commitment {id} is not a promise to {client}"),
                    id=commitment_id,
                    client=client.name,
                )
        return Promise(chosen.text, chosen.due_at)

    def eml(self, draft: Draft) -> bytes:
        return to_eml(draft, sender_name=self.settings.me, sender_email=self.settings.my_email)


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
