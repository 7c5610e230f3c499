"""Analysing stored meetings again with the current labeller.

The stored utterances (text, speakers, times) are labelled again in meeting order, the
workspace's lessons from other meetings apply (:meth:`ConversationService.lessons`), then
the meeting's own corrections (:func:`rapport.domain.corrections.apply`), and the meeting is
measured and stored exactly as a correction stores it (:meth:`CorrectionService.store`):
figures, the interaction's minutes under the same rule, the labeller's labels kept beside
the corrections. The triggers on ``conversation_analyses`` make the client's facts stale.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from rapport.domain import corrections as fix
from rapport.errors import ForbiddenError
from rapport.services.analysis import from_json, label_utterances, labeller_version, measure
from rapport.services.conversation import ConversationService
from rapport.services.corrections import CorrectionService
from rapport.services.workspace import WorkspaceService
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database


@dataclass(frozen=True, slots=True)
class LabellerChange:
    """The labeller that labelled a meeting before and after."""

    before: str | None
    after: str


@dataclass(frozen=True, slots=True)
class ShareChange:
    """A share before and after (rounded to 3 places)."""

    before: float
    after: float


@dataclass(frozen=True, slots=True)
class CountChange:
    """A count before and after."""

    before: int
    after: int


@dataclass(frozen=True, slots=True)
class ReanalysedJson:
    """One meeting analysed again, as `rapport transcripts reanalyse --json` and the API
    show it."""

    analysis_id: int
    source_name: str
    skipped: bool
    labeller: LabellerChange
    personal_share: ShareChange
    drifts: CountChange
    labels_changed: int


@dataclass(frozen=True, slots=True)
class Reanalysed:
    analysis_id: int
    source_name: str
    labeller_before: str | None
    labeller: str
    personal_share_before: float
    personal_share: float
    drifts_before: int
    drifts: int
    labels_changed: int
    """Utterances whose label is not what it was."""
    skipped: bool = False
    """Already labelled by the current labeller (``reanalyse_all`` without ``force``)."""

    def to_json(self) -> ReanalysedJson:
        """The stable JSON of one meeting (`rapport transcripts reanalyse --json`, API):
        ``plain()`` of it."""
        return ReanalysedJson(
            analysis_id=self.analysis_id,
            source_name=self.source_name,
            skipped=self.skipped,
            labeller=LabellerChange(self.labeller_before, self.labeller),
            personal_share=ShareChange(
                round(self.personal_share_before, 3), round(self.personal_share, 3)
            ),
            drifts=CountChange(self.drifts_before, self.drifts),
            labels_changed=self.labels_changed,
        )


Progress = Callable[[int, int], None]


class ReanalysisService:
    def __init__(
        self,
        db: Database,
        workspace: WorkspaceService,
        conversation: ConversationService,
        corrections: CorrectionService,
    ) -> None:
        self.db = db
        self.workspace = workspace
        self.conversation = conversation
        self.corrections = corrections

    def reanalyse(self, analysis_id: int) -> Reanalysed:
        """Label one stored meeting again with the current labeller, in one transaction.
        Not visible: NotFoundError; visible but not yours to change: ForbiddenError."""
        lessons = self.conversation.lessons(besides=analysis_id)
        current = labeller_version()
        default_language = self.conversation.settings.language
        with self.db.transaction() as s:
            repos = Repositories(s, self.workspace.actor)
            row = self.corrections.row(repos, analysis_id, write=True)
            stored = from_json(row.result)
            existing = {c.number: c for c in self.corrections.existing(repos, row.id)}
            bare = [
                replace(u, label="other", confidence=0.0, learned=False) for u in stored.utterances
            ]
            model = fix.learn(label_utterances(bare, default_language), lessons)
            corrected = fix.apply(
                model, [fix.Correction(c.number, c.text, c.label) for c in existing.values()]
            )
            analysis = measure(
                corrected.utterances,
                fmt=stored.format,
                me=stored.me,
                roles=stored.roles,
                video=stored.video,
                on=stored.meeting_date,
                labeller=current,
            )
            self.corrections.store(repos, row, stored, analysis, corrected.placed, existing)
            row.analysed_at = datetime.now(UTC)
            return Reanalysed(
                analysis_id=row.id,
                source_name=row.source_name,
                labeller_before=stored.labeller,
                labeller=current,
                personal_share_before=stored.metrics.personal_share,
                personal_share=analysis.metrics.personal_share,
                drifts_before=len(stored.metrics.drifts),
                drifts=len(analysis.metrics.drifts),
                labels_changed=sum(
                    a.label != b.label
                    for a, b in zip(stored.utterances, analysis.utterances, strict=True)
                ),
            )

    def candidates(self, client: str | int | None = None) -> list[tuple[int, str | None]]:
        """The stored meetings you can see (of ``client``), oldest first, with the labeller
        that labelled each. A read-only account: ForbiddenError."""
        self.workspace.actor.check_create()
        client_id = None if client is None else self.workspace.find_client(client).id
        with self.db.reading() as s:
            stored = Repositories(s, self.workspace.actor).conversations.results_in_scope(client_id)
            return [(aid, result.get("labeller")) for aid, result in stored]

    def reanalyse_all(
        self,
        client: str | int | None = None,
        *,
        force: bool = False,
        progress: Progress | None = None,
    ) -> list[Reanalysed]:
        """Every stored meeting you may change (of ``client``), each in its own transaction;
        those already labelled by the current labeller are skipped unless ``force``.
        Meetings only shared with you to read are left out."""
        current = labeller_version()
        rows = self.candidates(client)
        done: list[Reanalysed] = []
        for count, (aid, labeller) in enumerate(rows, start=1):
            with contextlib.suppress(ForbiddenError):  # shared with you to read only
                done.append(
                    self._skipped(aid) if labeller == current and not force else self.reanalyse(aid)
                )
            if progress is not None:
                progress(count, len(rows))
        return done

    def _skipped(self, analysis_id: int) -> Reanalysed:
        with self.db.reading() as s:
            row = self.corrections.row(
                Repositories(s, self.workspace.actor), analysis_id, write=False
            )
            what = f"no stored transcript analysis with id {analysis_id}"
            self.workspace.actor.check_write(s, row.client_id, what)
            share, drifts = row.personal_share, row.drifts
            labeller = str(row.result["labeller"])
            return Reanalysed(
                analysis_id=row.id,
                source_name=row.source_name,
                labeller_before=labeller,
                labeller=labeller,
                personal_share_before=share,
                personal_share=share,
                drifts_before=drifts,
                drifts=drifts,
                labels_changed=0,
                skipped=True,
            )
