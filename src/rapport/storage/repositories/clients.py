"""Clients (clients)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import fields
from datetime import datetime

import sqlalchemy as sa

from rapport.domain.model import Client
from rapport.storage.mapping import to_domain
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.score_rows import ClientScoreRow
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

    # --- used by platform
    def id_by_name(self, name: str) -> int | None:
        """The id of the client named ``name`` (any case, surrounding spaces ignored), seen
        or not: the audit log names deleted and hidden clients by id; calendar and contact
        sync match by name."""
        found = self.session.scalar(
            sa.select(ClientRow.id).where(sa.func.lower(ClientRow.name) == name.strip().lower())
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
