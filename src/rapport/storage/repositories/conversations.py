"""Meeting analyses and the utterance corrections users made (conversation_analyses,
utterance_corrections)."""

from __future__ import annotations

import sqlalchemy as sa

from rapport.storage.convo_rows import ConversationAnalysisRow, UtteranceCorrectionRow
from rapport.storage.repositories.base import Repository


class ConversationRepository(Repository):
    """Meeting analyses and the utterance corrections users made."""

    # --- used by workspace
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
