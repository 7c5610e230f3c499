"""Loading many rows at once with their ids kept (the demo, restoring a backup)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def insert(conn: Connection, table: sa.Table, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (column name -> Python value) in one executemany; return the count."""
    batch = list(rows)
    if batch:
        conn.execute(table.insert(), batch)
    return len(batch)


def reset_sequences(conn: Connection, tables: Iterable[sa.Table]) -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the largest id
    (SQLite needs nothing: it takes the next id from the table itself)."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, sa.Integer) or not pk[0].autoincrement:
            continue
        column = pk[0].name
        conn.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'coalesce((SELECT max("{column}") FROM "{table.name}"), 0) + 1, false)'
            ),
            {"table": table.name, "column": column},
        )
