"""Triage decisions, boundary resets and saved agendas (triage_decisions, boundary_resets,
saved_agendas)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from rapport.storage.meetings_rows import BoundaryResetRow
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
