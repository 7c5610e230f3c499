"""Analysed meetings, stored with their interaction; per-client trends and trust signals."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rapport.config import Settings
from rapport.domain import conversation as conv
from rapport.domain import corrections as fix
from rapport.domain.conversation import Analysis
from rapport.domain.model import Commitment, Contact, Interaction, InteractionKind
from rapport.domain.signals import ConversationSignals
from rapport.errors import ConflictError, NotFoundError
from rapport.jsonable import plain
from rapport.services.analysis import analyse, to_json
from rapport.services.analysis_budget import UNLIMITED, Budget
from rapport.services.workspace import WorkspaceService
from rapport.storage.convo_rows import ConversationAnalysisRow
from rapport.storage.mapping import copy_onto
from rapport.storage.orm import CommitmentRow, InteractionRow
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

SIGNAL_WINDOW = 5
"""Trust signals average over this many most recent analysed meetings of a client."""
DUE_HOUR = 17
"""A promise "by Friday" is due at 17:00 on Friday, in your time zone."""


@dataclass(frozen=True, slots=True)
class Saved:
    analysis_id: int
    interaction_id: int
    commitment_ids: tuple[int, ...]
    undated_promises: int
    """Promises accepted but left out because no due date was said."""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    analysis_id: int
    interaction_id: int
    started_at: datetime
    personal_share: float
    my_talk_share: float
    drifts: int


@dataclass(frozen=True, slots=True)
class CorrectionInfo:
    """A label you gave an utterance of a stored meeting, beside the labeller's."""

    utterance: int
    label: str
    model_label: str
    model_confidence: float
    corrected_at: str


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    """A stored analysis: its ids, the analysis as stored (the JSON of
    :func:`rapport.services.analysis.to_json`) and your corrections, by utterance."""

    id: int
    client_id: int
    interaction_id: int
    source_name: str
    result: dict[str, Any]
    corrections: tuple[CorrectionInfo, ...]


@dataclass(frozen=True, slots=True)
class _Figures:
    my_talk_share: float
    self_reference_rate: float | None
    longest_monologue_share: float
    my_question_share: float | None
    personal_share: float
    drifts: int


class ConversationService:
    def __init__(self, db: Database, workspace: WorkspaceService, settings: Settings) -> None:
        self.db = db
        self.workspace = workspace
        self.settings = settings

    def today(self) -> date:
        return today_in(self.settings)

    def analyse(
        self,
        data: bytes,
        name: str,
        *,
        client: str | int | None = None,
        me: str | None = None,
        video: bool = False,
        on: date | None = None,
        fmt: str | None = None,
        budget: Budget = UNLIMITED,
    ) -> Analysis:
        """Analyse a transcript; with a client, its contacts are recognised as speakers.
        Utterances you corrected before in this workspace (:meth:`lessons`) take your label."""
        contacts: list[str] = []
        if client is not None:
            found = self.workspace.find_client(client)
            assert found.id is not None
            contacts = [c.name for c in self.workspace.list(Contact, client_id=found.id)]
        lessons = self.lessons()
        return analyse_with_settings(
            self.settings,
            data,
            name,
            me=me,
            contacts=contacts,
            video=video,
            on=on,
            fmt=fmt,
            budget=budget,
            lessons=lessons,
        )

    def lessons(self, *, besides: int | None = None) -> dict[str, str]:
        """What your corrections teach the labeller: normalised text -> your label, over
        the corrections in meetings of the clients you can see (the latest correction of a
        text wins); ``besides`` leaves one analysed meeting's own corrections out."""
        with self.db.reading() as s:
            repos = Repositories(s, self.workspace.actor)
            return fix.taught(repos.conversations.taught_labels(besides))

    def save(
        self,
        analysis: Analysis,
        data: bytes,
        name: str,
        client: str | int,
        *,
        accept_promises: bool = False,
        starts_at: time | None = None,
    ) -> Saved:
        """Store the analysis with a new interaction (and my dated promises, if accepted),
        in one transaction. The interaction starts on the meeting date at ``starts_at``
        (your time zone; default 09:00) plus the first cue's offset."""
        found = self.workspace.find_client(client)
        assert found.id is not None
        self.workspace.require_write(found.id)
        zone = ZoneInfo(self.settings.timezone)
        m = analysis.metrics
        starts = [u.start for u in analysis.utterances if u.start is not None]
        started_at = datetime.combine(analysis.meeting_date, starts_at or time(9, 0), zone)
        duration_min = 0
        business_min, personal_min = minutes_of(analysis)
        if m.basis == "time":
            duration_min = round(m.total / 60)
            started_at += timedelta(seconds=min(starts, default=0.0))
        digest = hashlib.sha256(data).hexdigest()
        interaction = Interaction(
            client_id=found.id,
            kind=InteractionKind.VIDEO if analysis.video else InteractionKind.CALL,
            started_at=started_at.astimezone(UTC),
            duration_min=duration_min,
            business_min=business_min,
            personal_min=personal_min,
            summary=f"Transcript {name}",
            source="transcript",
        )
        with self.db.transaction() as s:
            repos = Repositories(s, self.workspace.actor)
            clash = repos.conversations.interaction_with_digest(found.id, digest)
            if clash is not None:
                raise ConflictError(
                    N_("this transcript is already stored for {client} (interaction {id})"),
                    client=found.name,
                    id=clash,
                )
            irow = InteractionRow()
            copy_onto(interaction, irow)
            repos.interactions.add(irow)
            repos.flush()
            row = ConversationAnalysisRow(
                client_id=found.id,
                interaction_id=irow.id,
                started_at=interaction.started_at,
                analysed_at=datetime.now(UTC),
                source_name=name[:500],
                digest=digest,
                format=analysis.format,
                basis=m.basis,
                video=analysis.video,
                **plain(stored_figures(analysis)),
            )
            repos.conversations.add(row)
            commitment_ids: list[int] = []
            undated = 0
            if accept_promises:
                for p in analysis.promises:
                    if p.due is None:
                        undated += 1
                        continue
                    crow = CommitmentRow()
                    copy_onto(
                        Commitment(
                            client_id=found.id,
                            text=p.text,
                            due_at=datetime.combine(p.due, time(DUE_HOUR), zone).astimezone(UTC),
                            made_at=interaction.started_at,
                            source="transcript",
                        ),
                        crow,
                    )
                    repos.commitments.add(crow)
                    repos.flush()
                    commitment_ids.append(crow.id)
            repos.flush()
            return Saved(row.id, irow.id, tuple(commitment_ids), undated)

    def get(self, analysis_id: int) -> StoredAnalysis:
        with self.db.reading() as s:
            repos = Repositories(s, self.workspace.actor)
            row = repos.conversations.by_id(analysis_id)
            missing = f"no stored transcript analysis with id {analysis_id}"
            if row is None:
                raise NotFoundError(
                    N_("no stored transcript analysis with id {id}"), id=analysis_id
                )
            self.workspace.actor.check_read(s, row.client_id, missing)
            corrections = repos.conversations.corrections_of(row.id)
            return StoredAnalysis(
                id=row.id,
                client_id=row.client_id,
                interaction_id=row.interaction_id,
                source_name=row.source_name,
                result=dict(row.result),
                corrections=tuple(
                    CorrectionInfo(
                        utterance=c.number,
                        label=c.label,
                        model_label=c.model_label,
                        model_confidence=c.model_confidence,
                        corrected_at=c.corrected_at.isoformat(),
                    )
                    for c in corrections
                ),
            )

    def trend(self, client: str | int) -> list[TrendPoint]:
        """Analysed meetings of a client, oldest first: is the personal share creeping up?"""
        found = self.workspace.find_client(client)
        assert found.id is not None
        with self.db.reading() as s:
            rows = Repositories(s, self.workspace.actor).conversations.for_client(found.id)
            return [
                TrendPoint(
                    r.id,
                    r.interaction_id,
                    r.started_at,
                    r.personal_share,
                    r.my_talk_share,
                    r.drifts,
                )
                for r in rows
            ]

    def analysed_clients(self) -> set[int]:
        """The clients with at least one analysed meeting."""
        with self.db.reading() as s:
            return Repositories(s, self.workspace.actor).conversations.analysed_client_ids()

    def signals_for(
        self, client_id: int, window: int = SIGNAL_WINDOW
    ) -> ConversationSignals | None:
        """Averages over the client's ``window`` most recent analysed meetings; None if
        there are none."""
        with self.db.reading() as s:
            rows = [
                _Figures(
                    r.my_talk_share,
                    r.self_reference_rate,
                    r.longest_monologue_share,
                    r.my_question_share,
                    r.personal_share,
                    r.drifts,
                )
                for r in Repositories(s, self.workspace.actor).conversations.latest_for_client(
                    client_id, window
                )
            ]
        if not rows:
            return None

        def mean(values: list[float | None]) -> float:
            known = [v for v in values if v is not None]
            return sum(known) / len(known) if known else 0.0

        return ConversationSignals(
            meetings=len(rows),
            my_talk_share=mean([r.my_talk_share for r in rows]),
            self_reference_rate=mean([r.self_reference_rate for r in rows]),
            longest_monologue_share=mean([r.longest_monologue_share for r in rows]),
            my_question_share=mean([r.my_question_share for r in rows]),
            personal_share=mean([r.personal_share for r in rows]),
            drifts_per_meeting=mean([float(r.drifts) for r in rows]),
        )


def today_in(settings: Settings) -> date:
    return datetime.now(ZoneInfo(settings.timezone)).date()


def analyse_with_settings(
    settings: Settings,
    data: bytes,
    name: str,
    *,
    me: str | None = None,
    contacts: list[str] | None = None,
    video: bool = False,
    on: date | None = None,
    fmt: str | None = None,
    budget: Budget = UNLIMITED,
    lessons: Mapping[str, str] | None = None,
) -> Analysis:
    """Analyse without a client (no database needed): defaults come from the settings;
    ``lessons`` are the workspace's corrections (:meth:`ConversationService.lessons`)."""
    return analyse(
        data,
        name,
        me=me or settings.speaker_name,
        contacts=contacts or [],
        video=video,
        on=on or today_in(settings),
        fmt=fmt,
        default_language=settings.language,
        budget=budget,
        lessons=lessons,
    )


def minutes_of(analysis: Analysis) -> tuple[int | None, int | None]:
    """The business and personal minutes an analysed meeting gives its interaction (None
    on the words basis)."""
    m = analysis.metrics
    if m.basis != "time":
        return None, None
    return round(m.total * m.business_share / 60), round(m.total * m.personal_share / 60)


@dataclass(frozen=True, slots=True)
class StoredFigures:
    """The columns of an analysis row that follow from the analysis (labels included):
    ``plain()`` of it is column name -> value."""

    total: float
    personal_share: float
    drifts: int
    result: dict[str, Any]
    """The analysis's stable JSON (:func:`rapport.services.analysis.to_json`), as stored."""
    my_talk_share: float
    self_reference_rate: float | None
    longest_monologue_share: float
    my_question_share: float | None


def stored_figures(analysis: Analysis) -> StoredFigures:
    """The columns of an analysis row that follow from the analysis (labels included)."""
    m = analysis.metrics
    signals = signal_figures(analysis)
    return StoredFigures(
        total=m.total,
        personal_share=m.personal_share,
        drifts=len(m.drifts),
        result=plain(to_json(analysis)),
        my_talk_share=signals["my_talk_share"] or 0.0,
        self_reference_rate=signals["self_reference_rate"],
        longest_monologue_share=signals["longest_monologue_share"] or 0.0,
        my_question_share=signals["my_question_share"],
    )


def signal_figures(analysis: Analysis) -> dict[str, float | None]:
    """The per-meeting figures behind :class:`ConversationSignals` (see docs)."""
    m = analysis.metrics
    mine = [s for s, role in analysis.roles.items() if role == conv.ME]
    self_refs = sum(m.pronouns.get(s, (0, 0))[0] for s in mine)
    other_refs = sum(m.pronouns.get(s, (0, 0))[1] for s in mine)
    mono = m.longest_monologue_by_side.get(conv.ME)
    asked = sum(m.questions_by_side.values())
    return {
        "my_talk_share": m.side_share.get(conv.ME, 0.0),
        "self_reference_rate": (
            self_refs / (self_refs + other_refs) if self_refs + other_refs else None
        ),
        "longest_monologue_share": (
            min(1.0, mono.amount / m.total) if mono is not None and m.total > 0 else 0.0
        ),
        "my_question_share": m.questions_by_side[conv.ME] / asked if asked else None,
    }
