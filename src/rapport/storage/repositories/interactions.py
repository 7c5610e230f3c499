"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from rapport.storage.orm import InteractionRow
from rapport.storage.repositories.base import Repository


class InteractionRepository(Repository):
    """Interactions with clients: meetings, calls, e-mails."""

    # --- used by calendar
    def _from_source(self, source: str, prefix: str) -> Any:
        return sa.and_(
            InteractionRow.source == source, InteractionRow.external_id.startswith(prefix)
        )

    def delete_from_source(self, source: str, prefix: str) -> None:
        """Delete the interactions of ``source`` whose external id starts with ``prefix``
        (those one calendar made)."""
        self.session.execute(sa.delete(InteractionRow).where(self._from_source(source, prefix)))

    def stored_from_source(self, source: str, prefix: str) -> dict[str, tuple[Any, ...]]:
        """The interactions of ``source`` whose external id starts with ``prefix``, by
        external id: (id, client, kind, start, minutes, summary)."""
        r = InteractionRow
        rows = self.session.execute(
            sa.select(
                r.external_id, r.id, r.client_id, r.kind, r.started_at, r.duration_min, r.summary
            ).where(self._from_source(source, prefix))
        )
        return {str(key): tuple(rest) for key, *rest in rows}

    def delete_by_id(self, interaction_id: int) -> None:
        self.session.execute(sa.delete(InteractionRow).where(InteractionRow.id == interaction_id))

    def insert_many(self, values: Sequence[dict[str, Any]]) -> None:
        """Insert one interaction per mapping of column values, in one statement."""
        self.session.execute(sa.insert(InteractionRow), list(values))

    def update_values(self, interaction_id: int, values: dict[str, Any]) -> None:
        """Set these columns of one interaction."""
        self.session.execute(
            sa.update(InteractionRow).where(InteractionRow.id == interaction_id).values(values)
        )

    def from_source_near(
        self, source: str, client_id: int, at: datetime, near: timedelta
    ) -> list[tuple[int, str | None, datetime]]:
        """The client's interactions of ``source`` starting within ``near`` of ``at``:
        (id, external id, start)."""
        rows = self.session.execute(
            sa.select(
                InteractionRow.id, InteractionRow.external_id, InteractionRow.started_at
            ).where(
                InteractionRow.source == source,
                InteractionRow.client_id == client_id,
                InteractionRow.started_at >= at - near,
                InteractionRow.started_at <= at + near,
            )
        ).all()
        return [(row_id, external, started) for row_id, external, started in rows]
