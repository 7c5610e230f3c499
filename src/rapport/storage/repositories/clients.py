"""Clients (clients)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from rapport.domain.model import Client
from rapport.storage.mapping import to_domain
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.team_rows import ClientOwnerRow


class ClientRepository(Repository):
    """Clients."""

    # --- used by scores
    def visible_ids(self) -> list[int]:
        """The ids of the clients the caller may see, in id order."""
        stmt = self.scope.filter_clients(sa.select(ClientRow.id), ClientRow.id)
        return list(self.session.scalars(stmt.order_by(ClientRow.id)))

    def with_ids(self, client_ids: Sequence[int]) -> list[Client]:
        """The clients with these ids, in id order (not limited to the caller's: the ids
        were found visible before)."""
        stmt = sa.select(ClientRow).where(ClientRow.id.in_(client_ids)).order_by(ClientRow.id)
        return [to_domain(r, Client) for r in self.session.scalars(stmt)]

    def owners(self, client_ids: Sequence[int]) -> dict[int, int]:
        """The owning account of each of ``client_ids`` that an account owns."""
        stmt = sa.select(ClientOwnerRow.client_id, ClientOwnerRow.user_id).where(
            ClientOwnerRow.client_id.in_(client_ids)
        )
        return dict(self.session.execute(stmt).all())
