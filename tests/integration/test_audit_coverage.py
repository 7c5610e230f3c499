"""Every table's writes are audited, or the table is named in audit.EXCLUDED with the reason.

The test is generated from the SQLAlchemy table metadata: for each mapped table it builds a
row from the column types (parents first), creates it, changes one field and deletes it
through a session acting as a named user, and checks the three entries: who, which record,
which client, the fields before and after, and that no secret was written to the log. A
new table (say, a settings table) is covered the day it is added, without test changes.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from rapport.bootstrap import Container
from rapport.services import audit
from rapport.storage.schema import Base
from rapport.storage.team_rows import AuditRow
from rapport.storage.types import UTCDateTime
from rapport.storage.unit_of_work import Database

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"
CLASSES = {m.local_table.name: m.class_ for m in Base.registry.mappers}
AUDITED = sorted(name for name in CLASSES if audit.is_audited(name))
_counter = itertools.count(1)


def _value(column: sa.Column[Any], n: int) -> Any:
    kind = column.type
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        members = list(kind.enum_class)
        return members[n % len(members)]
    if isinstance(kind, UTCDateTime):
        return datetime(2026, 1, 1 + n % 27, 9, n % 60, tzinfo=UTC)
    if isinstance(kind, sa.Boolean):
        return bool(n % 2)
    if isinstance(kind, sa.Integer):
        return n
    if isinstance(kind, sa.Float):
        return n + 0.5
    if isinstance(kind, sa.Numeric):
        return Decimal(n) + Decimal("0.25")
    if isinstance(kind, sa.Date):
        return date(2026, 1, 1 + n % 27)
    if isinstance(kind, sa.JSON):
        return {"value": n}
    if isinstance(kind, sa.String):
        text = f"v{n}"
        return text[-kind.length :] if kind.length else text
    raise AssertionError(f"no sample value for {column.table.name}.{column.name} ({kind!r})")


def _make(s: Session, table: str) -> Any:
    """A new row of ``table`` (and of its parents), flushed."""
    cls = CLASSES[table]
    values: dict[str, Any] = {}
    for attr in sa.inspect(cls).column_attrs:
        column = attr.columns[0]
        if column.primary_key and column.autoincrement is True and not column.foreign_keys:
            continue
        if column.primary_key and isinstance(column.type, sa.Integer) and not column.foreign_keys:
            continue
        if column.foreign_keys and column.nullable:
            values[attr.key] = None
        elif column.foreign_keys:
            fk = next(iter(column.foreign_keys))
            parent = _make(s, fk.column.table.name)
            values[attr.key] = getattr(parent, fk.column.key)
        else:
            values[attr.key] = _value(column, next(_counter))
    row = cls(**values)
    s.add(row)
    s.flush()
    return row


def _field_to_change(cls: type) -> sa.orm.ColumnProperty[Any] | None:
    table = cls.__table__.name  # type: ignore[attr-defined]
    attrs = [
        a
        for a in sa.inspect(cls).column_attrs
        if not a.columns[0].primary_key and (table, a.columns[0].name) not in audit.IGNORED_COLUMNS
    ]
    plain = [a for a in attrs if not a.columns[0].foreign_keys]
    ordinary = [a for a in plain if not audit.is_secret(table, a.columns[0].name)]
    return (ordinary or plain or attrs or [None])[0]


def _entries(db: Database, entity: str) -> list[audit.AuditEntry]:
    with db.reading() as s:
        rows = s.scalars(sa.select(AuditRow).where(AuditRow.entity == entity).order_by(AuditRow.id))
        return [
            audit.AuditEntry(
                r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.client_id, r.changes
            )
            for r in rows
        ]


@pytest.mark.parametrize("table", AUDITED)
def test_every_write_to_every_table_is_audited(container: Container, table: str) -> None:
    db = Database(container.db.engine, info={"actor": "auditor"})
    cls = CLASSES[table]
    entity = audit.entity_name(table)
    change = _field_to_change(cls)
    with db.transaction() as s:
        row = _make(s, table)
        key = "/".join(str(k) for k in sa.inspect(cls).primary_key_from_instance(row))
        secrets = [
            str(getattr(row, a.key))
            for a in sa.inspect(cls).column_attrs
            if audit.is_secret(table, a.columns[0].name)
        ]
        client_id = row.id if table == "clients" else getattr(row, "client_id", None)
    if change is not None:
        with db.transaction() as s:
            row = s.get(cls, sa.inspect(cls).primary_key_from_instance(row))
            column = change.columns[0]
            if column.foreign_keys:
                fk = next(iter(column.foreign_keys))
                new = getattr(_make(s, fk.column.table.name), fk.column.key)
            else:
                new = _value(column, next(_counter) + 1)
                while new == getattr(row, change.key):
                    new = _value(column, next(_counter))
            before = getattr(row, change.key)
            setattr(row, change.key, new)
    with db.transaction() as s:
        s.delete(s.get(cls, sa.inspect(cls).primary_key_from_instance(row)))

    mine = [e for e in _entries(db, entity) if e.entity_id == key]
    actions = [e.action for e in mine]
    assert (
        actions == ["create", "update", "delete"]
        if change is not None
        else [
            "create",
            "delete",
        ]
    ), f"{table}: {actions}"
    assert {e.actor for e in mine} == {"auditor"}
    assert all(e.client_id == client_id for e in mine), table
    created, *_middle, deleted = mine
    assert set(created.changes) == {
        a.key for a in sa.inspect(cls).column_attrs if not audit.is_secret(table, a.columns[0].name)
    }
    if change is not None:
        updated = mine[1]
        name = change.columns[0].name
        if audit.is_secret(table, name):
            assert updated.changes[change.key] == "(changed)"
        else:
            assert updated.changes[change.key] == [audit._plain(before), audit._plain(new)]
        if not audit.is_secret(table, name):
            assert deleted.changes[change.key] == audit._plain(new)
    logged = json.dumps([e.changes for e in mine], default=str)
    for secret in secrets:
        assert secret not in logged, f"{table}: a secret reached the audit log"


def test_a_table_added_later_is_audited_without_code_changes(container: Container) -> None:
    class Scratch(DeclarativeBase):
        metadata = sa.MetaData()

    class PreferenceRow(Scratch):
        __tablename__ = "scratch_preferences"
        id: Mapped[int] = mapped_column(primary_key=True)
        key: Mapped[str] = mapped_column(sa.String(50))
        smtp_password: Mapped[str] = mapped_column(sa.String(50))

    Scratch.metadata.create_all(container.db.engine)
    try:
        db = Database(container.db.engine, info={"actor": "ana"})
        with db.transaction() as s:
            s.add(PreferenceRow(key="theme", smtp_password="hunter22"))
        with db.transaction() as s:
            pref = s.scalars(sa.select(PreferenceRow)).one()
            pref.key = "language"
            pref.smtp_password = "swordfish"
        entries = _entries(db, "scratch-preference")
        assert [(e.actor, e.action) for e in entries] == [("ana", "create"), ("ana", "update")]
        assert entries[1].changes == {"key": ["theme", "language"], "smtp_password": "(changed)"}
        assert "hunter22" not in json.dumps([e.changes for e in entries])
    finally:
        Scratch.metadata.drop_all(container.db.engine)


def test_the_exclusions_are_real_tables_and_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for name, reason in audit.EXCLUDED.items():
        assert name in Base.metadata.tables, f"audit.EXCLUDED names no table {name!r}"
        assert reason
        assert f"`{name}`" in text, f"docs/security.md does not mention `{name}`"
