"""Promises made to clients (commitments)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from rapport.domain import commitments as ledger
from rapport.domain.model import Commitment
from rapport.storage.mapping import to_domain
from rapport.storage.orm import ClientRow, CommitmentRow
from rapport.storage.repositories.base import Repository


class CommitmentRepository(Repository):
    """Promises made to clients."""

    def of_clients(self, client_ids: Sequence[int]) -> list[Commitment]:
        """Every promise to the clients with these ids, in id order (not limited to the
        caller's clients: the ids were found visible before)."""
        stmt = (
            sa.select(CommitmentRow)
            .where(CommitmentRow.client_id.in_(client_ids))
            .order_by(CommitmentRow.id)
        )
        return [to_domain(r, Commitment) for r in self.session.scalars(stmt)]

    def pending_due_since(
        self, since: datetime
    ) -> list[tuple[int, datetime, str, str | None, str]]:
        """Pending promises due at ``since`` or later, of the clients the scope sees, by due
        time: (id, due, text, to whom, client's name)."""
        c = CommitmentRow
        visible = self.scope.filter_clients(
            sa.select(c.id).where(c.status.in_(ledger.PENDING), c.due_at >= since), c.client_id
        )
        rows = self.session.execute(
            sa.select(c.id, c.due_at, c.text, c.to_whom, ClientRow.name)
            .join(ClientRow, ClientRow.id == c.client_id)
            .where(c.id.in_(visible))
            .order_by(c.due_at, c.id)
        ).all()
        return [(i, due, text, to_whom, name) for i, due, text, to_whom, name in rows]

    def due_between_with_names(
        self, statuses: Collection[str], after: datetime, until: datetime
    ) -> list[tuple[int, int, str, datetime, str]]:
        """Visible promises of ``statuses`` due in (after, until], soonest first: (id,
        client id, text, due, client name)."""
        c = CommitmentRow
        query = self.scope.filter_clients(
            sa.select(c.id, c.client_id, c.text, c.due_at, ClientRow.name)
            .join(ClientRow, ClientRow.id == c.client_id)
            .where(c.status.in_(list(statuses)), c.due_at > after, c.due_at <= until)
            .order_by(c.due_at, c.id),
            c.client_id,
        )
        return [
            (pid, cid, text, due, name) for pid, cid, text, due, name in self.session.execute(query)
        ]

    def pending_with_names(
        self,
        statuses: Collection[str],
        *,
        due_before: datetime | None = None,
        due_from: datetime | None = None,
        due_until: datetime | None = None,
        limit: int | None = None,
    ) -> tuple[list[tuple[CommitmentRow, str]], int]:
        """Visible promises of ``statuses`` due before ``due_before`` and/or in
        [due_from, due_until], soonest first (at most ``limit``), with their clients'
        names; and how many there are in all."""
        where: list[Any] = [CommitmentRow.status.in_(list(statuses))]
        if due_before is not None:
            where.append(CommitmentRow.due_at < due_before)
        if due_from is not None:
            where.append(CommitmentRow.due_at >= due_from)
        if due_until is not None:
            where.append(CommitmentRow.due_at <= due_until)
        matching = self.scope.filter_clients(
            sa.select(CommitmentRow.id).where(*where), CommitmentRow.client_id
        )
        ordered = (
            sa.select(CommitmentRow, ClientRow.name)
            .join(ClientRow, ClientRow.id == CommitmentRow.client_id)
            .where(CommitmentRow.id.in_(matching))
            .order_by(CommitmentRow.due_at, CommitmentRow.id)
        )
        count = (
            self.session.scalar(sa.select(sa.func.count()).select_from(matching.subquery())) or 0
        )
        rows = self.session.execute(ordered.limit(limit) if limit else ordered)
        return [(row, name) for row, name in rows], count

    def add(self, row: CommitmentRow) -> None:
        self.session.add(row)
