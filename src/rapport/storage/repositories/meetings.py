"""Triage decisions, boundary resets and saved agendas (triage_decisions, boundary_resets,
saved_agendas)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from rapport.storage.agendas_rows import SavedAgendaRow
from rapport.storage.meetings_rows import BoundaryResetRow, TriageDecisionRow
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository


class MeetingRepository(Repository):
    """Triage decisions, boundary resets and saved agendas."""

    def resets_since(self, client_id: int, since: datetime) -> list[datetime]:
        """When a boundary reset was said to the client, from ``since`` on."""
        stmt = sa.select(BoundaryResetRow.said_at).where(
            BoundaryResetRow.client_id == client_id,
            BoundaryResetRow.said_at >= since,
        )
        return list(self.session.scalars(stmt))

    def decision_text(self, decision_id: int) -> str | None:
        """A triage decision's decision (None: no such decision)."""
        return self.session.scalar(
            sa.select(TriageDecisionRow.decision).where(TriageDecisionRow.id == decision_id)
        )

    def delete_agenda(self, agenda_id: int) -> None:
        self.session.execute(sa.delete(SavedAgendaRow).where(SavedAgendaRow.id == agenda_id))

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

    # --- saved agendas ---------------------------------------------------------------
    def agenda(self, agenda_id: int) -> SavedAgendaRow | None:
        """The saved agenda with this id (not limited to the scope: the caller checks)."""
        return self.session.get(SavedAgendaRow, agenda_id)

    def add_agenda(self, row: SavedAgendaRow) -> None:
        self.session.add(row)

    def unlinked_agendas_near(
        self, client_id: int, start: datetime, window: timedelta
    ) -> list[SavedAgendaRow]:
        """The client's saved agendas not yet linked to a meeting that start within
        ``window`` of ``start``."""
        return list(
            self.session.scalars(
                sa.select(SavedAgendaRow).where(
                    SavedAgendaRow.client_id == client_id,
                    SavedAgendaRow.interaction_id.is_(None),
                    SavedAgendaRow.start >= start - window,
                    SavedAgendaRow.start <= start + window,
                )
            ).all()
        )

    def agendas(
        self, begin: datetime | None = None, end: datetime | None = None
    ) -> list[SavedAgendaRow]:
        """The saved agendas the scope sees by start; with ``begin`` and ``end``, those
        starting in [begin, end)."""
        query = self.scope.filter_clients(
            sa.select(SavedAgendaRow).order_by(SavedAgendaRow.start, SavedAgendaRow.id),
            SavedAgendaRow.client_id,
        )
        if begin is not None and end is not None:
            query = query.where(SavedAgendaRow.start >= begin, SavedAgendaRow.start < end)
        return list(self.session.scalars(query))

    # --- boundary resets --------------------------------------------------------------
    def add_boundary_reset(self, row: BoundaryResetRow) -> None:
        self.session.add(row)

    # --- triage decisions ------------------------------------------------------------
    def add_decision(self, row: TriageDecisionRow) -> None:
        self.session.add(row)

    def decisions(self, client_id: int | None = None, limit: int = 50) -> list[TriageDecisionRow]:
        """The stored triage decisions the scope sees (of ``client_id``), newest first, at
        most ``limit``."""
        stmt = sa.select(TriageDecisionRow).order_by(
            TriageDecisionRow.decided_at.desc(), TriageDecisionRow.id.desc()
        )
        if client_id is not None:
            stmt = stmt.where(TriageDecisionRow.client_id == client_id)
        stmt = self.scope.filter_clients(stmt, TriageDecisionRow.client_id)
        return list(self.session.scalars(stmt.limit(limit)))
