"""Every table at once, for backups, restores, imports of a whole workspace and the demo (the
bulk paths)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

import sqlalchemy as sa

from rapport.storage import bulk
from rapport.storage.orm import Base, ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.team_rows import AuditRow

Table = sa.Table
"""A table of the schema (a row class's ``__table__``, or a record table's)."""


def table_of(row_cls: type[Base]) -> Table:
    """The table a row class is stored in."""
    table: Table = row_cls.__table__  # type: ignore[assignment]
    return table


def self_references(table: Table) -> list[str]:
    """The columns of ``table`` that point into ``table`` itself (a client referred by
    another)."""
    return [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]


def client_tables() -> list[Table]:
    """The clients table and every table that hangs on it, directly or through another
    (contacts, promises, meetings, analyses, saved agendas...), in dependency order."""
    ordered = Base.metadata.sorted_tables
    names = {ClientRow.__tablename__}
    grew = True
    while grew:
        grew = False
        for table in ordered:
            if table.name not in names and any(
                fk.column.table.name in names for fk in table.foreign_keys
            ):
                names.add(table.name)
                grew = True
    return [t for t in ordered if t.name in names]


class WorkspaceTables(Repository):
    """Every table at once, for backups, restores, imports of a whole workspace and the demo."""

    # --- reading ---------------------------------------------------------------------
    def column_rows(self, row_cls: type[Base], names: Sequence[str]) -> list[tuple[Any, ...]]:
        """The values of the columns ``names`` of every row of ``row_cls``'s table, by id, as
        plain tuples (no ORM objects: several times faster in bulk)."""
        table = table_of(row_cls)
        result = self.session.execute(sa.select(*(table.c[n] for n in names)).order_by(table.c.id))
        return [tuple(row) for row in result]

    def records(self, table: Table) -> list[dict[str, Any]]:
        """Every row of ``table`` (column -> value), by id."""
        return [
            dict(row)
            for row in self.session.execute(sa.select(table).order_by(table.c.id)).mappings()
        ]

    def count(self, row_cls: type[Base]) -> int:
        """How many rows ``row_cls``'s table holds."""
        return int(self.session.scalar(sa.select(sa.func.count()).select_from(row_cls)) or 0)

    def last_audit_of(self, entities: Iterable[str]) -> AuditRow | None:
        """The newest audit entry about one of these entities."""
        return self.session.scalars(
            sa.select(AuditRow)
            .where(AuditRow.entity.in_(tuple(entities)))
            .order_by(AuditRow.id.desc())
            .limit(1)
        ).first()

    # --- writing ---------------------------------------------------------------------
    def add(self, row: Base) -> None:
        self.session.add(row)

    def insert(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` (column -> value, ids kept if given; at least one) in one
        executemany."""
        self.session.execute(sa.insert(table), rows)

    def insert_objects(self, row_cls: type[Base], objs: Iterable[Any]) -> int:
        """Insert domain dataclasses whose fields are the columns of ``row_cls`` (ids
        included) in one executemany on the session's connection; return the count."""
        rows = ({f.name: getattr(o, f.name) for f in fields(o)} for o in objs)
        return bulk.insert(self.session.connection(), table_of(row_cls), rows)

    def update(self, table: Table, row_id: int, values: Mapping[str, Any]) -> None:
        """Set ``values`` on the row of ``table`` with this id."""
        self.session.execute(sa.update(table).where(table.c.id == row_id).values(dict(values)))

    def set_referrer(self, client_id: int | None, referrer_id: int) -> None:
        """Record which client referred ``client_id``."""
        self.session.execute(
            sa.update(ClientRow)
            .where(ClientRow.id == client_id)
            .values(referred_by_client_id=referrer_id)
        )

    def empty(self, tables: Iterable[Table]) -> None:
        """Delete every row of these tables, in the order given."""
        conn = self.session.connection()
        for table in tables:
            conn.execute(table.delete())

    def reset_sequences(self, tables: Iterable[Table]) -> None:
        """After inserting explicit ids on PostgreSQL, move each id sequence past the
        largest id (see :func:`rapport.storage.bulk.reset_sequences`)."""
        bulk.reset_sequences(self.session.connection(), tables)
