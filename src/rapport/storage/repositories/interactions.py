"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa

from rapport.storage.orm import ClientRow, InteractionRow
from rapport.storage.repositories.base import Repository


class InteractionRepository(Repository):
    """Interactions with clients: meetings, calls, e-mails."""

    # --- used by contacts-booking
    def add_planned(self, row: InteractionRow) -> None:
        """A planned meeting (a booking's; written on flush)."""
        self.session.add(row)

    def delete_by_id(self, interaction_id: int) -> None:
        self.session.execute(sa.delete(InteractionRow).where(InteractionRow.id == interaction_id))

    def meeting_times(
        self, begin: datetime, end: datetime, kinds: Collection[str]
    ) -> list[tuple[int, datetime, int]]:
        """(client id, start, minutes) of the interactions of ``kinds`` starting in
        [begin, end), of all clients (the booking page's busy time and caps)."""
        rows = self.session.execute(
            sa.select(
                InteractionRow.client_id, InteractionRow.started_at, InteractionRow.duration_min
            ).where(
                InteractionRow.started_at >= begin,
                InteractionRow.started_at < end,
                InteractionRow.kind.in_(list(kinds)),
            )
        ).all()
        return [(int(c), start, int(minutes)) for c, start, minutes in rows]

    # --- used by mail
    def add_row(self, row: InteractionRow) -> None:
        """Add an interaction row (written at the flush)."""
        self.session.add(row)

    def delete_row(self, row: InteractionRow) -> None:
        self.session.delete(row)

    def by_external_ids(self, source: str, external_ids: set[str]) -> list[InteractionRow]:
        """The interactions synced from ``source`` with one of these external ids."""
        out: list[InteractionRow] = []
        items = sorted(external_ids)
        query = sa.select(InteractionRow).where(InteractionRow.source == source)
        for i in range(0, len(items), 500):
            chunk = items[i : i + 500]
            out.extend(self.session.scalars(query.where(InteractionRow.external_id.in_(chunk))))
        return out

    def delete_synced(self, source: str, external_prefix: str) -> None:
        """Delete the interactions synced from ``source`` whose external id starts so."""
        self.session.execute(
            sa.delete(InteractionRow).where(
                InteractionRow.source == source,
                InteractionRow.external_id.startswith(external_prefix),
            )
        )

    def meetings_between(
        self, begin: datetime, end: datetime, kinds: Collection[str]
    ) -> list[tuple[int, int, datetime, int, str | None, str]]:
        """Visible interactions of ``kinds`` starting in [begin, end), by start: (id,
        client id, start, minutes, summary, client name)."""
        i = InteractionRow
        query = self.scope.filter_clients(
            sa.select(i.id, i.client_id, i.started_at, i.duration_min, i.summary, ClientRow.name)
            .join(ClientRow, ClientRow.id == i.client_id)
            .where(i.started_at >= begin, i.started_at < end, i.kind.in_(list(kinds)))
            .order_by(i.started_at, i.id),
            i.client_id,
        )
        return [
            (iid, cid, start, minutes, summary, name)
            for iid, cid, start, minutes, summary, name in self.session.execute(query)
        ]
