"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from rapport.storage.orm import InteractionRow
from rapport.storage.repositories.base import Repository


class InteractionRepository(Repository):
    """Interactions with clients: meetings, calls, e-mails."""

    # --- used by meetings-io
    def add(self, row: InteractionRow) -> None:
        self.session.add(row)
