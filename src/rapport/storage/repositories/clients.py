"""Clients (clients)."""

from __future__ import annotations

import sqlalchemy as sa

from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository


class ClientRepository(Repository):
    """Clients."""

    # --- used by meetings-io
    def names_of(self, ids: set[int]) -> dict[int, str]:
        """Client id -> name for these ids (not limited to the scope)."""
        if not ids:
            return {}
        query = sa.select(ClientRow.id, ClientRow.name).where(ClientRow.id.in_(ids))
        return {row.id: row.name for row in self.session.execute(query)}

    def count(self) -> int:
        """How many clients there are (all of them)."""
        return int(self.session.scalar(sa.select(sa.func.count()).select_from(ClientRow)) or 0)
