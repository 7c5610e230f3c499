"""Rows of a table as plain JSON records, read back with types derived from the ORM row.

The workspace export carries the seven core entities in their API shape; every other
workspace table goes through here, so a table needs no code of its own: its columns, their
types (from the ``Mapped[...]`` annotations), which may be left out (nullable or with a
default), string lengths, foreign keys and unique keys all come from the row class.

A record is ``{column: value}`` with date-times in ISO 8601 UTC, dates ISO, decimals as
strings, enums by value and JSON columns as they are.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import cached_property
from typing import Annotated, Any, NotRequired, Required

import sqlalchemy as sa
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, Strict, TypeAdapter
from sqlalchemy.orm import Mapped
from typing_extensions import TypedDict

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime

INT32 = 2**31 - 1
INT64 = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Record:
    """One row to insert: the table and its values by column name (ids included)."""

    table: sa.Table
    values: dict[str, Any]


ACCOUNT_TABLES = frozenset({"users"})
"""Accounts are never exported (workspace_json.EXCLUDED), so a column naming one (the
account whose self-assessment take it is) is left out of the record: an imported row has
no account (the command line's; in single-user mode, the one user's)."""


def account_column(column: sa.Column[Any]) -> bool:
    return any(fk.column.table.name in ACCOUNT_TABLES for fk in column.foreign_keys)


@dataclass(frozen=True)
class RecordTable:
    """How one table's rows are written to and read from JSON."""

    table: sa.Table
    row_class: type[Base]
    _adapter: TypeAdapter[Any] = field(repr=False, compare=False)
    _defaults: dict[str, Any] = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def entity(self) -> str:
        """``TrustSnapshotRow`` -> ``trust_snapshot`` (the name in import reports)."""
        base = self.row_class.__name__.removesuffix("Row")
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in base).lstrip("_")

    @cached_property
    def columns(self) -> list[sa.Column[Any]]:
        """The columns a record carries: all but those naming an account."""
        return [c for c in self.table.columns if not account_column(c)]

    @cached_property
    def references(self) -> dict[str, str]:
        """Column -> the table whose id it holds (from the foreign keys)."""
        return {
            c.name: next(iter(c.foreign_keys)).column.table.name
            for c in self.columns
            if c.foreign_keys
        }

    @cached_property
    def unique_keys(self) -> list[tuple[str, ...]]:
        """Column sets that must be unique (unique constraints, unique columns and indexes)."""
        keys = [
            tuple(c.name for c in con.columns)
            for con in self.table.constraints
            if isinstance(con, sa.UniqueConstraint)
        ]
        keys += [tuple(c.name for c in ix.columns) for ix in self.table.indexes if ix.unique]
        keys += [(c.name,) for c in self.table.columns if c.unique]
        return sorted(set(keys))

    def encode(self, values: typing.Mapping[str, Any]) -> dict[str, Any]:
        """A stored row (column -> Python value) as a JSON record, in column order."""
        return {c.name: _encode(values[c.name]) for c in self.columns}

    def decode(self, raw: Any) -> dict[str, Any]:
        """A JSON record as column -> Python value; raises pydantic's ValidationError."""
        values = dict(self._adapter.validate_python(raw))
        for name, default in self._defaults.items():
            values.setdefault(name, default)
        return values


def record_table(row_class: type[Base]) -> RecordTable:
    """Derive the record shape of ``row_class``; TypeError for a table it cannot carry."""
    table: sa.Table = row_class.__table__  # type: ignore[assignment]
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or pk[0].name != "id" or not isinstance(pk[0].type, sa.Integer):
        raise TypeError(f"{table.name}: a record table needs an integer primary key `id`")
    hints = typing.get_type_hints(row_class)
    mapper = sa.inspect(row_class)
    fields: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        column = table.c[attr.columns[0].name]
        if account_column(column):
            if not column.nullable:
                raise TypeError(f"{table.name}.{column.name}: an account column must be nullable")
            continue
        for fk in column.foreign_keys:
            if list(fk.column.table.primary_key.columns) != [fk.column]:
                raise TypeError(f"{table.name}.{column.name}: foreign key not to an id")
        hint = hints[attr.key]
        if typing.get_origin(hint) is Mapped:
            hint = typing.get_args(hint)[0]
        annotation = _annotation(table.name, column, hint)
        default = column.default.arg if isinstance(column.default, sa.ColumnDefault) else None
        has_default = default is not None and not callable(default)
        if column.nullable or has_default:
            defaults[column.name] = default if has_default else None
            fields[column.name] = NotRequired[annotation]
        else:
            fields[column.name] = Required[annotation]
    shape: Any = TypedDict(f"{row_class.__name__}Record", fields)  # type: ignore[misc]
    shape.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return RecordTable(table, row_class, TypeAdapter(shape), defaults)


def _annotation(table: str, column: sa.Column[Any], hint: Any) -> Any:
    """The pydantic type for one column: strict for numbers, text and flags (an export
    never quotes them), ISO strings for dates, length and range limits from the column."""
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    optional = union and type(None) in typing.get_args(hint)
    base = next(a for a in typing.get_args(hint) if a is not type(None)) if union else hint
    kind = column.type
    out: Any
    if base is bool:
        out = Annotated[bool, Strict()]
    elif base is int:
        limit = INT64 if isinstance(kind, sa.BigInteger) else INT32
        out = Annotated[int, Strict(), Field(ge=-limit - 1, le=limit)]
    elif base is float:
        out = Annotated[float, Strict(), Field(allow_inf_nan=False)]
    elif base is str:
        length = getattr(kind, "length", None)
        out = Annotated[str, Strict(), Field(max_length=length), AfterValidator(_no_nul)]
    elif base is datetime:
        out = AwareDatetime if isinstance(kind, UTCDateTime) else datetime
    elif base in (date, Decimal) or (isinstance(base, type) and issubclass(base, Enum)):
        out = base
    elif isinstance(kind, sa.JSON):
        out = Annotated[base, AfterValidator(_plain_json)]
    else:
        raise TypeError(f"{table}.{column.name}: no JSON record type for {hint!r}")
    return out | None if optional else out


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("contains a NUL character")
    return text


def _plain_json(value: Any) -> Any:
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        raise ValueError("holds NaN or an infinite number") from None
    if _has_nul(value):
        raise ValueError("contains a NUL character")
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_classes() -> dict[str, type[Base]]:
    """Every mapped row class by table name (all row modules imported)."""
    from rapport.storage import schema

    return {m.class_.__tablename__: m.class_ for m in schema.Base.registry.mappers}
