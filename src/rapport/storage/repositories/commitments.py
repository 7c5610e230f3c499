"""Promises made to clients (commitments)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from rapport.domain import commitments as ledger
from rapport.storage.orm import ClientRow, CommitmentRow
from rapport.storage.repositories.base import Repository


class CommitmentRepository(Repository):
    """Promises made to clients."""

    # --- used by calendar
    def pending_due_since(
        self, since: datetime
    ) -> list[tuple[int, datetime, str, str | None, str]]:
        """Pending promises due at ``since`` or later, of the clients the scope sees, by due
        time: (id, due, text, to whom, client's name)."""
        c = CommitmentRow
        visible = self.scope.filter_clients(
            sa.select(c.id).where(c.status.in_(ledger.PENDING), c.due_at >= since), c.client_id
        )
        rows = self.session.execute(
            sa.select(c.id, c.due_at, c.text, c.to_whom, ClientRow.name)
            .join(ClientRow, ClientRow.id == c.client_id)
            .where(c.id.in_(visible))
            .order_by(c.due_at, c.id)
        ).all()
        return [(i, due, text, to_whom, name) for i, due, text, to_whom, name in rows]
