"""Clients (clients)."""

from __future__ import annotations

import dataclasses
from dataclasses import fields
from datetime import datetime

import sqlalchemy as sa

from rapport.domain.model import Client
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.score_rows import ClientScoreRow


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

    # --- used by contacts-booking
    def id_named(self, name: str) -> int | None:
        """The id of the client named ``name`` (trimmed, any case), among all clients."""
        found = self.session.scalar(
            sa.select(ClientRow.id).where(sa.func.lower(ClientRow.name) == name.strip().lower())
        )
        return None if found is None else int(found)

    def every_client(self) -> list[Client]:
        """Every client as the domain's dataclass, by id, among all clients (the contact
        sync's matching of cards to clients)."""
        names = [f.name for f in dataclasses.fields(Client)]
        table = ClientRow.__table__
        rows = self.session.execute(sa.select(*(table.c[n] for n in names)).order_by(table.c.id))
        return [Client(*row) for row in rows]

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
