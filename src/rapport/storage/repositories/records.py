"""Projects, revenue and notes: the client's records with no rules of their own (projects,
revenue, notes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from rapport.domain.model import RevenueEntry
from rapport.storage.mapping import to_domain
from rapport.storage.orm import RevenueRow
from rapport.storage.repositories.base import Repository


class RecordRepository(Repository):
    """Projects, revenue and notes: the client's records with no rules of their own."""

    # --- used by scores
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
