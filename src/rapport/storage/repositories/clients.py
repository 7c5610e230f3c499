"""Clients (clients)."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository


class ClientRepository(Repository):
    """Clients."""

    # --- used by platform
    def id_by_name(self, name: str) -> int | None:
        """The id of the client named ``name`` (any case), seen or not: the audit log
        names deleted and hidden clients by id."""
        found = self.session.scalar(
            sa.select(ClientRow.id).where(sa.func.lower(ClientRow.name) == name.lower())
        )
        return None if found is None else int(found)

    def names_by_ids(self, ids: Collection[int]) -> dict[int, str]:
        """The names of the clients among ``ids`` that exist (all clients, unscoped)."""
        rows = self.session.execute(
            sa.select(ClientRow.id, ClientRow.name).where(ClientRow.id.in_(ids))
        )
        return {int(i): str(n) for i, n in rows}

    def name_now(self, client_id: int) -> str | None:
        """A client's name, read on the session's connection (usable while it flushes)."""
        return (
            self.session.connection()
            .execute(sa.select(ClientRow.name).where(ClientRow.id == client_id))
            .scalar()
        )
