"""Meeting-request triage as a use case: read the request, gather the client's context from
the workspace, apply the rules (``rapport.domain.triage``), draft the reply, store the
decision so it can be looked up later."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rapport import i18n
from rapport.clock import now
from rapport.config import Settings
from rapport.domain.hours import month_bounds, week_bounds
from rapport.domain.model import Client
from rapport.domain.triage import (
    AgendaEntry,
    ChangeReason,
    Decision,
    MeetingFormat,
    MeetingRequest,
    Organizer,
    Recommendation,
    TriageContext,
    TriageRules,
    triage,
)
from rapport.domain.when import parse_when
from rapport.errors import InvalidInputError
from rapport.services import client_snapshot
from rapport.services.client_snapshot import ClientSnapshot
from rapport.services.drafting import DraftOptions, DraftService
from rapport.services.hours import HoursEffect, HoursService, meeting_minutes
from rapport.services.workspace import WorkspaceService
from rapport.storage.meetings_rows import TriageDecisionRow
from rapport.storage.repositories import Repositories
from rapport.texts import N_, Text

DRAFT_KIND: dict[Decision, str] = {
    Decision.SHORTEN: "shorten",
    Decision.CALL: "call",
    Decision.EMAIL: "email",
    Decision.DELEGATE: "delegate",
    Decision.RESCHEDULE: "reschedule",
}


class AgendaEntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item: str = Field(min_length=1)
    minutes: int = Field(ge=1, le=24 * 60)


class TriageRequestIn(BaseModel):
    """A meeting request, as a JSON file (`rapport triage --request`) or an API body."""

    model_config = ConfigDict(extra="forbid")

    client: str = Field(min_length=1, description="Client name or id.")
    start: str = Field(min_length=1, description="ISO datetime; no zone = the client's.")
    duration_min: int = Field(ge=1, le=24 * 60)
    format: MeetingFormat
    purpose: str = ""
    agenda: list[AgendaEntryIn] = Field(default_factory=list)
    organizer: Organizer = Organizer.CLIENT
    essential: bool = True
    travel_min: int = Field(default=0, ge=0, le=24 * 60)
    reason: ChangeReason = ChangeReason.NONE
    writable: bool | None = Field(default=None, description="Can it be handled in writing?")
    client_flexible: bool | None = Field(default=None, description="Is the client flexible?")
    colleague: str | None = Field(default=None, description="Who could attend instead.")
    my_answers: str = Field(default="", description="What you would answer (for a briefing).")

    @field_validator("start")
    @classmethod
    def _iso_datetime(cls, value: str) -> str:
        from dateutil.parser import isoparse

        try:
            isoparse(value.strip())
        except ValueError:
            raise ValueError(f"not an ISO datetime: {value!r} (e.g. 2026-12-01T14:00)") from None
        return value.strip()


def read_request(path: Path) -> TriageRequestIn:
    """Read a request file; any problem is one line naming the file and the field."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError(N_("{path}: no such file"), path=path) from None
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            N_("{path}: not valid JSON (line {line}: {reason})"),
            path=path,
            line=exc.lineno,
            reason=exc.msg,
        ) from None
    return parse_request(raw, str(path))


def parse_request(raw: Any, source: str = "request") -> TriageRequestIn:
    if not isinstance(raw, dict):
        raise InvalidInputError(
            N_("{source}: expected a JSON object with the request fields"), source=source
        )
    try:
        return TriageRequestIn.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(request)"
        raise InvalidInputError(
            N_("{source}: field {field}: {reason}"),
            source=source,
            field=repr(where),
            reason=first["msg"],
        ) from None


def localised(texts: list[Text], lang: str) -> list[str]:
    """The reasons in ``lang``, their numbers written the way ``lang`` writes them."""
    return [i18n.render(_local_numbers(t, lang), lang, "meetings") for t in texts]


_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)(%?)$")


def _local_number(value: str, lang: str) -> str:
    """``"7.5"`` → ``"7,5"`` and ``"40%"`` → ``"40 %"`` where ``lang`` writes them so."""
    from babel.numbers import format_decimal, format_percent

    from rapport.i18n import babel_locale

    found = _NUMBER.match(value)
    if not found or lang == "en":
        return value
    number, percent = found.groups()
    if percent:
        return format_percent(float(number) / 100, locale=babel_locale(lang))
    return format_decimal(float(number), locale=babel_locale(lang))


def _local_numbers(text: Text, lang: str) -> Text:
    return Text(
        text.template,
        {
            key: _local_numbers(value, lang)
            if isinstance(value, Text)
            else _local_number(value, lang)
            if isinstance(value, str)
            else value
            for key, value in text.params.items()
        },
    )


@cache
def _reason_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each reason template as a pattern that reads its values back from the English text."""
    from rapport.domain import triage as rules

    patterns = []
    for name in dir(rules):
        msgid = getattr(rules, name)
        if name[:2] in ("R_", "D_") and isinstance(msgid, str):
            parts = re.split(r"\{(\w+)\}", msgid)
            regex = "".join(
                f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts)
            )
            try:
                patterns.append((re.compile(f"^{regex}$", re.DOTALL), msgid))
            except re.error:  # a placeholder used twice: such a text stays as stored
                continue
    return patterns


def relocalised(english: str, lang: str) -> str:
    """A stored English reason in ``lang`` (read back against the reason templates; a text
    that matches none stays as stored)."""
    if lang == "en":
        return english
    for pattern, msgid in _reason_patterns():
        found = pattern.match(english)
        if found:
            return localised([Text(msgid, dict(found.groupdict()))], lang)[0]
    return english


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """The reply drafted with a stored decision, as stored."""

    language: str | None
    subject: str | None
    body: str


@dataclass(frozen=True, slots=True)
class ReplyDraft:
    """The reply drafted for a decision just taken."""

    kind: str
    language: str
    subject: str
    body: str
    to: str | None


@dataclass(frozen=True, slots=True)
class LocalReasons:
    """The reasons of a decision in one language."""

    language: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TriageDecision:
    """A stored triage decision (`rapport triage --history --json`, GET /api/triage);
    ``context`` and ``request`` as stored."""

    id: int
    client: str
    decided_at: str
    start: str
    duration_min: int
    decision: str
    minutes: int | None
    needed_min: int | None
    reasons: tuple[str, ...]
    draft: StoredDraft | None
    briefing: str | None
    context: dict[str, Any]
    request: dict[str, Any]


@dataclass(frozen=True, slots=True)
class TriageOutcome:
    """A decision just taken and stored (`rapport triage --json`, POST /api/triage): the
    stored decision with its reasons in one language, the reply drafted and the hours."""

    id: int
    client: str
    decided_at: str
    start: str
    duration_min: int
    decision: str
    minutes: int | None
    needed_min: int | None
    reasons: tuple[str, ...]
    draft: ReplyDraft | None
    briefing: str | None
    context: dict[str, Any]
    request: dict[str, Any]
    reasons_local: LocalReasons
    hours: HoursEffect
    """The hours already spent against the caps, and what this meeting would make of them."""


class TriageService:
    def __init__(
        self, workspace: WorkspaceService, drafts: DraftService, settings: Settings
    ) -> None:
        self.workspace = workspace
        self.drafts = drafts
        self.settings = settings

    def rules(self) -> TriageRules:
        s = self.settings
        return TriageRules(
            round_to_min=s.triage_round_to_min,
            min_saving_min=s.triage_min_saving_min,
            slack_ratio=s.meeting_slack_ratio,
            email_max_agenda_min=s.triage_email_max_agenda_min,
            unproductive_business_share=s.triage_unproductive_business_share,
        )

    def snapshot(self, client: Client, request: MeetingRequest) -> ClientSnapshot:
        """The client as the walk reads it, once: contact, promises, the recent meetings
        triage weighs and the standing on the meeting's day."""
        s = self.settings
        return client_snapshot.load(
            self.workspace,
            client,
            request.start,
            meetings=max(s.triage_recent_meetings, s.boundary_recent_meetings),
            standing=True,
        )

    def context(
        self, client: Client, request: MeetingRequest, snapshot: ClientSnapshot | None = None
    ) -> TriageContext:
        assert client.id is not None
        snap = snapshot or self.snapshot(client, request)
        assert snap.standing is not None
        week = week_bounds(request.start, self.settings.timezone)
        month = month_bounds(request.start, client.timezone)
        return TriageContext(
            client_name=client.name,
            tier=snap.standing.tier,
            revenue_share=snap.standing.revenue_share,
            week_hours=meeting_minutes(self.workspace, *week) / 60,
            weekly_cap=self.settings.weekly_meeting_hours_cap,
            month_hours=meeting_minutes(self.workspace, *month, client_id=client.id) / 60,
            month_cap=client.monthly_meeting_hours_cap,
            recent=snap.productivity(self.settings.triage_recent_meetings),
            open_commitments=len(snap.open_commitments),
            owner_colleague=client.owner_colleague,
            personal_budget=client.personal_budget,
            personal_history=snap.personal_history(self.settings.boundary_recent_meetings),
        )

    def decide(
        self,
        body: TriageRequestIn,
        *,
        reasons_lang: str | None = None,
        in_calendar: bool = False,
    ) -> TriageOutcome:
        """Triage a request, draft the reply, store the decision; return it
        (``reasons_local`` in ``reasons_lang``, default the client's language).
        ``in_calendar``: the meeting is already stored (a booking), so the hours of the week
        and the month are read without it."""
        client = self.workspace.find_client(body.client)
        assert client.id is not None
        self.workspace.require_write(client.id)
        assert client.id is not None
        start = parse_when(body.start, client.timezone).at
        request = MeetingRequest(
            client=client.name,
            start=start,
            duration_min=body.duration_min,
            format=body.format,
            purpose=body.purpose,
            agenda=[AgendaEntry(e.item, e.minutes) for e in body.agenda],
            organizer=body.organizer,
            essential=body.essential,
            travel_min=body.travel_min,
            reason=body.reason,
            writable=body.writable,
            client_flexible=body.client_flexible,
            colleague=body.colleague,
            my_answers=body.my_answers,
        )
        snapshot = self.snapshot(client, request)
        context = self.context(client, request, snapshot)
        if in_calendar:
            hours = body.duration_min / 60
            context = replace(
                context,
                week_hours=max(0.0, context.week_hours - hours),
                month_hours=max(0.0, context.month_hours - hours),
            )
        recommendation = triage(request, context, self.rules())
        draft, briefing = self._reply(snapshot, body, request, recommendation, reasons_lang)
        context_json = {
            "tier": context.tier.value,
            "revenue_share": round(context.revenue_share, 4),
            "week_hours": round(context.week_hours, 2),
            "weekly_cap": context.weekly_cap,
            "month_hours": round(context.month_hours, 2),
            "month_cap": context.month_cap,
            "recent_meetings": context.recent.meetings,
            "recent_business_share": (
                None
                if context.recent.business_share is None
                else round(context.recent.business_share, 3)
            ),
            "recent_decisions": context.recent.decisions,
            "recent_promises": context.recent.commitments,
            "open_commitments": context.open_commitments,
            "owner_colleague": context.owner_colleague,
            "personal_budget": context.personal_budget,
            "needed_min": recommendation.needed_min,
        }
        reasons = [t.english for t in recommendation.reasons]
        row = TriageDecisionRow(
            client_id=client.id,
            decided_at=now(),
            meeting_start=start,
            duration_min=body.duration_min,
            decision=recommendation.decision.value,
            minutes=recommendation.minutes,
            request=body.model_dump(mode="json"),
            reasons=reasons,
            context=context_json,
            draft_language=draft.language if draft else None,
            draft_subject=draft.subject if draft else None,
            draft_body=draft.body if draft else None,
            briefing=briefing,
        )
        with self.workspace.db.transaction() as s:
            repos = Repositories(s, self.workspace.actor)
            repos.meetings.add_decision(row)
            repos.flush()
            stored = self._decision(row, client)
        language = reasons_lang or client.language
        # The hours already spent against the caps, and what this meeting would make of them.
        meters = HoursService(self.workspace, self.settings).effect_json(
            client, start, body.duration_min, reasons_lang or self.settings.language
        )
        return TriageOutcome(
            id=stored.id,
            client=stored.client,
            decided_at=stored.decided_at,
            start=stored.start,
            duration_min=stored.duration_min,
            decision=stored.decision,
            minutes=stored.minutes,
            needed_min=stored.needed_min,
            reasons=stored.reasons,
            draft=draft,
            briefing=stored.briefing,
            context=stored.context,
            request=stored.request,
            reasons_local=LocalReasons(
                language, tuple(localised(recommendation.reasons, language))
            ),
            hours=meters,
        )

    def _reply(
        self,
        snapshot: ClientSnapshot,
        body: TriageRequestIn,
        request: MeetingRequest,
        recommendation: Recommendation,
        briefing_language: str | None = None,
    ) -> tuple[ReplyDraft | None, str | None]:
        kind = DRAFT_KIND.get(recommendation.decision)
        if kind is None:
            return None, None
        client = snapshot.client
        options = DraftOptions(
            language=client.language,
            start=request.start.isoformat(),
            minutes=self._draft_minutes(request, recommendation),
            colleague=recommendation.colleague,
            topic=body.purpose or None,
            purpose=body.purpose,
            agenda=[(e.item, e.minutes) for e in request.agenda],
            answers=body.my_answers,
            briefing_language=briefing_language,
        )
        draft = self.drafts.draft_for(kind, client, options, snapshot=snapshot)
        briefing = draft.extra.get("briefing") if kind == "delegate" else None
        data = ReplyDraft(draft.kind, draft.language, draft.subject, draft.body, draft.to)
        return data, briefing

    @staticmethod
    def _draft_minutes(request: MeetingRequest, recommendation: Recommendation) -> int | None:
        """The length the reply names: the shorter one, or none for a call of full length."""
        if recommendation.decision in (Decision.SHORTEN, Decision.CALL):
            shorter = recommendation.minutes
            return shorter if shorter is not None and shorter < request.duration_min else None
        return request.duration_min

    def history(self, client_ref: str | None = None, limit: int = 50) -> list[TriageDecision]:
        """Stored decisions, newest first."""
        client_id = None
        if client_ref is not None:
            client_id = self.workspace.find_client(client_ref).id
            assert client_id is not None
        clients = {c.id: c for c in self.workspace.list_clients()}
        with self.workspace.db.reading() as s:
            rows = Repositories(s, self.workspace.actor).meetings.decisions(client_id, limit)
            return [self._decision(r, clients[r.client_id]) for r in rows]

    @staticmethod
    def _decision(row: TriageDecisionRow, client: Client) -> TriageDecision:
        draft = (
            StoredDraft(row.draft_language, row.draft_subject, row.draft_body)
            if row.draft_body is not None
            else None
        )
        return TriageDecision(
            id=row.id,
            client=client.name,
            decided_at=row.decided_at.isoformat(),
            start=row.meeting_start.isoformat(),
            duration_min=row.duration_min,
            decision=row.decision,
            minutes=row.minutes,
            needed_min=dict(row.context).get("needed_min"),
            reasons=tuple(row.reasons),
            draft=draft,
            briefing=row.briefing,
            context=dict(row.context),
            request=dict(row.request),
        )
