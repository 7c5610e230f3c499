"""Login throttling in the database, atomic on SQLite and PostgreSQL alike.

One ``login_throttle`` row per user name and address counts the tries taken since
``window_start``. :func:`take_try` makes sure the row exists (an insert that ignores a
conflict), starts a new window when the old one is over, and then takes a try with one
conditional ``UPDATE ... SET failures = failures + 1 WHERE failures < limit``: the database
applies such updates to a row one at a time (PostgreSQL locks the row and re-checks the
condition for a waiting update; SQLite lets one writer in at a time), so of any number of
concurrent attempts at most ``limit`` get a try.

Besides each (name, address) pair, two rows count across pairs: ``ANY_NAME`` with an
address (one address trying many names: password spraying) and ``ANY_ADDRESS`` with a name
(one account tried from many addresses). Neither can be a real key: names are stripped of
surrounding spaces and addresses are IP addresses. A successful login gives its try back
to those two rows (:func:`give_back`), so they count failures, not an office full of
people logging in from one address.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from rapport.clock import now
from rapport.storage.team_rows import LoginThrottleRow

_KEY = (LoginThrottleRow.username, LoginThrottleRow.address)
ANY_NAME = " *"
"""The name of the row that counts every name's tries from one address."""
ANY_ADDRESS = " *"
"""The address of the row that counts one name's tries from every address."""


def _where(name: str, address: str) -> sa.ColumnElement[bool]:
    return sa.and_(LoginThrottleRow.username == name, LoginThrottleRow.address == address)


def take_try(s: Session, name: str, address: str, *, limit: int, window: timedelta) -> bool:
    """Take one try for ``name`` from ``address``; False when none is left."""
    at = now()
    values = {"username": name, "address": address, "failures": 0, "window_start": at}
    dialect = s.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(LoginThrottleRow)
    s.execute(insert.values(**values).on_conflict_do_nothing(index_elements=list(_KEY)))
    s.execute(
        sa.update(LoginThrottleRow)
        .where(_where(name, address), LoginThrottleRow.window_start < at - window)
        .values(failures=0, window_start=at)
        .execution_options(synchronize_session=False)
    )
    taken = s.execute(
        sa.update(LoginThrottleRow)
        .where(_where(name, address), LoginThrottleRow.failures < limit)
        .values(failures=LoginThrottleRow.failures + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def forget(s: Session, name: str, address: str) -> None:
    """A successful login: the name's tries from this address start afresh."""
    s.execute(
        sa.delete(LoginThrottleRow)
        .where(_where(name, address))
        .execution_options(synchronize_session=False)
    )


def give_back(s: Session, name: str, address: str) -> None:
    """Return one try to a row (a successful login on a row that counts across pairs)."""
    s.execute(
        sa.update(LoginThrottleRow)
        .where(_where(name, address), LoginThrottleRow.failures > 0)
        .values(failures=LoginThrottleRow.failures - 1)
        .execution_options(synchronize_session=False)
    )
