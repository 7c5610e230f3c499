"""Correcting the labels of a stored analysed meeting's utterances.

A correction is stored in ``utterance_corrections`` and applied after the labeller
(:mod:`rapport.domain.corrections`); the meeting is then measured again, and the analysis
row's figures (trends, trust signals) and its interaction's business and personal minutes
follow. Database triggers make the client's stored facts stale on every such write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from rapport.domain import corrections as fix
from rapport.domain.conversation import Analysis
from rapport.errors import InvalidInputError, NotFoundError
from rapport.jsonable import plain
from rapport.services.analysis import from_json, measure
from rapport.services.conversation import minutes_of, stored_figures
from rapport.services.workspace import WorkspaceService
from rapport.storage.convo_rows import ConversationAnalysisRow, UtteranceCorrectionRow
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database
from rapport.texts import N_


@dataclass(frozen=True, slots=True)
class UtteranceView:
    """One utterance of a stored meeting as the user sees it."""

    number: int
    speaker: str | None
    start: float | None
    end: float | None
    text: str
    language: str
    label: str
    confidence: float
    model_label: str | None
    """The labeller's label when the user corrected this one, else None."""
    model_confidence: float | None

    @property
    def corrected(self) -> bool:
        return self.model_label is not None


@dataclass(frozen=True, slots=True)
class Change:
    number: int
    before: str
    after: str
    reset: bool
    """True when the utterance went back to the labeller's label."""


@dataclass(frozen=True, slots=True)
class Relabelled:
    analysis_id: int
    changes: tuple[Change, ...]
    personal_share_before: float
    personal_share: float
    drifts_before: int
    drifts: int


def _missing(analysis_id: int) -> NotFoundError:
    return NotFoundError(N_("no stored transcript analysis with id {id}"), id=analysis_id)


class CorrectionService:
    def __init__(self, db: Database, workspace: WorkspaceService) -> None:
        self.db = db
        self.workspace = workspace

    def utterances(self, analysis_id: int) -> list[UtteranceView]:
        """The meeting's utterances, numbered from 1, with their labels as corrected."""
        with self.db.reading() as s:
            repos = Repositories(s, self.workspace.actor)
            row = self.row(repos, analysis_id, write=False)
            stored = row.result["utterances"]
            rows = {
                c.number: (c.model_label, c.model_confidence) for c in self.existing(repos, row.id)
            }
        out: list[UtteranceView] = []
        for n, u in enumerate(stored, start=1):
            model_label, model_confidence = rows.get(n, (None, None))
            out.append(
                UtteranceView(
                    number=n,
                    speaker=u["speaker"],
                    start=u["start"],
                    end=u["end"],
                    text=u["text"],
                    language=u["language"],
                    label=u["label"],
                    confidence=u["confidence"],
                    model_label=model_label,
                    model_confidence=model_confidence,
                )
            )
        return out

    def relabel(self, analysis_id: int, changes: Mapping[int, str | None]) -> Relabelled:
        """Give utterance N the label L (None: back to the labeller's), then measure the
        meeting again. All changes are made, or none."""
        for number, label in changes.items():
            if label is not None and label not in fix.LABELS:
                raise InvalidInputError(
                    N_("utterance {number}: unknown label {label} (use {labels})"),
                    number=number,
                    label=repr(label),
                    labels=", ".join([*fix.LABELS, fix.RESET]),
                )
        with self.db.transaction() as s:
            repos = Repositories(s, self.workspace.actor)
            row = self.row(repos, analysis_id, write=True)
            count = len(row.result["utterances"])
            for number in changes:
                if not 1 <= number <= count:
                    raise InvalidInputError(
                        N_("utterance {number}: no such utterance (this meeting has {count})"),
                        number=number,
                        count=count,
                    )
            stored = from_json(row.result)
            existing = {c.number: c for c in self.existing(repos, row.id)}
            model = fix.revert(
                stored.utterances,
                [
                    fix.Placed(
                        fix.Correction(c.number, c.text, c.label),
                        c.number,
                        c.model_label,
                        c.model_confidence,
                    )
                    for c in existing.values()
                ],
            )
            wanted = {n: fix.Correction(n, c.text, c.label) for n, c in existing.items()}
            done: list[Change] = []
            for number, label in sorted(changes.items()):
                u = model[number - 1]
                before = stored.utterances[number - 1].label
                if label is None or label == u.label:  # the labeller's own label
                    wanted.pop(number, None)
                    done.append(Change(number, before, u.label, reset=True))
                else:
                    wanted[number] = fix.Correction(number, u.text, label)
                    done.append(Change(number, before, label, reset=False))
            corrected = fix.apply(model, wanted.values())
            analysis = measure(
                corrected.utterances,
                fmt=stored.format,
                me=stored.me,
                roles=stored.roles,
                video=stored.video,
                on=stored.meeting_date,
                labeller=stored.labeller,
            )
            self.store(repos, row, stored, analysis, corrected.placed, existing)
            return Relabelled(
                analysis_id=row.id,
                changes=tuple(done),
                personal_share_before=stored.metrics.personal_share,
                personal_share=analysis.metrics.personal_share,
                drifts_before=len(stored.metrics.drifts),
                drifts=len(analysis.metrics.drifts),
            )

    def row(self, repos: Repositories, analysis_id: int, *, write: bool) -> ConversationAnalysisRow:
        """The stored analysis (locked when ``write``), if this actor may read (or change)
        its client's records; else NotFoundError, as if it did not exist."""
        row = repos.conversations.analysis_row(analysis_id, lock=write)
        if row is None:
            raise _missing(analysis_id)
        what = f"no stored transcript analysis with id {analysis_id}"
        actor = self.workspace.actor
        if write:
            actor.check_write(repos.session, row.client_id, what)
        else:
            actor.check_read(repos.session, row.client_id, what)
        return row

    def existing(self, repos: Repositories, analysis_id: int) -> list[UtteranceCorrectionRow]:
        """The corrections stored for the analysis, by utterance number."""
        return repos.conversations.corrections_of(analysis_id)

    def store(
        self,
        repos: Repositories,
        row: ConversationAnalysisRow,
        before: Analysis,
        after: Analysis,
        placed: tuple[fix.Placed, ...],
        existing: dict[int, UtteranceCorrectionRow],
    ) -> None:
        """Write the measured meeting and its corrections; the interaction's business and
        personal minutes follow unless they were changed by hand since."""
        for key, value in plain(stored_figures(after)).items():
            setattr(row, key, value)
        interaction = repos.interactions.by_id(row.interaction_id)
        if interaction is not None and (
            (interaction.business_min, interaction.personal_min) == minutes_of(before)
        ):
            interaction.business_min, interaction.personal_min = minutes_of(after)
        now = datetime.now(UTC)
        keep = {p.number for p in placed}
        for number, gone in existing.items():
            if number not in keep:
                repos.conversations.delete_correction(gone)
        for p in placed:
            c = existing.get(p.number)
            if c is None:
                repos.conversations.add_correction(
                    UtteranceCorrectionRow(
                        analysis_id=row.id,
                        client_id=row.client_id,
                        number=p.number,
                        text=p.correction.text,
                        label=p.correction.label,
                        model_label=p.model_label,
                        model_confidence=p.model_confidence,
                        corrected_at=now,
                    )
                )
            else:
                if c.label != p.correction.label:
                    c.label = p.correction.label
                    c.corrected_at = now
                # A new labeller (reanalysis) may have said something else.
                c.model_label, c.model_confidence = p.model_label, p.model_confidence
