"""Transactions: every write is one transaction; a failure leaves the database as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database", "Session"]


class Database:
    """Hands out sessions bound to one engine."""

    def __init__(self, engine: Engine, info: dict[str, object] | None = None) -> None:
        self.engine = engine
        self.info: dict[str, object] = dict(info or {})
        # ``info`` travels on every session (the audit log reads who is acting from it).
        self._factory = sessionmaker(engine, expire_on_commit=False, info=info or {})

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._factory.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        session = self._factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name
