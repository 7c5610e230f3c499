"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa

from rapport.storage.orm import ClientRow, InteractionRow
from rapport.storage.repositories.base import Repository


class InteractionRepository(Repository):
    """Interactions with clients: meetings, calls, e-mails."""

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
