"""Promises made to clients (commitments)."""

from __future__ import annotations

from rapport.storage.orm import CommitmentRow
from rapport.storage.repositories.base import Repository


class CommitmentRepository(Repository):
    """Promises made to clients."""

    # --- used by meetings-io
    def add(self, row: CommitmentRow) -> None:
        self.session.add(row)
