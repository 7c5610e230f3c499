"""Hooks on the unit of work: code above storage sees the rows each flush writes, and what
happens to a session's transaction, without naming SQLAlchemy.

The audit log and the webhook outbox (``rapport.services.audit``, ``rapport.services.events``)
register a callback with :func:`on_flush`; it is called after every flush of every session
with a :class:`Flush`: the rows created, changed and deleted, the session's ``info``, and
:class:`~rapport.storage.repositories.Repositories` on the flush's own connection, so rows it
writes are committed or rolled back together with the change. :func:`on_commit` and
:func:`on_rollback` callbacks get the session's ``info`` after its transaction ends.
Callbacks run in the order they were registered; registering one twice is a no-op.

The functions at the end read a row's mapping (its table, columns, primary key, and the old
and new value of a changed attribute), which the audit log records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from rapport.storage.repositories import Repositories

FlushHook = Callable[["Flush"], None]
SessionHook = Callable[[dict[Any, Any]], None]

_flush_hooks: list[FlushHook] = []
_commit_hooks: list[SessionHook] = []
_rollback_hooks: list[SessionHook] = []


class Flush:
    """One flush of a session: the rows it wrote and a way to write more in it."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def info(self) -> dict[Any, Any]:
        """The session's ``info`` (who acts, the audit settings, the webhook hand-over)."""
        return self._session.info

    @cached_property
    def new(self) -> tuple[object, ...]:
        """Rows inserted by this flush."""
        return tuple(self._session.new)

    @cached_property
    def dirty(self) -> tuple[object, ...]:
        """Rows whose mapped attributes this flush changed."""
        return tuple(obj for obj in self._session.dirty if self._session.is_modified(obj))

    @cached_property
    def deleted(self) -> tuple[object, ...]:
        """Rows deleted by this flush."""
        return tuple(self._session.deleted)

    @cached_property
    def repositories(self) -> Repositories:
        """The repositories on this flush's session; what they write on its connection
        belongs to the same transaction (they must not add rows to the session here)."""
        return Repositories(self._session)


def on_flush(hook: FlushHook) -> None:
    """Call ``hook`` after every flush of every session (idempotent)."""
    _install()
    if hook not in _flush_hooks:
        _flush_hooks.append(hook)


def on_commit(hook: SessionHook) -> None:
    """Call ``hook(session.info)`` after every commit (idempotent)."""
    _install()
    if hook not in _commit_hooks:
        _commit_hooks.append(hook)


def on_rollback(hook: SessionHook) -> None:
    """Call ``hook(session.info)`` after every rollback (idempotent)."""
    _install()
    if hook not in _rollback_hooks:
        _rollback_hooks.append(hook)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    flush = Flush(session)
    for hook in _flush_hooks:
        hook(flush)


def _after_commit(session: Session) -> None:
    for hook in _commit_hooks:
        hook(session.info)


def _after_rollback(session: Session) -> None:
    for hook in _rollback_hooks:
        hook(session.info)


def _install() -> None:
    for name, fn in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


# --- reading a row's mapping -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """An attribute's value before and after a flush; ``had_old`` is False when no old
    value was loaded (a new row, or an attribute never read)."""

    old: Any
    new: Any
    had_old: bool


def table_of(row: object) -> str:
    """The name of the table ``row`` is mapped to."""
    return str(sa.inspect(type(row)).local_table.name)


def columns_of(row: object) -> list[tuple[str, str]]:
    """(attribute key, column name) of the row's mapped columns, in mapping order."""
    mapper = sa.inspect(type(row))
    return [(c.key, c.columns[0].name) for c in mapper.column_attrs]


def identity_of(row: object) -> tuple[Any, ...]:
    """The row's primary key values (None where not assigned yet)."""
    return tuple(sa.inspect(type(row)).primary_key_from_instance(row))


def changes_of(row: object, keys: list[str] | tuple[str, ...]) -> dict[str, Change]:
    """The attributes among ``keys`` whose value changes in the pending flush."""
    state = sa.inspect(row)
    found: dict[str, Change] = {}
    for key in keys:
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        found[key] = Change(
            old=history.deleted[0] if history.deleted else None,
            new=history.added[0] if history.added else None,
            had_old=bool(history.deleted),
        )
    return found
