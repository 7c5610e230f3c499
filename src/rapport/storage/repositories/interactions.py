"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from rapport.domain.model import Interaction, InteractionKind
from rapport.storage.mapping import to_domain
from rapport.storage.orm import ClientRow, InteractionRow
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

    def meetings_before(self, client_id: int, at: datetime, limit: int) -> list[Interaction]:
        """The client's last ``limit`` meetings that started before ``at``, newest first."""
        return self._meetings(client_id, InteractionRow.started_at < at, limit=limit)

    def _meetings(
        self, client_id: int | None, *where: sa.ColumnElement[bool], limit: int | None = None
    ) -> list[Interaction]:
        stmt = self.scope.filter_clients(sa.select(InteractionRow), InteractionRow.client_id)
        if client_id is not None:
            stmt = stmt.where(InteractionRow.client_id == client_id)
        stmt = stmt.where(*where, InteractionRow.kind.in_(MEETING_KINDS))
        stmt = stmt.order_by(InteractionRow.started_at.desc(), InteractionRow.id).offset(0)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [to_domain(r, Interaction) for r in self.session.scalars(stmt)]

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

    def delete(self, row: InteractionRow) -> None:
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

    def named_meetings_between(
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

    def add(self, row: InteractionRow) -> None:
        self.session.add(row)
