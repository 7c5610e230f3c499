"""The database's failures, named for the floors above, which import no SQLAlchemy.

Services catch :class:`IntegrityError` where a unique index is the rule (a name taken, a
slot claimed twice); the web app tells an outage (:func:`is_outage`) from a bug."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from rapport.storage.unit_of_work import Database

__all__ = [
    "DBAPIError",
    "DataError",
    "IntegrityError",
    "InterfaceError",
    "OperationalError",
    "PoolTimeout",
    "database_up",
    "is_outage",
]

log = logging.getLogger(__name__)


def is_outage(exc: BaseException) -> bool:
    """Whether ``exc`` says the database is down or unreachable (not that a query was bad)."""
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def database_up(db: Database) -> bool:
    """One round trip to the database (``/healthz``)."""
    try:
        with db.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception as exc:
        if is_outage(exc):
            log.warning("health check: database unreachable: %s", exc)
            return False
        raise
    return True
