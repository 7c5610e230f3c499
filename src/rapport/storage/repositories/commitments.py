"""Promises made to clients (commitments)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from rapport.domain.model import Commitment
from rapport.storage.mapping import to_domain
from rapport.storage.orm import CommitmentRow
from rapport.storage.repositories.base import Repository


class CommitmentRepository(Repository):
    """Promises made to clients."""

    # --- used by scores
    def of_clients(self, client_ids: Sequence[int]) -> list[Commitment]:
        """Every promise to the clients with these ids, in id order (not limited to the
        caller's clients: the ids were found visible before)."""
        stmt = (
            sa.select(CommitmentRow)
            .where(CommitmentRow.client_id.in_(client_ids))
            .order_by(CommitmentRow.id)
        )
        return [to_domain(r, Commitment) for r in self.session.scalars(stmt)]
