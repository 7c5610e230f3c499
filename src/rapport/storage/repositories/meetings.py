"""Triage decisions, boundary resets and saved agendas (triage_decisions, boundary_resets,
saved_agendas)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from rapport.storage.agendas_rows import SavedAgendaRow
from rapport.storage.meetings_rows import BoundaryResetRow, TriageDecisionRow
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository


class MeetingRepository(Repository):
    """Triage decisions, boundary resets and saved agendas."""

    # --- used by scores
    def resets_since(self, client_id: int, since: datetime) -> list[datetime]:
        """When a boundary reset was said to the client, from ``since`` on."""
        stmt = sa.select(BoundaryResetRow.said_at).where(
            BoundaryResetRow.client_id == client_id,
            BoundaryResetRow.said_at >= since,
        )
        return list(self.session.scalars(stmt))

    # --- used by contacts-booking
    def decision_text(self, decision_id: int) -> str | None:
        """A triage decision's decision (None: no such decision)."""
        return self.session.scalar(
            sa.select(TriageDecisionRow.decision).where(TriageDecisionRow.id == decision_id)
        )

    def delete_agenda(self, agenda_id: int) -> None:
        self.session.execute(sa.delete(SavedAgendaRow).where(SavedAgendaRow.id == agenda_id))

    # --- used by mail
    def agendas_between(self, begin: datetime, end: datetime) -> list[tuple[SavedAgendaRow, str]]:
        """Visible saved agendas of meetings starting in [begin, end), by start, with their
        clients' names."""
        a = SavedAgendaRow
        query = self.scope.filter_clients(
            sa.select(a, ClientRow.name)
            .join(ClientRow, ClientRow.id == a.client_id)
            .where(a.start >= begin, a.start < end)
            .order_by(a.start, a.id),
            a.client_id,
        )
        return [(row, name) for row, name in self.session.execute(query)]
