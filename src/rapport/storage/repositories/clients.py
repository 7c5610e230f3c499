"""Clients (clients)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.score_rows import ClientScoreRow


class ClientRepository(Repository):
    """Clients."""

    # --- used by mail
    def touch_due_by(
        self, until: datetime, limit: int | None = None
    ) -> tuple[list[tuple[ClientRow, datetime | None]], int]:
        """Visible clients whose stored touch-point is due by ``until``, most overdue first
        (at most ``limit``), with their last contact; and how many there are in all."""
        due = ClientScoreRow.touch_due_at <= until
        stmt = self.scope.filter_clients(
            sa.select(ClientRow, ClientScoreRow.last_contact)
            .join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id)
            .where(due),
            ClientRow.id,
        )
        counted = self.scope.filter_clients(
            sa.select(sa.func.count()).select_from(ClientScoreRow).where(due),
            ClientScoreRow.client_id,
        )
        ordered = stmt.order_by(ClientScoreRow.touch_due_at, ClientRow.name)
        count = self.session.scalar(counted) or 0
        rows = self.session.execute(ordered.limit(limit) if limit else ordered)
        return [(row, contact) for row, contact in rows], count
