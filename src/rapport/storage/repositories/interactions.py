"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from rapport.domain.model import Interaction, InteractionKind
from rapport.storage.mapping import to_domain
from rapport.storage.orm import InteractionRow
from rapport.storage.repositories.base import Repository

MEETING_KINDS = [k for k in InteractionKind if k.is_meeting]
"""The interaction kinds that are meetings (in person, video, calls)."""


class InteractionRepository(Repository):
    """Interactions with clients: meetings, calls, e-mails."""

    def by_id(self, interaction_id: int) -> InteractionRow | None:
        """The interaction with this id, whoever's client it belongs to (the caller checks
        access)."""
        return self.session.get(InteractionRow, interaction_id)

    def meetings_between(
        self,
        start: datetime,
        end: datetime,
        *,
        client_id: int | None = None,
        limit: int | None = None,
        oldest_first: bool = False,
    ) -> list[Interaction]:
        """The visible meetings (in person, video, calls) that start in [start, end), of
        one client with ``client_id``: newest first, or ``oldest_first``; ties by id."""
        stmt = self._meetings_between(start, end, client_id)
        order = InteractionRow.started_at if oldest_first else InteractionRow.started_at.desc()
        stmt = stmt.order_by(order, InteractionRow.id)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [to_domain(r, Interaction) for r in self.session.scalars(stmt)]

    def meetings_count_between(
        self, start: datetime, end: datetime, *, client_id: int | None = None
    ) -> int:
        """How many visible meetings start in [start, end)."""
        stmt = self._meetings_between(start, end, client_id).with_only_columns(sa.func.count())
        return int(self.session.scalar(stmt) or 0)

    def _meetings_between(self, start: datetime, end: datetime, client_id: int | None) -> Any:
        stmt = sa.select(InteractionRow).where(
            InteractionRow.started_at >= start,
            InteractionRow.started_at < end,
            InteractionRow.kind.in_(MEETING_KINDS),
        )
        if client_id is not None:
            stmt = stmt.where(InteractionRow.client_id == client_id)
        return self.scope.filter_clients(stmt, InteractionRow.client_id)
