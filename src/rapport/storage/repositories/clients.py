"""Clients (clients)."""

from __future__ import annotations

from dataclasses import fields

import sqlalchemy as sa

from rapport.domain.model import Client
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository


class ClientRepository(Repository):
    """Clients."""

    # --- used by calendar
    def id_by_name(self, name: str) -> int | None:
        """The client named ``name``, case and surrounding spaces ignored."""
        found = self.session.scalar(
            sa.select(ClientRow.id).where(sa.func.lower(ClientRow.name) == name.strip().lower())
        )
        return None if found is None else int(found)

    def name_of(self, client_id: int) -> str | None:
        return self.session.scalar(sa.select(ClientRow.name).where(ClientRow.id == client_id))

    def timezone_of(self, client_id: int) -> str | None:
        return self.session.scalar(sa.select(ClientRow.timezone).where(ClientRow.id == client_id))

    def emails(self) -> list[str]:
        """Every client's e-mail address (those that have one)."""
        return list(
            self.session.scalars(sa.select(ClientRow.email).where(ClientRow.email.is_not(None)))
        )

    def all_plain(self) -> list[Client]:
        """Every client as the domain's dataclass, by id (all clients: attendee matching)."""
        table = ClientRow.__table__
        names = [f.name for f in fields(Client)]
        rows = self.session.execute(sa.select(*(table.c[n] for n in names)).order_by(table.c.id))
        return [Client(*row) for row in rows]
