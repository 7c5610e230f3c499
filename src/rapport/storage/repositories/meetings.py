"""Triage decisions, boundary resets and saved agendas (triage_decisions, boundary_resets,
saved_agendas)."""

from __future__ import annotations

import sqlalchemy as sa

from rapport.storage.agendas_rows import SavedAgendaRow
from rapport.storage.meetings_rows import TriageDecisionRow
from rapport.storage.repositories.base import Repository


class MeetingRepository(Repository):
    """Triage decisions, boundary resets and saved agendas."""

    # --- used by contacts-booking
    def decision_text(self, decision_id: int) -> str | None:
        """A triage decision's decision (None: no such decision)."""
        return self.session.scalar(
            sa.select(TriageDecisionRow.decision).where(TriageDecisionRow.id == decision_id)
        )

    def delete_agenda(self, agenda_id: int) -> None:
        self.session.execute(sa.delete(SavedAgendaRow).where(SavedAgendaRow.id == agenda_id))
