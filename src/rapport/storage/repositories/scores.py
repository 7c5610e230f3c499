"""Stored trust scores, trust snapshots and self-assessments (client_scores, trust_snapshots,
assessments)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from rapport.domain.trust import ClientTrust
from rapport.storage.intel_rows import AssessmentRow, TrustSnapshotRow
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.score_rows import ClientScoreRow, positive_revenue, risk_order
from rapport.storage.unit_of_work import Database

CHUNK = 500
"""Clients per ``IN (...)`` list."""


@dataclass(frozen=True, slots=True)
class TakesOf:
    """Whose self-assessment takes a reader sees: everyone's (``everyone``), or those of
    one account (``user_id``; None: the command line's)."""

    everyone: bool
    user_id: int | None = None


class ScoreRepository(Repository):
    """Stored trust scores, trust snapshots and self-assessments."""

    # --- client_scores -----------------------------------------------------------------
    def current_with_clients(
        self, client_ids: Sequence[int], at: datetime
    ) -> list[tuple[ClientRow, ClientScoreRow]]:
        """Each of ``client_ids`` whose stored facts are current at ``at``, with its row."""
        query = (
            sa.select(ClientRow, ClientScoreRow)
            .join(
                ClientScoreRow,
                sa.and_(ClientScoreRow.client_id == ClientRow.id, _current(at)),
            )
            .where(ClientRow.id.in_(client_ids))
        )
        return [(client, score) for client, score in self.session.execute(query)]

    def stale_ids(self, at: datetime, *, repair: bool = False) -> list[int]:
        """Every client (whoever may see it) whose stored facts are not current at ``at``:
        two index range scans on ``valid_until`` (an OR with IS NULL would scan the whole
        index); with ``repair``, also clients that have no row at all."""
        row = ClientScoreRow
        s = self.session
        stale = list(
            s.scalars(
                sa.union_all(
                    sa.select(row.client_id).where(row.valid_until.is_(None)),
                    sa.select(row.client_id).where(row.valid_until <= at),
                )
            )
        )
        if repair:
            stale += s.scalars(
                sa.select(ClientRow.id).where(~sa.exists().where(row.client_id == ClientRow.id))
            )
        return stale

    def expired(self, client_ids: Sequence[int], at: datetime) -> dict[int, bool]:
        """For each of ``client_ids`` that has a row: whether it is expired at ``at``."""
        row = ClientScoreRow
        expired = sa.or_(row.valid_until.is_(None), row.valid_until <= at, row.computed_at > at)
        found = self.session.execute(
            sa.select(row.client_id, expired).where(row.client_id.in_(client_ids))
        ).all()
        return {client_id: bool(flag) for client_id, flag in found}

    def versions(self, client_ids: Sequence[int]) -> dict[int, int]:
        """The current ``version`` of each of ``client_ids`` that has a row."""
        row = ClientScoreRow
        stmt = sa.select(row.client_id, row.version).where(row.client_id.in_(client_ids))
        return dict(self.session.execute(stmt).all())

    def ensure_rows(self, client_ids: Sequence[int]) -> None:
        """A row (version 0) for each of ``client_ids`` that has none; a row added by a
        concurrent writer in between is left as it is."""
        s = self.session
        have = set(
            s.scalars(
                sa.select(ClientScoreRow.client_id).where(ClientScoreRow.client_id.in_(client_ids))
            )
        )
        missing = [{"client_id": i, "version": 0} for i in client_ids if i not in have]
        if missing:
            s.execute(_insert_ignoring_duplicates(s.get_bind().dialect.name), missing)

    def store_facts(self, rows: Sequence[dict[str, Any]]) -> None:
        """Write computed facts, one dict of column values per client: ``b_client_id``
        and ``b_version`` name the row, which is written only where its version is still
        ``b_version`` (nothing changed since the version was read)."""
        if not rows:
            return
        table: Any = ClientScoreRow.__table__
        stmt = (
            table.update()
            .where(
                table.c.client_id == sa.bindparam("b_client_id"),
                table.c.version == sa.bindparam("b_version"),
            )
            .values({k: sa.bindparam(k) for k in rows[0] if not k.startswith("b_")})
        )
        self.session.connection().execute(stmt, list(rows))

    def positive_revenue_total(self) -> Decimal:
        """The stored revenue of the visible clients, each counted from zero up."""
        stmt = self.scope.filter_clients(
            sa.select(sa.func.sum(positive_revenue())), ClientScoreRow.client_id
        )
        return Decimal(self.session.scalar(stmt) or 0)

    def slipping_ids(
        self, threshold: float, before_month: str, slip_drop: float, limit: int | None
    ) -> tuple[list[int], int]:
        """The visible clients whose stored trust is under ``threshold`` with a setback, or
        more than ``slip_drop`` under their latest snapshot from a month before
        ``before_month``: at most ``limit`` of them in risk order, and how many in all."""
        row = ClientScoreRow
        earlier = _earlier_snapshots(before_month)
        low = sa.select(row.client_id).where(row.trust < threshold, row.setbacks > 0)
        fell = (
            sa.select(row.client_id)
            .join(earlier, earlier.c.client_id == row.client_id)
            .where(row.trust < earlier.c.trust * (1 - slip_drop))
        )
        # Two index-friendly queries instead of one OR over every client.
        found_ids = sa.union(low, fell).subquery()
        stmt = self.scope.filter_clients(
            sa.select(row.client_id).join(found_ids, found_ids.c.client_id == row.client_id),
            row.client_id,
        )
        s = self.session
        count = s.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
        ordered = stmt.order_by(*risk_order(), row.client_id)
        return list(s.scalars(ordered.limit(limit) if limit else ordered)), count

    # --- trust_snapshots ---------------------------------------------------------------
    def save_month_snapshots(
        self, estimates: Sequence[ClientTrust], month: str, at: datetime
    ) -> None:
        """One snapshot per client for ``month``: an existing one is replaced."""
        ids = [e.client_id for e in estimates]
        s = self.session
        existing: dict[int, TrustSnapshotRow] = {}
        for start in range(0, len(ids), CHUNK):
            rows = s.scalars(
                sa.select(TrustSnapshotRow).where(
                    TrustSnapshotRow.month == month,
                    TrustSnapshotRow.client_id.in_(ids[start : start + CHUNK]),
                )
            )
            existing.update({row.client_id: row for row in rows})
        for e in estimates:
            row = existing.get(e.client_id) or TrustSnapshotRow(client_id=e.client_id, month=month)
            row.taken_at = at
            row.trust = e.trust
            row.credibility = e.credibility.score
            row.reliability = e.reliability.score
            row.intimacy = e.intimacy.score
            row.self_orientation = e.self_orientation.score
            s.add(row)

    def trends(self, client_ids: Sequence[int] | None = None) -> dict[int, list[tuple[str, float]]]:
        """(month, trust) of every snapshot of the visible clients (or those of them in
        ``client_ids``), oldest first, by client."""
        t = TrustSnapshotRow
        stmt = sa.select(t.client_id, t.month, t.trust).order_by(t.client_id, t.month)
        chunks = (
            [stmt]
            if client_ids is None
            else [
                stmt.where(t.client_id.in_(client_ids[i : i + CHUNK]))
                for i in range(0, len(client_ids), CHUNK)
            ]
        )
        found: dict[int, list[tuple[str, float]]] = {}
        for chunk in chunks:
            rows = self.session.execute(self.scope.filter_clients(chunk, t.client_id)).all()
            for client_id, month, value in rows:
                found.setdefault(client_id, []).append((month, float(value)))
        return found

    def latest_snapshots_before(
        self, client_ids: Sequence[int], before_month: str
    ) -> list[TrustSnapshotRow]:
        """Each of ``client_ids``' latest snapshot from a month before ``before_month``."""
        t = TrustSnapshotRow
        latest = (
            sa.select(t.client_id, sa.func.max(t.month).label("month"))
            .where(t.month < before_month)
            .group_by(t.client_id)
            .subquery()
        )
        stmt = sa.select(t).join(
            latest, sa.and_(latest.c.client_id == t.client_id, latest.c.month == t.month)
        )
        found: list[TrustSnapshotRow] = []
        for start in range(0, len(client_ids), CHUNK):
            chunk = client_ids[start : start + CHUNK]
            found += self.session.scalars(stmt.where(t.client_id.in_(chunk)))
        return found

    def earlier_trust(
        self, before_month: str, client_ids: Sequence[int] | None = None
    ) -> dict[int, tuple[str, float]]:
        """(month, trust) of each client's latest snapshot from a month before
        ``before_month`` (of those in ``client_ids``, when given), whoever may see it."""
        earlier = _earlier_snapshots(before_month)
        query = sa.select(earlier)
        if client_ids is not None:
            query = query.where(earlier.c.client_id.in_(client_ids))
        return {cid: (month, float(value)) for cid, month, value in self.session.execute(query)}

    # --- assessments -------------------------------------------------------------------
    def latest_take(self, of: TakesOf) -> AssessmentRow | None:
        """The latest take ``of`` sees."""
        stmt = _takes(sa.select(AssessmentRow), of).order_by(
            AssessmentRow.taken_at.desc(), AssessmentRow.id.desc()
        )
        return self.session.scalars(stmt.limit(1)).first()

    def takes(self, of: TakesOf) -> list[AssessmentRow]:
        """The takes ``of`` sees, oldest first."""
        stmt = _takes(sa.select(AssessmentRow), of).order_by(
            AssessmentRow.taken_at, AssessmentRow.id
        )
        return list(self.session.scalars(stmt))

    def add_take(self, row: AssessmentRow) -> AssessmentRow:
        """Store one take (its id is set: the session is flushed)."""
        self.session.add(row)
        self.session.flush()
        return row

    def latest_self_orientation(self, of: TakesOf) -> float | None:
        """The self-orientation of the latest take ``of`` sees (None: no take)."""
        stmt = _takes(sa.select(AssessmentRow.self_orientation), of).order_by(
            AssessmentRow.taken_at.desc(), AssessmentRow.id.desc()
        )
        value = self.session.scalar(stmt.limit(1))
        return None if value is None else float(value)


@contextmanager
def best_effort(db: Database) -> Iterator[Session]:
    """A write transaction for derived data. On PostgreSQL it gives up after a short wait
    for a lock, so a user's write always wins; losing such a race (or SQLite's busy
    timeout) only means the facts are computed again next time."""
    try:
        with db.transaction() as s:
            if db.dialect == "postgresql":
                s.execute(sa.text("SET LOCAL lock_timeout = '200ms'"))
            yield s
    except DBAPIError as exc:
        if not _is_contention(exc):
            raise


def _is_contention(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return any(w in text for w in ("lock", "deadlock", "could not serialize", "busy"))


def _current(at: datetime) -> sa.ColumnElement[bool]:
    """The SQL condition: a stored row is current at ``at``."""
    row = ClientScoreRow
    return sa.and_(
        row.computed_version == row.version,
        row.computed_at <= at,
        row.valid_until > at,
    )


def _earlier_snapshots(before_month: str) -> sa.Subquery:
    """Each client's latest snapshot from a month before ``before_month``."""
    t = TrustSnapshotRow
    latest = (
        sa.select(t.client_id, sa.func.max(t.month).label("month"))
        .where(t.month < before_month)
        .group_by(t.client_id)
        .subquery()
    )
    return (
        sa.select(t.client_id, t.month, t.trust)
        .join(
            latest,
            sa.and_(latest.c.client_id == t.client_id, latest.c.month == t.month),
        )
        .subquery()
    )


def _takes(stmt: Any, of: TakesOf) -> Any:
    """``stmt`` limited to the takes ``of`` sees."""
    if of.everyone:
        return stmt
    if of.user_id is None:
        return stmt.where(AssessmentRow.user_id.is_(None))
    return stmt.where(AssessmentRow.user_id == of.user_id)


def _insert_ignoring_duplicates(dialect: str) -> Any:
    table: Any = ClientScoreRow.__table__
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=["client_id"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table).on_conflict_do_nothing(index_elements=["client_id"])
