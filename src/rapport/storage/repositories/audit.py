"""The audit log (audit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from rapport.storage.repositories.base import Repository
from rapport.storage.team_rows import AuditRow


class AuditRepository(Repository):
    """The audit log."""

    def add(self, row: AuditRow) -> None:
        self.session.add(row)

    def insert_many(self, entries: Sequence[dict[str, Any]]) -> None:
        """Insert entries (column values) straight on the session's connection: usable
        while the session flushes (the audit log's flush hook)."""
        self.session.connection().execute(sa.insert(AuditRow), list(entries))

    def delete_before(self, cutoff: datetime) -> int:
        """Delete the entries older than ``cutoff`` on the session's connection; how many."""
        result = self.session.connection().execute(sa.delete(AuditRow).where(AuditRow.at < cutoff))
        return int(result.rowcount or 0)

    @staticmethod
    def _where(
        client_id: int | None,
        actor: str | None,
        entity: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = []
        if client_id is not None:
            where.append(AuditRow.client_id == client_id)
        if actor is not None:
            where.append(AuditRow.actor == actor)
        if entity is not None:
            where.append(AuditRow.entity == entity)
        if since is not None:
            where.append(AuditRow.at >= since)
        if until is not None:
            where.append(AuditRow.at < until)
        return where

    def entries(
        self,
        *,
        client_id: int | None = None,
        actor: str | None = None,
        entity: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[AuditRow]:
        """The entries matching every condition given (``until`` exclusive), newest first."""
        stmt = (
            sa.select(AuditRow)
            .where(*self._where(client_id, actor, entity, since, until))
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def count(
        self,
        *,
        client_id: int | None = None,
        actor: str | None = None,
        entity: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        """How many entries match every condition given."""
        stmt = (
            sa.select(sa.func.count())
            .select_from(AuditRow)
            .where(*self._where(client_id, actor, entity, since, until))
        )
        return int(self.session.scalar(stmt) or 0)
