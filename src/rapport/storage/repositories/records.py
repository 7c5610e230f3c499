"""Any workspace record by its domain class: clients, contacts, interactions, commitments,
revenue, projects and notes (projects, revenue and notes have no repository of their own).

:data:`ROWS` maps each domain class to its row class; the generic reads and writes of
:class:`rapport.services.workspace.WorkspaceService` go through :class:`RecordRepository`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa

from rapport.domain.model import (
    Client,
    Commitment,
    Contact,
    Interaction,
    Note,
    Project,
    RevenueEntry,
)
from rapport.storage.mapping import copy_onto, to_domain
from rapport.storage.orm import (
    Base,
    ClientRow,
    CommitmentRow,
    ContactRow,
    InteractionRow,
    NoteRow,
    ProjectRow,
    RevenueRow,
)
from rapport.storage.repositories.base import Repository

T = TypeVar("T")

ROWS: dict[type[Any], type[Base]] = {
    Client: ClientRow,
    Contact: ContactRow,
    Interaction: InteractionRow,
    Commitment: CommitmentRow,
    RevenueEntry: RevenueRow,
    Project: ProjectRow,
    Note: NoteRow,
}
"""The row class of each workspace domain class."""

ORDER: dict[type[Any], Any] = {
    Client: ClientRow.name,
    Interaction: InteractionRow.started_at.desc(),
    Commitment: CommitmentRow.due_at,
    RevenueEntry: RevenueRow.on.desc(),
    Note: NoteRow.created_at.desc(),
}
"""How lists of each class are ordered (newest first where that makes sense; ties and
classes not named here by id)."""


def client_column(row_cls: Any) -> Any:
    """The column that says whose record a row is (a client's own id for clients)."""
    return row_cls.id if row_cls is ClientRow else row_cls.client_id


class RecordRepository(Repository):
    """Records of any workspace domain class (:data:`ROWS`), limited to the clients the
    scope sees where they are listed or counted."""

    def by_id(self, cls: type[Any], entity_id: int) -> Any | None:
        """The row of ``cls`` with this id, whoever's it is (the caller checks access)."""
        return self.session.get(ROWS[cls], entity_id)

    def listed(
        self,
        cls: type[T],
        *,
        client_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[T]:
        """The visible records of ``cls`` (one client's, when ``client_id`` is given) in
        their class's order (:data:`ORDER`), a page of them with ``offset``/``limit``."""
        row_cls: Any = ROWS[cls]
        stmt = self.scope.filter_clients(sa.select(row_cls), client_column(row_cls))
        if client_id is not None:
            stmt = stmt.where(row_cls.client_id == client_id)
        order = (ORDER.get(cls, row_cls.id), row_cls.id)
        stmt = stmt.order_by(*order).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [to_domain(r, cls) for r in self.session.scalars(stmt)]

    def count(self, cls: type[Any], *, client_id: int | None = None) -> int:
        """How many visible records of ``cls`` there are (of one client's, with
        ``client_id``; ignored for clients)."""
        row_cls: Any = ROWS[cls]
        stmt = sa.select(sa.func.count()).select_from(row_cls)
        if client_id is not None and cls is not Client:
            stmt = stmt.where(row_cls.client_id == client_id)
        stmt = self.scope.filter_clients(stmt, client_column(row_cls))
        return int(self.session.scalar(stmt) or 0)

    def every(self, cls: type[T]) -> list[T]:
        """Every visible record of ``cls`` by id (for scoring and export)."""
        row_cls: Any = ROWS[cls]
        stmt = self.scope.filter_clients(sa.select(row_cls), client_column(row_cls))
        return [to_domain(r, cls) for r in self.session.scalars(stmt.order_by(row_cls.id))]

    def add(self, obj: Any) -> Any:
        """Add a new row made from the domain record ``obj`` (its id is ignored) and return
        the row (its id is set on the next flush)."""
        row = copy_onto(obj, ROWS[type(obj)]())
        self.session.add(row)
        return row

    def delete(self, row: Any) -> None:
        """Delete one row (on the next flush)."""
        self.session.delete(row)

    def revenue_of_clients_since(
        self, client_ids: Sequence[int], since: date
    ) -> dict[int, tuple[Decimal, str]]:
        """Each of these clients' revenue from ``since`` on (amounts summed as entered) and
        its currency (the first by name; EUR when none); not limited to the caller's
        clients: the ids were found visible before."""
        rows = self.session.execute(
            sa.select(
                RevenueRow.client_id,
                sa.func.sum(RevenueRow.amount),
                sa.func.min(RevenueRow.currency),
            )
            .where(RevenueRow.client_id.in_(client_ids), RevenueRow.on >= since)
            .group_by(RevenueRow.client_id)
        )
        return {cid: (Decimal(total or 0), currency or "EUR") for cid, total, currency in rows}

    def revenue_totals_since(self, since: date) -> list[Decimal]:
        """Each visible client's revenue from ``since`` on (summed as entered; clients
        with none are left out)."""
        per_client = self.scope.filter_clients(
            sa.select(RevenueRow.client_id, sa.func.sum(RevenueRow.amount).label("total"))
            .where(RevenueRow.on >= since)
            .group_by(RevenueRow.client_id),
            RevenueRow.client_id,
        ).subquery()
        totals = self.session.scalars(sa.select(per_client.c.total)).all()
        return [Decimal(t) for t in totals if t is not None]

    def revenue_between(self, after: date, until: date) -> list[RevenueEntry]:
        """The visible revenue entries booked after ``after`` up to ``until``, newest
        first."""
        stmt = self.scope.filter_clients(sa.select(RevenueRow), RevenueRow.client_id)
        stmt = stmt.where(RevenueRow.on > after, RevenueRow.on <= until)
        stmt = stmt.order_by(RevenueRow.on.desc(), RevenueRow.id).offset(0)
        return [to_domain(r, RevenueEntry) for r in self.session.scalars(stmt)]
