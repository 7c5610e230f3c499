"""Meeting analyses and the utterance corrections users made (conversation_analyses,
utterance_corrections)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from rapport.storage.convo_rows import ConversationAnalysisRow, UtteranceCorrectionRow
from rapport.storage.repositories.base import Repository


class ConversationRepository(Repository):
    """Meeting analyses and the utterance corrections users made."""

    def analysis_row(
        self, analysis_id: int, *, lock: bool = False
    ) -> ConversationAnalysisRow | None:
        """The stored analysis with this id, whoever's client it belongs to (the caller
        checks access); ``lock`` holds it until the transaction ends (for a change)."""
        query = sa.select(ConversationAnalysisRow).where(ConversationAnalysisRow.id == analysis_id)
        return self.session.scalars(query.with_for_update() if lock else query).first()

    def corrections_of(self, analysis_id: int) -> list[UtteranceCorrectionRow]:
        """The corrections stored for one analysis, by utterance number."""
        return list(
            self.session.scalars(
                sa.select(UtteranceCorrectionRow)
                .where(UtteranceCorrectionRow.analysis_id == analysis_id)
                .order_by(UtteranceCorrectionRow.number)
            )
        )

    def add_correction(self, row: UtteranceCorrectionRow) -> None:
        self.session.add(row)

    def delete_correction(self, row: UtteranceCorrectionRow) -> None:
        self.session.delete(row)

    def by_id(self, analysis_id: int) -> ConversationAnalysisRow | None:
        """The stored analysis with this id (not limited to the scope: the caller checks)."""
        return self.session.get(ConversationAnalysisRow, analysis_id)

    def add(self, row: ConversationAnalysisRow) -> None:
        self.session.add(row)

    def interaction_with_digest(self, client_id: int, digest: str) -> int | None:
        """The interaction of the client's analysis of the transcript file with this digest."""
        return self.session.scalar(
            sa.select(ConversationAnalysisRow.interaction_id).where(
                ConversationAnalysisRow.client_id == client_id,
                ConversationAnalysisRow.digest == digest,
            )
        )

    def for_client(self, client_id: int) -> list[ConversationAnalysisRow]:
        """The client's analysed meetings, oldest first."""
        return list(
            self.session.scalars(
                sa.select(ConversationAnalysisRow)
                .where(ConversationAnalysisRow.client_id == client_id)
                .order_by(ConversationAnalysisRow.started_at, ConversationAnalysisRow.id)
            )
        )

    def latest_for_client(self, client_id: int, limit: int) -> list[ConversationAnalysisRow]:
        """The client's ``limit`` most recent analysed meetings, newest first."""
        return list(
            self.session.scalars(
                sa.select(ConversationAnalysisRow)
                .where(ConversationAnalysisRow.client_id == client_id)
                .order_by(
                    ConversationAnalysisRow.started_at.desc(),
                    ConversationAnalysisRow.id.desc(),
                )
                .limit(limit)
            )
        )

    def analysed_client_ids(self) -> set[int]:
        """The clients with at least one analysed meeting."""
        return set(self.session.scalars(sa.select(ConversationAnalysisRow.client_id).distinct()))

    def results_in_scope(self, client_id: int | None = None) -> list[tuple[int, Mapping[str, Any]]]:
        """(id, stored result) of the analyses the scope sees (of ``client_id``), oldest
        first."""
        query = sa.select(ConversationAnalysisRow.id, ConversationAnalysisRow.result).order_by(
            ConversationAnalysisRow.started_at, ConversationAnalysisRow.id
        )
        if client_id is not None:
            query = query.where(ConversationAnalysisRow.client_id == client_id)
        query = self.scope.filter_clients(query, ConversationAnalysisRow.client_id)
        return [(aid, result) for aid, result in self.session.execute(query)]

    def taught_labels(self, besides: int | None = None) -> list[tuple[str, str]]:
        """(text, label) of the corrections in meetings of the clients the scope sees, in the
        order they were made; ``besides`` leaves one analysed meeting's own out."""
        query = sa.select(UtteranceCorrectionRow.text, UtteranceCorrectionRow.label).order_by(
            UtteranceCorrectionRow.corrected_at, UtteranceCorrectionRow.id
        )
        if besides is not None:
            query = query.where(UtteranceCorrectionRow.analysis_id != besides)
        query = self.scope.filter_clients(query, UtteranceCorrectionRow.client_id)
        return [(text, label) for text, label in self.session.execute(query)]
