"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from rapport.domain.model import Interaction, InteractionKind
from rapport.storage.mapping import to_domain
from rapport.storage.orm import InteractionRow
from rapport.storage.repositories.base import Repository


class InteractionRepository(Repository):
    """Interactions with clients: meetings, calls, e-mails."""

    # --- used by scores
    def of_clients_between(
        self, client_ids: Sequence[int], since: datetime, until: datetime
    ) -> list[Interaction]:
        """The interactions with these clients started in [since, until], in id order (not
        limited to the caller's clients: the ids were found visible before)."""
        stmt = (
            sa.select(InteractionRow)
            .where(
                InteractionRow.client_id.in_(client_ids),
                InteractionRow.started_at >= since,
                InteractionRow.started_at <= until,
            )
            .order_by(InteractionRow.id)
        )
        return [to_domain(r, Interaction) for r in self.session.scalars(stmt)]

    def last_started(self, client_ids: Sequence[int], until: datetime) -> dict[int, datetime]:
        """When each of these clients' latest interaction up to ``until`` started (as
        stored: naive on SQLite)."""
        stmt = (
            sa.select(InteractionRow.client_id, sa.func.max(InteractionRow.started_at))
            .where(InteractionRow.client_id.in_(client_ids), InteractionRow.started_at <= until)
            .group_by(InteractionRow.client_id)
        )
        return dict(self.session.execute(stmt).all())

    def meetings_between(
        self, start: datetime, end: datetime, client_id: int | None = None
    ) -> list[Interaction]:
        """The visible meetings (in person, video, calls) that start in [start, end), of
        one client when given, newest first."""
        return self._meetings(
            client_id,
            InteractionRow.started_at >= start,
            InteractionRow.started_at < end,
        )

    def meetings_before(self, client_id: int, at: datetime, limit: int) -> list[Interaction]:
        """The client's last ``limit`` meetings that started before ``at``, newest first."""
        return self._meetings(client_id, InteractionRow.started_at < at, limit=limit)

    def _meetings(
        self, client_id: int | None, *where: sa.ColumnElement[bool], limit: int | None = None
    ) -> list[Interaction]:
        stmt = self.scope.filter_clients(sa.select(InteractionRow), InteractionRow.client_id)
        if client_id is not None:
            stmt = stmt.where(InteractionRow.client_id == client_id)
        stmt = stmt.where(*where, InteractionRow.kind.in_(_MEETING_KINDS))
        stmt = stmt.order_by(InteractionRow.started_at.desc(), InteractionRow.id).offset(0)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [to_domain(r, Interaction) for r in self.session.scalars(stmt)]


_MEETING_KINDS = [k for k in InteractionKind if k.is_meeting]
