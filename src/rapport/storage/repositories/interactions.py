"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa

from rapport.storage.orm import InteractionRow
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
