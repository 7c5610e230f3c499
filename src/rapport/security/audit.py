"""The audit log: who changed what and when.

One SQLAlchemy ``after_flush`` listener sees every row written through a session and, for
the audited kinds of rows, inserts an entry on the same connection: it is committed or
rolled back together with the change itself. Who acted is read from ``Session.info``
(``actor``), which the composition root sets per request; the command line is ``local``.
Logins are recorded explicitly by the account service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from rapport.security.access import LOCAL, Actor
from rapport.services.when import now
from rapport.storage.orm import ClientRow, CommitmentRow, RevenueRow
from rapport.storage.team_rows import (
    ApiTokenRow,
    AuditRow,
    ClientOwnerRow,
    ClientShareRow,
    UserRow,
)
from rapport.storage.unit_of_work import Database

AUDITED: dict[type[Any], str] = {
    ClientRow: "client",
    CommitmentRow: "commitment",
    RevenueRow: "revenue",
    ClientShareRow: "share",
    ClientOwnerRow: "ownership",
    UserRow: "user",
    ApiTokenRow: "token",
}
SECRET_FIELDS = {"password_hash", "digest"}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str | None
    client_id: int | None
    changes: dict[str, Any]


def install() -> None:
    """Listen on every session (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def record(
    s: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """An entry for something that is not a row change (a login, a refused login)."""
    s.add(
        AuditRow(
            at=now(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            client_id=None,
            changes=changes or {},
        )
    )


def bulk(s: Session, action: str, counts: dict[str, int]) -> None:
    """One entry for rows written in bulk (an import, the demo, a restore), with how many
    rows of each kind; the rows themselves are not itemised."""
    actor = str(s.info.get("actor", LOCAL.name))
    record(s, actor, action, "workspace", changes={"rows": counts})


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | Decimal):
        return str(value)
    return value


def _values(obj: Any) -> dict[str, Any]:
    mapper = sa.inspect(type(obj))
    return {
        c.key: _plain(getattr(obj, c.key))
        for c in mapper.column_attrs
        if c.key not in SECRET_FIELDS
    }


def _changed(obj: Any) -> dict[str, Any]:
    state = sa.inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes():
            if attr.key in SECRET_FIELDS:
                changes[attr.key] = "(changed)"
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _entry(obj: Any, action: str, actor: str, changes: dict[str, Any]) -> dict[str, Any]:
    identity = sa.inspect(type(obj)).primary_key_from_instance(obj)
    client_id = obj.id if isinstance(obj, ClientRow) else getattr(obj, "client_id", None)
    return {
        "at": now(),
        "actor": actor,
        "action": action,
        "entity": AUDITED[type(obj)],
        "entity_id": "/".join(str(k) for k in identity) if any(identity) else None,
        "client_id": client_id,
        "changes": changes,
    }


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    actor = str(session.info.get("actor", LOCAL.name))
    entries = []
    for obj in session.new:
        if type(obj) in AUDITED:
            entries.append(_entry(obj, "create", actor, _values(obj)))
    for obj in session.dirty:
        if type(obj) in AUDITED and session.is_modified(obj):
            changes = _changed(obj)
            if changes and set(changes) != {"last_used_at"}:
                entries.append(_entry(obj, "update", actor, changes))
    for obj in session.deleted:
        if type(obj) in AUDITED:
            entries.append(_entry(obj, "delete", actor, _values(obj)))
    if entries:
        session.connection().execute(sa.insert(AuditRow), entries)


class AuditService:
    """Reading the log (owners only)."""

    def __init__(self, db: Database, actor: Actor = LOCAL) -> None:
        self.db = db
        self.actor = actor

    def entries(self, *, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        self.actor.check_owner()
        stmt = (
            sa.select(AuditRow)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        with self.db.reading() as s:
            return [
                AuditEntry(
                    r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.client_id, r.changes
                )
                for r in s.scalars(stmt)
            ]
