"""Every table of the database read or replaced at once, on the engine (the backup's and
the restore's bulk paths: rapport.services.backup decides what, this does the SQL)."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from rapport.errors import InvalidInputError
from rapport.storage import bulk
from rapport.storage.schema import Base

__all__ = [
    "Engine",
    "Session",
    "dialect_name",
    "read_tables",
    "replace_tables",
    "session_as",
    "sqlite_copy",
    "sqlite_counts",
    "sqlite_integrity",
    "sqlite_path",
    "sqlite_revision",
    "sqlite_tables",
]

Progress = Callable[[int, int], None]
Encode = Callable[[Any], Any]


def dialect_name(engine: Engine) -> str:
    """``sqlite`` or ``postgresql``."""
    return engine.dialect.name


def sqlite_path(engine: Engine) -> Path | None:
    """The file of a SQLite database (None on PostgreSQL or in memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database)).expanduser()


def sqlite_copy(engine: Engine, target: Path, progress: Progress) -> None:
    """Copy the live SQLite database into ``target`` with SQLite's online backup API."""
    raw = engine.raw_connection()
    try:
        source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        with closing(sqlite3.connect(target)) as dest:
            # one step: a copy in steps restarts whenever the live database is
            # written to meanwhile, so under steady writes it might never finish
            progress(0, 1)
            source.backup(dest)
            progress(1, 1)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        raw.close()


def read_tables(
    engine: Engine, encode: Encode, progress: Progress
) -> tuple[dict[str, dict[str, list[Any]]], str | None]:
    """Every table of the schema (its column names and its rows by primary key, each value
    through ``encode``) and the schema revision, read in one consistent transaction."""
    isolation = {"postgresql": "REPEATABLE READ"}.get(engine.dialect.name)
    options = {"isolation_level": isolation} if isolation else {}
    ordered = Base.metadata.sorted_tables
    with engine.connect().execution_options(**options) as conn, conn.begin():
        tables: dict[str, dict[str, list[Any]]] = {}
        for done, table in enumerate(ordered):
            progress(done, len(ordered))
            tables[table.name] = {
                "columns": [c.name for c in table.columns],
                "rows": [
                    [encode(v) for v in row]
                    for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
                ],
            }
        progress(len(ordered), len(ordered))
        revision = _current_revision(conn)
    return tables, revision


def replace_tables(engine: Engine, tables: dict[str, Any], progress: Progress) -> None:
    """Delete every row of the schema and insert the archived ``tables`` (column names and
    rows of JSON values) in one transaction; id sequences are moved past the ids."""
    ordered = Base.metadata.sorted_tables
    with engine.begin() as conn:
        for table in reversed(ordered):
            conn.execute(table.delete())
        for done, table in enumerate(ordered):
            progress(done, len(ordered))
            # Triggers may have added rows while earlier tables were restored (a new
            # client gets its client_scores row): the archive's rows replace them.
            conn.execute(table.delete())
            _insert_table(conn, table, tables[table.name])
        bulk.reset_sequences(conn, ordered)
    progress(len(ordered), len(ordered))


@contextmanager
def session_as(engine: Engine, actor: str) -> Iterator[Session]:
    """A session in one transaction, its changes audited as ``actor``'s."""
    with Session(engine, info={"actor": actor}) as s, s.begin():
        yield s


def sqlite_integrity(conn: sqlite3.Connection) -> list[str]:
    """SQLite's integrity check of a database file: ``["ok"]``, or the problems found."""
    return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def sqlite_tables(conn: sqlite3.Connection) -> set[str]:
    """The names in a SQLite database file's schema (tables, indexes, triggers...)."""
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}


def sqlite_revision(conn: sqlite3.Connection) -> str | None:
    """The schema (Alembic) revision a SQLite database file is at; None if unrecorded."""
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def sqlite_counts(conn: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    """How many rows each of ``tables`` holds in a SQLite database file."""
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in tables
    }


def _insert_table(conn: Connection, table: sa.Table, stored: dict[str, Any]) -> None:
    """Insert the archived rows; columns that point into the same table (a client referred
    by another) are filled in afterwards, so row order never breaks a foreign key."""
    columns = [table.c[name] for name in stored["columns"]]
    self_refs = [c.name for c in columns if any(fk.column.table is table for fk in c.foreign_keys)]
    rows = [
        {c.name: decode(c, value) for c, value in zip(columns, row, strict=True)}
        for row in stored["rows"]
    ]
    bulk.insert(conn, table, ({**r, **dict.fromkeys(self_refs)} for r in rows))
    pk = next(iter(table.primary_key.columns))
    for name in self_refs:
        linked = [{"_pk": r[pk.name], "_value": r[name]} for r in rows if r[name] is not None]
        if linked:
            conn.execute(
                table.update()
                .where(pk == sa.bindparam("_pk"))
                .values({name: sa.bindparam("_value")}),
                linked,
            )


def _current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def decode(column: sa.Column[Any], value: Any) -> Any:
    """An archived JSON value as the Python value of ``column`` (the inverse of the
    backup's encoding)."""
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, sa.TypeDecorator):
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return value
    try:
        if issubclass(kind, datetime):
            return datetime.fromisoformat(value)
        if issubclass(kind, date):
            return date.fromisoformat(value)
        if issubclass(kind, time):
            return time.fromisoformat(value)
        if issubclass(kind, Decimal):
            return Decimal(value)
        if issubclass(kind, Enum):
            return kind(value)
        if issubclass(kind, bytes):
            return base64.b64decode(value)
        if kind is float:
            return float(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"bad value {value!r} for {column.table}.{column.name}") from exc
    return value
