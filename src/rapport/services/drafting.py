"""Drafting messages for a client: fills the templates from the workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rapport.clock import now
from rapport.config import Settings
from rapport.domain import addressing
from rapport.domain import draft_kinds as registry
from rapport.domain.model import Client, ClientKind, Commitment, Contact
from rapport.domain.validation import check_language
from rapport.domain.when import parse_day, parse_when
from rapport.drafts import (
    BriefingInput,
    Draft,
    DraftError,
    DraftInput,
    Promise,
    letters,
    render,
    render_briefing,
    to_eml,
)
from rapport.drafts.letters import Reader, Writer
from rapport.errors import InvalidInputError, NotFoundError
from rapport.services import client_snapshot
from rapport.services.client_snapshot import ClientSnapshot
from rapport.services.workspace import WorkspaceService
from rapport.texts import N_, Text

if TYPE_CHECKING:
    from rapport.services.profile import ProfileService


@dataclass(frozen=True, slots=True)
class Addressing:
    """How drafts address one contact: in ``language``, ``choice`` (form and name), the
    greeting it gives; ``chosen``: set by the user (else derived)."""

    language: str
    choice: addressing.AddressChoice
    greeting: str
    chosen: bool


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
    slots: list[str] = field(default_factory=list)
    """Alternative times a reschedule offers (as typed, in the client's zone)."""
    next_date: str | None = None
    """The next meeting a wrap_up proposes (default: ``new_date``)."""


class DraftService:
    def __init__(
        self,
        workspace: WorkspaceService,
        settings: Settings,
        profile: ProfileService | None = None,
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.profile = profile

    def draft(self, kind: str, client_ref: str | int, options: DraftOptions) -> Draft:
        """The ``kind`` draft for a client, in ``options.language`` or the client's own."""
        client = self.workspace.find_client(client_ref)
        return self.draft_for(kind, client, options)

    def draft_for(
        self,
        kind: str,
        client: Client,
        options: DraftOptions,
        *,
        snapshot: ClientSnapshot | None = None,
    ) -> Draft:
        """The draft; ``snapshot`` is the client as the calling use case already read it
        (triage), else it is read here, once."""
        assert client.id is not None
        if self.profile is not None:
            self.profile.refresh()  # another worker may have changed the settings
        lang = check_language(options.language) if options.language else client.language
        zone = client.timezone
        moment = now()
        today = moment.astimezone(ZoneInfo(zone)).date()
        start = parse_when(options.start, zone).at if options.start else None
        new_date = (
            parse_when(options.new_date, zone, end_of_day=True).at if options.new_date else None
        )
        if new_date is not None and new_date.astimezone(ZoneInfo(zone)).date() < today:
            raise InvalidInputError(
                N_("--new-date {date} is in the past: give today or a later date"),
                date=new_date.astimezone(ZoneInfo(zone)).date().isoformat(),
            )
        slots = [parse_when(text, zone).at for text in options.slots]
        for text, slot in zip(options.slots, slots, strict=True):
            if slot <= moment:
                raise InvalidInputError(
                    N_("--slot {slot} is in the past: give a later time"), slot=text
                )
        next_text = options.next_date or (options.new_date if kind == "wrap_up" else None)
        next_date = parse_when(next_text, zone).at if next_text else None
        if (
            kind == "wrap_up"
            and next_date is not None
            and start is not None
            and next_date.astimezone(ZoneInfo(zone)).date()
            <= start.astimezone(ZoneInfo(zone)).date()
        ):
            raise InvalidInputError(
                N_("the next meeting ({date}) must come after this one ({start})"),
                date=next_date.astimezone(ZoneInfo(zone)).date().isoformat(),
                start=start.astimezone(ZoneInfo(zone)).date().isoformat(),
            )
        if options.minutes is not None and options.minutes < 1:
            raise InvalidInputError(N_("--minutes must be at least 1"))
        snap = snapshot or client_snapshot.load(self.workspace, client, start or moment)
        promise = self._promise(kind, snap, options.commitment_id)
        notes: list[Text] = []
        minutes = options.minutes
        if kind == "boundary_reset" and minutes is None:
            minutes = self._usual_length(client)
            notes.append(
                Text(
                    N_("time box assumed: {minutes} minutes (give --minutes)"), {"minutes": minutes}
                )
            )
        if kind == "early_notice" and new_date is None and promise is not None:
            new_date = promised_again(promise.due_at, moment, zone)
            if promise.due_at < moment:
                notes.append(
                    Text(
                        N_(
                            "the promise was due {due}: the draft apologises and proposes "
                            "{date} (give --new-date)"
                        ),
                        {
                            "due": promise.due_at.astimezone(ZoneInfo(zone)).date(),
                            "date": new_date.date(),
                        },
                    )
                )
            else:
                notes.append(
                    Text(
                        N_("new date assumed: a week after the promised {due} (give --new-date)"),
                        {"due": promise.due_at.astimezone(ZoneInfo(zone)).date()},
                    )
                )
        if not self.settings.me.strip():
            from rapport.services.profile import NAME_UNSET

            notes.append(Text(NAME_UNSET))
        if kind in ("check_in", "feedback"):
            late = [c for c in snap.open_commitments if c.due_at < moment]
            if late:
                notes.append(
                    Text(
                        N_(
                            "{client} is still waiting for a promise that is overdue "
                            "(commitment {id}): apologise and re-commit first "
                            "(`rapport commitment recommit {id} --new-due DATE`)"
                        ),
                        {"client": client.name, "id": late[0].id},
                    )
                )
        if kind == "deviation" and not options.reason:
            notes.append(
                Text(N_("no --reason given: the draft gives a general one; say the real reason"))
            )
        reply_by = parse_day(options.reply_by) if options.reply_by else today + timedelta(days=2)
        contact = snap.contact
        colleague = options.colleague or client.owner_colleague
        company = client.kind is ClientKind.ORGANISATION
        person, address = addressee(client, contact, lang)
        if address is not None and address.guessed and kind not in registry.spoken():
            notes.append(
                Text(
                    N_(
                        "form of address guessed for {name}: {form} "
                        "(see `rapport contacts address`)"
                    ),
                    {"name": person, "form": address.form},
                )
            )
        s = self.settings
        data = DraftInput(
            client_name=client.name,
            contact_name=contact.name if contact else None,
            to_email=client.email or (contact.email if contact else None),
            me=s.me,
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
            company=company,
            address=address,
            writer=Writer(
                name=s.me.strip(),
                title=s.title.strip(),
                company=s.company.strip(),
                signature=s.signature(lang),
            ),
            writer_timezone=s.timezone,
            region=client_region(client, lang),
            now=moment,
            agenda=options.agenda,
            slots=slots,
            next_date=next_date,
        )
        try:
            draft = render(kind, lang, data)
        except DraftError as exc:
            raise InvalidInputError(str(exc)) from None
        if kind == "delegate":
            draft.extra["briefing"] = self.briefing(snap, options, start)
        if notes:
            draft.extra["notes"] = notes
        return draft

    def address_of(self, contact: Contact, client: Client) -> Addressing:
        """How drafts address ``contact``: the form (chosen or derived) and the greeting."""
        company = client.kind is ClientKind.ORGANISATION
        _person, choice = addressee(client, contact, client.language)
        assert choice is not None  # a contact always has a name to address
        reader = Reader(client.name, company, contact.name, choice)
        greeting = letters.greeting(client.language, reader).replace("\n", " ")
        chosen = contact.address_form in addressing.forms_for(client.language)
        return Addressing(client.language, choice, greeting, chosen and not choice.guessed)

    def _usual_length(self, client: Client) -> int:
        """The client's usual meeting length: the median of the last three, else an hour."""
        assert client.id is not None
        recent = client_snapshot.load(
            self.workspace, client, now(), meetings=3, promises=False
        ).recent(3)
        lengths = sorted(m.duration_min for m in recent if m.duration_min > 0)
        return lengths[len(lengths) // 2] if lengths else 60

    def briefing(
        self, snapshot: ClientSnapshot, options: DraftOptions, start: datetime | None
    ) -> str:
        """The colleague's briefing, in your own language (Settings ``language``)."""
        client = snapshot.client
        assert client.id is not None
        zone = client.timezone
        today = now().astimezone(ZoneInfo(zone)).date()
        meeting_day = start.astimezone(ZoneInfo(zone)).date() if start else today
        day = (start or now()).date()
        standing = snapshot.standing
        if standing is None or snapshot.at.date() != day:
            standing = client_snapshot.standing_of(self.workspace, client, day)
        contact = snapshot.contact
        promises = [Promise(c.text, c.due_at) for c in snapshot.open_commitments]
        address = (
            addressing.resolve(
                contact.name,
                client.language,
                company=client.kind is ClientKind.ORGANISATION,
                form=contact.address_form,
                address_name=contact.address_name,
                job_title=contact.title,
            )
            if contact
            else None
        )
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
                answer_by=_next_working_day(max(meeting_day, today)),
                writer_timezone=self.settings.timezone,
                colleague=options.colleague or client.owner_colleague,
                contact_address=(
                    letters.spoken_name(client.language, address) if address else None
                ),
            ),
        )

    def _promise(
        self, kind: str, snapshot: ClientSnapshot, commitment_id: int | None
    ) -> Promise | None:
        """The promise an early_notice is about (the given one, else the first open one),
        or the one a deviation moves (only when given)."""
        client = snapshot.client
        if kind not in ("early_notice", "deviation") or (
            kind == "deviation" and commitment_id is None
        ):
            return None
        if commitment_id is None:
            open_ones = snapshot.open_commitments
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


def addressee(
    client: Client, contact: Contact | None, lang: str
) -> tuple[str | None, addressing.AddressChoice | None]:
    """Who a letter to ``client`` is addressed to (its ``contact``, else a private client
    by name; a company without a contact: nobody by name) and how, in ``lang``."""
    company = client.kind is ClientKind.ORGANISATION
    person = contact.name if contact else (None if company else client.name)
    if not person:
        return None, None
    return person, addressing.resolve(
        person,
        lang,
        company=company,
        form=contact.address_form if contact else None,
        address_name=contact.address_name if contact else None,
        job_title=contact.title if contact else None,
    )


def letter_frame(
    client: Client, contact: Contact | None, lang: str, settings: Settings
) -> dict[str, str]:
    """Greeting, opening, closing, signature and pronouns of a letter to ``client`` (its
    ``contact``, addressed as set for them) signed with the profile: for templates rendered
    with :func:`rapport.drafts.render_template` (the agenda email)."""
    company = client.kind is ClientKind.ORGANISATION
    _person, address = addressee(client, contact, lang)
    reader = Reader(client.name, company, contact.name if contact else None, address)
    writer = Writer(
        name=settings.me.strip(),
        title=settings.title.strip(),
        company=settings.company.strip(),
        signature=settings.signature(lang),
    )
    return {
        "greeting": letters.greeting(lang, reader),
        "opening": letters.opening(lang, writer),
        "closing": letters.closing(lang, reader),
        "signature": letters.signature(lang, writer),
        **letters.pronouns(lang, reader),
    }


def promised_again(due: datetime, moment: datetime, zone: str) -> datetime:
    """The new date an early notice proposes when none is given: a week after the promised
    date, or, for a promise already overdue, three working days from today (never a date
    in the past), at the end of that day in the client's zone."""
    tz = ZoneInfo(zone)
    if due + timedelta(days=7) > moment and due >= moment:
        day = (due + timedelta(days=7)).astimezone(tz).date()
    else:
        day = moment.astimezone(tz).date()
        for _ in range(3):
            day = _next_working_day(day)
    return datetime.combine(day, time(17, 0), tzinfo=tz)


def client_region(client: Client, lang: str) -> str | None:
    """ "US" for an English-language client in a US time zone (month-first dates)."""
    us = (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Phoenix",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Detroit",
    )
    return (
        "US"
        if lang == "en" and (client.timezone in us or client.timezone.startswith("US/"))
        else None
    )


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
